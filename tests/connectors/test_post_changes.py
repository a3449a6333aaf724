"""Corrections and withdrawals reach the platform (loopback Mastodon and X): Mastodon edits our post in place, X
(which cannot edit) gets a public correction reply; both ids are kept; a withdrawal deletes the post; pushing again
never repeats anything; a correction waiting for approval is not pushed. Both backends."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.connectors.models import PlatformActionRecord
from socialwarden.connectors.post_changes import due_corrections, push_change, push_corrections
from socialwarden.connectors.publishing import publish_cycle
from socialwarden.policy.models import Policy
from socialwarden.posts import service as posts
from socialwarden.settings import Settings
from tests.connectors import org
from tests.connectors.test_flows import connectors, ett, servers, session, world
from tests.governance.helpers import actions, assert_chain_ok
from tests.store.conftest import bare_engine, db_url, engine, pg_database, settings

__all__ = ["bare_engine", "db_url", "engine", "ett", "pg_database", "servers", "session", "settings", "world"]


def _published(session: Session, settings: Settings, ett: Policy, account: object, text: str) -> int:
    post_id = org.due_post(session, policy=ett, author="staff", account=account, text=text)  # type: ignore[arg-type]
    results = publish_cycle(session, settings=settings, policy=ett, actor="ceo", connectors=connectors(),
                            now=dt.datetime.now(dt.UTC))
    assert [r.outcome for r in results if r.post_id == post_id] == ["published"], results
    return post_id


def test_corrections_and_withdrawals_reach_the_platform(session: Session, settings: Settings, ett: Policy,
                                                        world) -> None:  # type: ignore[no-untyped-def]
    masto, x, m, t = world
    ceo = org.crew_member(session, "ceo")
    on_masto = _published(session, settings, ett, m, "The school office opens at 8am on Monday.")
    on_x = _published(session, settings, ett, t, "The school office opens at 8am on Monday.")
    masto_id = posts.get(session, policy=ett, viewer="ceo", post_id=on_masto).platform_post_id
    x_id = posts.get(session, policy=ett, viewer="ceo", post_id=on_x).platform_post_id

    # Mastodon edits in place: the original id is the correction's id
    fixed = posts.correct(session, policy=ett, actor="staff", post_id=on_masto,
                          text="The school office opens at 8.30am on Monday.", note="the time was wrong")
    session.commit()
    assert fixed.status == "corrected"
    done = push_change(session, settings=settings, policy=ett, actor=ceo, post_id=on_masto, connectors=connectors())
    assert done is not None and done.outcome == "done" and done.method == "edit"
    assert done.message == "corrected on Mastodon (edited)" and done.target_id == done.result_id == masto_id
    assert masto.edits == [masto_id] and "8.30am" in masto.statuses[0]["content"]

    # X cannot edit: a public correction reply on our post; both ids kept
    posts.correct(session, policy=ett, actor="staff", post_id=on_x,
                  text="The school office opens at 8.30am on Monday.", note="the time was wrong")
    session.commit()
    done = push_change(session, settings=settings, policy=ett, actor=ceo, post_id=on_x, connectors=connectors())
    assert done is not None and done.method == "reply" and done.message == "correction replied on X"
    reply = x.tweets[-1]
    assert done.target_id == x_id and done.result_id == reply["id"] and reply["in_reply_to"] == x_id
    assert reply["text"] == "Correction: The school office opens at 8.30am on Monday."
    shown = posts.get(session, policy=ett, viewer="ceo", post_id=on_x)
    assert [(a.verb, a.target_id, a.result_id) for a in shown.on_platform] == [("correct", x_id, reply["id"])]

    # nothing is repeated: pushing again, and the worker's step, find the corrections done
    tweets, edits = len(x.tweets), list(masto.edits)
    assert push_change(session, settings=settings, policy=ett, actor=ceo, post_id=on_x,
                       connectors=connectors()) is not None
    assert due_corrections(session) == []
    assert push_corrections(session, settings=settings, policy=ett, actor=ceo, connectors=connectors()) == []
    assert len(x.tweets) == tweets and masto.edits == edits

    # a withdrawal deletes the post on the platform (ETT allows deleting a published post)
    posts.withdraw(session, policy=ett, actor="staff", post_id=on_masto, reason="the event was cancelled")
    session.commit()
    gone = push_change(session, settings=settings, policy=ett, actor=ceo, post_id=on_masto, connectors=connectors())
    assert gone is not None and gone.message == "deleted from Mastodon" and masto.deletes == [masto_id]
    rows = session.execute(select(PlatformActionRecord.verb, PlatformActionRecord.outcome)
                           .order_by(PlatformActionRecord.id)).all()
    assert [tuple(r) for r in rows] == [("correct", "done"), ("correct", "done"), ("withdraw", "done")]
    assert actions(session).count("platform.attempt") == 3
    assert_chain_ok(session)


def test_sync_keeps_each_comments_post_and_its_text(session: Session, settings: Settings, ett: Policy,
                                                     world) -> None:  # type: ignore[no-untyped-def]
    """Thread context from a connector: Mastodon sends only the id of the status a mention answers; its text is
    read from the platform once per sync (fetch_post), or taken from the store when the status is ours."""
    from socialwarden.connectors.flows import sync_all
    from socialwarden.moderation.models import Comment
    from tests.connectors.fakes import BASE_TIME, iso

    masto, _x, _m, _t = world
    masto.statuses.append({"id": "109999", "content": "<p>Open day at the <b>Trust</b> on Saturday</p>",
                           "created_at": iso(BASE_TIME), "url": "https://example.social/@someone/109999",
                           "account": {"id": "77", "acct": "someone", "display_name": "Someone"}})
    masto.add_mentions(3)
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=connectors())
    rows = session.execute(select(Comment.post_id, Comment.post_text).where(Comment.platform == "mastodon")).all()
    assert [tuple(r) for r in rows] == [("109999", "Open day at the Trust on Saturday")] * 3
    assert masto.calls("GET", "/api/v1/statuses/109999") == 1  # once per sync, not per comment


def test_an_interrupted_correction_reply_is_never_sent_twice(session: Session, settings: Settings, ett: Policy,
                                                             world) -> None:  # type: ignore[no-untyped-def]
    """X cannot edit and a reply cannot be looked up: an attempt a crash left 'started' may have gone out, so it is
    left failed for a person to check rather than sent again."""
    from socialwarden.connectors.models import ActionOutcome
    from socialwarden.connectors.post_changes import correction_key

    _masto, x, _m, t = world
    ceo = org.crew_member(session, "ceo")
    on_x = _published(session, settings, ett, t, "Sports day is on Friday.")
    fixed = posts.correct(session, policy=ett, actor="staff", post_id=on_x, text="Sports day is on Thursday.",
                          note="wrong day")
    session.add(PlatformActionRecord(key=correction_key(on_x, fixed.version), verb="correct", subject_type="post",
                                     subject_id=on_x, account_id=t.id, platform="x", target_id=fixed.platform_post_id,
                                     method="reply", outcome=ActionOutcome.STARTED, message="sending to X",
                                     attempts=1, actor="ceo", started_at=dt.datetime.now(dt.UTC)))
    session.commit()
    tweets = len(x.tweets)
    out = push_change(session, settings=settings, policy=ett, actor=ceo, post_id=on_x, connectors=connectors())
    assert out is not None and out.outcome == "failed" and "may have reached X; check there" in out.message
    assert len(x.tweets) == tweets

"""Integration: credentials from the vault, cursors persisted per account, comments into the desk, publishing
through the desk's publish_due with interrupted attempts settled against the platform. Both backends."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from socialwarden.connectors import service
from socialwarden.connectors.flows import sync_all
from socialwarden.connectors.http import RetryPolicy
from socialwarden.connectors.models import ConnectorLink, LinkHealth
from socialwarden.connectors.pool import Connectors
from socialwarden.connectors.publishing import idempotency_key, publish_cycle
from socialwarden.moderation.models import Comment
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import Policy
from socialwarden.posts.models import Post, PublishAttempt
from socialwarden.settings import Settings
from tests.connectors import org
from tests.connectors.fakes import FakeClock, FakeMastodon, FakeX, json_response
from tests.governance.helpers import actions, assert_chain_ok
from tests.policy.test_validate import run_cli
from tests.store.conftest import bare_engine, cli_env, db_url, engine, pg_database, settings

__all__ = ["bare_engine", "cli_env", "db_url", "engine", "pg_database", "settings"]


@pytest.fixture(scope="module")
def ett() -> Policy:
    return load_policy("ett")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def servers(httpserver: HTTPServer) -> tuple[FakeMastodon, FakeX, str]:
    """Both fakes behind one loopback server: Mastodon under /api/v1, X under /2."""
    base = httpserver.url_for("").rstrip("/")
    masto, x = FakeMastodon(base_url=base), FakeX()

    def route(request):  # type: ignore[no-untyped-def]
        return (x if request.path.startswith("/2/") else masto)._dispatch(request)

    import re
    httpserver.expect_request(re.compile(".*")).respond_with_handler(route)
    return masto, x, base


@pytest.fixture
def world(session: Session, settings: Settings, ett: Policy, servers):  # type: ignore[no-untyped-def]
    masto, x, base = servers
    people = org.crew(session, ett)
    m = org.live_account(session, settings=settings, policy=ett, ceo=people["ceo"], platform="mastodon",
                         handle="ett@example.social", secrets={"access_token": "good-token"}, api_base_url=base)
    t = org.live_account(session, settings=settings, policy=ett, ceo=people["ceo"], platform="x", handle="ETTrust",
                         secrets={"access_token": "good-token"}, external_id="900", api_base_url=base)
    return masto, x, m, t


def connectors() -> Connectors:
    return Connectors(retry=RetryPolicy(max_attempts=2), clock=FakeClock())


def comments(session: Session) -> dict[str, int]:
    rows = session.execute(select(Comment.platform, func.count()).group_by(Comment.platform)).all()
    return {platform: count for platform, count in rows}


def test_sync_stores_each_comment_once_and_resumes_from_the_saved_cursor(session: Session, settings: Settings,
                                                                         ett: Policy, world) -> None:  # type: ignore[no-untyped-def]
    masto, x, m, _t = world
    masto.add_mentions(85)
    x.add_mentions(130)
    reports = sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=connectors())
    assert [(r.account, r.stored, r.pages, r.health) for r in reports] == [
        ("mastodon:ett@example.social", 85, 3, LinkHealth.OK), ("x:ETTrust", 130, 2, LinkHealth.OK)]
    assert comments(session) == {"mastodon": 85, "x": 130}
    row = session.execute(select(Comment).where(Comment.platform == "mastodon").limit(1)).scalar_one()
    assert row.account_id == m.id and row.verdict  # triaged by the engine into the queue
    masto.add_mentions(2)
    x.add_mentions(1)
    before = len(masto.log)
    again = sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=connectors())
    assert [r.stored for r in again] == [2, 1] and [r.duplicates for r in again] == [0, 0]
    assert "min_id=1084" in masto.log[before][1]  # resumed from the stored cursor, not from the start
    assert comments(session) == {"mastodon": 87, "x": 131}
    assert "credential.read" in actions(session)
    dump = " ".join(str(r) for r in session.execute(text("SELECT * FROM audit_events")))
    assert "good-token" not in dump
    assert_chain_ok(session)


def test_expired_token_marks_the_account_and_the_others_still_sync(session: Session, settings: Settings,
                                                                   ett: Policy, world) -> None:  # type: ignore[no-untyped-def]
    masto, x, m, _t = world
    masto.token = "revoked-by-the-instance"
    x.add_mentions(3)
    reports = sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=connectors())
    assert reports[0].health == LinkHealth.NEEDS_RECONNECTING and "reconnect the account" in (reports[0].error or "")
    assert reports[1].stored == 3
    link = session.get(ConnectorLink, m.id, populate_existing=True)
    assert link is not None and link.health == LinkHealth.NEEDS_RECONNECTING
    assert actions(session).count("connector.needs_reconnecting") == 1
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=connectors())
    assert actions(session).count("connector.needs_reconnecting") == 1  # said once, not every cycle
    masto.token = "good-token"  # reconnected (new token in the vault in real life)
    service.link_account(session, policy=ett, actor=org.crew_member(session, "ceo"), account_id=m.id,
                         external_id=None, api_base_url=link.api_base_url)
    session.commit()
    masto.add_mentions(1)
    assert sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=connectors())[0].stored == 1


def test_due_posts_are_published_once(session: Session, settings: Settings, ett: Policy, world) -> None:  # type: ignore[no-untyped-def]
    masto, x, m, t = world
    p1 = org.due_post(session, policy=ett, author="staff", account=m, text="Open day on Saturday, 10am to 2pm.")
    p2 = org.due_post(session, policy=ett, author="staff", account=t, text="Term starts on 5 January.")
    results = publish_cycle(session, settings=settings, policy=ett, actor="ceo", connectors=connectors())
    assert sorted((r.post_id, r.outcome) for r in results) == [(p1, "published"), (p2, "published")]
    assert masto.publish_count == 1 and x.publish_count == 1
    assert masto.statuses and list(masto.idempotency) == [idempotency_key(p1, 1)]
    assert publish_cycle(session, settings=settings, policy=ett, actor="ceo", connectors=connectors()) == []
    assert masto.publish_count == 1 and x.publish_count == 1
    assert_chain_ok(session)


def _interrupted(session: Session, post_id: int) -> None:
    """What a crash between the desk's attempt commit and the platform's answer leaves behind."""
    post = session.get(Post, post_id)
    assert post is not None
    post.attempts = 1
    session.add(PublishAttempt(post_id=post_id, version=post.version, attempt=1, started_at=dt.datetime.now(dt.UTC),
                               outcome="started"))
    session.commit()


@pytest.mark.parametrize("reached_platform", [True, False])
def test_an_interrupted_attempt_is_settled_against_the_platform(session: Session, settings: Settings, ett: Policy,
                                                                world, reached_platform: bool) -> None:  # type: ignore[no-untyped-def]
    _masto, x, _m, t = world
    text_ = "Parents' evening moved to Thursday."
    pid = org.due_post(session, policy=ett, author="staff", account=t, text=text_)
    _interrupted(session, pid)
    if reached_platform:  # the tweet went out just before the crash
        x.tweets.append({"id": "1800000000000000777", "text": text_})
    results = publish_cycle(session, settings=settings, policy=ett, actor="ceo", connectors=connectors())
    post = session.get(Post, pid, populate_existing=True)
    assert post is not None and post.status == "published"
    if reached_platform:
        assert [r.outcome for r in results] == ["published"] and x.publish_count == 0
        assert post.platform_post_id == "1800000000000000777"
    else:
        assert [r.outcome for r in results] == ["retry", "published"] and x.publish_count == 1
    outcomes = session.execute(select(PublishAttempt.outcome).where(PublishAttempt.post_id == pid)
                               .order_by(PublishAttempt.id)).scalars().all()
    assert outcomes == (["published"] if reached_platform else ["failed", "published"])
    assert_chain_ok(session)


def test_cli_sync_status_worker(session: Session, settings: Settings, ett: Policy, world, cli_env: Settings,
                                monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    masto, x, _m, t = world
    masto.add_mentions(3)
    x.add_mentions(1)
    org.due_post(session, policy=ett, author="staff", account=t, text="Sports day is on 3 July.")
    code, output = run_cli(["sync", "--as", "ceo", "--policy", "ett", "--json"], monkeypatch, capsys)
    assert code == 0, output
    reports = [json.loads(line)["sync"] for line in output.splitlines() if line.startswith("{")]
    assert [(r["account"], r["stored"]) for r in reports] == [("mastodon:ett@example.social", 3), ("x:ETTrust", 1)]
    masto.token = "revoked"
    code, output = run_cli(["sync", "--as", "ceo", "--policy", "ett"], monkeypatch, capsys)
    assert code == 7 and "needs_reconnecting" in output and "reconnect the account ett@example.social" in output
    code, output = run_cli(["connectors", "status", "--json"], monkeypatch, capsys)
    assert [row["health"] for row in json.loads(output)] == ["needs_reconnecting", "ok"]
    code, output = run_cli(["worker", "--as", "ceo", "--policy", "ett", "--once", "--json"], monkeypatch, capsys)
    assert code == 0, output
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert {"publish": {"post_id": 1, "outcome": "published", "platform_post_id": x.tweets[0]["id"], "error": None}} \
        in lines and lines[-1] == {"stopped": True, "cycles": 1}
    code, output = run_cli(["connectors", "link", "99", "--as", "ceo", "--policy", "ett"], monkeypatch, capsys)
    assert code == 4 and "99" in output
    tweet = session.execute(select(Comment.id).where(Comment.platform == "x")).scalars().first()
    code, output = run_cli(["connectors", "act", str(tweet), "hide", "--as", "ceo", "--policy", "ett", "--reason",
                            "spam", "--exception", "spam: ETT names no spam criterion"], monkeypatch, capsys)
    assert code == 0 and "hide — hidden on X" in output and len(x.hidden) == 1, output
    code, output = run_cli(["connectors", "platforms", "--json"], monkeypatch, capsys)
    assert "hide" in json.loads(output)["x"]


def test_profile_is_read_into_the_registry_for_branding(session: Session, settings: Settings, ett: Policy,
                                                        world, cli_env: Settings, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    _masto, _x, m, _t = world
    code, output = run_cli(["connectors", "profile", str(m.id), "--as", "ceo", "--policy", "ett", "--json"],
                           monkeypatch, capsys)
    assert code == 0, output
    body = json.loads(output[output.index("{"):output.rindex("}") + 1])
    assert body["profile"]["bio"] == "Official account of Gosport Borough Council"
    assert all(f["rule"] != "logo_required" for f in body["branding"])  # has_logo stays as a person recorded it
    session.expire_all()
    from socialwarden.accounts.models import Account as GovAccount

    stored = session.get(GovAccount, m.id)
    assert stored is not None and stored.profile_text == "Official account of Gosport Borough Council"
    assert "account.set_profile" in actions(session)


def test_moderation_actions_are_carried_out_on_the_platform(session: Session, settings: Settings, ett: Policy,
                                                            world) -> None:  # type: ignore[no-untyped-def]
    from socialwarden.connectors.models import PlatformActionRecord
    from socialwarden.connectors.moderation import act_on_platform, platform_actions
    from socialwarden.moderation.models import Evidence
    from socialwarden.policy.models import ModerationAction as Act

    masto, x, _m, _t = world
    masto.add_mentions(3)
    x.add_mentions(2)
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=connectors())
    ids = dict(session.execute(select(Comment.comment_id, Comment.id)).all())
    ceo = org.crew_member(session, "ceo")
    tweet = x.mentions[0]["id"]
    done = act_on_platform(session, settings=settings, policy=ett, actor=ceo, pk=ids[tweet], action=Act.HIDE,
                           reason="off-topic spam", connectors=connectors(), exception="ETT names no spam criterion")
    assert x.hidden == [tweet] and done.said == "hidden on X" and done.platform is not None
    assert done.platform.outcome == "done" and done.platform.target_id == tweet
    evidence = session.execute(select(Evidence).where(Evidence.comment_id == tweet)).scalar_one()
    assert evidence.text == x.mentions[0]["text"] and evidence.taken_by == "ceo"
    reported = act_on_platform(session, settings=settings, policy=ett, actor=ceo, pk=ids["110001"],
                               action=Act.REPORT_TO_PLATFORM, reason="abusive", connectors=connectors())
    assert len(masto.reports) == 1 and reported.said == "reported to Mastodon"
    assert platform_actions("mastodon") == [Act.BLOCK_AUTHOR, Act.REPORT_TO_PLATFORM, Act.REPLY]
    # Mastodon cannot hide a reply: the desk records it, the outcome says so, nothing is sent
    calls = len(masto.log)
    hidden_here = act_on_platform(session, settings=settings, policy=ett, actor=ceo, pk=ids["110000"],
                                  action=Act.HIDE, reason="x", connectors=connectors(), exception="rude")
    assert hidden_here.platform is not None and hidden_here.platform.outcome == "not_supported"
    assert hidden_here.said.startswith("recorded here only — Mastodon cannot hide a comment through its API")
    assert len(masto.log) == calls
    # a reply reaches the platform and its id is recorded
    replied = act_on_platform(session, settings=settings, policy=ett, actor=ceo, pk=ids["110002"],
                              action=Act.REPLY, reason="answer", reply_text="Thank you, we have passed this on.",
                              connectors=connectors())
    assert replied.platform is not None and replied.platform.result_id == masto.statuses[-1]["id"]
    assert masto.statuses[-1]["in_reply_to_id"] == "110002"
    # the platform refuses: the desk's state is put back, the failure recorded with the platform's error
    x.fail_next("/hidden", json_response({"title": "Forbidden"}, 403))
    other = x.mentions[1]["id"]
    failed = act_on_platform(session, settings=settings, policy=ett, actor=ceo, pk=ids[other], action=Act.HIDE,
                             reason="rude", connectors=connectors(), exception="rude, though no criterion names it")
    assert failed.failed and failed.said.startswith("not hidden on X: X refused:")
    row = session.get(Comment, ids[other], populate_existing=True)
    assert row is not None and row.visibility == "visible" and row.state == "open"
    assert actions(session)[-1] == "comment.platform_failed"
    outcomes = [r.outcome for r in session.execute(select(PlatformActionRecord)
                                                   .order_by(PlatformActionRecord.id)).scalars()]
    assert outcomes == ["done", "done", "not_supported", "done", "failed"]
    assert_chain_ok(session)


def test_a_worker_holds_credentials_for_a_while_instead_of_reading_the_vault_every_cycle(
        session: Session, settings: Settings, ett: Policy, world) -> None:  # type: ignore[no-untyped-def]
    masto, _x, _m, _t = world
    shared = connectors()
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=shared)
    reads = actions(session).count("credential.read")
    assert reads == 2  # one token per account
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=shared)
    assert actions(session).count("credential.read") == reads
    masto.token = "rotated"  # the Mastodon account now needs reconnecting: its token is read afresh next time
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=shared)
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=shared)
    assert actions(session).count("credential.read") == reads + 1
    expired = Connectors(retry=RetryPolicy(max_attempts=2), clock=FakeClock(), credential_ttl=0.0)
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=expired)
    assert actions(session).count("credential.read") == reads + 3


def test_a_long_rate_limit_holds_the_account_back_until_it_ends(session: Session, settings: Settings, ett: Policy,
                                                                world) -> None:  # type: ignore[no-untyped-def]
    masto, x, _m, t = world
    clock = FakeClock(start=dt.datetime.now(dt.UTC).timestamp())
    shared = Connectors(retry=RetryPolicy(max_attempts=3, max_delay=60.0), clock=clock)
    x.fail_next("/mentions", json_response({"title": "Too Many Requests"}, 429,
                                           {"x-rate-limit-reset": str(int(clock.t) + 900)}))
    masto.add_mentions(1)
    x.add_mentions(1)
    first = sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=shared)
    assert first[1].health == LinkHealth.FAILING and first[1].not_before is not None and clock.sleeps == []
    calls = x.calls("GET", "/mentions")
    again = sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=shared)
    assert [r.account for r in again] == ["mastodon:ett@example.social"]  # X is left alone until the reset
    assert x.calls("GET", "/mentions") == calls
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=901)
    from socialwarden.connectors.flows import syncable

    assert [a.id for a in syncable(session, shared, now=later)] == [_m.id, t.id]


def test_youtube_and_blog_accounts_sync_and_a_webhook_retry_is_deduplicated(
        session: Session, settings: Settings, ett: Policy, httpserver: HTTPServer) -> None:
    """The httpx-based connectors through the same flows; the webhook has no lookup, so an interrupted attempt is
    re-sent with the same Idempotency-Key and the receiver keeps one copy."""
    import re

    from tests.connectors.fakes_blog import FakeBlog
    from tests.connectors.fakes_graph import FakeYouTube

    yt, blog = FakeYouTube(), FakeBlog()

    def route(request):  # type: ignore[no-untyped-def]
        return (yt if request.path.startswith("/youtube/") else blog)._dispatch(request)

    httpserver.expect_request(re.compile(".*")).respond_with_handler(route)
    people = org.crew(session, ett)
    base = httpserver.url_for("").rstrip("/")
    org.live_account(session, settings=settings, policy=ett, ceo=people["ceo"], platform="youtube", handle="ettv",
                     secrets={"access_token": "good-token"}, external_id="UCcouncil", api_base_url=base)
    feed = org.live_account(session, settings=settings, policy=ett, ceo=people["ceo"], platform="blog",
                            handle="ett-blog", secrets={"webhook_url": base + "/hooks/publish",
                                                        "webhook_secret": "hook-secret"},
                            api_base_url=base + "/comments/feed/")
    yt.add_threads(30, replies=1)
    blog.add_entries(4)
    reports = sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=connectors())
    assert [(r.stored, r.health) for r in reports] == [(60, LinkHealth.OK), (4, LinkHealth.OK)]
    assert comments(session) == {"youtube": 60, "blog": 4}
    assert [r.stored for r in sync_all(session, settings=settings, policy=ett, actor="ceo",
                                       connectors=connectors())] == [0, 0]
    pid = org.due_post(session, policy=ett, author="staff", account=feed, text="New on the blog: term dates.")
    blog.received[idempotency_key(pid, 1)] = {"id": "blog-early"}  # the hook got it before the crash
    blog.publish_count = 1
    _interrupted(session, pid)
    results = publish_cycle(session, settings=settings, policy=ett, actor="ceo", connectors=connectors())
    assert [r.outcome for r in results] == ["retry", "published"] and blog.publish_count == 1
    post = session.get(Post, pid, populate_existing=True)
    assert post is not None and post.platform_post_id == "blog-early"

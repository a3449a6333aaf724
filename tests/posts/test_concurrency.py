"""Two approvers and an editor acting at once never produce a published version that nobody approved (issue 14),
on SQLite and PostgreSQL: real threads, each with its own session, through the public services."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from socialwarden.approvals.models import Approval
from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.policy.loader import load_policy
from socialwarden.posts import service as posts
from socialwarden.posts.models import Post, PostStatus, PublishAttempt
from tests.posts.world import build

SOCIETY = load_policy("society")
NOW = dt.datetime.now(dt.UTC)
EDITED = "Call Jane on 07700 900123 about her care package."  # v2: a text the check blocks


class Sent:
    """A platform that records what it was sent (the connectors are tested on their own)."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, int]] = []

    def publish(self, post: posts.PostOut) -> str:
        self.sent.append((post.id, post.version))
        return f"p-{post.id}-v{post.version}"


def _race(engine: Engine, *actions: Callable[[Session], object]) -> list[BaseException]:
    """Run each action in its own thread and session, released together; the unexpected errors they raised."""
    gate = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action: Callable[[Session], object]) -> None:
        with Session(engine, expire_on_commit=False) as session:
            gate.wait()
            try:
                action(session)
                session.commit()
            except (Conflict, PermissionDenied, InputError):  # refusals are the expected outcome for some
                session.rollback()
            except BaseException as exc:  # anything else (a lock error, a 500) is a failure
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _after(ms: float, action: Callable[[Session], object]) -> Callable[[Session], object]:
    def run(session: Session) -> object:
        time.sleep(ms / 1000)
        return action(session)
    return run


def test_two_approvers_and_an_editor_never_publish_an_unapproved_version(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        build(session, SOCIETY, {"smo": ["social_media_officer"], "smo2": ["social_media_officer"],
                                 "tara": ["trustee"]}, [("facebook", "society", "official", "tara", ["smo"], [])])
    ids = []
    for trial in range(12):
        with Session(engine, expire_on_commit=False) as session:
            post = posts.draft(session, policy=SOCIETY, actor="tara", account_ref="society",
                               text=f"Lecture {trial} is on Friday at 6pm.")
            posts.submit(session, policy=SOCIETY, actor="tara", post_id=post.id)
            session.commit()
        ids.append(post.id)
        text = EDITED if trial % 3 == 0 else f"Lecture {trial} moves to Saturday at 6pm."

        def edit_and_resubmit(session: Session, post_id: int = post.id, text: str = text) -> None:
            posts.edit(session, policy=SOCIETY, actor="tara", post_id=post_id, text=text)
            session.commit()
            posts.submit(session, policy=SOCIETY, actor="tara", post_id=post_id)

        def schedule_twice(session: Session, post_id: int = post.id) -> None:
            deadline = time.monotonic() + 1.5  # by time, not tries: a loaded machine must not starve the race
            while time.monotonic() < deadline:  # until an approved version is there to schedule (or it never is)
                try:
                    posts.schedule(session, policy=SOCIETY, actor="tara", post_id=post_id, at=NOW, now=NOW)
                    session.commit()
                    return
                except Conflict:
                    session.rollback()
                    time.sleep(0.015)

        def approve_twice(who: str, post_id: int = post.id) -> Callable[[Session], object]:
            def run(session: Session) -> None:
                deadline = time.monotonic() + 0.8
                while time.monotonic() < deadline:  # early tries may find it being edited; later ones catch v2
                    try:
                        posts.approve(session, policy=SOCIETY, actor=who, post_id=post_id)
                        session.commit()
                    except Conflict:
                        session.rollback()
                    time.sleep(0.015)
            return run

        step = [4 * ((trial + k) % 4) for k in range(4)]  # a different order of arrival each trial (ms)
        errors = _race(engine, _after(step[0], approve_twice("smo")), _after(step[1], approve_twice("smo2")),
                       _after(step[2], edit_and_resubmit), _after(step[3], schedule_twice))
        assert errors == [], errors
    platform = Sent()
    with Session(engine, expire_on_commit=False) as session:
        posts.publish_due(session, policy=SOCIETY, actor="smo", now=NOW + dt.timedelta(hours=1), publisher=platform)
        for post_id in ids:
            row = session.get(Post, post_id)
            assert row is not None
            assert not (row.status == PostStatus.SCHEDULED and row.approved_version != row.version), post_id
            approvals = session.execute(select(Approval).where(Approval.subject_type == "post",
                                                               Approval.subject_id == post_id)).scalars().all()
            assert len({(a.version, a.approver_id) for a in approvals}) == len(approvals)
            for version in {a.version for a in approvals}:  # any_of: one approval per version, never two
                assert len([a for a in approvals if a.version == version]) == 1, (post_id, version)
            gone = session.execute(select(PublishAttempt).where(PublishAttempt.post_id == post_id,
                                                                PublishAttempt.outcome == "published")).scalars()
            for attempt in gone:
                assert any(a.version == attempt.version and a.decision == "approve" for a in approvals), (
                    f"post #{post_id} v{attempt.version} went out and nobody approved that version")
                assert row.approved_version == attempt.version == row.version
    assert all(text_version == 2 for _post, text_version in platform.sent)  # v1 was always edited away
    assert len(platform.sent) >= 2, "too few trials got as far as publishing to exercise the publish path"
    blocked = {ids[t] for t in range(12) if t % 3 == 0}
    assert not blocked & {post_id for post_id, _v in platform.sent}  # the blocked v2 never went out

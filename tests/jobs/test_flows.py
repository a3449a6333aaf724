"""The job functions the queue's tasks run, in one process on both databases: a sync or publish that another
worker holds is skipped, not run twice; a platform action runs once per idempotency key; the notification round,
duties and retention run as tasks and a second run the same day changes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from socialwarden.audit.models import AuditEvent
from socialwarden.jobs import flows
from socialwarden.jobs.service import holder_id, release_lease, take_lease
from socialwarden.moderation.models import Comment
from socialwarden.policy.models import Policy
from socialwarden.posts.models import Post
from socialwarden.settings import Settings
from tests.connectors import org
from tests.connectors.test_flows import connectors, ett, servers, session, world
from tests.store.conftest import bare_engine, db_url, engine, pg_database, settings

__all__ = ["bare_engine", "db_url", "engine", "ett", "pg_database", "servers", "session", "settings", "world"]


def _runtime(engine: Engine, settings: Settings, policy: Policy) -> flows.Runtime:
    return flows.Runtime(settings=settings, policy=policy, actor="ceo", engine=engine, connectors=connectors())


def test_leased_work_is_skipped_and_resumed(engine: Engine, settings: Settings, ett: Policy, session: Session,
                                            world) -> None:  # type: ignore[no-untyped-def]
    masto, _x, m, t = world
    masto.add_mentions(45)
    rt = _runtime(engine, settings, ett)
    assert set(flows.due_accounts(rt)) == {m.id, t.id}
    other = holder_id("another-worker")
    assert take_lease(engine, name=flows.sync_key(m.id), holder=other, ttl=60)
    assert flows.due_accounts(rt, skip_leased=True) == [t.id]
    assert flows.sync_one(rt, account_id=m.id, tag="t1") is None  # held elsewhere: not synced twice at once
    assert session.execute(select(func.count()).select_from(Comment)).scalar_one() == 0
    release_lease(engine, name=flows.sync_key(m.id), holder=other)
    report = flows.sync_one(rt, account_id=m.id, tag="t2")
    assert report is not None and report.stored == 45
    again = flows.sync_one(rt, account_id=m.id, tag="t3")  # a duplicate task: nothing new, nothing twice
    assert again is not None and again.stored == 0
    assert session.execute(select(func.count()).select_from(Comment)).scalar_one() == 45

    post_id = org.due_post(session, policy=ett, author="staff", account=m, text="The office opens at 8am.")
    assert take_lease(engine, name=flows.PUBLISH_LEASE, holder=other, ttl=60)
    assert flows.publish(rt, tag="p1") is None and masto.publish_count == 0
    release_lease(engine, name=flows.PUBLISH_LEASE, holder=other)
    assert [r.outcome for r in flows.publish(rt, tag="p2") or []] == ["published"]
    assert flows.publish(rt, tag="p3") == [] and masto.publish_count == 1
    session.expire_all()
    assert session.get(Post, post_id).status == "published"  # type: ignore[union-attr]
    rt.connectors.close()


def test_a_platform_action_runs_once_per_key(engine: Engine, settings: Settings, ett: Policy, session: Session,
                                             world) -> None:  # type: ignore[no-untyped-def]
    masto, _x, m, _t = world
    masto.add_mentions(1)
    rt = _runtime(engine, settings, ett)
    flows.sync_one(rt, account_id=m.id, tag="s")
    pk = session.execute(select(Comment.id)).scalar_one()
    first = flows.platform_action(rt, key="desk-1", tag="a", pk=pk, action="block_author", reason="abusive",
                                  actor="ceo")
    second = flows.platform_action(rt, key="desk-1", tag="b", pk=pk, action="block_author", reason="abusive",
                                   actor="ceo")
    assert first is not None and second == first  # the stored result, the platform not asked again
    assert len(masto.blocks) == 1
    rt.connectors.close()


def test_notifications_duties_and_retention_as_tasks(engine: Engine, settings: Settings, ett: Policy,
                                                     session: Session, world) -> None:  # type: ignore[no-untyped-def]
    rt = _runtime(engine, settings, ett)
    now = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
    assert flows.notify(rt, now=now).mail is False  # no SMTP set: reminders only
    first = flows.duties(rt, now=now)
    assert first.results and not any(r.already_ran for r in first.results)
    events = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    again = flows.duties(rt, now=now + dt.timedelta(hours=1))  # a duplicate or the next tick, same day
    assert all(r.already_ran for r in again.results)
    assert flows.retention(rt, now=now).results[0].already_ran
    assert session.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == events
    rt.connectors.close()


def test_the_audit_history_is_rechecked(engine: Engine, settings: Settings, ett: Policy, session: Session,
                                        world) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    rt = _runtime(engine, settings, ett)
    report = flows.verify_history(rt)
    assert report.ok and report.checked > 0
    if engine.dialect.name == "sqlite":  # a row edited behind the app's back is found
        with engine.begin() as conn:
            conn.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
            conn.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2"))
        assert not flows.verify_history(rt).ok
    rt.connectors.close()

"""The background jobs as plain functions: what a Celery task runs, and what `warden worker` runs in one process
when no broker is configured. Each wraps an existing flow and adds only who may run it when:

- ``sync_one``: one account's comments (``connectors.flows.sync_account``) under the lease ``sync:account:<id>``,
  so one worker syncs an account at a time; pages commit with their cursor, so a rerun resumes and the desk's
  (platform, comment id) key stores each comment once.
- ``publish``: ``connectors.publishing.publish_cycle`` under the lease ``publish``: one publisher at a time, because
  settling interrupted attempts asks the platform about *every* started attempt and must never race a live one.
  Attempts commit before the platform call and carry the version's idempotency key, so a rerun publishes once.
- ``corrections``: approved corrections still waiting or interrupted (``connectors.post_changes.push_corrections``),
  under the same ``publish`` lease; each correction's attempt row is keyed, so a rerun sends it once.
- ``notify``: the notifications round (reminders, e-mail, digests: one row per person per key, e-mail state kept).
- ``duties`` and ``retention``: ``run_duties`` (each duty at most once per UTC day; retention is one of them).
- ``platform_action``: ``connectors.moderation.act_on_platform`` once per idempotency key.
- ``verify_history``: re-checks the audit history (the hash chain, signatures and checkpoints); read-only.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account as GovAccount
from socialwarden.accounts.models import AccountStatus
from socialwarden.acting import acting
from socialwarden.audit.models import VerifyReport
from socialwarden.connectors.flows import sync_account, syncable
from socialwarden.connectors.models import PlatformActionOut, SyncReport
from socialwarden.connectors.pool import Connectors
from socialwarden.connectors.publishing import publish_cycle
from socialwarden.duties.models import DutyReport
from socialwarden.jobs.models import RunState
from socialwarden.jobs.service import Lease, finish_run, holder_id, lease_holder, start_run
from socialwarden.notifications.flows import RoundReport, run_round
from socialwarden.policy.models import ModerationAction, Policy
from socialwarden.posts.publishing import PublishResult
from socialwarden.settings import Settings

__all__ = ["Runtime", "corrections", "due_accounts", "duties", "notify", "platform_action", "publish", "retention",
           "sync_key", "sync_one", "verify_history"]

PUBLISH_LEASE = "publish"
SCHEDULER = "system:scheduler"


def sync_key(account_id: int) -> str:
    return f"sync:account:{account_id}"


@dataclass
class Runtime:
    """What a worker process holds: settings, the policy, who it acts as, its database engine and connectors.
    Made after a fork (never shared across processes)."""

    settings: Settings
    policy: Policy
    actor: str
    engine: Engine
    connectors: Connectors = field(default_factory=Connectors)
    pid: int = field(default_factory=os.getpid)

    @classmethod
    def open(cls, *, settings: Settings, policy: Policy, actor: str) -> Runtime:
        from socialwarden.store.db import open_store

        return cls(settings=settings, policy=policy, actor=actor, engine=open_store(settings))

    def close(self) -> None:
        self.connectors.close()
        self.engine.dispose()

    @property
    def ttl(self) -> float:
        return float(self.settings.job_lease_seconds)


def due_accounts(rt: Runtime, *, skip_leased: bool = False) -> list[int]:
    """Accounts to sync now (active, their platform can fetch comments, no rate limit holding them back); with
    ``skip_leased``, less those a worker is syncing right now."""
    with Session(rt.engine) as session:
        ids = [a.id for a in syncable(session, rt.connectors)]
    if skip_leased:
        ids = [i for i in ids if lease_holder(rt.engine, name=sync_key(i)) is None]
    return ids


def sync_one(rt: Runtime, *, account_id: int, tag: str) -> SyncReport | None:
    """Sync one account if no other worker is syncing it (None: it is, or the account is no longer live)."""
    with Lease(rt.engine, name=sync_key(account_id), holder=holder_id(tag), ttl=rt.ttl) as held:
        if not held:
            return None
        with Session(rt.engine, expire_on_commit=False) as session:
            account = session.get(GovAccount, account_id)
            if account is None or account.status != AccountStatus.ACTIVE:
                return None
            who = acting(session, policy=rt.policy, actor=rt.actor).as_person()
            from socialwarden.engine.service import engine_for

            return sync_account(session, settings=rt.settings, policy=rt.policy, actor=who, account=account,
                                connectors=rt.connectors, engine=engine_for(rt.policy))


def publish(rt: Runtime, *, tag: str, now: dt.datetime | None = None) -> list[PublishResult] | None:
    """Publish every due post (None: another worker is publishing right now)."""
    with Lease(rt.engine, name=PUBLISH_LEASE, holder=holder_id(tag), ttl=rt.ttl) as held:
        if not held:
            return None
        with Session(rt.engine, expire_on_commit=False) as session:
            return publish_cycle(session, settings=rt.settings, policy=rt.policy, actor=rt.actor,
                                 connectors=rt.connectors, now=now or dt.datetime.now(dt.UTC))


def corrections(rt: Runtime, *, tag: str) -> list[PlatformActionOut] | None:
    """Publish every approved correction still waiting or interrupted (``post_changes.push_corrections``), under
    the publisher's lease: a correction is publishing too (None: another worker is publishing right now)."""
    from socialwarden.connectors.post_changes import push_corrections

    with Lease(rt.engine, name=PUBLISH_LEASE, holder=holder_id(tag), ttl=rt.ttl) as held:
        if not held:
            return None
        with Session(rt.engine, expire_on_commit=False) as session:
            who = acting(session, policy=rt.policy, actor=rt.actor).as_person()
            return push_corrections(session, settings=rt.settings, policy=rt.policy, actor=who,
                                    connectors=rt.connectors)


def notify(rt: Runtime, *, now: dt.datetime | None = None) -> RoundReport:
    with Session(rt.engine, expire_on_commit=False) as session:
        return run_round(session, policy=rt.policy, settings=rt.settings, now=now)


def duties(rt: Runtime, *, now: dt.datetime | None = None, only: list[str] | None = None) -> DutyReport:
    from socialwarden.duties.service import run_duties

    with Session(rt.engine, expire_on_commit=False) as session:
        report = run_duties(session, policy=rt.policy, now=now or dt.datetime.now(dt.UTC), actor=SCHEDULER,
                            only=only)
        session.commit()
        return report


def retention(rt: Runtime, *, now: dt.datetime | None = None) -> DutyReport:
    return duties(rt, now=now, only=["retention"])


def verify_history(rt: Runtime) -> VerifyReport:
    """Re-check the audit history: recompute the whole hash chain and its signatures (read-only)."""
    from socialwarden.audit.service import verify

    with Session(rt.engine) as session:
        return verify(session)


def platform_action(rt: Runtime, *, key: str, tag: str, pk: int, action: str, reason: str, actor: str,
                    exception: str | None = None) -> dict[str, Any] | None:
    """Hide / remove / block / report a comment on its platform once per ``key`` (the desk keeps the evidence
    first). Returns the stored result when the key was done already, None while another worker runs it."""
    from socialwarden.connectors.moderation import act_on_platform

    with Lease(rt.engine, name=f"action:{key}", holder=holder_id(tag), ttl=rt.ttl) as held:
        if not held:
            return None
        fresh, result = start_run(rt.engine, key=key, task="platform_action")
        if not fresh:
            return result
        try:
            with Session(rt.engine, expire_on_commit=False) as session:
                who = acting(session, policy=rt.policy, actor=actor).as_person()
                done = act_on_platform(session, settings=rt.settings, policy=rt.policy, actor=who, pk=pk,
                                       action=ModerationAction(action), reason=reason, connectors=rt.connectors,
                                       exception=exception)
        except Exception as exc:
            finish_run(rt.engine, key=key, state=RunState.FAILED, result={"error": f"{type(exc).__name__}: {exc}"})
            raise
        out = done.out.model_dump(mode="json")
        finish_run(rt.engine, key=key, state=RunState.DONE, result=out)
        return dict(out)


def cycle(rt: Runtime, *, tag: str, stop: Callable[[], bool], on_sync: Callable[[SyncReport], None],
          on_publish: Callable[[PublishResult], None],
          on_correction: Callable[[PlatformActionOut], None] = lambda _done: None) -> None:
    """One cycle of the one-process worker: every account, then due posts and approved corrections, then the
    notification round."""
    for account_id in due_accounts(rt):
        if stop():
            return
        report = sync_one(rt, account_id=account_id, tag=tag)
        if report is not None:
            on_sync(report)
    if stop():
        return
    for result in publish(rt, tag=tag) or []:
        on_publish(result)
    if stop():
        return
    for done in corrections(rt, tag=tag) or []:
        on_correction(done)
    if not stop():
        notify(rt)

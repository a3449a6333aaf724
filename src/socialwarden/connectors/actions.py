"""One path for every action SocialWarden carries out on a platform: hide, unhide, remove, reply, block the author,
report to the platform, correct and withdraw a post (publishing keeps its own attempt record, ``posts.publishing``,
with the same outcomes).

``perform`` writes a ``started`` row in ``platform_actions`` and commits it before calling the platform, then
records the outcome: done, not supported by this platform, failed with the platform's error, or no connector
linked. Each outcome carries the sentence people are shown ("hidden on Facebook", "recorded here only — no connector
linked"), so the web page and the command say exactly the same thing. The row's ``key`` is the same on every retry
of one action, so an action already done is never repeated (two runners at once: the unique key stops the
second), and one a crash left ``started`` is settled first (``settle``: look on the platform) or repeated only when
repeating it is harmless (hiding, deleting, an edit to the same text); a reply or a new post that may have gone out
is left failed for a person to check, never sent twice. This is a flow: it commits.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account as GovAccount
from socialwarden.acting import acting
from socialwarden.connectors import service
from socialwarden.connectors.base import Account, Capability, Connector, Gone, connector_class
from socialwarden.connectors.models import ActionOutcome, PlatformActionOut, PlatformActionRecord
from socialwarden.connectors.pool import Connectors
from socialwarden.exceptions import AccountNeedsReconnecting, InputError, PermissionDenied, PlatformError, StoreError
from socialwarden.people.models import Person
from socialwarden.policy.models import Policy
from socialwarden.settings import Settings

__all__ = ["NO_CONNECTOR", "Target", "Verb", "cannot", "find", "perform", "resolve", "said"]

NO_CONNECTOR = "recorded here only — no connector linked"
MAX_ERROR = 2000


class Verb(enum.StrEnum):
    HIDE = "hide"
    UNHIDE = "unhide"
    REMOVE = "remove"
    REPLY = "reply"
    BLOCK_AUTHOR = "block_author"
    REPORT = "report_to_platform"
    CORRECT = "correct"
    WITHDRAW = "withdraw"


CAPABILITY = {Verb.HIDE: Capability.HIDE, Verb.UNHIDE: Capability.UNHIDE, Verb.REMOVE: Capability.DELETE,
              Verb.REPLY: Capability.REPLY, Verb.BLOCK_AUTHOR: Capability.BLOCK, Verb.REPORT: Capability.REPORT,
              Verb.CORRECT: Capability.EDIT, Verb.WITHDRAW: Capability.DELETE_POST}
DONE = {Verb.HIDE: "hidden on {p}", Verb.UNHIDE: "shown again on {p}", Verb.REMOVE: "removed from {p}",
        Verb.REPLY: "replied on {p}", Verb.BLOCK_AUTHOR: "author blocked on {p}", Verb.REPORT: "reported to {p}",
        Verb.CORRECT: "corrected on {p}", Verb.WITHDRAW: "deleted from {p}"}
NOT_DONE = {Verb.HIDE: "not hidden", Verb.UNHIDE: "not shown again", Verb.REMOVE: "not removed",
            Verb.REPLY: "no reply sent", Verb.BLOCK_AUTHOR: "author not blocked", Verb.REPORT: "not reported",
            Verb.CORRECT: "correction not published", Verb.WITHDRAW: "not deleted"}


@dataclass(frozen=True)
class Target:
    """Where an action would go: the connector and the account as it sees it, or why there is none."""

    platform: str
    label: str  # the platform's name for people ("Facebook")
    connector: Connector | None = None
    account: Account | None = None
    missing: str | None = None  # why nothing can reach the platform (no connector linked …)
    refused: str | None = None  # the account's credentials could not be read (the vault's refusal)


def label_of(platform: str) -> str:
    try:
        cls = connector_class(service.platform_name(platform))
    except InputError:
        return platform.capitalize()
    return cls.label or cls.platform.capitalize()


def cannot(platform: str, capability: Capability) -> str | None:
    """What the UI says before anyone clicks: None when the platform can, else why not and what it can do."""
    try:
        return connector_class(service.platform_name(platform)).cannot(capability)
    except InputError:
        return None  # no connector at all: the page says "no connector linked" instead


def linked(session: Session, account_id: int | None) -> bool:
    """Whether the account is linked to its platform (``warden connectors link``) and a connector exists for it."""
    if account_id is None or service.get_link(session, account_id=account_id) is None:
        return False
    account = session.get(GovAccount, account_id)
    try:
        return account is not None and connector_class(service.platform_name(account.platform)) is not None
    except InputError:
        return False


def resolve(session: Session, *, settings: Settings, policy: Policy, actor: Person, account_id: int | None,
            platform: str, connectors: Connectors) -> Target:
    """The connector and credentials for the account (each credential read audited), or why there are none."""
    label = label_of(platform)
    if account_id is None:
        return Target(platform, label, missing=f"{NO_CONNECTOR} (it did not arrive on one of our accounts)")
    account = session.get(GovAccount, account_id)
    if account is None or service.get_link(session, account_id=account_id) is None:
        return Target(platform, label, missing=f"{NO_CONNECTOR} (link the account: warden connectors link "
                                               f"{account_id})")
    try:
        connector = connectors.get(account.platform)
    except InputError:
        return Target(platform, label, missing=f"{NO_CONNECTOR} (there is no connector for {account.platform})")
    try:
        target = connectors.account(session, settings=settings, policy=policy, actor=actor, account=account,
                                    connector=connector)
    except (PermissionDenied, StoreError, InputError) as exc:
        return Target(platform, label, connector=connector, refused=exc.message)
    return Target(platform, connector.label or label, connector=connector, account=target)


def find(session: Session, key: str) -> PlatformActionRecord | None:
    return session.execute(select(PlatformActionRecord).where(PlatformActionRecord.key == key)).scalar_one_or_none()


def said(row: PlatformActionRecord) -> PlatformActionOut:
    return PlatformActionOut.model_validate(row)


Call = Callable[[Connector, Account], str | None]
Settle = Callable[[Connector, Account], str | None]  # the platform id if the interrupted action did land, else None


def perform(session: Session, *, settings: Settings, policy: Policy, actor: Person, verb: Verb, subject_type: str,
            subject_id: int, account_id: int | None, platform: str, key: str, call: Call,
            connectors: Connectors, capability: Capability | None = None, target_id: str | None = None,
            method: str | None = None, repeatable: bool = True, settle: Settle | None = None,
            done_text: str | None = None) -> PlatformActionOut:
    """Carry out one action on the platform exactly once (see the module docstring); returns what became of it.

    ``call`` does it and returns the platform id of anything it made (a reply, a correction). A row a crash left
    ``started`` is settled with ``settle`` when given; otherwise it is repeated if ``repeatable`` (hiding twice is
    hiding), else marked failed for a person to check. Commits the attempt before the call and the outcome after."""
    who = acting(session, policy=policy, actor=actor)
    row = find(session, key)
    if row is not None and row.outcome in (ActionOutcome.DONE, ActionOutcome.NOT_SUPPORTED):
        return said(row)  # already carried out (or already known to be impossible): never twice
    target = resolve(session, settings=settings, policy=policy, actor=actor, account_id=account_id,
                     platform=platform, connectors=connectors)
    session.commit()  # the credential reads' audit events; no lock is held over the platform call
    row = find(session, key)  # read again: another runner may have settled it meanwhile
    if row is not None and row.outcome in (ActionOutcome.DONE, ActionOutcome.NOT_SUPPORTED):
        return said(row)
    now = dt.datetime.now(dt.UTC)
    interrupted = row is not None and row.outcome == ActionOutcome.STARTED
    if row is None:
        known = account_id is not None and session.get(GovAccount, account_id) is not None
        row = PlatformActionRecord(key=key, verb=verb.value, subject_type=subject_type, subject_id=subject_id,
                                   account_id=account_id if known else None, platform=target.platform,
                                   target_id=target_id, method=method,
                                   outcome=ActionOutcome.STARTED, message="", attempts=0, actor=who.name,
                                   started_at=now)
        session.add(row)
        try:
            session.flush()  # the key is unique: a second runner carrying out the same action stops here
        except IntegrityError:
            session.rollback()
            other = find(session, key)
            if other is None:
                raise
            return said(other)
    row.attempts = (row.attempts or 0) + (0 if interrupted else 1)
    row.actor, row.method = who.name, method or row.method
    cap = capability or CAPABILITY[verb]
    if target.missing is not None:
        return _finish(session, who.name, policy, row, ActionOutcome.NO_CONNECTOR, target.missing, None, None)
    assert target.connector is not None
    if not target.connector.supports(cap):
        said_ = target.connector.cannot(cap) or f"{target.label} cannot do this"
        return _finish(session, who.name, policy, row, ActionOutcome.NOT_SUPPORTED,
                       f"recorded here only — {said_}", None, None)
    if target.refused is not None or target.account is None:
        why = target.refused or "the account's credentials could not be read"
        return _finish(session, who.name, policy, row, ActionOutcome.FAILED,
                       f"{NOT_DONE[verb]} on {target.label}: {why}", why, None)
    label = target.label
    text = (done_text or DONE[verb]).format(p=label)
    if interrupted:
        if settle is not None:
            try:
                found = settle(target.connector, target.account)
            except PlatformError as exc:
                session.rollback()
                return _failed(session, who.name, policy, row.key, verb, label, exc, connectors, account_id)
            if found is not None:
                return _finish(session, who.name, policy, row, ActionOutcome.DONE, text, None, found or None)
        elif not repeatable:
            return _finish(session, who.name, policy, row, ActionOutcome.FAILED,
                           f"{NOT_DONE[verb]} for certain: an earlier attempt was interrupted and may have reached "
                           f"{label}; check there before trying again", "interrupted", None)
    row.outcome, row.finished_at, row.error = ActionOutcome.STARTED, None, None
    row.message = f"sending to {label}"
    row.started_at = now
    session.flush()
    who.record("platform.attempt", subject_type=subject_type, subject_id=subject_id, before=None,
               after={"verb": verb.value, "platform": target.platform, "key": key, "attempt": row.attempts,
                      "target_id": target_id, "method": row.method})
    session.commit()  # the attempt is durable before the platform hears of it
    try:
        made = call(target.connector, target.account)
    except PlatformError as exc:
        if not (isinstance(exc, Gone) and verb in (Verb.REMOVE, Verb.WITHDRAW)):
            session.rollback()
            return _failed(session, who.name, policy, key, verb, label, exc, connectors, account_id)
        made = None  # already gone from the platform: deleting it again is done
    row = find(session, key)
    assert row is not None
    return _finish(session, who.name, policy, row, ActionOutcome.DONE, text, None, made or None)


def _failed(session: Session, actor: str, policy: Policy, key: str, verb: Verb, label: str, exc: PlatformError,
            connectors: Connectors, account_id: int | None) -> PlatformActionOut:
    row = find(session, key)
    assert row is not None
    if isinstance(exc, AccountNeedsReconnecting) and account_id is not None:
        from socialwarden.connectors.models import LinkHealth

        connectors.forget(account_id)
        service.mark_failed(session, policy=policy, actor=actor, account_id=account_id,
                            health=LinkHealth.NEEDS_RECONNECTING, error=exc.message)
    return _finish(session, actor, policy, row, ActionOutcome.FAILED,
                   f"{NOT_DONE[verb]} on {label}: {label} refused: {exc.message}", exc.message, None)


def _finish(session: Session, actor: str, policy: Policy, row: PlatformActionRecord, outcome: ActionOutcome,
            message: str, error: str | None, made: str | None) -> PlatformActionOut:
    before = None if row.id is None else {"outcome": row.outcome}
    row.outcome, row.message, row.finished_at = outcome.value, message, dt.datetime.now(dt.UTC)
    row.error = error[:MAX_ERROR] if error else None
    if made is not None:
        row.result_id = made
    session.flush()
    acting(session, policy=policy, actor=actor, system=True).record(
        f"platform.{row.verb}", subject_type=row.subject_type, subject_id=row.subject_id, before=before,
        after={"outcome": outcome.value, "platform": row.platform, "key": row.key, "target_id": row.target_id,
               "method": row.method, "result_id": row.result_id, "message": message})
    session.commit()
    return said(row)

"""Audit trail services: append an event, read a subject's history, verify the chain, export a period.

Appending never commits: the caller's transaction commits the domain change and its audit event together, once,
at the edge or flow level::

    with Session(engine) as session:
        account.status = "active"
        audit.record(session, actor="j.smith", action="account.activate", subject_type="account",
                     subject_id=str(account.id), before={"status": "approved"}, after={"status": "active"},
                     reason=None, policy_id=policy.id, policy_version=policy.version)
        session.commit()
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from typing import Literal, cast

from sqlalchemy import Connection, Table, bindparam, event, func, or_, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from socialwarden.audit.chain import clean_text, event_hash, to_json_safe
from socialwarden.audit.export import export_lines
from socialwarden.audit.keys import Keyring, ensure_anchor, keyring_for, write_checkpoint
from socialwarden.audit.models import AuditChainHead, AuditEvent, AuditEventOut, ChainHead, VerifyReport
from socialwarden.audit.verify import verify_chain
from socialwarden.exceptions import InputError, StoreError
from socialwarden.store.locks import begin_immediate

log = logging.getLogger("socialwarden.audit")

__all__ = ["export", "head", "history", "lock", "record", "search", "verify"]

_LIMITS = {"actor": 200, "action": 80, "subject_type": 80, "subject_id": 200, "policy_id": 80, "policy_version": 40}


def _text(name: str, value: str | None, *, required: bool) -> str | None:
    cleaned = clean_text(str(value)) if value is not None else ""
    if not cleaned.strip():  # blank and None mean the same, so a CSV export round-trips
        if required:
            raise InputError(f"audit {name} must not be empty")
        return None
    limit = _LIMITS.get(name)
    if limit is not None and len(cleaned) > limit:
        raise InputError(f"audit {name} is longer than {limit} characters")
    return cleaned


# Core statements built once (cached compiled SQL): an append is on every write path, and the ORM's identity map
# buys nothing for rows that are never changed again.
_EVENTS = cast(Table, AuditEvent.__table__)
_HEAD = cast(Table, AuditChainHead.__table__)
_INSERT_EVENT = _EVENTS.insert().returning(_EVENTS.c.id)
_READ_HEAD = select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1)
_LOCK_HEAD = _READ_HEAD.with_for_update()
_MOVE_HEAD = _HEAD.update().where(_HEAD.c.id == 1).values(seq=bindparam("new_seq"), hash=bindparam("new_hash"),
                                                         mac=bindparam("new_mac"))
_CHECKPOINT = "socialwarden.audit.checkpoint"  # session.info key: what to checkpoint once the commit lands


def _lock_head(connection: Connection) -> tuple[int, str]:
    """Take the chain's write lock and read its head, so no other writer can append until we commit."""
    postgres = connection.dialect.name == "postgresql"  # PostgreSQL: the head row's lock, held until commit
    try:
        begin_immediate(connection)  # SQLite: the database write lock (waits up to busy_timeout)
        row = connection.execute(_LOCK_HEAD if postgres else _READ_HEAD).one_or_none()
    except OperationalError as exc:
        raise StoreError("the audit trail is busy: another writer held the database lock too long; try again") from exc
    if row is None:
        raise StoreError("the audit chain head row is missing: run `warden audit verify` and restore from backup")
    return int(row.seq), str(row.hash)


def record(session: Session, *, actor: str, action: str, subject_type: str, subject_id: str,
           before: object, after: object, reason: str | None, policy_id: str | None,
           policy_version: str | None, secret_keys: Iterable[str] = ()) -> AuditEventOut:
    """Append one event to the chain inside the caller's transaction (the caller commits; secrets redacted)."""
    fields = {"actor": _text("actor", actor, required=True), "action": _text("action", action, required=True),
              "subject_type": _text("subject_type", subject_type, required=True),
              "subject_id": _text("subject_id", subject_id, required=True),
              "before": to_json_safe(before, secret_keys=secret_keys),
              "after": to_json_safe(after, secret_keys=secret_keys),
              "reason": _text("reason", reason, required=False),
              "policy_id": _text("policy_id", policy_id, required=False),
              "policy_version": _text("policy_version", policy_version, required=False)}
    session.flush()  # the caller's pending changes go first, in the same transaction
    connection = session.connection()
    keyring = keyring_for(connection.engine)
    last_seq, last_hash = _lock_head(connection)
    anchored = ensure_anchor(connection, keyring, (last_seq, last_hash))
    fields.update(seq=last_seq + 1, at=dt.datetime.now(dt.UTC), prev_hash=last_hash)
    digest = event_hash(fields)
    mac = keyring.event_mac(digest)
    event_id = connection.execute(_INSERT_EVENT, {**fields, "hash": digest, "mac": mac}).scalar_one()
    connection.execute(_MOVE_HEAD, {"new_seq": fields["seq"], "new_hash": digest,
                                    "new_mac": keyring.head_mac(fields["seq"], digest)})
    pending = session.info.setdefault(_CHECKPOINT, {"keyring": keyring, "anchor": None, "head": None})
    if anchored is not None:
        pending["anchor"] = anchored
    pending["head"] = (fields["seq"], digest)
    return AuditEventOut.model_validate({**fields, "id": event_id, "hash": digest, "mac": mac})


@event.listens_for(Session, "after_commit")
def _checkpoint_after_commit(session: Session) -> None:
    """Once a commit that appended events has landed, append a signed checkpoint of the head to the file outside
    the database. A failure to write it is logged, not raised: the events are committed and the chain holds; only
    the outside witness lags (the next commit's checkpoint covers them)."""
    pending = session.info.pop(_CHECKPOINT, None)
    if pending is None:
        return
    keyring: Keyring = pending["keyring"]
    try:
        if pending["anchor"] is not None:
            write_checkpoint(keyring, kind="anchor", seq=pending["anchor"][0], head_hash=pending["anchor"][1])
        if pending["head"] is not None:
            write_checkpoint(keyring, kind="head", seq=pending["head"][0], head_hash=pending["head"][1])
    except OSError as exc:
        log.error("could not append an audit checkpoint to %s: %s", keyring.checkpoints, exc)


@event.listens_for(Session, "after_soft_rollback")
def _forget_checkpoint(session: Session, _previous: object) -> None:
    session.info.pop(_CHECKPOINT, None)


def lock(session: Session) -> None:
    """Take the write lock every audited change takes, now: for services that check state and then write on it.

    It is the chain's own lock (held until commit), so taking it early cannot deadlock against ``record``.
    """
    session.flush()
    _lock_head(session.connection())


def head(session: Session) -> ChainHead:
    """The chain's last sequence number and hash (seq 0 and the zero hash when empty)."""
    row = session.get(AuditChainHead, 1, populate_existing=True)
    if row is None:
        raise StoreError("the audit chain head row is missing: run `warden audit verify` and restore from backup")
    return ChainHead(seq=row.seq, hash=row.hash)


def history(session: Session, *, subject_type: str, subject_id: str, limit: int = 200) -> list[AuditEventOut]:
    """The most recent events about one subject, oldest first."""
    query = (select(AuditEvent).where(AuditEvent.subject_type == subject_type, AuditEvent.subject_id == subject_id)
             .order_by(AuditEvent.seq.desc()).limit(limit))
    rows = session.execute(query).scalars().all()
    return [AuditEventOut.model_validate(row) for row in reversed(rows)]


def verify(session: Session) -> VerifyReport:
    """Recompute the whole chain; report the first broken link (missing, reordered or altered row) if any."""
    return verify_chain(session)


def export(session: Session, *, start: dt.datetime | None, end: dt.datetime | None,
           fmt: Literal["jsonl", "csv"]) -> Iterator[str]:
    """Stream the events with start <= at < end (UTC; None = unbounded) as JSONL or CSV lines."""
    return export_lines(session, start=start, end=end, fmt=fmt)


def search(session: Session, *, text: str | None = None, actor: str | None = None, action: str | None = None,
           subject_type: str | None = None, before_seq: int | None = None, limit: int = 50) -> list[AuditEventOut]:
    """The newest events matching every given filter (``text`` in actor/action/subject/reason), newest first."""
    query = select(AuditEvent)
    if text:
        pattern = f"%{text.strip().lower()}%"
        query = query.where(or_(func.lower(AuditEvent.actor).like(pattern), func.lower(AuditEvent.action).like(pattern),
                                func.lower(AuditEvent.subject_id).like(pattern),
                                func.lower(AuditEvent.subject_type).like(pattern),
                                func.lower(func.coalesce(AuditEvent.reason, "")).like(pattern)))
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if action:
        query = query.where(AuditEvent.action.like(f"{action}%"))
    if subject_type:
        query = query.where(AuditEvent.subject_type == subject_type)
    if before_seq is not None:
        query = query.where(AuditEvent.seq < before_seq)
    rows = session.execute(query.order_by(AuditEvent.seq.desc()).limit(max(1, min(limit, 500)))).scalars().all()
    return [AuditEventOut.model_validate(row) for row in rows]

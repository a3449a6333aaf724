"""Recomputing the chain: walk the events in sequence order and name the first row that does not hold."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from socialwarden.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from socialwarden.audit.models import AuditChainHead, AuditEvent, BrokenLink, ChainHead, VerifyReport

_COLUMNS = [AuditEvent.id, AuditEvent.hash, *(getattr(AuditEvent, name) for name in HASHED_FIELDS)]
BATCH = 2000


def _written_at(session: Session, row: Row[Any]) -> int | None:
    """The sequence number a moved row was written at: one after the event whose hash it links to, if it fits."""
    found = session.execute(select(AuditEvent.seq).where(AuditEvent.hash == row.prev_hash)).scalar_one_or_none()
    if found is None and row.prev_hash == GENESIS_HASH:
        found = 0
    if found is None:
        return None
    original = found + 1
    return original if event_hash({**row._mapping, "seq": original}) == row.hash else None


def _check_row(session: Session, row: Row[Any], seq: int, prev_hash: str, prev_id: int | None) -> BrokenLink | None:
    """What is wrong with this row, given the previous row it should follow (None when it holds)."""
    if row.seq > seq:
        gone = f"event {seq} is" if row.seq == seq + 1 else f"events {seq}..{row.seq - 1} are"
        return BrokenLink(seq=row.seq, id=row.id, problem="missing",
                          detail=f"{gone} missing before this row (deleted, or the sequence was renumbered)")
    if row.seq < seq:
        return BrokenLink(seq=row.seq, id=row.id, problem="duplicate",
                          detail=f"sequence number {row.seq} appears more than once")
    if event_hash(dict(row._mapping)) != row.hash:
        written = _written_at(session, row) if row.prev_hash != prev_hash else None
        if written is not None:
            return BrokenLink(seq=row.seq, id=row.id, problem="reordered",
                              detail=f"this event was written as seq {written} and has been moved here")
        return BrokenLink(seq=row.seq, id=row.id, problem="hash_mismatch",
                          detail="the row's content no longer matches its hash (edited after it was written)")
    if row.prev_hash != prev_hash:
        return BrokenLink(seq=row.seq, id=row.id, problem="broken_link",
                          detail=f"prev_hash does not match the hash of event {seq - 1} "
                                 "(a row was replaced or inserted with a recomputed hash)")
    if prev_id is not None and row.id < prev_id:
        return BrokenLink(seq=row.seq, id=row.id, problem="reordered",
                          detail=f"row id {row.id} comes after row id {prev_id}: rows were renumbered")
    return None


def _read_head(session: Session) -> tuple[int, str] | None:
    row = session.execute(select(AuditChainHead.seq, AuditChainHead.hash).where(AuditChainHead.id == 1)).first()
    return None if row is None else (int(row.seq), str(row.hash))


def _check_head(before: tuple[int, str] | None, after: tuple[int, str] | None, last_seq: int,
                at_head: tuple[int, str] | None) -> BrokenLink | None:
    """Compare the walk with the chain head read before it and after it (appends may run meanwhile)."""
    if before is None or after is None:
        return BrokenLink(seq=None, id=None, problem="head_mismatch", detail="the chain head row is missing")
    if last_seq < before[0]:
        return BrokenLink(seq=last_seq + 1, id=None, problem="missing",
                          detail=f"the chain head says the last event is {before[0]} but the events stop at "
                                 f"{last_seq}: events were cut off the end")
    if before[0] > 0 and at_head is not None and at_head[1] != before[1]:
        return BrokenLink(seq=before[0], id=at_head[0], problem="head_mismatch",
                          detail="the chain head's hash differs from this event's hash")
    if after[0] < last_seq:  # the head only moves forward, and every event seen was committed with its head move
        return BrokenLink(seq=after[0] + 1, id=None, problem="head_mismatch",
                          detail=f"the chain head says the last event is {after[0]} but events run to {last_seq}")
    return None


def verify_chain(session: Session) -> VerifyReport:
    """Walk every event in sequence order, checking it against the chain head read before and after the walk.

    Reading the head first makes the check safe while others append: every event up to that head was committed
    before it was read, so the walk must reach it; events appended meanwhile are checked like any others.
    """
    head_before = _read_head(session)
    seq, prev_hash, prev_id, checked = 1, GENESIS_HASH, None, 0
    at_head: tuple[int, str] | None = None  # (row id, hash) of the event the first head read points at
    query = select(*_COLUMNS).order_by(AuditEvent.seq).execution_options(yield_per=BATCH)
    result = session.execute(query)
    try:
        for row in result:
            broken = _check_row(session, row, seq, prev_hash, prev_id)
            if broken is not None:
                return VerifyReport(ok=False, checked=checked, head=None, broken=broken)
            if head_before is not None and row.seq == head_before[0]:
                at_head = (row.id, row.hash)
            seq, prev_hash, prev_id, checked = seq + 1, row.hash, row.id, checked + 1
    finally:
        result.close()  # PostgreSQL streams through a server-side cursor: release it even when stopping early
    broken = _check_head(head_before, _read_head(session), seq - 1, at_head)
    head = ChainHead(seq=seq - 1, hash=prev_hash)
    return VerifyReport(ok=broken is None, checked=checked, head=head, broken=broken)

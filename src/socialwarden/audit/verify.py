"""Recomputing the chain: walk the events in sequence order and name the first row that does not hold.

Three layers are checked (see ``keys.py``): the plain sha256 chain (every row's hash, every link, the head row),
the keyed layer (each event's HMAC, the head's HMAC, the signed anchor that pins events written before the chain
was keyed), and the checkpoint file outside the database (each line's signature, and that the database still
holds every checkpointed event with the same hash, so rolled-back or truncated history is caught).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from socialwarden.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from socialwarden.audit.keys import BadCheckpoint, Checkpoint, Keyring, keyring_for, read_anchor, read_checkpoints
from socialwarden.audit.models import AuditChainHead, AuditEvent, BrokenLink, ChainHead, VerifyReport

_COLUMNS = [AuditEvent.id, AuditEvent.hash, AuditEvent.mac, *(getattr(AuditEvent, name) for name in HASHED_FIELDS)]
BATCH = 2000
KEPT_CHECKPOINTS = 200_000  # (seq -> hash) kept to compare during the walk; the highest is always kept


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


@dataclass
class _Keyed:
    """The keyed layer's state for one walk."""

    keyring: Keyring
    legacy_seq: int = 0
    legacy_hash: str = GENESIS_HASH
    anchored: bool = False
    legacy: int = 0
    checkpoints: dict[int, Checkpoint] = field(default_factory=dict)
    highest: Checkpoint | None = None
    anchors: list[Checkpoint] = field(default_factory=list)
    count: int = 0

    def check_row(self, row: Row[Any]) -> BrokenLink | None:
        if self.anchored and row.seq == self.legacy_seq and row.hash != self.legacy_hash:
            return BrokenLink(seq=row.seq, id=row.id, problem="anchor",
                              detail="the signed anchor pins a different hash for this event: the events before "
                                     "the chain was keyed were rewritten")
        if row.mac is None:
            if row.seq > self.legacy_seq:
                return BrokenLink(seq=row.seq, id=row.id, problem="unsigned",
                                  detail="this event carries no signature: it was written without the audit key "
                                         "(a forged row)")
            self.legacy += 1
        elif not self.keyring.same(self.keyring.event_mac(row.hash), row.mac):
            return BrokenLink(seq=row.seq, id=row.id, problem="bad_signature",
                              detail="the row's signature does not match its hash: it was written or rewritten "
                                     "without the audit key")
        seen = self.checkpoints.get(row.seq)
        if seen is not None and seen.hash != row.hash:
            return BrokenLink(seq=row.seq, id=row.id, problem="checkpoint",
                              detail=f"line {seen.line} of the checkpoint file recorded this event with hash "
                                     f"{seen.hash[:16]}… at {seen.at}; the database now holds another: the chain "
                                     "was rewritten or restored from a different copy")
        return None


def _load_checkpoints(keyed: _Keyed) -> BrokenLink | None:
    for item in read_checkpoints(keyed.keyring):
        if isinstance(item, BadCheckpoint):
            return BrokenLink(seq=None, id=None, problem="checkpoint",
                              detail=f"{keyed.keyring.checkpoints} line {item.line}: {item.detail}")
        keyed.count += 1
        if item.kind == "anchor":
            keyed.anchors.append(item)
            continue
        if keyed.highest is None or item.seq > keyed.highest.seq:
            keyed.highest = item
        keyed.checkpoints[item.seq] = item
        if len(keyed.checkpoints) > KEPT_CHECKPOINTS:
            del keyed.checkpoints[next(iter(keyed.checkpoints))]
    return None


def _check_anchor(session: Session, keyed: _Keyed, head: tuple[int, str, str | None] | None) -> BrokenLink | None:
    anchor = read_anchor(session.connection())
    if anchor is None:
        if head is not None and head[0] == 0 and not keyed.anchors and keyed.highest is None:
            return None  # a store no key has written to yet
        return BrokenLink(seq=None, id=None, problem="anchor",
                          detail="the chain's signed anchor row is missing (deleted, or the chain was replaced)")
    legacy_seq, legacy_hash, key_id, mac = anchor
    if key_id != keyed.keyring.key_id:
        return BrokenLink(seq=None, id=None, problem="anchor",
                          detail=f"the chain was keyed with another audit key (id {key_id}; this key is "
                                 f"{keyed.keyring.key_id}): restore the right key file to verify it")
    if not keyed.keyring.same(keyed.keyring.anchor_mac(legacy_seq, legacy_hash, key_id), mac):
        return BrokenLink(seq=None, id=None, problem="anchor",
                          detail="the anchor row's signature does not match: it was written without the audit key")
    for line in keyed.anchors:
        if (line.seq, line.hash) != (legacy_seq, legacy_hash):
            return BrokenLink(seq=None, id=None, problem="anchor",
                              detail=f"line {line.line} of the checkpoint file recorded another anchor "
                                     f"(seq {line.seq}): the anchor row was replaced")
    keyed.legacy_seq, keyed.legacy_hash, keyed.anchored = legacy_seq, legacy_hash, True
    return None


def _read_head(session: Session) -> tuple[int, str, str | None] | None:
    row = session.execute(select(AuditChainHead.seq, AuditChainHead.hash, AuditChainHead.mac)
                          .where(AuditChainHead.id == 1)).first()
    return None if row is None else (int(row.seq), str(row.hash), row.mac)


def _check_head(before: tuple[int, str, str | None] | None, after: tuple[int, str, str | None] | None,
                last_seq: int, at_head: tuple[int, str] | None) -> BrokenLink | None:
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


def _check_keyed_head(keyed: _Keyed, head: tuple[int, str, str | None], last_seq: int) -> BrokenLink | None:
    seq, head_hash, mac = head
    if mac is None:
        if not (seq == keyed.legacy_seq and head_hash == keyed.legacy_hash):
            return BrokenLink(seq=seq, id=None, problem="head_mismatch",
                              detail="the chain head carries no signature: it was moved without the audit key")
    elif not keyed.keyring.same(keyed.keyring.head_mac(seq, head_hash), mac):
        return BrokenLink(seq=seq, id=None, problem="head_mismatch",
                          detail="the chain head's signature does not match: it was moved without the audit key")
    if keyed.anchored and keyed.legacy_seq > last_seq:
        return BrokenLink(seq=last_seq + 1, id=None, problem="truncated",
                          detail=f"the signed anchor pins event {keyed.legacy_seq} but the events stop at "
                                 f"{last_seq}: events were cut off the end")
    top = keyed.highest
    if top is not None and top.seq > last_seq:
        return BrokenLink(seq=last_seq + 1, id=None, problem="truncated",
                          detail=f"line {top.line} of the checkpoint file saw event {top.seq} committed at {top.at}, "
                                 f"but the database's events stop at {last_seq}: events were cut off the end, or "
                                 "the database was restored from an older copy")
    return None


def verify_chain(session: Session) -> VerifyReport:
    """Walk every event in sequence order, checking it against the chain head read before and after the walk.

    The checkpoint file is read first and the head next: every checkpoint and every event up to that head was
    committed before the walk starts, so the walk must reach them; events appended meanwhile are checked like any
    others.
    """
    keyed = _Keyed(keyring=keyring_for(session.get_bind().engine))
    broken = _load_checkpoints(keyed)

    def report(found: BrokenLink | None, checked: int, head: ChainHead | None) -> VerifyReport:
        return VerifyReport(ok=found is None, checked=checked, head=head, broken=found,
                            legacy=keyed.legacy, checkpoints=keyed.count, key_id=keyed.keyring.key_id)

    if broken is not None:
        return report(broken, 0, None)
    head_before = _read_head(session)
    broken = _check_anchor(session, keyed, head_before)
    if broken is not None:
        return report(broken, 0, None)
    seq, prev_hash, prev_id, checked = 1, GENESIS_HASH, None, 0
    at_head: tuple[int, str] | None = None  # (row id, hash) of the event the first head read points at
    query = select(*_COLUMNS).order_by(AuditEvent.seq).execution_options(yield_per=BATCH)
    result = session.execute(query)
    try:
        for row in result:
            broken = _check_row(session, row, seq, prev_hash, prev_id) or keyed.check_row(row)
            if broken is not None:
                return report(broken, checked, None)
            if head_before is not None and row.seq == head_before[0]:
                at_head = (row.id, row.hash)
            seq, prev_hash, prev_id, checked = seq + 1, row.hash, row.id, checked + 1
    finally:
        result.close()  # PostgreSQL streams through a server-side cursor: release it even when stopping early
    broken = _check_head(head_before, _read_head(session), seq - 1, at_head)
    if broken is None and head_before is not None:
        broken = _check_keyed_head(keyed, head_before, seq - 1)
    head = ChainHead(seq=seq - 1, hash=prev_hash)
    return report(broken, checked, head)

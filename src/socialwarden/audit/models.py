"""Audit tables (append-only events and the single chain-head row) and their pydantic schemas."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy import JSON, BigInteger, CheckConstraint, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from socialwarden.store.base import Base

# SQLite only auto-numbers an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
_ID = BigInteger().with_variant(Integer(), "sqlite")


class AuditEvent(Base):
    """One state change. The database refuses UPDATE and DELETE on this table (triggers from migration 0002)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(80))
    subject_type: Mapped[str] = mapped_column(String(80))
    subject_id: Mapped[str] = mapped_column(String(200))
    before: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    after: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text)
    policy_id: Mapped[str | None] = mapped_column(String(80))
    policy_version: Mapped[str | None] = mapped_column(String(40))
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # HMAC-SHA256 of ``hash`` under the audit key (kept outside the database, see keys.py); NULL only for events
    # written before the chain was keyed (seq <= the anchor's legacy_seq)
    mac: Mapped[str | None] = mapped_column(String(64))


class AuditChainHead(Base):
    """The chain's last (seq, hash): the row appenders lock, and the witness that no event was cut off the end."""

    __tablename__ = "audit_chain_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64))  # HMAC of (seq, hash); NULL while still the legacy head


class AuditAnchor(Base):
    """Where the keyed chain starts (one insert-only row, signed): events up to ``legacy_seq`` predate the key."""

    __tablename__ = "audit_anchor"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    legacy_seq: Mapped[int] = mapped_column(BigInteger)
    legacy_hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(16))
    mac: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class AuditEventOut(BaseModel):
    """An audit event as services and edges see it (times in UTC)."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    seq: int
    at: dt.datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    before: Any
    after: Any
    reason: str | None
    policy_id: str | None
    policy_version: str | None
    prev_hash: str
    hash: str
    mac: str | None = None

    @field_validator("at")
    @classmethod
    def _at_utc(cls, value: dt.datetime) -> dt.datetime:
        return _utc(value)  # SQLite hands back naive times; they were written in UTC


class ChainHead(BaseModel):
    """The last event's sequence number and hash: publish it elsewhere to anchor the chain."""

    model_config = ConfigDict(frozen=True)

    seq: int
    hash: str


Problem = Literal["missing", "duplicate", "reordered", "hash_mismatch", "broken_link", "head_mismatch",
                  "bad_signature", "unsigned", "anchor", "checkpoint", "truncated"]


class BrokenLink(BaseModel):
    """The first place the chain does not hold, named by sequence number and row id where a row exists."""

    model_config = ConfigDict(frozen=True)

    seq: int | None
    id: int | None
    problem: Problem
    detail: str

    def describe(self) -> str:
        where = f"seq {self.seq}" if self.seq is not None else "the chain head"
        if self.id is not None:
            where += f" (row id {self.id})"
        return f"{where}: {self.problem.replace('_', ' ')}: {self.detail}"


class VerifyReport(BaseModel):
    """What `verify` found: how many events it checked, the head, and the first broken link if any."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    checked: int
    head: ChainHead | None
    broken: BrokenLink | None = None
    legacy: int = 0  # events written before the chain was keyed (pinned by the signed anchor, not signed each)
    checkpoints: int = 0  # signed checkpoints read from the checkpoint file
    key_id: str | None = None

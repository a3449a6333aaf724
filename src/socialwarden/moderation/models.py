"""Inbound comments with their triage, the actions taken on them, and the evidence kept before any removal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from socialwarden.store.base import Base


class Comment(Base):
    """A third-party comment or mention, stored once per (platform, comment id)."""

    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("platform", "comment_id", name="uq_comments_platform_comment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(40))
    comment_id: Mapped[str] = mapped_column(String(200))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    text: Mapped[str] = mapped_column(Text)
    # few secondary indexes: each one costs every bulk insert (exports and purges are rare, full scans are fine)
    author_id: Mapped[str | None] = mapped_column(String(200))  # the platform's id for the author
    author_name: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(1000))
    thread: Mapped[str | None] = mapped_column(String(500))
    parent_id: Mapped[str | None] = mapped_column(String(200))
    posted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(200))  # file name or connector
    content_hash: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(32))
    recommended: Mapped[str] = mapped_column(String(32))
    decision: Mapped[dict[str, Any]] = mapped_column(JSON)
    escalate_to: Mapped[list[str]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), index=True)  # open | done
    visibility: Mapped[str] = mapped_column(String(16))  # visible | hidden | removed
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)


class ModerationActionRecord(Base):
    """One thing a moderator did to a comment, attributed and explained."""

    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_pk: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    reason: Mapped[str] = mapped_column(Text)
    escalate_to: Mapped[list[str]] = mapped_column(JSON)
    reply_text: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Evidence(Base):
    """A copy of a comment taken before it was hidden or removed: it survives the comment (no foreign key)."""

    __tablename__ = "moderation_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(40))
    comment_id: Mapped[str] = mapped_column(String(200), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str | None] = mapped_column(String(200), index=True)
    author_name: Mapped[str | None] = mapped_column(String(200), index=True)
    posted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    url: Mapped[str | None] = mapped_column(String(1000))
    thread_context: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # the thread's other comments at the time
    content_hash: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    taken_by: Mapped[str] = mapped_column(String(80))  # person handle
    reason: Mapped[str] = mapped_column(Text)
    decision: Mapped[dict[str, Any]] = mapped_column(JSON)
    captured_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)


class CommentOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    platform: str
    comment_id: str
    account_id: int | None
    text: str
    author_id: str | None
    author_name: str | None
    url: str | None
    thread: str | None
    posted_at: dt.datetime
    verdict: str
    recommended: str
    escalate_to: list[str]
    findings: list[dict[str, Any]]
    state: str
    visibility: str
    due_at: dt.datetime | None
    answered_at: dt.datetime | None
    breached: bool


class ActionOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    comment: int
    action: str
    actor: str
    reason: str
    escalate_to: list[str]
    reply_text: str | None
    at: dt.datetime
    evidence_id: int | None
    handoff: str | None  # complaint / media contact the reply points to


class ImportReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    read: int
    imported: int
    duplicates: int
    bad: list[str]  # "file:line: field: message", the first BAD_SAMPLE of them (memory stays bounded)
    bad_count: int = 0  # every bad row, however many

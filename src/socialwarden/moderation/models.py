"""Inbound comments with their triage, the actions taken on them, and the evidence kept before any removal."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from socialwarden.connectors.models import PlatformActionOut
from socialwarden.store.base import Base


class CommentState(StrEnum):
    OPEN = "open"  # waiting for the desk (or for an escalation's decision)
    DONE = "done"


class Visibility(StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"
    REMOVED = "removed"


class EscalationState(StrEnum):
    """open -> acknowledged -> decided; either open state may be handed back to the desk instead."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    DECIDED = "decided"
    HANDED_BACK = "handed_back"


OPEN_ESCALATION = (EscalationState.OPEN.value, EscalationState.ACKNOWLEDGED.value)


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
    # the post the comment's thread hangs off (ours or anyone's) and its text: the off-topic check reads it
    post_id: Mapped[str | None] = mapped_column(String(200))
    post_text: Mapped[str | None] = mapped_column(Text)
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
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))


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
    # set when a comment that meets no moderation criterion was hidden or removed anyway (Gosport 27): why
    exception: Mapped[str | None] = mapped_column(Text)


class Escalation(Base):
    """A comment flagged to the roles a rule names: assigned to them (and the people holding them), with its own
    response clock, until one of them decides or hands it back to the desk."""

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_pk: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    roles: Mapped[list[str]] = mapped_column(JSON)  # policy role ids
    people: Mapped[list[int]] = mapped_column(JSON)  # person ids holding those roles when it was raised
    rules: Mapped[list[str]] = mapped_column(JSON)  # the fired rules that named the roles
    state: Mapped[str] = mapped_column(String(16), index=True)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    raised_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text)
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(32))  # the action decided, or handed_back


class EscalationEvent(Base):
    """One step of an escalation: raised, acknowledged, a comment, the decision, handed back."""

    __tablename__ = "escalation_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    text: Mapped[str] = mapped_column(Text)
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
    categories: list[str] = []
    assigned_to: str | None = None  # a person's handle
    escalation: int | None = None  # the open escalation, if any
    post_id: str | None = None  # the post the comment's thread hangs off, and its text (thread context)
    post_text: str | None = None


class EscalationStep(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str  # raised | acknowledged | comment | decided | handed_back
    actor: str
    text: str
    at: dt.datetime


class EscalationOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    comment: int
    roles: list[str]
    people: list[str]  # handles
    rules: list[str]
    state: EscalationState
    raised_by: str
    raised_at: dt.datetime
    reason: str
    due_at: dt.datetime | None
    breached: bool
    acknowledged_by: str | None
    acknowledged_at: dt.datetime | None
    closed_by: str | None
    closed_at: dt.datetime | None
    outcome: str | None
    steps: list[EscalationStep]


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
    exception: str | None = None  # why a comment meeting no criterion was hidden or removed anyway
    escalation: int | None = None  # the escalation raised or closed by this action
    platform: PlatformActionOut | None = None  # what became of it on the platform (None: not a platform action)


class ImportReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    read: int
    imported: int
    duplicates: int
    bad: list[str]  # "file:line: field: message", the first BAD_SAMPLE of them (memory stays bounded)
    bad_count: int = 0  # every bad row, however many

"""Posts, their versions (text + the engine's decision), approvals, media records and publish attempts."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialwarden.approvals.models import ApprovalOut, Need
from socialwarden.connectors.models import PlatformActionOut
from socialwarden.store.base import Base


class PostStatus(StrEnum):
    DRAFT = "draft"
    CHECKED = "checked"
    AWAITING_APPROVAL = "awaiting_approval"
    RETURNED = "returned"  # an approver sent it back with comments: the author edits it and submits again
    REJECTED = "rejected"  # an approver refused it; final
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    CORRECTED = "corrected"
    WITHDRAWN = "withdrawn"
    FAILED = "failed"  # publishing gave up after the last retry; the author is told why


STATUS_VALUES = ", ".join(f"'{s.value}'" for s in PostStatus)
S = PostStatus
# the only moves a post may make (``posts.records.move`` refuses any other); an edit goes back to checked
TRANSITIONS: dict[PostStatus, frozenset[PostStatus]] = {
    S.DRAFT: frozenset({S.CHECKED}),
    S.CHECKED: frozenset({S.CHECKED, S.AWAITING_APPROVAL, S.APPROVED, S.WITHDRAWN}),
    S.AWAITING_APPROVAL: frozenset({S.CHECKED, S.APPROVED, S.CORRECTED, S.RETURNED, S.REJECTED, S.WITHDRAWN}),
    S.RETURNED: frozenset({S.CHECKED, S.AWAITING_APPROVAL, S.CORRECTED, S.WITHDRAWN}),
    S.REJECTED: frozenset(),
    S.APPROVED: frozenset({S.CHECKED, S.SCHEDULED, S.WITHDRAWN}),
    S.SCHEDULED: frozenset({S.CHECKED, S.SCHEDULED, S.PUBLISHED, S.FAILED, S.WITHDRAWN}),
    S.FAILED: frozenset({S.CHECKED, S.SCHEDULED, S.WITHDRAWN}),
    S.PUBLISHED: frozenset({S.CORRECTED, S.AWAITING_APPROVAL, S.WITHDRAWN}),
    S.CORRECTED: frozenset({S.CORRECTED, S.AWAITING_APPROVAL, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset(),
}
UNPUBLISHED = frozenset({S.DRAFT, S.CHECKED, S.AWAITING_APPROVAL, S.RETURNED, S.REJECTED, S.APPROVED, S.SCHEDULED,
                         S.FAILED})


class AttemptOutcome(StrEnum):
    STARTED = "started"
    PUBLISHED = "published"
    FAILED = "failed"
    UNKNOWN = "unknown"
    NO_CONNECTOR = "no_connector"  # the account is not linked to its platform: nothing was sent


class Post(Base):
    """One post to one account; its text lives in versions, the newest being ``version``."""

    __tablename__ = "posts"
    __table_args__ = (CheckConstraint(f"status IN ({STATUS_VALUES})", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str | None] = mapped_column(String(40))  # e.g. job_advert (approval exemptions)
    status: Mapped[str] = mapped_column(String(20), index=True)
    version: Mapped[int] = mapped_column(Integer)
    approved_version: Mapped[int | None] = mapped_column(Integer)
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    platform_post_id: Mapped[str | None] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    engagement: Mapped[int] = mapped_column(Integer, default=0)  # likes + comments seen (Gosport 25 deletion)
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    versions: Mapped[list[PostVersion]] = relationship(order_by="PostVersion.number", lazy="selectin",
                                                       cascade="all, delete-orphan")
    media: Mapped[list[PostMedia]] = relationship(lazy="selectin", cascade="all, delete-orphan")
    publish_log: Mapped[list[PublishAttempt]] = relationship(order_by="PublishAttempt.id", lazy="selectin",
                                                             cascade="all, delete-orphan")


class PostVersion(Base):
    """One text of a post; earlier versions are kept (corrections show what changed)."""

    __tablename__ = "post_versions"
    __table_args__ = (UniqueConstraint("post_id", "number", name="uq_post_versions_post_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(40))  # draft | edit | correction
    note: Mapped[str | None] = mapped_column(Text)
    diff: Mapped[str | None] = mapped_column(Text)  # unified diff against the previous version
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    verdict: Mapped[str | None] = mapped_column(String(32))
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    approvers: Mapped[list[str]] = mapped_column(JSON, default=list)  # role ids, any one of which approves
    # what this exact version needs, worked out when it was checked: {"rules": [ApprovalRule...], "exempted":
    # [Exempted...]} (the approval rules it must meet, and the clauses that lifted any others)
    approval: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    policy_version: Mapped[str | None] = mapped_column(String(40))


class PostMedia(Base):
    """An attachment and what is on file for it: consent of identifiable people, source and licence."""

    __tablename__ = "post_media"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    ref: Mapped[str] = mapped_column(String(500))  # file name or URL of the attachment
    identifiable_people: Mapped[bool] = mapped_column(Boolean)
    consent_ref: Mapped[str | None] = mapped_column(String(500))  # where the signed consent is kept
    source: Mapped[str | None] = mapped_column(String(500))  # own photo, stock library ...
    licence: Mapped[str | None] = mapped_column(String(200))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PublishAttempt(Base):
    """A call to a platform, written (and committed) before the call so a crash cannot publish twice."""

    __tablename__ = "publish_attempts"
    __table_args__ = (UniqueConstraint("post_id", "version", "attempt", name="uq_publish_attempts_post_try"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    version: Mapped[int] = mapped_column(Integer)
    attempt: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(String(16))  # started | published | failed | unknown | no_connector
    platform_post_id: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str | None] = mapped_column(Text)


class VersionOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    text: str
    reason: str
    note: str | None
    diff: str | None
    created_by: str
    created_at: dt.datetime
    verdict: str | None
    approvers: list[str]


class MediaOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    ref: str
    identifiable_people: bool
    consent_ref: str | None
    source: str | None
    licence: str | None


class PostOut(BaseModel):
    """A post as services and edges show it (people by handle)."""

    model_config = ConfigDict(frozen=True)

    id: int
    account_id: int
    account: str
    author: str
    kind: str | None
    status: PostStatus
    version: int
    approved_version: int | None
    text: str
    verdict: str | None
    scheduled_at: dt.datetime | None
    published_at: dt.datetime | None
    platform_post_id: str | None
    attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str | None
    versions: list[VersionOut]
    approvals: list[ApprovalOut]  # every decision on every version (approve / return / reject), oldest first
    media: list[MediaOut]
    need: Need  # whether the current version needs approval, from whom, or the clause that exempts it
    check: dict[str, Any] | None  # the stored decision of the current version (findings, rules, next steps)
    limit: int | None  # the account's platform's character limit
    length: int  # characters in the current text, as the platform counts them
    # corrections and withdrawals carried out on the platform (or why not), oldest first: both ids are kept
    on_platform: list[PlatformActionOut] = []


class CalendarDay(BaseModel):
    """One day of the calendar (UK time) and the posts scheduled or published on it."""

    model_config = ConfigDict(frozen=True)

    day: dt.date
    posts: list[PostOut]

"""Per-account connector state: where the account lives on its platform, the sync cursor, its health.

The cursor is saved in the same transaction as the comments it led to, so after a crash the next sync starts
exactly after the last page that was stored: nothing is missed, and the desk's (platform, comment id) key
stops anything being stored twice.
"""

from __future__ import annotations

import datetime as dt
import enum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from socialwarden.store.base import Base


class LinkHealth(enum.StrEnum):
    OK = "ok"
    NEEDS_RECONNECTING = "needs_reconnecting"  # the token expired or was revoked: a person must reconnect
    FAILING = "failing"  # rate limited, platform down, malformed answers: retried next cycle


class ConnectorLink(Base):
    """One governance account's connection to its platform."""

    __tablename__ = "connector_links"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(200))  # page / user / channel id on the platform
    api_base_url: Mapped[str | None] = mapped_column(String(500))  # Mastodon instance, feed URL, API proxy
    cursor: Mapped[str | None] = mapped_column(Text)
    health: Mapped[str] = mapped_column(String(24), default=LinkHealth.OK)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_sync_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    not_before: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))  # a rate limit's wait
    comments_seen: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    engagement_read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ActionOutcome(enum.StrEnum):
    """What became of one action on a platform (``platform_actions``): written ``started`` before the call."""

    STARTED = "started"
    DONE = "done"
    NOT_SUPPORTED = "not_supported"  # the platform's API cannot do it: recorded here only
    FAILED = "failed"  # the platform refused or did not answer: its error is kept
    NO_CONNECTOR = "no_connector"  # the account is not linked to its platform: recorded here only


class PlatformActionRecord(Base):
    """One action carried out on a platform for a comment or a post (hide, reply, correct, withdraw …): the
    attempt is committed before the call and its outcome after, so a crash leaves ``started`` behind and the
    next run settles it (``key`` is the same on every retry of the same action)."""

    __tablename__ = "platform_actions"
    __table_args__ = (UniqueConstraint("key", name="uq_platform_actions_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    verb: Mapped[str] = mapped_column(String(24))  # hide | unhide | remove | reply | block_author | report … |
    subject_type: Mapped[str] = mapped_column(String(24))  # comment | post
    subject_id: Mapped[int] = mapped_column(Integer, index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    platform: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(200))  # the platform's id of what was acted on
    method: Mapped[str | None] = mapped_column(String(24))  # how: edit | reply | new_post | delete …
    result_id: Mapped[str | None] = mapped_column(String(200))  # the platform's id of what it made (a reply)
    outcome: Mapped[str] = mapped_column(String(16), index=True)
    message: Mapped[str] = mapped_column(Text)  # the sentence people are shown
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    actor: Mapped[str] = mapped_column(String(80))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class PlatformActionOut(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True)

    id: int
    verb: str
    subject_type: str
    subject_id: int
    account_id: int | None
    platform: str
    target_id: str | None
    method: str | None
    result_id: str | None
    outcome: ActionOutcome
    message: str
    error: str | None
    attempts: int
    actor: str
    started_at: dt.datetime
    finished_at: dt.datetime | None


class LinkOut(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True)

    account_id: int
    external_id: str | None
    api_base_url: str | None
    health: LinkHealth
    last_error: str | None
    last_sync_at: dt.datetime | None
    not_before: dt.datetime | None
    comments_seen: int


class SyncReport(BaseModel):
    """What one account's sync did."""

    model_config = ConfigDict(frozen=True)

    account_id: int
    account: str
    pages: int
    fetched: int
    stored: int
    duplicates: int
    health: LinkHealth
    error: str | None = None
    not_before: dt.datetime | None = None
    engagement_posts: int = 0  # posts whose counts were read this time
    engagement_changed: int = 0  # of those, how many moved

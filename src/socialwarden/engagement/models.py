"""Engagement with our published posts, as the platforms count it: one row per post each time the counts change.

Rows are written by the connectors' sync (``connectors/flows.py``), never edited: a post's history is its rows in
time order, and its current counts are the newest row. ``posts.engagement`` keeps the newest total (likes + shares
+ replies) so the posts domain's deletion rule (Gosport 27: never delete once anyone has engaged) reads it without
a join.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from socialwarden.store.base import Base


class PostEngagement(Base):
    """The counts one platform reported for one of our posts at one time."""

    __tablename__ = "post_engagement"
    __table_args__ = (Index("ix_post_engagement_post_read", "post_id", "read_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    platform_post_id: Mapped[str] = mapped_column(String(200))
    read_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    likes: Mapped[int] = mapped_column(Integer)  # likes, favourites, reactions
    shares: Mapped[int] = mapped_column(Integer)  # shares, boosts, reposts, quotes
    replies: Mapped[int] = mapped_column(Integer)  # comments and replies
    views: Mapped[int | None] = mapped_column(Integer)


class EngagementOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    post_id: int
    account_id: int
    platform_post_id: str
    read_at: dt.datetime
    likes: int
    shares: int
    replies: int
    views: int | None
    total: int


class AccountEngagement(BaseModel):
    """One account's published posts and their newest counts, summed (the dashboard's row, ETT 6f)."""

    model_config = ConfigDict(frozen=True)

    account_id: int
    account: str
    posts: int  # posts with at least one reading
    engaged_posts: int  # of those, how many anyone has liked, shared or answered
    likes: int
    shares: int
    replies: int
    views: int | None
    last_read_at: dt.datetime | None


class ReadReport(BaseModel):
    """What one account's engagement read did."""

    model_config = ConfigDict(frozen=True)

    account_id: int
    posts: int  # posts asked about
    changed: int  # posts whose counts moved (a new row each)
    missing: int  # posts the platform no longer has

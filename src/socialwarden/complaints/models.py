"""Complaint records: made from complaint comments, with their own state, due date and retention."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from socialwarden.store.base import Base


class ComplaintState(StrEnum):
    """received -> redirected (told where to complain, ETT 9b) | investigating -> resolved -> closed."""

    RECEIVED = "received"
    REDIRECTED = "redirected"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    CLOSED = "closed"


MOVES: dict[ComplaintState, frozenset[ComplaintState]] = {
    ComplaintState.RECEIVED: frozenset({ComplaintState.REDIRECTED, ComplaintState.INVESTIGATING,
                                        ComplaintState.RESOLVED, ComplaintState.CLOSED}),
    ComplaintState.REDIRECTED: frozenset({ComplaintState.INVESTIGATING, ComplaintState.CLOSED}),
    ComplaintState.INVESTIGATING: frozenset({ComplaintState.RESOLVED}),
    ComplaintState.RESOLVED: frozenset({ComplaintState.CLOSED, ComplaintState.INVESTIGATING}),
    ComplaintState.CLOSED: frozenset(),
}


class Complaint(Base):
    """A complaint made in a comment. It copies what it needs from the comment (no foreign key), so it follows
    the complaints retention rule, not the comments one."""

    __tablename__ = "complaints"
    __table_args__ = (UniqueConstraint("platform", "comment_id", name="uq_complaints_platform_comment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(40))
    comment_id: Mapped[str] = mapped_column(String(200))
    comment_pk: Mapped[int | None] = mapped_column(Integer)  # the comment while it is still stored
    complainant: Mapped[str | None] = mapped_column(String(200), index=True)  # the author's display name
    complainant_id: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), index=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    outcome: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)


class ComplaintOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    platform: str
    comment_id: str
    comment: int | None
    complainant: str | None
    text: str
    state: ComplaintState
    received_at: dt.datetime
    due_at: dt.datetime
    overdue: bool
    assigned_to: str | None
    outcome: str | None
    closed_at: dt.datetime | None

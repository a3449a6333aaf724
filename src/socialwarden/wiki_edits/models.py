"""The wiki_edits table (one row per edit asked for) and its pydantic view."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialwarden.approvals.models import ApprovalState
from socialwarden.people.models import Person
from socialwarden.store.base import Base


class WikiEditStatus(StrEnum):
    REQUESTED = "requested"  # waiting for the advice the policy asks for
    RETURNED = "returned"  # sent back with comments: the requester amends it
    APPROVED = "approved"  # advised to go ahead
    REJECTED = "rejected"  # advised not to make the edit
    WITHDRAWN = "withdrawn"


STATUS_VALUES = ", ".join(f"'{s.value}'" for s in WikiEditStatus)


class WikiEdit(Base):
    """An edit someone means to make to a wiki entry about the organisation (or where they have an interest)."""

    __tablename__ = "wiki_edits"
    __table_args__ = (CheckConstraint(f"status IN ({STATUS_VALUES})", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page: Mapped[str] = mapped_column(String(500))  # the entry's URL or title
    change: Mapped[str] = mapped_column(Text)  # what they mean to change
    reason: Mapped[str] = mapped_column(Text)
    conflict_of_interest: Mapped[bool] = mapped_column(Boolean, default=False)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    requested_by: Mapped[Person] = relationship(lazy="joined")


class WikiEditOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    page: str
    change: str
    reason: str
    conflict_of_interest: bool
    requested_by: str
    requested_at: dt.datetime
    status: WikiEditStatus
    revision: int
    decided_at: dt.datetime | None
    approvals: ApprovalState

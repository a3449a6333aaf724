"""The policy_exceptions table and its pydantic view."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialwarden.people.models import Person
from socialwarden.store.base import Base


class ExceptionStatus(StrEnum):
    REQUESTED = "requested"  # waiting for approvals
    APPROVED = "approved"  # every approval in; in force until expires_at
    REJECTED = "rejected"  # an approver refused it
    WITHDRAWN = "withdrawn"


STATUS_VALUES = ", ".join(f"'{s.value}'" for s in ExceptionStatus)


class ExceptionState(StrEnum):
    """Status and time together: what the register shows."""

    REQUESTED = "requested"
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class PolicyException(Base):
    """One approved (or requested) departure from the policy, with an expiry."""

    __tablename__ = "policy_exceptions"
    __table_args__ = (CheckConstraint(f"status IN ({STATUS_VALUES})", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    clause: Mapped[str | None] = mapped_column(String(200))  # the policy item it departs from
    reason: Mapped[str] = mapped_column(Text)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16))
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    requested_by: Mapped[Person] = relationship(lazy="joined")


class ExceptionOut(BaseModel):
    """An exception as the register shows it (state depends on the time asked)."""

    model_config = ConfigDict(frozen=True)

    id: int
    title: str
    clause: str | None
    reason: str
    account_id: int | None
    requested_by: str
    requested_at: dt.datetime
    expires_at: dt.datetime
    status: ExceptionStatus
    state: ExceptionState
    approved_at: dt.datetime | None
    approvers: list[str]
    missing: list[str]

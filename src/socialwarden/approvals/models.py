"""The approvals table (one row per person per subject) and its pydantic views."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialwarden.people.models import Person
from socialwarden.store.base import Base


class Approval(Base):
    """One person's approval of an account or exception request, in the role they approved as."""

    __tablename__ = "approvals"
    __table_args__ = (UniqueConstraint("subject_type", "subject_id", "approver_id",
                                       name="uq_approvals_subject_approver"),
                      Index("ix_approvals_subject", "subject_type", "subject_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(20))  # "account" or "exception"
    subject_id: Mapped[int] = mapped_column(Integer)
    rule_id: Mapped[str] = mapped_column(String(80))  # the policy ApprovalRule it counts towards
    role: Mapped[str] = mapped_column(String(80))
    approver_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    approver: Mapped[Person] = relationship(lazy="joined")


class ApprovalOut(BaseModel):
    """Who approved, as what, when, with what comment."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    role: str
    approver: str
    comment: str | None
    at: dt.datetime


class Requirement(BaseModel):
    """One role an approval rule asks for, and who (if anyone) has met it."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    mode: str  # "all_of" or "any_of"
    roles: list[str]  # one role for all_of; the alternatives for any_of
    satisfied_by: str | None


class ApprovalState(BaseModel):
    """Where a request stands against the approval rules that apply to it."""

    model_config = ConfigDict(frozen=True)

    complete: bool
    requirements: list[Requirement]
    approvals: list[ApprovalOut]

    @property
    def missing(self) -> list[str]:
        return [" or ".join(r.roles) for r in self.requirements if r.satisfied_by is None]

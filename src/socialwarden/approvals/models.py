"""The approvals table (one decision per person per version of a subject) and its pydantic views."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialwarden.people.models import Person
from socialwarden.store.base import Base


class Verdict(StrEnum):
    """What an approver decided about one version of a subject."""

    APPROVE = "approve"  # counts towards the approvals the rules ask for
    RETURN = "return"  # back to the requester with comments: they change it and send it again
    REJECT = "reject"  # refused for good


VERDICT_VALUES = ", ".join(f"'{v.value}'" for v in Verdict)


class Approval(Base):
    """One person's decision on one version of a post, account request, exception or wiki edit, in one role."""

    __tablename__ = "approvals"
    __table_args__ = (UniqueConstraint("subject_type", "subject_id", "version", "approver_id",
                                       name="uq_approvals_subject_version_approver"),
                      CheckConstraint(f"decision IN ({VERDICT_VALUES})", name="decision"),
                      Index("ix_approvals_subject", "subject_type", "subject_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(20))  # an ApprovalSubject value
    subject_id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)  # the exact version decided on (a post's text version)
    decision: Mapped[str] = mapped_column(String(16))
    rule_id: Mapped[str] = mapped_column(String(80))  # the policy rule the approver's role answers to
    role: Mapped[str] = mapped_column(String(80))
    approver_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    approver: Mapped[Person] = relationship(lazy="joined")


class ApprovalOut(BaseModel):
    """Who decided what on which version, as what, when, with what comment."""

    model_config = ConfigDict(frozen=True)

    version: int
    decision: Verdict
    rule_id: str
    role: str
    approver: str
    comment: str | None
    at: dt.datetime


class Requirement(BaseModel):
    """One role an approval rule asks for, and who (if anyone) has met it on the current version."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    mode: str  # "all_of" or "any_of"
    roles: list[str]  # one role for all_of; the alternatives for any_of
    satisfied_by: str | None


class ApprovalState(BaseModel):
    """Where one version of a subject stands against the approval rules that apply to it."""

    model_config = ConfigDict(frozen=True)

    version: int
    complete: bool
    requirements: list[Requirement]
    approvals: list[ApprovalOut]  # the decisions on this version
    history: list[ApprovalOut] = []  # every decision on every version, oldest first

    @property
    def missing(self) -> list[str]:
        return [" or ".join(r.roles) for r in self.requirements if r.satisfied_by is None]

    @property
    def last_word(self) -> ApprovalOut | None:
        """The latest return or rejection on any version (what the requester was told), if any."""
        return next((a for a in reversed(self.history) if a.decision is not Verdict.APPROVE), None)


class Exempted(BaseModel):
    """A standing approval rule that would apply, and the exemption (with its clause) that lifts it."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    exemption_id: str
    text: str
    section: str
    quote: str


class Need(BaseModel):
    """Whether a post version needs approval, from whom, and why not when it does not (the clause that exempts)."""

    model_config = ConfigDict(frozen=True)

    rules: list[str]  # the approval rule ids that apply
    roles: list[str]  # every role that could approve
    exempted: list[Exempted]
    note: str  # one plain sentence for the screen

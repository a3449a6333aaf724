"""The policy_reviews table (one row per review recorded) and its pydantic views."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialwarden.people.models import Person
from socialwarden.store.base import Base


class Outcome(StrEnum):
    NO_CHANGE = "no_change"  # reviewed: the policy stands as it is
    CHANGES_RECOMMENDED = "changes_recommended"  # reviewed: changes go to those who agree the policy


OUTCOME_VALUES = ", ".join(f"'{o.value}'" for o in Outcome)


class DueState(StrEnum):
    NEVER = "never"  # no review on record, in the database or the policy file
    OK = "ok"
    SOON = "soon"  # due within the warning period
    DUE = "due"  # past due
    NONE = "none"  # the policy sets no review period


class PolicyReview(Base):
    """One review of the policy: who, when, which version, the outcome and notes."""

    __tablename__ = "policy_reviews"
    __table_args__ = (CheckConstraint(f"outcome IN ({OUTCOME_VALUES})", name="outcome"),
                      Index("ix_policy_reviews_policy", "policy_id", "reviewed_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(80))
    policy_version: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(24))
    notes: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    reviewed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    reviewed_by: Mapped[Person] = relationship(lazy="joined")


class ReviewOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    policy_id: str
    policy_version: str
    outcome: Outcome
    notes: str | None
    reviewed_by: str
    reviewed_at: dt.datetime


class ReviewStatus(BaseModel):
    """Where the policy's review stands: the last review (recorded here, or the file's date) and the next due."""

    model_config = ConfigDict(frozen=True)

    policy_id: str
    every_months: int | None
    owner: str | None  # the role that reviews
    last_reviewed: dt.date | None
    last_by: str | None  # who, when recorded here ("policy file" when only the file's date is known)
    due: dt.date | None
    state: DueState
    cite: str | None
    reviews: list[ReviewOut]

"""Duty runs (one per duty per day, so a rerun the same day does nothing) and the notices they raised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from socialwarden.store.base import Base


class DutyRun(Base):
    """One duty's run on one day."""

    __tablename__ = "duty_runs"
    __table_args__ = (UniqueConstraint("duty", "day", name="uq_duty_runs_duty_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    duty: Mapped[str] = mapped_column(String(80))
    day: Mapped[dt.date] = mapped_column(Date)
    ran_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)


class DutyNotice(Base):
    """Something a duty found and told someone (e.g. ETT 17a: the owner advised to close an unused account)."""

    __tablename__ = "duty_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("duty_runs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(80))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    message: Mapped[str] = mapped_column(Text)
    cite: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Notice(BaseModel):
    """One thing a duty found, and who it tells."""

    model_config = ConfigDict(frozen=True)

    kind: str
    subject_type: str
    subject_id: str
    recipient: str | None  # a person's handle
    message: str
    cite: str | None = None


class DutyResult(BaseModel):
    """What one duty did today (or that it had already run today)."""

    model_config = ConfigDict(frozen=True)

    duty: str
    already_ran: bool
    notices: list[Notice]


class DutyReport(BaseModel):
    """What `run_duties` did, duty by duty."""

    model_config = ConfigDict(frozen=True)

    day: dt.date
    results: list[DutyResult]

"""Incidents, the accounts each one suspended, and pydantic views."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialwarden.people.models import Person
from socialwarden.store.base import Base


class Incident(Base):
    """One declared incident: who declared it, why, when, and who ended it."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    declared_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    declared_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    end_reason: Mapped[str | None] = mapped_column(Text)

    declared_by: Mapped[Person] = relationship(foreign_keys=[declared_by_id], lazy="joined")
    ended_by: Mapped[Person | None] = relationship(foreign_keys=[ended_by_id], lazy="joined")
    suspensions: Mapped[list[IncidentSuspension]] = relationship(lazy="selectin", cascade="all, delete-orphan")

    @property
    def active(self) -> bool:
        return self.ended_at is None


class IncidentSuspension(Base):
    """An account this incident suspended (and only those are reactivated when it ends)."""

    __tablename__ = "incident_suspensions"

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    reactivated: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(String(200))  # why it was not reactivated, if it was not


class IncidentOut(BaseModel):
    """An incident as services and edges show it."""

    model_config = ConfigDict(frozen=True)

    id: int
    active: bool
    reason: str
    declared_by: str
    declared_at: dt.datetime
    ended_by: str | None
    ended_at: dt.datetime | None
    end_reason: str | None
    suspended_account_ids: list[int]
    reactivated_account_ids: list[int]

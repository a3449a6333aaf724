"""The people table and its pydantic view (which never carries the password hash)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from socialwarden.store.base import Base


def utc(value: dt.datetime) -> dt.datetime:
    """An aware UTC time (SQLite hands back naive times; they were written in UTC)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def utc_or_none(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else utc(value)


class Person(Base):
    """Someone the policy makes responsible for something; roles are the policy's role ids."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handle: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str | None] = mapped_column(String(200))  # what a bio must state (ETT 15b)
    email: Mapped[str | None] = mapped_column(String(254))
    roles: Mapped[list[str]] = mapped_column(JSON)
    line_manager_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # filled by the web app (argon2); never exposed by any schema or export
    password_hash: Mapped[str | None] = mapped_column(String(255))

    def __repr__(self) -> str:
        return f"Person(id={self.id!r}, handle={self.handle!r})"


class PersonOut(BaseModel):
    """A person as services and edges show them."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    handle: str
    name: str
    job_title: str | None
    email: str | None
    roles: list[str]
    line_manager_id: int | None
    active: bool
    created_at: dt.datetime

    @field_validator("created_at")
    @classmethod
    def _utc(cls, value: dt.datetime) -> dt.datetime:
        return utc(value)

"""Leases (one holder at a time, with an expiry) and runs (an idempotency key per one-off job).

A lease is how one worker out of many syncs an account, or publishes, at a time: taking it is one conditional
UPDATE (free, expired, or already ours), so two workers can never both hold it, and a worker killed while holding
it loses it when it expires. A run row is written when a one-off job (a platform action) starts and marked done
in the commit that finishes it, so a task delivered twice does the work once.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from socialwarden.store.base import Base


class RunState(enum.StrEnum):
    STARTED = "started"
    DONE = "done"
    FAILED = "failed"


class JobLease(Base):
    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)  # e.g. sync:account:12, publish
    holder: Mapped[str | None] = mapped_column(String(200))  # host:pid:task id; None when released
    acquired_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class JobRun(Base):
    __tablename__ = "job_runs"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # the idempotency key
    task: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    result: Mapped[dict[str, object] | None] = mapped_column(JSON)

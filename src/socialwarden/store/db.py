"""Opening the store at the right schema (migrations applied), and the checks table."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, Integer, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from socialwarden.engine.decision import Decision
from socialwarden.exceptions import StoreError
from socialwarden.settings import Settings
from socialwarden.store.base import Base
from socialwarden.store.engine import make_engine

__all__ = ["Base", "CheckRecord", "init_store", "make_engine", "open_store", "record_check"]


class CheckRecord(Base):
    """One engine decision, kept so every check is traceable to the policy version that made it."""

    __tablename__ = "checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    policy_id: Mapped[str] = mapped_column(String(80))
    policy_version: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(16))
    verdict: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    decision: Mapped[dict[str, Any]] = mapped_column(JSON)


def init_store(engine: Engine) -> None:
    """Bring the schema up to date (apply every pending migration)."""
    from socialwarden.store.migrate import upgrade  # alembic is slow to import; only store commands need it

    upgrade(engine)


def open_store(settings: Settings) -> Engine:
    """An engine for a store whose schema is current; StoreError (saying what to run) when it is behind."""
    from socialwarden.store.migrate import require_current  # alembic is slow to import: only when used

    engine = make_engine(settings)
    try:
        require_current(engine)
    except StoreError:
        engine.dispose()
        raise
    return engine


def record_check(session: Session, *, actor: str, text: str, decision: Decision) -> CheckRecord:
    """Add a decision to the session (the caller commits)."""
    row = CheckRecord(created_at=dt.datetime.now(dt.UTC), actor=actor, policy_id=decision.policy_id,
                      policy_version=decision.policy_version, direction=decision.direction.value,
                      verdict=decision.verdict.value, text=text,
                      decision=json.loads(json.dumps(decision.to_json())))
    session.add(row)
    return row

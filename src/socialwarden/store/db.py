"""Engine creation and schema set-up for the store."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, Integer, String, Text, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from socialwarden.engine.decision import Decision
from socialwarden.exceptions import StoreError
from socialwarden.settings import Settings


class Base(DeclarativeBase):
    pass


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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(settings: Settings) -> Engine:
    """A SQLAlchemy engine for the configured database (creating the SQLite data directory if needed)."""
    url = settings.database_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def init_store(engine: Engine) -> None:
    """Create the tables that do not exist yet."""
    try:
        Base.metadata.create_all(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot initialise the store at {engine.url.render_as_string(hide_password=True)}: "
                         f"{exc.__class__.__name__}") from exc


def record_check(session: Session, *, actor: str, text: str, decision: Decision) -> CheckRecord:
    """Add a decision to the session (the caller commits)."""
    row = CheckRecord(created_at=dt.datetime.now(dt.UTC), actor=actor, policy_id=decision.policy_id,
                      policy_version=decision.policy_version, direction=decision.direction.value,
                      verdict=decision.verdict.value, text=text,
                      decision=json.loads(json.dumps(decision.to_json())))
    session.add(row)
    return row

"""Creating the SQLAlchemy engine from Settings (kept light: no models, no migrations imported)."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from socialwarden.exceptions import StoreError
from socialwarden.settings import Settings
from socialwarden.store.files import private_dir, tighten, touch_private

# The settings each engine was made from, so code holding only a session (the audit trail's key and checkpoint
# file) can find what the edge configured. Weak: an engine that is dropped takes its entry with it.
_SETTINGS: weakref.WeakKeyDictionary[Engine, Settings] = weakref.WeakKeyDictionary()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA synchronous=FULL")  # a commit (an audit event) survives power loss, not just a crash
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA recursive_triggers=ON")  # REPLACE's implicit delete fires the audit DELETE trigger too
    cursor.close()


def _driver_url(url: str) -> str:
    # "postgresql://" alone would pick psycopg2, which is not installed; psycopg (3) is.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL (None for PostgreSQL and in-memory databases)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    if str(parsed.database).startswith("file:"):
        return None
    return Path(str(parsed.database))


def make_engine(settings: Settings) -> Engine:
    """A SQLAlchemy engine for the configured database.

    SQLite: the data directory is created 0700 and the database file 0600 before SQLite opens it (SQLite gives
    its -wal and -shm files the database file's mode), and existing files are tightened to 0600.
    """
    url = _driver_url(settings.database_url)
    try:
        database = sqlite_file(url)
    except ArgumentError as exc:
        raise StoreError(f"WARDEN_DATABASE_URL is not usable: {exc}") from exc
    if url.startswith("sqlite"):
        private_dir(settings.data_dir)
    if database is not None:
        touch_private(database)
        for suffix in ("-wal", "-shm", "-journal"):
            tighten(database.with_name(database.name + suffix))
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"WARDEN_DATABASE_URL is not usable: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    _SETTINGS[engine] = settings
    return engine


def settings_of(engine: Engine) -> Settings | None:
    """The Settings ``engine`` was made from by ``make_engine`` (None for an engine made some other way)."""
    return _SETTINGS.get(engine)

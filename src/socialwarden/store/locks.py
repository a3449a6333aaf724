"""Write serialisation: take the database's write lock before reading state that a write will depend on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

# pg_advisory_xact_lock key for schema migrations (any fixed 64-bit number; this one spells "warden").
MIGRATION_LOCK_KEY = 0x77617264656E


def begin_immediate(connection: Connection) -> None:
    """On SQLite, start the transaction with BEGIN IMMEDIATE unless it already holds the write lock.

    pysqlite opens a transaction only before its first INSERT/UPDATE/DELETE, so a transaction that has not written
    yet holds no lock and no snapshot: BEGIN IMMEDIATE then waits (busy_timeout) for the write lock, and every read
    that follows sees the latest commit. A transaction that has written already holds the lock (WAL: one writer).
    """
    if connection.dialect.name != "sqlite":
        return
    raw: Any = connection.connection.driver_connection
    if not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # through SQLAlchemy, so a timeout is an OperationalError


def lock_for_migration(connection: Connection) -> None:
    """Serialise concurrent `warden db upgrade` runs (SQLite: the write lock; PostgreSQL: an advisory lock)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    else:
        begin_immediate(connection)

"""Alembic migrations run from code: which revision the database is at, which the code needs, and upgrading.

There is no alembic.ini: the configuration is built here and the connection is handed to ``migrations/env.py``
through ``Config.attributes``, so the database URL always comes from the Settings the caller passed in.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import SQLAlchemyError

from socialwarden.exceptions import StoreError
from socialwarden.store.locks import lock_for_migration

SCRIPT_LOCATION = "socialwarden.store:migrations"
# Stores made by `create_all` before migrations existed have the checks table and no version: they are at 0001.
LEGACY_REVISION = "0001"
LEGACY_TABLE = "checks"


@dataclass(frozen=True)
class SchemaStatus:
    """Where the database's schema is against what this version of the code needs."""

    current: str | None
    head: str
    pending: tuple[str, ...]
    legacy: bool = False  # tables from before migrations, no revision recorded
    known: bool = True  # False when the database is at a revision this code has never heard of

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    def describe_current(self) -> str:
        if self.current is not None:
            return self.current
        return "none (created before migrations)" if self.legacy else "none (empty database)"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config for the shipped migrations, optionally bound to an open connection."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The revision this version of the code needs."""
    head = _scripts().get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise StoreError("no migrations are shipped with this installation")
    return head


def store_error(engine: Engine, exc: Exception, doing: str) -> StoreError:
    """A StoreError naming the database (password hidden) and the driver's own first line, never a traceback."""
    where = engine.url.render_as_string(hide_password=True)
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = detail[0][:300] if detail else ""
    return StoreError(f"cannot {doing} the store at {where}: {exc.__class__.__name__}: {first}")


def _status(connection: Connection) -> SchemaStatus:
    current = MigrationContext.configure(connection).get_current_revision()
    head = head_revision()
    legacy = current is None and inspect(connection).has_table(LEGACY_TABLE)
    try:
        lower = current if current is not None else ("base" if not legacy else LEGACY_REVISION)
        pending = tuple(reversed([s.revision for s in _scripts().iterate_revisions(head, lower)]))
    except (CommandError, RevisionError):
        return SchemaStatus(current=current, head=head, pending=(), legacy=legacy, known=False)
    return SchemaStatus(current=current, head=head, pending=pending, legacy=legacy)


def schema_status(engine: Engine) -> SchemaStatus:
    """Read the database's revision and list the migrations still to apply."""
    try:
        with engine.connect() as connection:
            return _status(connection)
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from exc


def require_current(engine: Engine) -> SchemaStatus:
    """Raise StoreError unless the database's schema is exactly the one this code needs."""
    status = schema_status(engine)
    if not status.known:
        raise StoreError(f"database schema is at revision {status.current}, which this version does not know "
                         f"(it needs {status.head}): was the database upgraded by a newer SocialWarden?")
    if not status.up_to_date:
        raise StoreError(f"database schema is at revision {status.describe_current()}, this version needs "
                         f"{status.head}: run `warden db upgrade`")
    return status


def upgrade(engine: Engine, revision: str = "head") -> tuple[SchemaStatus, SchemaStatus]:
    """Apply migrations up to ``revision`` in one transaction; return the status before and after.

    On SQLite, foreign keys are switched off for the migration (outside its transaction, where SQLite allows it)
    so a revision may rebuild a table others refer to (SQLite's own procedure for changing a CHECK), and every
    foreign key is verified before the transaction commits."""
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as connection:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            try:
                with connection.begin():
                    lock_for_migration(connection)
                    before = _status(connection)
                    if not before.known:
                        raise StoreError(f"database schema is at revision {before.current}, which this version "
                                         "does not know: refusing to migrate it")
                    config = alembic_config(connection)
                    if before.legacy:
                        command.stamp(config, LEGACY_REVISION)
                    command.upgrade(config, revision)
                    after = _status(connection)
                    anchored = _anchor_audit_chain(engine, connection)
                    if sqlite:
                        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                        if broken:
                            raise StoreError(f"the migration would leave {len(broken)} rows pointing at nothing "
                                             f"(first: {tuple(broken[0])}); nothing was changed")
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                    connection.commit()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "upgrade") from exc
    except (CommandError, RevisionError) as exc:
        raise StoreError(f"cannot upgrade the store to {revision!r}: {exc}") from exc
    if anchored is not None:
        from socialwarden.audit.keys import keyring_for, write_checkpoint

        write_checkpoint(keyring_for(engine), kind="anchor", seq=anchored[0], head_hash=anchored[1])
    return before, after


def _anchor_audit_chain(engine: Engine, connection: Connection) -> tuple[int, str] | None:
    """Key the audit chain as soon as the schema can hold it: a signed anchor pins the events already written
    (see ``audit.keys``). Skipped for engines not made from Settings (no key is known) and before the revision
    that adds ``audit_anchor``."""
    from socialwarden.audit.keys import ensure_anchor, keyring_for
    from socialwarden.store.engine import settings_of

    if settings_of(engine) is None or not inspect(connection).has_table("audit_anchor"):
        return None
    lock = " FOR UPDATE" if connection.dialect.name == "postgresql" else ""
    row = connection.exec_driver_sql(f"SELECT seq, hash FROM audit_chain_head WHERE id = 1{lock}").first()
    if row is None:
        return None
    return ensure_anchor(connection, keyring_for(engine), (int(row[0]), str(row[1])))

"""Alembic environment: runs the migrations on the connection the caller put in ``config.attributes``.

``socialwarden.store.migrate`` always passes one. When Alembic's own command line is used instead, the URL comes
from Settings (WARDEN_DATABASE_URL / WARDEN_DATA_DIR), never from an ini file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from socialwarden.store.metadata import target_metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata(),
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    from socialwarden.settings import Settings
    from socialwarden.store.engine import make_engine

    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    settings = config.attributes.get("settings") or Settings.from_env()
    if context.is_offline_mode():
        context.configure(url=settings.database_url, target_metadata=target_metadata(), literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(settings)
    try:
        with engine.begin() as connection:
            _run(connection)
    finally:
        engine.dispose()


_main()

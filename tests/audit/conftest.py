"""The audit tests run on both backends with the store's fixtures."""

from tests.store.conftest import bare_engine, cli_env, db_url, engine, pg_database, settings

__all__ = ["bare_engine", "cli_env", "db_url", "engine", "pg_database", "settings"]

"""Moderation desk tests run on both backends with the store's fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.store.conftest import bare_engine, cli_env, db_url, engine, pg_database, settings

__all__ = ["bare_engine", "cli_env", "db_url", "engine", "pg_database", "settings"]


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on a migrated store; the test commits as an edge would."""
    with Session(engine, expire_on_commit=False) as s:
        yield s

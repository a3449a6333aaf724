"""Governance tests run on both backends with the store's fixtures, against the gosport and ett packs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import Policy
from tests.store.conftest import bare_engine, cli_env, db_url, engine, pg_database, settings

__all__ = ["bare_engine", "cli_env", "db_url", "engine", "pg_database", "settings"]


@pytest.fixture(scope="session")
def gosport() -> Policy:
    return load_policy("gosport")


@pytest.fixture(scope="session")
def ett() -> Policy:
    return load_policy("ett")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on a migrated store; the test commits as an edge would."""
    with Session(engine, expire_on_commit=False) as s:
        yield s

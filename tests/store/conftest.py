"""Store fixtures: ``db_url`` runs a test on a SQLite file and on PostgreSQL.

PostgreSQL comes from WARDEN_TEST_POSTGRES_URL (a server URL such as
postgresql+psycopg://postgres@127.0.0.1:5432/postgres; `.ci/run` starts one). Each test module gets a fresh,
uniquely named database, dropped afterwards, and each test its own schema in it, so every test starts from an
empty store. Without the variable the PostgreSQL cases are skipped locally and fail under CI.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine

PG_ENV = "WARDEN_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


def postgres_server_url() -> str:
    """The test server's URL; skip when unset, but fail under CI where PostgreSQL must be tested."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set but CI is: .ci/run must start PostgreSQL and export it")
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL cases skipped")
    return url


@pytest.fixture(scope="module")
def pg_database() -> Iterator[str]:
    """A fresh database for this test module on the test server (dropped afterwards): its URL."""
    server = make_url(postgres_server_url())
    name = f"warden_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _pg_schema_url(database_url: str) -> str:
    """A new empty schema in the module's database, and a URL whose search_path puts it first."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    url = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file in tmp_path, or a fresh schema on the PostgreSQL test server."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'warden.db').as_posix()}"
    return _pg_schema_url(request.getfixturevalue("pg_database"))


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, database_url=db_url)


@pytest.fixture
def bare_engine(settings: Settings) -> Iterator[Engine]:
    """An engine on the empty database (no migrations applied)."""
    engine = make_engine(settings)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(bare_engine: Engine) -> Engine:
    """An engine on a database migrated to head."""
    init_store(bare_engine)
    return bare_engine


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the `warden` command at the test database."""
    monkeypatch.setenv("WARDEN_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("WARDEN_DATABASE_URL", settings.database_url)
    return settings

"""Migrations on SQLite and PostgreSQL: up from empty, idempotent, matching the models, and clear refusals."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.orm import Session

from socialwarden.exceptions import StoreError
from socialwarden.settings import Settings
from socialwarden.store import migrate
from socialwarden.store.db import CheckRecord, init_store, make_engine, open_store
from socialwarden.store.metadata import target_metadata
from tests.policy.test_validate import run_cli

TRIGGERS = {
    "sqlite": {"audit_events_no_update", "audit_events_no_delete", "audit_chain_head_forward",
               "audit_chain_head_no_delete", "audit_events_no_replace", "audit_chain_head_no_insert",
               "audit_anchor_no_update", "audit_anchor_no_delete", "audit_anchor_no_replace"},
    "postgresql": {"audit_events_no_change", "audit_events_no_truncate", "audit_chain_head_forward",
                   "audit_chain_head_no_truncate", "audit_anchor_no_change", "audit_anchor_no_truncate"},
}


# every revision in order, so later domains' migrations do not break these tests
_SCRIPTS = ScriptDirectory.from_config(migrate.alembic_config())
REVISIONS = tuple(reversed([r.revision for r in _SCRIPTS.walk_revisions()]))
HEAD = REVISIONS[-1]


def triggers(engine: Engine) -> set[str]:
    query = ("SELECT name FROM sqlite_master WHERE type = 'trigger'" if engine.dialect.name == "sqlite" else
             "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
             "WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid)")
    with engine.connect() as connection:
        return set(connection.execute(text(query)).scalars())


def test_upgrade_from_empty_reaches_head_with_tables_and_triggers(bare_engine: Engine) -> None:
    before = migrate.schema_status(bare_engine)
    assert (before.current, before.pending, before.up_to_date) == (None, REVISIONS, False)
    init_store(bare_engine)
    after = migrate.schema_status(bare_engine)
    assert after.current == after.head == migrate.head_revision() and after.up_to_date
    tables = set(inspect(bare_engine).get_table_names())
    assert {"alembic_version", "checks", "audit_events", "audit_chain_head"} <= tables
    assert triggers(bare_engine) == TRIGGERS[bare_engine.dialect.name]


def test_upgrade_twice_applies_nothing_the_second_time(bare_engine: Engine) -> None:
    first, _ = migrate.upgrade(bare_engine)
    second, after = migrate.upgrade(bare_engine)
    assert first.pending == REVISIONS
    assert second.pending == () and after.up_to_date


def test_models_match_the_migrations(engine: Engine) -> None:
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), target_metadata())
    assert diffs == []


def test_downgrade_to_the_first_revision_and_back(engine: Engine) -> None:
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0001")
    assert "audit_events" not in inspect(engine).get_table_names()
    assert triggers(engine) == set()
    init_store(engine)
    assert triggers(engine) == TRIGGERS[engine.dialect.name]


def test_a_store_behind_the_code_says_what_to_run(bare_engine: Engine, settings: Settings) -> None:
    migrate.upgrade(bare_engine, "0001")
    with pytest.raises(StoreError) as caught:
        open_store(settings)
    assert caught.value.message == (f"database schema is at revision 0001, this version needs {HEAD}: "
                                    "run `warden db upgrade`")


def test_an_empty_database_is_reported_as_such(settings: Settings) -> None:
    with pytest.raises(StoreError, match=rf"at revision none \(empty database\), this version needs {HEAD}"):
        open_store(settings)


def test_the_cli_reports_an_old_schema_without_a_traceback(
        bare_engine: Engine, cli_env: Settings, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    migrate.upgrade(bare_engine, "0001")
    code, output = run_cli(["audit", "verify"], monkeypatch, capsys)
    assert code == 1
    assert f"database schema is at revision 0001, this version needs {HEAD}: run `warden db upgrade`" in output
    assert "Traceback" not in output
    code, output = run_cli(["db", "status", "--json"], monkeypatch, capsys)
    assert code == 0 and json.loads(output)["pending"] == list(REVISIONS[1:])
    code, output = run_cli(["db", "upgrade"], monkeypatch, capsys)
    assert code == 0 and f"from 0001 to {HEAD}" in output
    code, output = run_cli(["audit", "verify"], monkeypatch, capsys)
    assert code == 0 and "audit chain intact: 0 events" in output


def test_a_store_made_before_migrations_is_adopted_with_its_data(bare_engine: Engine, settings: Settings) -> None:
    CheckRecord.__table__.create(bare_engine)  # what `create_all` used to make
    with bare_engine.begin() as connection:
        connection.execute(text("INSERT INTO checks (created_at, actor, policy_id, policy_version, direction, "
                                "verdict, text, decision) VALUES ('2026-01-01 00:00:00', 'demo', 'gen', '1', "
                                "'outbound', 'allow', 'hello', '{}')"))
    with pytest.raises(StoreError, match=r"revision none \(created before migrations\)"):
        open_store(settings)
    before, after = migrate.upgrade(bare_engine)
    assert before.legacy and before.pending == REVISIONS[1:] and after.up_to_date
    with Session(bare_engine) as session:
        assert session.execute(select(CheckRecord.text)).scalars().all() == ["hello"]


def test_a_revision_from_a_newer_version_is_refused(engine: Engine, settings: Settings) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="revision 9999, which this version does not know"):
        open_store(settings)
    with pytest.raises(StoreError, match="refusing to migrate"):
        migrate.upgrade(engine)


def test_concurrent_upgrades_are_serialised(bare_engine: Engine) -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            migrate.upgrade(bare_engine)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    workers = [threading.Thread(target=run) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert migrate.schema_status(bare_engine).up_to_date


def test_an_unreachable_database_is_a_store_error_not_a_traceback(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="postgresql://warden:s3cret@127.0.0.1:1/none")
    engine = make_engine(settings)
    with pytest.raises(StoreError) as caught:
        migrate.schema_status(engine)
    assert "cannot read the store at postgresql+psycopg://warden:***@127.0.0.1:1/none" in caught.value.message
    assert "s3cret" not in caught.value.message

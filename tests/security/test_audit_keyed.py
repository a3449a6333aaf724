"""Item 4: someone who can write the database cannot rewrite the audit trail unseen. Rows are signed with a key
kept outside the database, the head is signed, checkpoints go to a file outside it, and REPLACE-style rewrites
are refused by the database itself."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.audit.chain import GENESIS_HASH, event_hash, format_at
from socialwarden.exceptions import StoreError
from socialwarden.settings import Settings
from socialwarden.store import migrate
from socialwarden.store.engine import make_engine
from tests.audit.helpers import append
from tests.security.hardening import cli_env, run_warden
from tests.store.conftest import bare_engine, db_url, engine, pg_database, settings

__all__ = ["bare_engine", "db_url", "engine", "pg_database", "settings"]


def _before_keys() -> str:
    """The revision just before the one that keys the audit chain (whatever the revisions are numbered)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    keyed = next(s for s in scripts.walk_revisions() if s.path.endswith("_hardening_audit_keys.py"))
    down = keyed.down_revision
    assert isinstance(down, str)
    return down


BEFORE_KEYS = _before_keys()


def verify(engine: Engine) -> Any:
    with Session(engine) as session:
        return audit.verify(session)


def problem(engine: Engine) -> tuple[int | None, str, str]:
    report = verify(engine)
    assert not report.ok and report.broken is not None, "the tampering went unnoticed"
    return report.broken.seq, report.broken.problem, report.broken.detail


def drop_triggers(connection: Any) -> None:
    """What a superuser does first: every trigger on the audit tables goes."""
    if connection.dialect.name == "sqlite":
        names = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars().all()
        for name in names:
            connection.execute(text(f"DROP TRIGGER {name}"))
    else:
        rows = connection.execute(text("SELECT tgname, c.relname FROM pg_trigger t JOIN pg_class c "
                                       "ON c.oid = t.tgrelid WHERE NOT t.tgisinternal "
                                       "AND pg_table_is_visible(c.oid)")).all()
        for name, table in rows:
            connection.execute(text(f"DROP TRIGGER {name} ON {table}"))


def as_superuser(engine: Engine, *statements: str, params: dict[str, Any] | None = None) -> None:
    with engine.begin() as connection:
        drop_triggers(connection)
        for statement in statements:
            connection.execute(text(statement), params or {})


def head_row(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        return dict(connection.execute(text("SELECT seq, hash, mac FROM audit_chain_head")).one()._mapping)


def forged_fields(engine: Engine, **changes: Any) -> dict[str, Any]:
    """The next event as a forger would write it: every plain field right, the hash recomputed."""
    head = head_row(engine)
    fields: dict[str, Any] = {"seq": head["seq"] + 1, "at": dt.datetime.now(dt.UTC), "actor": "head-of-it",
                              "action": "account.approve", "subject_type": "account", "subject_id": "7",
                              "before": {"status": "requested"}, "after": {"status": "approved"}, "reason": None,
                              "policy_id": "gosport", "policy_version": "1", "prev_hash": head["hash"], **changes}
    fields["hash"] = event_hash({**fields, "at": format_at(fields["at"])})
    return fields


INSERT = ("INSERT INTO audit_events (seq, at, actor, action, subject_type, subject_id, before, after, reason, "
          "policy_id, policy_version, prev_hash, hash, mac) VALUES (:seq, :at, :actor, :action, :subject_type, "
          ":subject_id, :before, :after, :reason, :policy_id, :policy_version, :prev_hash, :hash, :mac)")


def insert_forged(engine: Engine, fields: dict[str, Any], mac: str | None, *, verb: str = "INSERT") -> None:
    import json

    params = {**fields, "before": json.dumps(fields["before"]), "after": json.dumps(fields["after"]), "mac": mac}
    with engine.begin() as connection:  # triggers intact: appending and moving the head one step are allowed
        connection.execute(text(INSERT.replace("INSERT", verb, 1)), params)
        connection.execute(text("UPDATE audit_chain_head SET seq = :seq, hash = :hash"), params)


# ------------------------------------------------------------------ REPLACE-style rewrites


REWRITES = {
    "sqlite": ["INSERT OR REPLACE INTO audit_events SELECT id, seq, at, actor, action, subject_type, subject_id, "
               "before, after, 'rewritten', policy_id, policy_version, prev_hash, hash, mac FROM audit_events "
               "WHERE seq = 2",
               "REPLACE INTO audit_events SELECT id, seq, at, 'someone else', action, subject_type, subject_id, "
               "before, after, reason, policy_id, policy_version, prev_hash, hash, mac FROM audit_events WHERE seq = 2",
               "INSERT INTO audit_events SELECT * FROM audit_events WHERE seq = 2 "
               "ON CONFLICT(id) DO UPDATE SET reason = 'rewritten'",
               "INSERT OR REPLACE INTO audit_chain_head (id, seq, hash, mac) VALUES (1, 1, 'x', NULL)",
               "INSERT OR REPLACE INTO audit_anchor SELECT 1, 0, legacy_hash, key_id, mac, created_at "
               "FROM audit_anchor"],
    "postgresql": ["INSERT INTO audit_events SELECT * FROM audit_events WHERE seq = 2 "
                   "ON CONFLICT (id) DO UPDATE SET reason = 'rewritten'",
                   "INSERT INTO audit_chain_head VALUES (1, 0, 'x', NULL) ON CONFLICT (id) DO UPDATE SET seq = 0",
                   "INSERT INTO audit_anchor SELECT * FROM audit_anchor ON CONFLICT (id) DO UPDATE SET "
                   "legacy_seq = 0"],
}


def test_replace_and_upsert_rewrites_are_refused(engine: Engine) -> None:
    append(engine, 3)
    for statement in REWRITES[engine.dialect.name]:
        with pytest.raises(DBAPIError, match="refused"), engine.begin() as connection:
            connection.execute(text(statement))
    assert verify(engine).ok


# ------------------------------------------------------------------ forged appends


def test_a_forged_append_with_a_correct_plain_hash_and_a_moved_head_is_caught(engine: Engine) -> None:
    append(engine, 4)
    fields = forged_fields(engine)
    insert_forged(engine, fields, mac=None)
    assert problem(engine)[:2] == (5, "unsigned")


def test_a_forged_append_carrying_another_rows_signature_is_caught(engine: Engine) -> None:
    events = append(engine, 4)
    insert_forged(engine, forged_fields(engine), mac=events[-1].mac)
    assert problem(engine)[:2] == (5, "bad_signature")


def test_a_rewritten_row_with_every_hash_after_it_recomputed_is_caught(engine: Engine) -> None:
    events = append(engine, 4)
    previous = events[1].hash
    statements, params = [], {}
    for event in events[2:]:  # rewrite seq 3 and re-chain 4 so the plain chain holds end to end
        fields = {**event.model_dump(), "at": format_at(event.at), "prev_hash": previous}
        if event.seq == 3:
            fields["reason"] = "nothing happened"
        digest = event_hash(fields)
        statements.append(f"UPDATE audit_events SET reason = :r{event.seq}, prev_hash = :p{event.seq}, "
                          f"hash = :h{event.seq} WHERE seq = {event.seq}")
        params.update({f"r{event.seq}": fields["reason"], f"p{event.seq}": previous, f"h{event.seq}": digest})
        previous = digest
    statements.append("UPDATE audit_chain_head SET hash = :head")
    params["head"] = previous
    as_superuser(engine, *statements, params=params)
    assert problem(engine)[:2] == (3, "bad_signature")


# ------------------------------------------------------------------ truncation


def test_a_truncated_tail_with_the_head_reset_is_caught(engine: Engine) -> None:
    events = append(engine, 5)
    as_superuser(engine, "DELETE FROM audit_events WHERE seq > 3",
                 "UPDATE audit_chain_head SET seq = 3, hash = :h", params={"h": events[2].hash})
    _seq, found, detail = problem(engine)
    assert found == "head_mismatch" and "signature" in detail


def test_a_truncated_tail_with_an_old_signed_head_restored_is_caught_by_the_checkpoints(engine: Engine) -> None:
    append(engine, 3)
    old_head = head_row(engine)  # as a backup copy of the head row would hold it
    append(engine, 2)
    as_superuser(engine, "DELETE FROM audit_events WHERE seq > 3",
                 "UPDATE audit_chain_head SET seq = :seq, hash = :hash, mac = :mac", params=old_head)
    seq, found, detail = problem(engine)
    assert (seq, found) == (4, "truncated") and "saw event 5" in detail


def test_a_database_rolled_back_to_an_older_copy_is_caught(settings: Settings, engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("copying the database file back is SQLite's rollback")
    database = Path(engine.url.database or "")
    append(engine, 3)
    engine.dispose()
    shutil.copy(database, database.with_suffix(".bak"))
    append(engine, 3)
    engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copy(database.with_suffix(".bak"), database)
    assert verify(engine).checked == 3
    assert problem(engine)[1] == "truncated"


def test_the_command_line_verify_checks_the_checkpoint_file(engine: Engine, settings: Settings) -> None:
    append(engine, 3)
    old_head = head_row(engine)
    append(engine, 2)
    env = cli_env(settings)
    ran = run_warden(["audit", "verify"], env=env)
    assert ran.code == 0 and "audit chain intact: 5 events" in ran.out
    as_superuser(engine, "DELETE FROM audit_events WHERE seq > 3",
                 "UPDATE audit_chain_head SET seq = :seq, hash = :hash, mac = :mac", params=old_head)
    ran = run_warden(["audit", "verify"], env=env)
    assert ran.code == 7 and "truncated" in ran.err and "checkpoint file saw event 5" in ran.err.replace("\n", "")


def test_a_checkpoint_line_written_without_the_key_is_caught(engine: Engine, settings: Settings) -> None:
    from socialwarden.audit import keys

    append(engine, 2)
    with settings.audit_checkpoints_path.open("a", encoding="ascii") as handle:
        handle.write('{"kind":"head","seq":9,"hash":"' + "0" * 64 + '","at":"2030-01-01T00:00:00.000000Z",'
                     '"key":"' + keys.keyring_for(engine).key_id + '","mac":"' + "f" * 64 + '"}\n')
    assert problem(engine)[1] == "checkpoint"


# ------------------------------------------------------------------ keys and migration


def test_key_and_checkpoint_files_are_private_and_beside_the_vault_key(tmp_path: Path) -> None:
    keys_dir = tmp_path / "keys"
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'data' / 'w.db'}",
                        vault_key_file=keys_dir / "vault.key")
    store = make_engine(settings)
    try:
        migrate.upgrade(store)
        append(store, 1)
    finally:
        store.dispose()
    for path in (keys_dir / "audit.key", keys_dir / "audit-checkpoints.log"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(keys_dir.stat().st_mode) == 0o700


def test_a_different_key_cannot_append_or_verify(engine: Engine, settings: Settings) -> None:
    append(engine, 2)
    other = make_engine(replace(settings, audit_key="another key that is long enough to be a key"))
    try:
        with Session(other) as session, pytest.raises(StoreError, match="not the key this store"):
            audit.record(session, actor="x", action="a.b", subject_type="t", subject_id="1", before=None,
                         after=None, reason=None, policy_id=None, policy_version=None)
        _seq, found, detail = problem(other)
        assert found in {"anchor", "checkpoint"} and "another" in detail
    finally:
        other.dispose()
    assert verify(engine).ok


def _plain_append(connection: Any, seq: int, prev_hash: str, actor: str = "old") -> str:
    """An event as the code before the keyed chain wrote it (no signature)."""
    import json

    fields = {"seq": seq, "at": dt.datetime(2025, 1, 1, 12, seq, tzinfo=dt.UTC), "actor": actor, "action": "old.act",
              "subject_type": "thing", "subject_id": str(seq), "before": None, "after": {"n": seq},
              "reason": None, "policy_id": None, "policy_version": None, "prev_hash": prev_hash}
    digest = event_hash({**fields, "at": format_at(fields["at"])})
    connection.execute(text("INSERT INTO audit_events (seq, at, actor, action, subject_type, subject_id, before, "
                            "after, reason, policy_id, policy_version, prev_hash, hash) VALUES (:seq, :at, :actor, "
                            ":action, :subject_type, :subject_id, :before, :after, :reason, :policy_id, "
                            ":policy_version, :prev_hash, :hash)"),
                       {**fields, "before": json.dumps(None), "after": json.dumps(fields["after"]), "hash": digest})
    connection.execute(text("UPDATE audit_chain_head SET seq = :seq, hash = :hash"), {"seq": seq, "hash": digest})
    return digest


def test_an_existing_chain_is_migrated_and_its_old_events_stay_covered(bare_engine: Engine) -> None:
    migrate.upgrade(bare_engine, BEFORE_KEYS)  # the store as it was before the keyed chain
    previous = GENESIS_HASH
    with bare_engine.begin() as connection:
        for seq in range(1, 5):
            previous = _plain_append(connection, seq, previous)
    migrate.upgrade(bare_engine)
    append(bare_engine, 2)
    report = verify(bare_engine)
    assert report.ok and report.checked == 6 and report.legacy == 4
    legacy = "UPDATE audit_events SET reason = 'edited' WHERE seq = 2"
    as_superuser(bare_engine, legacy)
    assert problem(bare_engine)[:2] == (2, "hash_mismatch")


def test_a_fully_rechained_legacy_history_is_caught_by_the_anchor(bare_engine: Engine) -> None:
    migrate.upgrade(bare_engine, BEFORE_KEYS)
    previous = GENESIS_HASH
    with bare_engine.begin() as connection:
        for seq in range(1, 4):
            previous = _plain_append(connection, seq, previous)
    migrate.upgrade(bare_engine)
    with bare_engine.begin() as connection:  # rewrite the whole legacy history, consistently, as a superuser
        drop_triggers(connection)
        connection.execute(text("DELETE FROM audit_events"))
        previous = GENESIS_HASH
        for seq in range(1, 4):
            previous = _plain_append(connection, seq, previous, actor="rewritten")
    assert problem(bare_engine)[:2] == (3, "anchor")


def test_a_missing_key_file_is_not_silently_replaced(engine: Engine, settings: Settings) -> None:
    from socialwarden.audit import keys

    append(engine, 2)
    settings.audit_key_path.unlink()
    keys.forget(engine)
    with Session(engine) as session, pytest.raises(StoreError, match="not the key this store"):
        audit.record(session, actor="x", action="a.b", subject_type="t", subject_id="1", before=None, after=None,
                     reason=None, policy_id=None, policy_version=None)
    assert os.path.exists(settings.audit_key_path)  # a new key was made, and refused: restore the old one

"""Appending and verifying on SQLite and PostgreSQL, the database's refusals, and tamper detection."""

from __future__ import annotations

import itertools
import sqlite3
import threading

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.audit.chain import GENESIS_HASH, event_hash
from socialwarden.audit.models import AuditEvent
from socialwarden.exceptions import InputError, StoreError
from socialwarden.settings import Settings
from socialwarden.store.db import CheckRecord
from tests.audit.helpers import append, as_dba
from tests.policy.test_validate import run_cli


def verify(engine: Engine) -> audit.VerifyReport:
    with Session(engine) as session:
        return audit.verify(session)


def test_appended_events_chain_and_verify(engine: Engine) -> None:
    events = append(engine, 5)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))
    assert all(event_hash(e.model_dump()) == e.hash for e in events)
    report = verify(engine)
    assert report.ok and report.checked == 5 and report.broken is None
    assert report.head is not None and (report.head.seq, report.head.hash) == (5, events[-1].hash)
    with Session(engine) as session:
        assert audit.head(session) == report.head
        assert [e.subject_id for e in audit.history(session, subject_type="account", subject_id="acc-3")] == \
            ["acc-3"]


def test_an_empty_chain_verifies(engine: Engine) -> None:
    report = verify(engine)
    assert report.ok and report.checked == 0
    assert report.head is not None and (report.head.seq, report.head.hash) == (0, GENESIS_HASH)


def test_the_domain_change_and_its_event_commit_or_roll_back_together(engine: Engine) -> None:
    def change(session: Session) -> None:
        session.add(CheckRecord(created_at=func.now(), actor="a", policy_id="gen", policy_version="1",
                                direction="outbound", verdict="allow", text="t", decision={}))
        audit.record(session, actor="a", action="check.store", subject_type="check", subject_id="1", before=None,
                     after={"verdict": "allow"}, reason=None, policy_id="gen", policy_version="1")

    with Session(engine) as session:
        change(session)
        session.rollback()
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(CheckRecord)) == 0
        assert audit.head(session).seq == 0
        change(session)
        session.commit()
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(CheckRecord)) == 1
        assert audit.head(session).seq == 1
    assert verify(engine).ok


def test_several_events_in_one_transaction_chain_in_order(engine: Engine) -> None:
    with Session(engine) as session:
        first = audit.record(session, actor="a", action="x", subject_type="s", subject_id="1", before=None,
                             after=None, reason=None, policy_id=None, policy_version=None)
        second = audit.record(session, actor="a", action="y", subject_type="s", subject_id="1", before=None,
                              after=None, reason=None, policy_id=None, policy_version=None)
        session.commit()
    assert (first.seq, second.seq, second.prev_hash) == (1, 2, first.hash)
    assert verify(engine).ok


@pytest.mark.parametrize(("field", "value", "message"), [
    ("actor", "", "actor must not be empty"), ("action", "  ", "action must not be empty"),
    ("subject_id", "x" * 201, "subject_id is longer than 200"), ("policy_version", "v" * 41, "longer than 40"),
])
def test_bad_fields_are_refused_before_anything_is_written(engine: Engine, field: str, value: str,
                                                           message: str) -> None:
    with pytest.raises(InputError, match=message):
        append(engine, 1, **{field: value})
    with Session(engine) as session:
        assert audit.head(session).seq == 0


def test_secrets_never_reach_the_database(engine: Engine) -> None:
    append(engine, 1, before={"password": "hunter2", "handle": "@c"}, after={"oauth": {"access_token": "tok-XYZ"}})
    with engine.connect() as connection:
        raw = " ".join(str(v) for v in connection.execute(text("SELECT * FROM audit_events")).one())
    assert "hunter2" not in raw and "tok-XYZ" not in raw and "[redacted]" in raw and "@c" in raw
    assert verify(engine).ok


def test_awkward_text_is_stored_and_verifies(engine: Engine) -> None:
    append(engine, 1, reason="nul\x00 and lone \ud800 and 😀", after={"k\x00": "\udfff"}, subject_id="ä/ß")
    assert verify(engine).ok


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET reason = 'rewritten' WHERE seq = 1",
    "DELETE FROM audit_events WHERE seq = 1",
    "DELETE FROM audit_events",
    "UPDATE audit_chain_head SET seq = 0",
    "DELETE FROM audit_chain_head",
])
def test_the_database_refuses_to_change_audit_rows(engine: Engine, statement: str) -> None:
    append(engine, 2)
    with pytest.raises(DBAPIError) as caught, engine.begin() as connection:
        connection.execute(text(statement))
    assert "audit_" in str(caught.value.orig) and "refused" in str(caught.value.orig)
    assert verify(engine).ok


def test_postgresql_refuses_truncate(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    append(engine, 1)
    for table in ("audit_events", "audit_chain_head"):
        with pytest.raises(DBAPIError, match="TRUNCATE refused"), engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {table}"))
    assert verify(engine).ok


def broken(engine: Engine) -> tuple[int | None, int | None, str, str]:
    report = verify(engine)
    assert not report.ok and report.broken is not None
    return report.broken.seq, report.broken.id, report.broken.problem, report.broken.detail


def test_an_edited_row_is_named(engine: Engine) -> None:
    append(engine, 5)
    as_dba(engine, "UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 3")
    assert broken(engine)[:3] == (3, 3, "hash_mismatch")


def test_an_edited_before_value_is_named(engine: Engine) -> None:
    append(engine, 5)
    as_dba(engine, "UPDATE audit_events SET before = NULL WHERE seq = 4")
    assert broken(engine)[:3] == (4, 4, "hash_mismatch")


def test_a_deleted_row_is_named_by_the_row_after_the_gap(engine: Engine) -> None:
    append(engine, 5)
    as_dba(engine, "DELETE FROM audit_events WHERE seq = 3")
    seq, row_id, problem, detail = broken(engine)
    assert (seq, row_id, problem) == (4, 4, "missing") and "event 3 is missing" in detail


def test_rows_cut_off_the_end_are_found_through_the_chain_head(engine: Engine) -> None:
    append(engine, 5)
    as_dba(engine, "DELETE FROM audit_events WHERE seq >= 4")
    seq, row_id, problem, detail = broken(engine)
    assert (seq, row_id, problem) == (4, None, "missing") and "stop at 3" in detail


def test_swapped_sequence_numbers_are_reported_as_reordered(engine: Engine) -> None:
    append(engine, 5)
    as_dba(engine, "UPDATE audit_events SET seq = -2 WHERE seq = 2", "UPDATE audit_events SET seq = 2 WHERE seq = 4",
           "UPDATE audit_events SET seq = 4 WHERE seq = -2")
    seq, row_id, problem, detail = broken(engine)
    assert (seq, row_id, problem) == (2, 4, "reordered") and "written as seq 4" in detail


def test_renumbered_row_ids_are_reported_as_reordered(engine: Engine) -> None:
    append(engine, 4)
    as_dba(engine, "UPDATE audit_events SET id = -2 WHERE id = 2", "UPDATE audit_events SET id = 2 WHERE id = 3",
           "UPDATE audit_events SET id = 3 WHERE id = -2")
    assert broken(engine)[:3] == (3, 2, "reordered")


def test_a_forged_row_with_a_recomputed_hash_is_caught_by_its_signature(engine: Engine) -> None:
    events = append(engine, 5)
    forged = {**events[2].model_dump(), "reason": "forged"}
    as_dba(engine, "UPDATE audit_events SET reason = 'forged', hash = :h WHERE seq = 3",
           params={"h": event_hash(forged)})
    assert broken(engine)[:3] == (3, 3, "bad_signature")  # the plain chain alone only saw it at seq 4's link


def test_verify_on_the_command_line_names_the_row(engine: Engine, cli_env: Settings,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    append(engine, 4)
    code, output = run_cli(["audit", "verify"], monkeypatch, capsys)
    assert code == 0 and "audit chain intact: 4 events" in output
    as_dba(engine, "UPDATE audit_events SET actor = 'someone else' WHERE seq = 2")
    code, output = run_cli(["audit", "verify"], monkeypatch, capsys)
    assert code == 7 and "seq 2 (row id 2): hash mismatch" in output
    code, output = run_cli(["audit", "verify", "--json"], monkeypatch, capsys)
    assert code == 7 and '"problem": "hash_mismatch"' in output and '"seq": 2' in output


def test_concurrent_writers_never_fork_the_chain(engine: Engine) -> None:
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            append(engine, 15, actor=name)
        except BaseException as exc:  # reported in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(f"writer-{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = verify(engine)
    assert report.ok and report.checked == 60
    with Session(engine) as session:
        seqs = session.execute(select(AuditEvent.seq).order_by(AuditEvent.seq)).scalars().all()
    assert seqs == list(range(1, 61))


def test_a_rewound_chain_head_is_reported(engine: Engine) -> None:
    events = append(engine, 4)
    as_dba(engine, "UPDATE audit_chain_head SET seq = 2, hash = :h", params={"h": events[1].hash})
    seq, row_id, problem, detail = broken(engine)
    assert (seq, row_id, problem) == (3, None, "head_mismatch") and "events run to 4" in detail


def test_a_chain_head_with_a_foreign_hash_is_reported(engine: Engine) -> None:
    append(engine, 3)
    as_dba(engine, "UPDATE audit_chain_head SET hash = :h", params={"h": "f" * 64})
    assert broken(engine)[:3] == (3, 3, "head_mismatch")


def test_verifying_while_others_append_raises_no_false_alarm(engine: Engine) -> None:
    append(engine, 20)
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                append(engine, 1, actor="busy-writer")
        except BaseException as exc:  # reported in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        reports = [verify(engine) for _ in range(15)]
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert all(report.ok for report in reports), [r.broken for r in reports if not r.ok]
    assert verify(engine).checked > 20


def test_a_writer_that_cannot_get_the_sqlite_lock_gets_a_store_error(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's busy timeout")
    event.listen(engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA busy_timeout=50"))
    engine.dispose()  # new connections get the short timeout
    blocker = sqlite3.connect(engine.url.database or "", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="the audit trail is busy"):
            append(engine, 1)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert append(engine, 1)[0].seq == 1

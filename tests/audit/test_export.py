"""Export: JSONL and CSV round-trip to the stored events, re-verify from the file alone, and respect the period."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.audit.chain import GENESIS_HASH, event_hash, format_at
from socialwarden.audit.export import FIELDS, parse_csv_record
from socialwarden.audit.models import AuditEventOut
from socialwarden.cli.audit_cmd import parse_bound
from socialwarden.exceptions import InputError
from socialwarden.settings import Settings
from tests.audit.helpers import append
from tests.policy.test_validate import run_cli


def stored(event: AuditEventOut) -> dict[str, Any]:
    return {**event.model_dump(), "at": format_at(event.at)}


def varied(engine: Engine) -> list[AuditEventOut]:
    events = append(engine, 2)
    events += append(engine, 1, before=None, after={"bio": 'Views are my own, "quoted", comma, newline\nhere',
                                                    "tags": ["ä", 1.5, None, True]}, reason=None)
    events += append(engine, 1, policy_id=None, policy_version=None, reason="Zoë's reason, with \"quotes\"")
    return events


def export_text(engine: Engine, fmt: str, **bounds: dt.datetime | None) -> str:
    with Session(engine) as session:
        return "".join(audit.export(session, start=bounds.get("start"), end=bounds.get("end"),
                                    fmt=fmt))  # type: ignore[arg-type]


def assert_chain(records: list[dict[str, Any]]) -> None:
    previous = GENESIS_HASH
    for record in records:
        assert record["prev_hash"] == previous and event_hash(record) == record["hash"]
        previous = record["hash"]


def test_jsonl_round_trips_and_reverifies_from_the_file(engine: Engine) -> None:
    events = varied(engine)
    records = [json.loads(line) for line in export_text(engine, "jsonl").splitlines()]
    assert records == [stored(e) for e in events]
    assert list(records[0]) == list(FIELDS)
    assert_chain(records)


def test_csv_round_trips_and_reverifies_from_the_file(engine: Engine) -> None:
    events = varied(engine)
    rows = list(csv.DictReader(io.StringIO(export_text(engine, "csv"))))
    records = [parse_csv_record(row) for row in rows]
    assert records == [stored(e) for e in events]
    assert_chain(records)


def test_an_edited_export_no_longer_verifies(engine: Engine) -> None:
    append(engine, 3)
    records = [json.loads(line) for line in export_text(engine, "jsonl").splitlines()]
    records[1]["actor"] = "someone else"
    with pytest.raises(AssertionError):
        assert_chain(records)


def test_the_period_is_start_inclusive_end_exclusive(engine: Engine) -> None:
    events = append(engine, 5)
    lines = export_text(engine, "jsonl", start=events[1].at, end=events[3].at).splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [2, 3]
    assert export_text(engine, "jsonl", end=events[0].at) == ""
    local = events[4].at.astimezone(dt.timezone(dt.timedelta(hours=5)))  # any zone means the same instant
    assert [json.loads(line)["seq"] for line in export_text(engine, "jsonl", start=local).splitlines()] == [5]
    assert export_text(engine, "csv", start=events[4].at + dt.timedelta(seconds=1)).splitlines() == [",".join(FIELDS)]


def test_an_unknown_format_is_refused(engine: Engine) -> None:
    with pytest.raises(InputError, match="unknown export format"):
        export_text(engine, "xml")


@pytest.mark.parametrize(("value", "end", "expected"), [
    ("2026-03-01", False, dt.datetime(2026, 3, 1, tzinfo=dt.UTC)),
    ("2026-03-01", True, dt.datetime(2026, 3, 2, tzinfo=dt.UTC)),
    ("2026-03-01T10:30", True, dt.datetime(2026, 3, 1, 10, 30, tzinfo=dt.UTC)),
    ("2026-03-01T10:30:00+01:00", False, dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)),
    (None, False, None),
])
def test_cli_bounds(value: str | None, end: bool, expected: dt.datetime | None) -> None:
    assert parse_bound(value, option="--to", end=end) == expected


@pytest.mark.parametrize("value", ["2026-02-30", "yesterday", "01/03/2026"])
def test_bad_cli_bounds_name_the_option(value: str) -> None:
    with pytest.raises(InputError, match=r"--to: .* is not a date"):
        parse_bound(value, option="--to", end=True)


def test_cli_export_to_a_file_and_to_stdout(engine: Engine, cli_env: Settings, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    events = append(engine, 3)
    today = events[0].at.date()
    target = tmp_path / "audit.csv"
    code, output = run_cli(["audit", "export", "--from", str(today), "--to", str(today + dt.timedelta(days=1)),
                            "--format", "csv", "--out", str(target)], monkeypatch, capsys)
    assert code == 0 and "exported 3 events" in output
    rows = csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline=""))
    assert [parse_csv_record(row) for row in rows] == [stored(e) for e in events]
    assert not target.with_name("audit.csv.part").exists()
    code, output = run_cli(["audit", "export", "--to", str(today - dt.timedelta(days=1))], monkeypatch, capsys)
    assert code == 0 and output == ""
    code, output = run_cli(["audit", "export"], monkeypatch, capsys)
    assert code == 0 and [json.loads(line)["seq"] for line in output.splitlines()] == [1, 2, 3]
    code, output = run_cli(["audit", "export", "--from", "2026-05-02", "--to", "2026-05-01"], monkeypatch, capsys)
    assert code == 2 and "--to must be after --from" in output

"""Exporting a period of the audit trail as JSONL or CSV, streamed, with every field needed to re-verify it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from socialwarden.audit.chain import format_at
from socialwarden.audit.models import AuditEvent
from socialwarden.exceptions import InputError

FIELDS = ("seq", "id", "at", "actor", "action", "subject_type", "subject_id", "before", "after", "reason",
          "policy_id", "policy_version", "prev_hash", "hash", "mac")
_JSON_FIELDS = ("before", "after")
_OPTIONAL_TEXT = ("reason", "policy_id", "policy_version", "mac")
BATCH = 2000


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _record(row: Row[Any]) -> dict[str, Any]:
    record = {name: getattr(row, name) for name in FIELDS}
    record["at"] = format_at(row.at)
    return record


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _csv_line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def export_lines(session: Session, *, start: dt.datetime | None, end: dt.datetime | None,
                 fmt: Literal["jsonl", "csv"]) -> Iterator[str]:
    """Yield one line per event (CSV: a header first) for start <= at < end, in sequence order."""
    if fmt not in ("jsonl", "csv"):
        raise InputError(f"unknown export format {fmt!r}: use jsonl or csv")
    query = select(*(getattr(AuditEvent, name) for name in FIELDS)).order_by(AuditEvent.seq)
    if start is not None:
        query = query.where(AuditEvent.at >= _utc(start))
    if end is not None:
        query = query.where(AuditEvent.at < _utc(end))
    if fmt == "csv":
        yield _csv_line(list(FIELDS))
    result = session.execute(query.execution_options(yield_per=BATCH))
    try:
        for row in result:
            record = _record(row)
            if fmt == "jsonl":
                yield json.dumps(record, separators=(",", ":"), ensure_ascii=False) + "\n"  # in FIELDS order
            else:
                for name in _JSON_FIELDS:
                    record[name] = _compact(record[name])
                yield _csv_line([record[name] for name in FIELDS])
    finally:
        result.close()  # also when the reader stops early (a server-side cursor on PostgreSQL)


def parse_csv_record(raw: Mapping[str, str]) -> dict[str, Any]:
    """Turn one row of an exported CSV back into the event's fields (so its hash can be recomputed)."""
    record: dict[str, Any] = dict(raw)
    record["seq"], record["id"] = int(raw["seq"]), int(raw["id"])
    for name in _JSON_FIELDS:
        record[name] = json.loads(raw[name])
    for name in _OPTIONAL_TEXT:
        record[name] = raw[name] or None
    return record

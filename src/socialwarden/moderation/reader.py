"""Read exported comments from CSV or JSONL, one row at a time (files are never loaded whole).

Each row becomes an ``IncomingComment`` or a ``BadRow`` naming the line and the field, so the caller imports the
good rows and reports the rest. Columns / keys: platform, comment_id (or id), text, created_at (ISO 8601, with a
zone or UTC assumed), and optionally author_id, author_name (or author), url, thread (the post or thread it replies to),
parent_id, account (the account handle it arrived on).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from socialwarden.exceptions import InputError

MAX_TEXT = 20_000
_OPTIONAL = ("author_id", "author_name", "url", "thread", "parent_id", "account")


@dataclass(frozen=True)
class IncomingComment:
    line: int
    platform: str
    comment_id: str
    text: str
    created_at: dt.datetime
    author_id: str | None = None
    author_name: str | None = None
    url: str | None = None
    thread: str | None = None
    parent_id: str | None = None
    account: str | None = None


@dataclass(frozen=True)
class BadRow:
    line: int
    field: str | None
    message: str

    def render(self, file: str) -> str:
        where = f"{file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def _text(row: Mapping[str, object], key: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise _Bad(key, f"must be text, got {type(value).__name__}")
    text = str(value).strip()
    return text or None


class _Bad(Exception):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _time(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise _Bad("created_at", f"not an ISO 8601 time: {value!r}") from exc
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def parse_row(row: Mapping[str, object], line: int) -> IncomingComment | BadRow:
    """One mapping (a CSV row or a JSON object) to a comment, or the reason it is unusable."""
    try:
        platform = _text(row, "platform")
        comment_id = _text(row, "comment_id") or _text(row, "id")
        text = row.get("text")
        created = _text(row, "created_at")
        if not platform:
            raise _Bad("platform", "is required")
        if not comment_id:
            raise _Bad("comment_id", "is required")
        if not isinstance(text, str) or not text.strip():
            raise _Bad("text", "is required")
        if len(text) > MAX_TEXT:
            raise _Bad("text", f"is longer than {MAX_TEXT} characters")
        if not created:
            raise _Bad("created_at", "is required")
        extra = {key: _text(row, key) for key in _OPTIONAL}
        extra["author_name"] = extra["author_name"] or _text(row, "author")  # exports often call it "author"
        return IncomingComment(line=line, platform=platform.lower(), comment_id=comment_id, text=text,
                               created_at=_time(created), **extra)
    except _Bad as bad:
        return BadRow(line=line, field=bad.field, message=bad.message)


def _jsonl(path: Path) -> Iterator[IncomingComment | BadRow]:
    # bytes, decoded line by line: one line that is not UTF-8 is reported and the rest still read
    with path.open("rb") as handle:
        for line, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8-sig" if line == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield BadRow(line=line, field=None, message=f"not UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                yield BadRow(line=line, field=None, message=f"not valid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(value, dict):
                yield BadRow(line=line, field=None, message="each line must be a JSON object")
                continue
            yield parse_row(value, line)


def _csv(path: Path) -> Iterator[IncomingComment | BadRow]:
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{path}:1: unreadable CSV header: {exc}") from exc
        if not header:
            return
        start = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                yield BadRow(line=start, field=None, message=f"unreadable CSV row: {exc}")
                start = reader.line_num + 1
                continue
            if None in row:
                yield BadRow(line=start, field=None, message="more cells than the header has columns")
            else:
                yield parse_row({k: v for k, v in row.items() if v != ""}, start)
            start = reader.line_num + 1


def read_comments(path: Path) -> Iterator[IncomingComment | BadRow]:
    """Stream the comments of a .csv or .jsonl/.ndjson file, row by row, in file order."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv(path)
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _jsonl(path)
    raise InputError(f"{path}: unknown file type {suffix!r}: use .csv or .jsonl")

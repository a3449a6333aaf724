"""Read exported comments from CSV or JSONL, one row at a time (files are never loaded whole).

Each row becomes an ``IncomingComment`` or a ``BadRow`` naming the line and the field, so the caller imports the
good rows and reports the rest. Columns / keys: platform, comment_id (or id), text, created_at (ISO 8601, with a
zone or UTC assumed), and optionally author_id, author_name (or author), url, thread (the post or thread it replies to),
parent_id, account (the account handle it arrived on), post_id and post_text (the post the comment's thread hangs
off, and its text: the off-topic check reads it; for one of our posts the text is found from its id).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from socialwarden.exceptions import InputError
from socialwarden.urls import problem as url_problem

MAX_TEXT = 20_000
_OPTIONAL = ("author_id", "author_name", "url", "thread", "parent_id", "account", "post_id")


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
    post_id: str | None = None  # the post the thread hangs off (ours or anyone's)
    post_text: str | None = None  # its text, when known (else looked up among our posts by post_id)


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
        post_text = row.get("post_text")
        if post_text is not None and not isinstance(post_text, str):
            raise _Bad("post_text", f"must be text, got {type(post_text).__name__}")
        if post_text is not None and len(post_text) > MAX_TEXT:
            raise _Bad("post_text", f"is longer than {MAX_TEXT} characters")
        extra["post_text"] = (post_text or "").strip() or None
        extra["author_name"] = extra["author_name"] or _text(row, "author")  # exports often call it "author"
        if extra["url"] is not None and (why := url_problem(extra["url"])) is not None:
            raise _Bad("url", why)
        return IncomingComment(line=line, platform=platform.lower(), comment_id=comment_id, text=text,
                               created_at=_time(created), **extra)
    except _Bad as bad:
        return BadRow(line=line, field=bad.field, message=bad.message)


MAX_LINE = 1024 * 1024  # bytes in one physical line; longer lines are reported and skipped, never held whole
MAX_RECORD = 1024 * 1024  # bytes in one CSV record (a quoted cell may span lines)


def _physical_lines(path: Path) -> Iterator[tuple[int, str | BadRow]]:
    """(line number, text) for each physical line, decoded on its own (a line that is not UTF-8 becomes a BadRow
    and the rest are still read); a line over MAX_LINE bytes is reported and skipped in bounded chunks."""
    with path.open("rb") as handle:
        number = 0
        while True:
            raw = handle.readline(MAX_LINE + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
                skipped = len(raw)
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(65536)
                    skipped += len(raw)
                yield number, BadRow(line=number, field=None,
                                     message=f"line is longer than {MAX_LINE:,} bytes ({skipped:,}): skipped")
                continue
            try:
                yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield number, BadRow(line=number, field=None,
                                     message=f"not UTF-8 ({exc.reason} at byte {exc.start})")


def _jsonl(path: Path) -> Iterator[IncomingComment | BadRow]:
    for line, text in _physical_lines(path):
        if isinstance(text, BadRow):
            yield text
            continue
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield BadRow(line=line, field=None, message=f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield BadRow(line=line, field=None, message="not valid JSON: nested too deeply")
            continue
        if not isinstance(value, dict):
            yield BadRow(line=line, field=None, message="each line must be a JSON object")
            continue
        yield parse_row(value, line)


# How a line leaves CSV quoting (Python's csv rules, default dialect): at a field's start a quote opens a quoted
# field, where "" is a quote and a lone " closes it; anywhere else a quote is an ordinary character.
_QUOTED_REST = re.compile(r'(?:[^"]|"")*')
_UNQUOTED = re.compile(r"[^,]*")


def _still_quoted(line: str, quoted: bool) -> bool:
    """Whether a record is still inside a quoted field at the end of ``line`` (given whether it was at its start)."""
    if not quoted and '"' not in line:
        return False
    pos, end = 0, len(line)
    while True:
        if quoted:
            pos = _QUOTED_REST.match(line, pos).end()  # type: ignore[union-attr]
            if pos >= end:
                return True
            pos += 1  # the closing quote; anything up to the next comma is ordinary text
            quoted = False
        else:
            if pos < end and line[pos] == '"':
                quoted = True
                pos += 1
                continue
        pos = _UNQUOTED.match(line, pos).end()  # type: ignore[union-attr]
        if pos >= end:
            return False
        pos += 1  # the comma: a new field starts


@dataclass
class _Record:
    start: int
    lines: list[tuple[int, str]]
    size: int


def _csv_records(path: Path) -> Iterator[tuple[int, list[str]] | BadRow]:
    """(starting line, cells) per CSV record (the header first), bounded. A quoted cell may span lines, but a
    quote still open at the end of the file or after MAX_RECORD bytes, or a multi-line record whose cell count
    does not match the header's, is reported at the line it opened on and reading resumes at the next line: one
    stray quote cannot swallow the rows after it. Only the lines of the record in hand are kept (for re-reading)."""
    source = _physical_lines(path)
    replay: deque[tuple[int, str | BadRow]] = deque()
    record: _Record | None = None
    columns: int | None = None

    def abandon(current: _Record, why: str) -> BadRow:
        replay.extendleft(reversed(current.lines[1:]))  # re-read what followed the opening line
        return BadRow(line=current.start, field=None,
                      message=f"a quoted cell opened on this line {why}: an unterminated quote? (the lines after "
                              "it are read as rows of their own)")

    while True:
        if replay:
            number, text = replay.popleft()
        else:
            item = next(source, None)
            if item is None:
                if record is None:
                    return
                yield abandon(record, "is never closed")
                record = None
                continue
            number, text = item
        if isinstance(text, BadRow):
            if record is not None:
                replay.appendleft((number, text))
                yield abandon(record, f"runs into line {number}, which cannot be read")
                record = None
                continue
            yield text
            continue
        if record is None:
            record = _Record(start=number, lines=[], size=0)
        record.lines.append((number, text))
        record.size += len(text)
        if _still_quoted(text, len(record.lines) > 1):  # a record only takes another line while a quote is open
            if record.size > MAX_RECORD:
                yield abandon(record, f"is still open after {MAX_RECORD:,} bytes")
                record = None
            continue
        current, record = record, None
        try:
            cells = next(csv.reader([line for _, line in current.lines]), [])
        except csv.Error as exc:
            yield BadRow(line=current.start, field=None, message=f"unreadable CSV row: {exc}")
            continue
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if columns is None:
            columns = len(cells)
        elif len(current.lines) > 1 and len(cells) != columns:
            yield abandon(current, f"runs to line {current.lines[-1][0]} and leaves {len(cells)} cells for "
                                   f"{columns} columns")
            continue
        yield current.start, cells


def _csv(path: Path) -> Iterator[IncomingComment | BadRow]:
    header: list[str] | None = None
    for item in _csv_records(path):
        if isinstance(item, BadRow):
            if header is None:
                raise InputError(f"{path}:{item.line}: unreadable CSV header: {item.message}")
            yield item
            continue
        start, cells = item
        if header is None:
            header = cells
            continue
        if len(cells) > len(header):
            yield BadRow(line=start, field=None, message="more cells than the header has columns")
            continue
        yield parse_row({key: value for key, value in zip(header, cells, strict=False) if value != ""}, start)


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

"""The comment file reader: CSV and JSONL, malformed rows reported by line, the rest read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialwarden.exceptions import InputError
from socialwarden.moderation.reader import BadRow, IncomingComment, read_comments


def test_jsonl_good_and_bad_rows_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    good = {"platform": "Facebook", "id": "c1", "text": "hello", "created_at": "2026-03-09T10:00:00Z",
            "author_name": "Ann", "thread": "post-1"}
    lines = [json.dumps(good), "{not json", "", json.dumps({"platform": "x", "text": "t"}), "[1]",
             json.dumps({**good, "id": "c2", "created_at": "yesterday"}), json.dumps({**good, "id": "c3"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = list(read_comments(path))
    assert [type(r).__name__ for r in rows] == ["IncomingComment", "BadRow", "BadRow", "BadRow", "BadRow",
                                                "IncomingComment"]
    first = rows[0]
    assert isinstance(first, IncomingComment)
    assert (first.platform, first.comment_id, first.line, first.thread) == ("facebook", "c1", 1, "post-1")
    bad = [r for r in rows if isinstance(r, BadRow)]
    assert [(b.line, b.field) for b in bad] == [(2, None), (4, "comment_id"), (5, None), (6, "created_at")]
    assert bad[0].render("c.jsonl").startswith("c.jsonl:2: ")
    assert isinstance(rows[-1], IncomingComment) and rows[-1].line == 7


def test_csv_multiline_cells_keep_the_starting_line(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("platform,comment_id,text,created_at\n"
                    'x,1,"two\nlines",2026-03-09T10:00:00+00:00\n'
                    "x,,missing id,2026-03-09T10:00:00\n"
                    "x,3,too,many,cells\n"
                    "x,4,fine,2026-03-09 10:00\n", encoding="utf-8")
    rows = list(read_comments(path))
    assert isinstance(rows[0], IncomingComment) and rows[0].text == "two\nlines" and rows[0].line == 2
    assert isinstance(rows[1], BadRow) and (rows[1].line, rows[1].field) == (4, "comment_id")
    assert isinstance(rows[2], BadRow) and rows[2].line == 5
    assert isinstance(rows[3], IncomingComment) and rows[3].line == 6 and rows[3].created_at.tzinfo is not None


def test_refusals(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_comments(tmp_path / "missing.jsonl")
    other = tmp_path / "c.xml"
    other.write_text("<x/>")
    with pytest.raises(InputError, match="unknown file type"):
        read_comments(other)


def test_jsonl_line_that_is_not_utf8_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    good = json.dumps({"platform": "x", "id": "1", "text": "ok", "created_at": "2026-03-09T10:00:00Z"})
    path.write_bytes(good.encode() + b"\n" + b'{"text": "\xff\xfe"}\n' + good.replace('"1"', '"2"').encode())
    rows = list(read_comments(path))
    assert isinstance(rows[0], IncomingComment)
    assert isinstance(rows[1], BadRow) and rows[1].line == 2 and "UTF-8" in rows[1].message
    assert isinstance(rows[2], IncomingComment) and rows[2].comment_id == "2"

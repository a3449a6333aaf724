"""Item 10: `warden inbox import` says when rows were bad (exit 2), reports an unterminated CSV quote instead of
swallowing the rows after it, and keeps memory bounded whatever the file: a 200 MB line, 1.3 million bad rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.security.hardening import Ran, cli_env, run_warden, web_env
from tests.web.conftest import WebEnv

GOOD = {"platform": "x", "text": "Thank you for the update about the bins", "created_at": "2026-03-09T10:00:00Z"}
HEADROOM_MB = 64  # what a bounded import may use beyond the same command on a one-line file


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebEnv]:
    folder = tmp_path_factory.mktemp("inbox")
    env = web_env(f"sqlite:///{(folder / 'w.db').as_posix()}", folder, "gosport")
    yield env
    env.engine.dispose()


@pytest.fixture(scope="module")
def baseline(store: WebEnv, tmp_path_factory: pytest.TempPathFactory) -> float:
    path = tmp_path_factory.mktemp("one") / "one.jsonl"
    path.write_text(json.dumps({**GOOD, "id": "baseline"}) + "\n", encoding="utf-8")
    ran = importing(store, path)
    assert ran.code == 0, ran.err
    return ran.peak_mb


def importing(store: WebEnv, path: Path, *extra: str) -> Ran:
    return run_warden(["inbox", "import", "--as", "site-owner", str(path), *extra],
                      env=cli_env(store.settings, "gosport"), timeout=300)


def test_every_row_bad_exits_2(store: WebEnv, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"platform": "x"}\nnot json\n', encoding="utf-8")
    ran = importing(store, path)
    assert ran.code == 2 and "2 bad" in ran.out


def test_some_rows_bad_exits_2_and_keeps_the_good_ones(store: WebEnv, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({**GOOD, "id": "m1"}) + "\n{broken\n", encoding="utf-8")
    ran = importing(store, path, "--json")
    report = json.loads(ran.out)
    assert ran.code == 2 and report["imported"] == 1 and report["bad_count"] == 1


def test_an_unterminated_quote_is_reported_and_the_rows_after_it_are_read(store: WebEnv, tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text("platform,comment_id,text,created_at\n"
                    'x,q1,"an opening quote never closed,2026-03-09T10:00:00Z\n'
                    "x,q2,second row,2026-03-09T10:00:00Z\n"
                    "x,q3,third row,2026-03-09T10:00:00Z\n", encoding="utf-8")
    ran = importing(store, path, "--json")
    report = json.loads(ran.out)
    assert ran.code == 2
    assert (report["read"], report["imported"], report["bad_count"]) == (3, 2, 1)
    assert report["bad"][0].startswith("quote.csv:2: a quoted cell opened on this line is never closed")


def test_a_200_mb_line_is_skipped_in_bounded_memory(store: WebEnv, tmp_path: Path, baseline: float) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({**GOOD, "id": "l1"}) + "\n")
        handle.write('{"platform": "x", "id": "huge", "text": "' + "a" * (200 * 1024 * 1024) + '"}\n')
        handle.write(json.dumps({**GOOD, "id": "l3"}) + "\n")
    ran = importing(store, path, "--json")
    report = json.loads(ran.out)
    assert ran.code == 2 and report["imported"] == 2 and report["bad_count"] == 1
    assert report["bad"][0].startswith("long.jsonl:2: line is longer than 1,048,576 bytes")
    assert ran.peak_mb < baseline + HEADROOM_MB, (ran.peak_mb, baseline)


def test_a_million_bad_rows_are_counted_not_kept(store: WebEnv, tmp_path: Path, baseline: float) -> None:
    path = tmp_path / "million.jsonl"
    rows = 1_300_000
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines('{"platform": "x", "text": "no id"}\n' for _ in range(rows))
    ran = importing(store, path, "--json")
    report = json.loads(ran.out)
    assert ran.code == 2 and report["bad_count"] == rows and report["read"] == rows
    assert len(report["bad"]) == 100 and report["bad"][-1].startswith("million.jsonl:100: comment_id")
    assert ran.peak_mb < baseline + HEADROOM_MB, (ran.peak_mb, baseline)

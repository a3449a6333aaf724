"""SIGKILL the file import mid-way, several times, then finish it: every comment is stored exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from socialwarden.moderation.models import Comment
from socialwarden.policy.loader import load_policy
from tests.posts.world import build

REPO = Path(__file__).resolve().parents[2]
TOTAL = 3000


def _count(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.execute(select(func.count()).select_from(Comment)).scalar_one())


def _run(url: str, path: Path, kill_after: int | None) -> str:
    """Run the worker; with ``kill_after``, SIGKILL it once it has reported that many rows read."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.moderation.ingest_worker", url, str(path),
                             str(path.parent)], cwd=REPO,
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if kill_after is not None and line.startswith("progress") and int(line.split()[1]) >= kill_after:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=120)
    if kill_after is not None:
        assert proc.returncode == -signal.SIGKILL, "".join(lines)
    else:
        assert proc.returncode == 0, "".join(lines)
    return "".join(lines)


def test_killed_import_resumes_and_stores_each_comment_once(engine: Engine, db_url: str, tmp_path: Path) -> None:
    with Session(engine) as session:
        build(session, load_policy("ett"), {"ceo": ["chief_executive"], "sam": ["staff"]},
              [("x", "ett", "official", "ceo", [], ["sam"])])
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(TOTAL):
            handle.write(json.dumps({"platform": "x", "comment_id": f"c{i}", "account": "ett",
                                     "text": f"comment number {i} about the fair", "author_id": f"u{i % 97}",
                                     "created_at": "2026-03-09T10:00:00Z"}) + "\n")
    url = engine.url.render_as_string(hide_password=False)
    seen = []
    for kill_after in (400, 1200, 2100):
        _run(url, path, kill_after)
        seen.append(_count(engine))
    assert 0 < seen[0] < TOTAL and seen == sorted(seen)  # killed part-way, never losing what was committed
    output = _run(url, path, None)
    assert output.strip().endswith(f"{TOTAL - seen[-1]} {seen[-1]}")  # the rest stored, the committed skipped
    with Session(engine) as session:
        total, distinct = session.execute(select(func.count(), func.count(func.distinct(Comment.comment_id)))
                                          .select_from(Comment)).one()
        texts = {row[0]: row[1] for row in session.execute(select(Comment.comment_id, Comment.text))}
    assert total == distinct == TOTAL
    assert all(texts[f"c{i}"] == f"comment number {i} about the fair" for i in range(TOTAL))

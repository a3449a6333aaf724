"""Ingest + triage of generated comments from JSONL into the SQLite store, one core, rule-based detectors.

Prints comments/s and memory (current and peak RSS) at checkpoints (10k / 50k / 100k by default), next to the
ceiling measured in the same run: Python's sqlite3 ``executemany`` of the same rows into the same table shape
with no triage (reading the same file with json.loads).

Run: .venv/bin/python -m bench.bench_ingest [--n 100000] [--policy ett] [--chunk 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from bench.texts import tweets
from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.moderation.ingest import import_file
from socialwarden.people import service as people
from socialwarden.policy.loader import load_policy
from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine


def _rss_mb() -> tuple[float, float]:
    """Current and peak resident set size of this process, in MB (Linux /proc)."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def _generate(path: Path, n: int) -> None:
    """``n`` comments: real tweet texts when ../shared is present (else synthetic), streamed to disk."""
    rng = random.Random(11)
    texts = tweets(min(n, 20_000))
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            # a distinct text per comment (real texts cycle): nothing can be answered from a repeat
            text = f"{texts[i % len(texts)]} #{i // len(texts)}" if i >= len(texts) else texts[i]
            handle.write(json.dumps({"platform": "x", "comment_id": f"c{i}", "text": text,
                                     "author_id": f"u{rng.randrange(5000)}", "author_name": f"User {i % 5000}",
                                     "thread": f"post-{i // 50}", "url": f"https://x.example/s/{i}",
                                     "created_at": f"2026-03-{1 + i % 28:02d}T{i % 24:02d}:00:00Z"}) + "\n")


def _peer(path: Path, db: Path, checkpoints: list[int]) -> dict[int, float]:
    """The ceiling: sqlite3 executemany of the same rows, no triage, same chunking, same pragmas."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE comments (id INTEGER PRIMARY KEY, platform TEXT, comment_id TEXT, text TEXT, "
                 "author_id TEXT, author_name TEXT, thread TEXT, url TEXT, posted_at TEXT, "
                 "UNIQUE(platform, comment_id))")
    start, done, rows, marks = time.perf_counter(), 0, [], {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            d = json.loads(line)
            rows.append((d["platform"], d["comment_id"], d["text"], d["author_id"], d["author_name"], d["thread"],
                         d["url"], d["created_at"]))
            if len(rows) == 1000:
                conn.executemany("INSERT OR IGNORE INTO comments (platform, comment_id, text, author_id, "
                                 "author_name, thread, url, posted_at) VALUES (?,?,?,?,?,?,?,?)", rows)
                conn.commit()
                done += len(rows)
                rows = []
                if done in checkpoints:
                    marks[done] = done / (time.perf_counter() - start)
    conn.close()
    return marks


def _engine_only(engine: Engine, path: Path, limit: int) -> tuple[float, float]:
    """The second peer: the same engine on the same texts with no reading, storing or auditing."""
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) == limit:
                break
    ctx = Context(direction=Direction.INBOUND, account_category="official")
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        engine.check(text, ctx)
    return len(texts) / (time.perf_counter() - start), len(texts) / (time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--policy", default="ett")
    parser.add_argument("--chunk", type=int, default=1000)
    args = parser.parse_args()
    checkpoints = sorted({c for c in (10_000, 50_000, 100_000, args.n) if c <= args.n})
    console = Console()
    policy = load_policy(args.policy)
    engine = Engine(policy, build_detectors(detector_config(policy), models=False))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = root / "comments.jsonl"
        _generate(source, args.n)
        store = make_engine(Settings(data_dir=root, database_url=f"sqlite:///{root / 'warden.db'}"))
        init_store(store)
        role = next(r for r, spec in policy.roles.items() if "moderate" in {p.value for p in spec.permissions})
        with Session(store) as session:
            people.add_person(session, policy=policy, actor=None, handle="bench", name="Bench", roles=[role])
            session.commit()
        engine_before = _engine_only(engine, source, min(args.n, 20_000))
        base_rss, _ = _rss_mb()
        marks: dict[int, tuple[float, float, float, float]] = {}
        start, cpu_start = time.perf_counter(), time.process_time()

        def progress(read: int) -> None:
            if read in checkpoints:
                marks[read] = (read / (time.perf_counter() - start), read / (time.process_time() - cpu_start),
                               *_rss_mb())

        with Session(store) as session:
            report = import_file(session, policy=policy, actor="bench", path=source, engine=engine,
                                 chunk=args.chunk, progress=progress)
        store.dispose()
        peer = _peer(source, root / "peer.db", checkpoints)
        engine_after = _engine_only(engine, source, min(args.n, 20_000))
        engine_rate = (engine_before[0] + engine_after[0]) / 2
        engine_cpu = (engine_before[1] + engine_after[1]) / 2
    table = Table(title=f"ingest + triage into SQLite ({args.policy}, rule-based detectors, chunk {args.chunk}); "
                        f"imported {report.imported}, bad {len(report.bad)}")
    for column in ("comments", "warden comments/s", "per CPU-second", "peer sqlite3 executemany rows/s",
                   "warden / peer", "RSS MB", "peak RSS MB"):
        table.add_column(column, justify="right")
    for point in checkpoints:
        rate, cpu_rate, rss, peak = marks.get(point, (0.0, 0.0, 0.0, 0.0))
        ceiling = peer.get(point, 0.0)
        table.add_row(f"{point:,}", f"{rate:,.0f}", f"{cpu_rate:,.0f}", f"{ceiling:,.0f}",
                      f"{rate / ceiling:.3f}" if ceiling else "-", f"{rss:,.0f}", f"{peak:,.0f}")
    console.print(table)
    console.print(f"RSS before the import: {base_rss:,.0f} MB (engine and detectors loaded)")
    final, final_cpu = marks.get(checkpoints[-1], (0.0, 0.0, 0.0, 0.0))[:2]
    console.print(f"engine alone (check() on the first {min(args.n, 20_000):,} texts, no I/O, mean of a run before "
                  f"and one after the import): {engine_rate:,.0f} texts/s ({engine_cpu:,.0f} per CPU-second); "
                  f"ingest runs at {final / engine_rate:.2f}x the bare engine ({final_cpu / engine_cpu:.2f}x in CPU "
                  f"time)")
    console.print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()

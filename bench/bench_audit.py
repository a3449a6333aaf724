"""Audit trail throughput on SQLite (a WAL file, synchronous=FULL) and PostgreSQL: appends, verify, export.

Run: .venv/bin/python -m bench.bench_audit [--n 2000]
PostgreSQL is measured when WARDEN_TEST_POSTGRES_URL names a server (a scratch database is created and dropped).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine


def _append(engine: Engine, count: int, per_commit: int, actor: str = "bench") -> None:
    done = 0
    while done < count:
        with Session(engine) as session:
            for _ in range(min(per_commit, count - done)):
                audit.record(session, actor=actor, action="account.update", subject_type="account",
                             subject_id=f"acc-{done}", before={"status": "approved", "owner": "a.person"},
                             after={"status": "active", "owner": "a.person"}, reason="bench",
                             policy_id="gen", policy_version="2024-06")
                done += 1
            session.commit()


def _threads(engine: Engine, count: int, writers: int) -> None:
    threads = [threading.Thread(target=_append, args=(engine, count // writers, 1, f"w{i}")) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _rate(count: int, work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return count / (time.perf_counter() - start)


@contextmanager
def _sqlite() -> Iterator[Engine]:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(Settings(data_dir=Path(folder), database_url=f"sqlite:///{folder}/bench.db"))
        yield engine
        engine.dispose()


@contextmanager
def _postgres(server: str) -> Iterator[Engine]:
    name = f"warden_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(Settings(data_dir=Path(tempfile.gettempdir()), database_url=url))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _measure(engine: Engine, n: int) -> list[str]:
    init_store(engine)
    single = _rate(n, lambda: _append(engine, n, 1))
    batched = _rate(n, lambda: _append(engine, n, 10))
    concurrent = _rate(n, lambda: _threads(engine, n, 4))
    total = 3 * n
    with Session(engine) as session:
        verify = _rate(total, lambda: audit.verify(session))
        assert audit.verify(session).ok
        export = _rate(total, lambda: sum(1 for _ in audit.export(session, start=None, end=None, fmt="jsonl")))
    return [f"{single:,.0f}", f"{batched:,.0f}", f"{concurrent:,.0f}", f"{verify:,.0f}", f"{export:,.0f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000, help="events per append measurement")
    args = parser.parse_args()
    table = Table("backend", "appends/s (1 per commit)", "appends/s (10 per commit)", "appends/s (4 writers)",
                  "verify events/s", "export events/s", title=f"audit trail, {args.n} events per run")
    with _sqlite() as engine:
        table.add_row("SQLite (WAL, synchronous=FULL)", *_measure(engine, args.n))
    server = os.environ.get("WARDEN_TEST_POSTGRES_URL")
    if server:
        with _postgres(server) as engine:
            table.add_row("PostgreSQL", *_measure(engine, args.n))
    Console(width=120).print(table)


if __name__ == "__main__":
    main()

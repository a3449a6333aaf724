"""Soak: 16 clients hammer a served copy of the Gosport demo with a read/write mix, on SQLite and PostgreSQL.

Each backend gets a fresh store seeded with the demo organisation and `warden serve` in its own process on
127.0.0.1 (one worker, as `make run` starts it). Every client signs in for its own bearer token (a server-side
session), then loops for the given time over a mix of reads (post list, one post, the moderation queue, /me,
the policy) and writes (drafting a post, which runs the engine, stores a version and appends an audit event;
checking a text), and now and then signs out and in again. Afterwards every acknowledged draft is looked up in the
database (a write the server said 201 to and the database lacks is a lost write) and the audit chain is verified.

Prints per backend: requests/s, p50/p99 latency (all, reads, writes), errors (any non-2xx), lost writes, audit
verify; and PostgreSQL against SQLite as ratios.

Run: .venv/bin/python -m bench.bench_soak [--seconds 120] [--clients 16] [--backends sqlite,postgresql]
PostgreSQL needs WARDEN_TEST_POSTGRES_URL (a scratch database is created and dropped).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.demo import site
from socialwarden.policy.loader import load_policy
from socialwarden.posts.models import Post, PostVersion
from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine

console = Console(width=200)
POLICY = "gosport"
WRITER = "site.owner"  # the demo's account owner: may draft to the live account and moderate
CHURN_EVERY = 250  # requests between one client's sign-out and sign-in again


@dataclass
class Tally:
    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    acknowledged: list[tuple[int, str]] = field(default_factory=list)  # (post id, marker) the server said 201 to
    sessions: int = 0

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


@dataclass(frozen=True)
class Result:
    backend: str
    seconds: float
    requests: int
    p50: float
    p99: float
    read_p50: float
    read_p99: float
    write_p50: float
    write_p99: float
    errors: dict[str, int]
    acknowledged: int
    lost: int
    sessions: int
    verify: str

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _sqlite() -> Iterator[Settings]:
    with tempfile.TemporaryDirectory() as folder:
        yield Settings(data_dir=Path(folder), database_url=f"sqlite:///{folder}/soak.db", policy=POLICY)


@contextmanager
def _postgres() -> Iterator[Settings]:
    server = os.environ.get("WARDEN_TEST_POSTGRES_URL", "").strip()
    if not server:
        raise SystemExit("PostgreSQL needs WARDEN_TEST_POSTGRES_URL (or --backends sqlite)")
    name = f"warden_soak_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = make_url(server).set(database=name).render_as_string(hide_password=False)
            yield Settings(data_dir=Path(folder), database_url=url, policy=POLICY)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _seed(settings: Settings) -> tuple[dict[str, str], int]:
    """The demo organisation; (handle -> password, the live account id)."""
    policy = load_policy(POLICY)
    engine = make_engine(settings)
    try:
        init_store(engine)
        with Session(engine) as session:
            creds = site.seed(session, settings=settings, policy=policy)
            session.commit()
            account = session.execute(text("SELECT id FROM accounts WHERE status = 'active' ORDER BY id")).scalar()
    finally:
        engine.dispose()
    return {c["handle"]: c["password"] for c in creds}, int(account)


@contextmanager
def _server(settings: Settings) -> Iterator[str]:
    port = _free_port()
    # one person's 16 clients far outrun the per-person limit (60 changes a minute); the soak measures throughput
    # with the limiter still counting every write (WARDEN_WRITE_LIMIT=0 in the environment: without it, to compare)
    env = {"WARDEN_WRITE_LIMIT": "1000000", "WARDEN_CHECK_LIMIT": "1000000", **os.environ,
           "WARDEN_DATA_DIR": str(settings.data_dir), "WARDEN_DATABASE_URL": settings.database_url,
           "WARDEN_POLICY": POLICY}
    warden = Path(sys.executable).parent / "warden"
    log = settings.data_dir / "serve.log"
    proc = subprocess.Popen([str(warden), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=log.open("w"), text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"warden serve did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        errors = [line for line in log.read_text().splitlines() if "Traceback" in line or "ERROR" in line]
        if errors:
            console.print(f"[red]server log ({len(errors)} error lines):[/]\n" + log.read_text()[-3000:])
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def _sign_in(client: httpx.AsyncClient, password: str, tally: Tally) -> dict[str, str]:
    reply = await client.post("/api/v1/session", json={"handle": WRITER, "password": password})
    if reply.status_code != 201:
        tally.error(f"sign-in {reply.status_code}")
        raise RuntimeError(f"sign-in failed: {reply.status_code} {reply.text[:200]}")
    tally.sessions += 1
    return {"Authorization": f"Bearer {reply.json()['token']}"}


PARAGRAPH = ("The library on the High Street opens late on Thursdays for the reading group, and the leisure "
             "centre's pool timetable changes next month. ")


async def _client(number: int, base: str, password: str, account: int, auth: dict[str, str], stop: float,
                  tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    own: list[int] = []
    done = 0
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=1)) as client:
        while time.monotonic() < stop:
            roll = rng.random()
            started = time.perf_counter()
            write = roll >= 0.6
            if roll < 0.2:
                reply = await client.get("/api/v1/posts", params={"limit": 20}, headers=auth)
            elif roll < 0.3 and own:
                reply = await client.get(f"/api/v1/posts/{rng.choice(own)}", headers=auth)
            elif roll < 0.4:
                reply = await client.get("/api/v1/moderation/queue", headers=auth)
            elif roll < 0.5:
                reply = await client.get("/api/v1/me", headers=auth)
            elif roll < 0.6:
                reply = await client.get("/api/v1/policy", headers=auth)
            elif roll < 0.85:
                marker = f"soak-{number}-{done}-{uuid.uuid4().hex[:8]}"
                body = {"account_id": account, "text": f"{PARAGRAPH * 6}Ref {marker}."}
                reply = await client.post("/api/v1/posts", json=body, headers=auth)
                if reply.status_code == 201:
                    post_id = int(reply.json()["id"])
                    tally.acknowledged.append((post_id, marker))
                    own.append(post_id)
            else:
                reply = await client.post("/api/v1/check", json={"text": f"Ring 07700 900{number:03d} about the "
                                                                        f"bins, ref {done}"}, headers=auth)
            elapsed = time.perf_counter() - started
            (tally.writes if write else tally.reads).append(elapsed)
            if reply.status_code >= 300:
                tally.error(f"{reply.request.method} {reply.request.url.path.split('/')[3]} {reply.status_code}")
            done += 1
            if done % CHURN_EVERY == 0:  # sign out (the session is revoked) and in again
                out = await client.delete("/api/v1/session", headers=auth)
                if out.status_code != 204:
                    tally.error(f"sign-out {out.status_code}")
                if (await client.get("/api/v1/me", headers=auth)).status_code != 401:
                    tally.error("token still works after sign-out")
                auth = await _sign_in(client, password, tally)


async def _load(base: str, password: str, account: int, clients: int, seconds: float, tally: Tally) -> float:
    async with httpx.AsyncClient(base_url=base, timeout=300) as signer:
        tokens = [await _sign_in(signer, password, tally) for _ in range(clients)]  # one by one: the throttle
        warm = await signer.post("/api/v1/check", json={"text": "warm the engine up"}, headers=tokens[0])
        if warm.status_code != 200:  # the first check builds the policy's engine (models, lexicons): not timed
            raise RuntimeError(f"warm-up check failed: {warm.status_code} {warm.text[:300]}")
    start = time.monotonic()
    stop = start + seconds
    tasks = [asyncio.create_task(_client(i, base, password, account, tokens[i], stop, tally, seed=i))
             for i in range(clients)]
    with Progress(console=console, transient=True) as progress:
        bar = progress.add_task("soak", total=seconds)
        while not all(t.done() for t in tasks):
            await asyncio.sleep(0.5)
            progress.update(bar, completed=min(seconds, time.monotonic() - start))
    for task in tasks:
        task.result()
    return time.monotonic() - start


def _lost(settings: Settings, acknowledged: list[tuple[int, str]]) -> tuple[int, str]:
    engine = make_engine(settings)
    try:
        with Session(engine) as session:
            stored: dict[int, str] = {}
            ids = [post_id for post_id, _ in acknowledged]
            for i in range(0, len(ids), 500):
                rows = session.execute(select(Post.id, PostVersion.text)
                                       .join(PostVersion, PostVersion.post_id == Post.id)
                                       .where(Post.id.in_(ids[i:i + 500]))).all()
                stored.update({row[0]: row[1] for row in rows})
            lost = sum(1 for post_id, marker in acknowledged if marker not in stored.get(post_id, ""))
            report = audit.verify(session)
            verdict = (f"ok, {report.checked} events, {report.checkpoints} checkpoints" if report.ok
                       else f"BROKEN: {report.broken.describe() if report.broken else '?'}")
    finally:
        engine.dispose()
    return lost, verdict


def soak(backend: str, clients: int, seconds: float) -> Result:
    context = _sqlite() if backend == "sqlite" else _postgres()
    with context as settings:
        with console.status(f"{backend}: seeding the demo organisation"):
            passwords, account = _seed(settings)
        tally = Tally()
        with _server(settings) as base:
            elapsed = asyncio.run(_load(base, passwords[WRITER], account, clients, seconds, tally))
        lost, verdict = _lost(settings, tally.acknowledged)
    every = tally.reads + tally.writes
    return Result(backend=backend, seconds=elapsed, requests=len(every), p50=_pct(every, 0.5), p99=_pct(every, 0.99),
                  read_p50=_pct(tally.reads, 0.5), read_p99=_pct(tally.reads, 0.99),
                  write_p50=_pct(tally.writes, 0.5), write_p99=_pct(tally.writes, 0.99), errors=tally.errors,
                  acknowledged=len(tally.acknowledged), lost=lost, sessions=tally.sessions, verify=verdict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=120.0, help="load time per backend (default 120)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    results = [soak(name.strip(), args.clients, args.seconds) for name in args.backends.split(",") if name.strip()]
    table = Table(title=f"Soak: {args.clients} clients, {args.seconds:.0f} s each, reads 60% / writes 40% "
                        f"(drafts 25%, checks 15%), sign-out and in every {CHURN_EVERY} requests per client")
    for column in ("backend", "requests", "req/s", "p50 ms", "p99 ms", "read p50/p99 ms", "write p50/p99 ms",
                   "errors", "drafts acked", "lost writes", "sessions", "audit verify"):
        table.add_column(column)
    for r in results:
        table.add_row(r.backend, f"{r.requests:,}", f"{r.rate:.1f}", f"{r.p50:.0f}", f"{r.p99:.0f}",
                      f"{r.read_p50:.0f} / {r.read_p99:.0f}", f"{r.write_p50:.0f} / {r.write_p99:.0f}",
                      str(sum(r.errors.values())) + (f" {r.errors}" if r.errors else ""), f"{r.acknowledged:,}",
                      str(r.lost), str(r.sessions), r.verify)
    console.print(table)
    by = {r.backend: r for r in results}
    if "sqlite" in by and "postgresql" in by:
        sq, pg = by["sqlite"], by["postgresql"]
        console.print(f"PostgreSQL / SQLite: req/s x{pg.rate / sq.rate:.2f}, p50 x{pg.p50 / sq.p50:.2f}, "
                      f"p99 x{pg.p99 / sq.p99:.2f}")
    console.print(f"(median of all latencies: {statistics.median([r.p50 for r in results]):.0f} ms; "
                  f"machine: {os.cpu_count()} cores shared with other jobs)")
    if any(r.errors or r.lost or not r.verify.startswith("ok") for r in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()

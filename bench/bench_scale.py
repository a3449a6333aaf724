"""Outgrowing one process: web workers and job workers on PostgreSQL, 1 against 4, measured in one run.

Run: .venv/bin/python -m bench.bench_scale [--accounts 500] [--comments 8] [--seconds 10] [--concurrency 32]
Needs PostgreSQL (WARDEN_BENCH_POSTGRES_URL, else WARDEN_TEST_POSTGRES_URL) and Redis (WARDEN_BENCH_REDIS_URL,
default redis://127.0.0.1:6379/9; a queue name of its own, whose keys are deleted afterwards).

1. API: `warden serve --workers N` (N = 1, then 4) on one PostgreSQL database; an asyncio client keeps
   ``--concurrency`` requests in flight for ``--seconds`` with a read/write mix (45% show a post, 45% who am I,
   10% draft a post: the engine checks it and the draft, its version and the audit event are committed). Printed:
   requests/s, p50 and p99 latency, errors, and the 4-worker/1-worker ratio.
2. Sync: ``--accounts`` live Mastodon accounts, each with its own token and ``--comments`` new mentions, on one
   loopback Mastodon server speaking the documented notification shapes; `warden worker` processes on the real
   queue (N = 1, then 4) take the sweep's one task per account. Printed: comments/s and the ratio, after checking
   that every comment was stored exactly once (per account and overall).

The machine's cores bound both ratios: on 2 cores, 4 workers can at best double what 1 does, and the load
generator and the loopback server share those cores too.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import httpx
from pytest_httpserver import HTTPServer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.orm import Session
from tests.connectors import org
from tests.connectors.fakes import BASE_TIME, FakeMastodon, iso, json_response
from werkzeug import Request, Response

from socialwarden.accounts import service as accounts_service
from socialwarden.connectors import service as links
from socialwarden.moderation.models import Comment
from socialwarden.policy.loader import load_policy
from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine
from socialwarden.vault import service as vault
from socialwarden.vault.models import Secret
from socialwarden.web import users

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"
WRITES = 0.10  # share of requests that draft a post (the engine checks it); the rest read, half and half
console = Console()


# ---------------------------------------------------------------- databases and processes

@dataclass
class Pg:
    server: str

    def create(self, name: str, template: str | None = None) -> str:
        admin = create_engine(make_url(self.server), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        admin.dispose()
        return make_url(self.server).set(database=name).render_as_string(hide_password=False)

    def drop(self, name: str) -> None:
        admin = create_engine(make_url(self.server), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid and \
                        "spawn_main" in (entry / "cmdline").read_text():
                    found.add(int(entry.name))
            except OSError:
                continue
    return found


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def env_for(data_dir: Path, url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "WARDEN_DATA_DIR": str(data_dir), "WARDEN_DATABASE_URL": url, "WARDEN_POLICY": "ett",
            **extra}


# ---------------------------------------------------------------- 1. the API

def seed_web(url: str, data_dir: Path) -> int:
    settings = Settings(data_dir=data_dir, database_url=url)
    engine = make_engine(settings)
    init_store(engine)
    ett = load_policy("ett")
    with Session(engine, expire_on_commit=False) as session:
        crew = org.crew(session, ett)
        account = org.live_account(session, settings=settings, policy=ett, ceo=crew["ceo"], platform="mastodon",
                                   handle="ett@example.social", secrets={"access_token": "t"})
        users.set_password(session, policy=ett, actor=None, handle="staff", password=PASSWORD)
        session.commit()
    engine.dispose()
    return account.id


@contextmanager
def web(url: str, data_dir: Path, workers: int) -> Iterator[str]:
    port = free_port()
    log = (data_dir / f"serve-{workers}.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "socialwarden", "serve", "--workers", str(workers),
                             "--port", str(port)], env=env_for(data_dir, url), stdout=log, stderr=subprocess.STDOUT,
                            cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            up = len(children(proc.pid)) if workers > 1 else 1
            try:
                if up == workers and httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError((data_dir / f"serve-{workers}.log").read_text()[-3000:])
            time.sleep(0.3)
        else:
            raise RuntimeError("the web workers did not come up")
        yield base
    finally:
        stop(proc)


async def load(base: str, account_id: int, seconds: float, concurrency: int,
               progress: Progress) -> tuple[list[float], int, int]:
    async with httpx.AsyncClient(base_url=base, timeout=60,
                                 limits=httpx.Limits(max_connections=concurrency)) as client:
        answer = await client.post("/api/v1/session", json={"handle": "staff", "password": PASSWORD})
        answer.raise_for_status()
        headers = {"Authorization": f"Bearer {answer.json()['token']}"}
        first = await client.post("/api/v1/posts", headers=headers,
                                  json={"account_id": account_id, "text": "The office opens at 8am on Monday."})
        first.raise_for_status()
        shown = f"/api/v1/posts/{first.json()['id']}"
        rng = random.Random(7)
        latencies: list[float] = []
        errors = writes = 0

        async def one(warm: bool) -> None:
            nonlocal errors, writes
            pick = rng.random()
            started = time.perf_counter()
            if pick < WRITES:
                response = await client.post("/api/v1/posts", headers=headers, json={
                    "account_id": account_id, "text": f"Notice {uuid.uuid4().hex[:8]}: the office opens at 8am."})
                ok = response.status_code == 201
                writes += not warm and ok
            elif pick < WRITES + (1 - WRITES) / 2:
                response = await client.get(shown, headers=headers)
                ok = response.status_code == 200
            else:
                response = await client.get("/api/v1/me", headers=headers)
                ok = response.status_code == 200
            if not warm:
                latencies.append((time.perf_counter() - started) * 1000)
                errors += not ok

        async def runner(until: float, warm: bool) -> None:
            while time.perf_counter() < until:
                await one(warm)

        # warm-up: every worker builds its engine on its first write
        await asyncio.gather(*(runner(time.perf_counter() + 3.0, True) for _ in range(concurrency)))
        task = progress.add_task("requests", total=None)
        end = time.perf_counter() + seconds

        async def ticker() -> None:
            while time.perf_counter() < end:
                progress.update(task, completed=len(latencies))
                await asyncio.sleep(0.25)

        await asyncio.gather(ticker(), *(runner(end, False) for _ in range(concurrency)))
        progress.remove_task(task)
        return latencies, errors, writes


def bench_api(pg: Pg, tmp: Path, args: argparse.Namespace, progress: Progress) -> list[dict[str, float]]:
    rows = []
    for workers in (1, 4):
        name = f"warden_bench_web_{workers}_{uuid.uuid4().hex[:8]}"
        url = pg.create(name)
        data_dir = tmp / f"web{workers}"
        data_dir.mkdir()
        try:
            account_id = seed_web(url, data_dir)
            with web(url, data_dir, workers) as base:
                progress.console.print(f"API with {workers} web worker(s): {args.seconds:.0f} s at "
                                       f"{args.concurrency} in flight")
                latencies, errors, writes = asyncio.run(load(base, account_id, args.seconds, args.concurrency,
                                                             progress))
        finally:
            pg.drop(name)
        latencies.sort()
        rows.append({"workers": workers, "rps": len(latencies) / args.seconds,
                     "p50": statistics.median(latencies), "p99": latencies[int(len(latencies) * 0.99) - 1],
                     "requests": len(latencies), "errors": errors, "writes": writes})
    return rows


# ---------------------------------------------------------------- 2. sync on the job queue

class ManyMastodons:
    """One loopback Mastodon server for every account: the bearer token picks the account's own mentions."""

    def __init__(self, server: HTTPServer, accounts: int, comments: int) -> None:
        self.base = server.url_for("").rstrip("/")
        self.fakes: dict[str, FakeMastodon] = {}
        for n in range(accounts):
            fake = FakeMastodon(base_url=self.base, token=f"tok-{n}")
            for i in range(comments):
                nid = str(10_000_000 + n * 10_000 + i)
                at = iso(BASE_TIME + dt.timedelta(minutes=i))
                who = {"id": str(500 + i % 7), "acct": f"user{i % 7}@example.social", "display_name": f"User {i}"}
                fake.mentions.append({"id": nid, "type": "mention", "created_at": at, "account": who, "status": {
                    "id": f"{n}-{i}", "created_at": at, "url": f"https://example.social/@user/{n}-{i}",
                    "content": f"<p>@ett question {i} for account {n}: when do the bins go out?</p>",
                    "in_reply_to_id": None, "visibility": "public", "account": who}})
            self.fakes[fake.token] = fake
        server.expect_request(re.compile(".*")).respond_with_handler(self.route)

    def route(self, request: Request) -> Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        fake = self.fakes.get(token)
        if fake is None:
            return json_response({"error": "The access token is invalid"}, 401)
        return fake._dispatch(request)


def seed_sync(url: str, data_dir: Path, platform: ManyMastodons, accounts: int, progress: Progress) -> None:
    settings = Settings(data_dir=data_dir, database_url=url)
    engine = make_engine(settings)
    init_store(engine)
    ett = load_policy("ett")
    task = progress.add_task("seeding accounts", total=accounts)
    with Session(engine, expire_on_commit=False) as session:
        crew = org.crew(session, ett)
        crew["ceo"].job_title = "Chief Executive"  # ETT 15b: a professional bio states the holder's role
        session.commit()
        for n in range(accounts):  # staff accounts: ETT allows one official account per platform
            account = accounts_service.request_account(
                session, policy=ett, actor=crew["ceo"], platform="mastodon", handle=f"ett{n}@example.social",
                category="individual_professional", purpose="A teacher's professional account", owner=crew["ceo"],
                has_logo=True, profile_text="Chris Evans, Chief Executive of the trust. Views are my own.")
            accounts_service.activate_account(session, policy=ett, actor=crew["ceo"], account=account)
            vault.set_secret(session, settings=settings, policy=ett, actor=crew["ceo"], account_id=account.id,
                             name="access_token", value=Secret(f"tok-{n}"))
            links.link_account(session, policy=ett, actor=crew["ceo"], account_id=account.id, external_id=None,
                               api_base_url=platform.base)
            session.commit()
            progress.advance(task)
    progress.remove_task(task)
    engine.dispose()


def sync_run(pg: Pg, template: str, tmp: Path, redis: str, workers: int, expected: int, accounts: int,
             progress: Progress) -> dict[str, float]:
    import redis as redis_lib

    from socialwarden.jobs.queue import send

    name = f"warden_bench_sync_{workers}_{uuid.uuid4().hex[:8]}"
    url = pg.create(name, template=template)
    queue = f"wardenbench-{uuid.uuid4().hex[:8]}"
    data_dir = tmp / f"sync{workers}"
    data_dir.mkdir()
    for key in ("vault.key", "audit.key", "audit-checkpoints.log", "secret.key"):  # the template's keys
        if (tmp / "seed" / key).exists():
            (data_dir / key).write_bytes((tmp / "seed" / key).read_bytes())
            (data_dir / key).chmod(0o600)
    env = env_for(data_dir, url, WARDEN_BROKER_URL=redis, WARDEN_JOB_QUEUE=queue)
    procs, logs = [], []
    engine = make_engine(Settings(data_dir=data_dir, database_url=url))
    try:
        for n in range(workers):
            logs.append(data_dir / f"worker{n}.log")
            procs.append(subprocess.Popen([sys.executable, "-m", "socialwarden", "worker", "--as", "ceo"], env=env,
                                          stdout=logs[-1].open("wb"), stderr=subprocess.STDOUT, cwd=ROOT))
        deadline = time.monotonic() + 240
        while not all(b"ready" in p.read_bytes() for p in logs):  # engine built, consuming
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise RuntimeError("\n".join(p.read_text()[-2000:] for p in logs))
            time.sleep(0.3)
        settings = Settings.from_env(env)
        task = progress.add_task(f"sync, {workers} job worker(s)", total=expected)
        started = time.perf_counter()
        send(settings, "warden.sync_sweep")
        stored = 0
        while stored < expected:
            time.sleep(0.25)
            with engine.connect() as conn:
                stored = conn.execute(select(func.count()).select_from(Comment)).scalar_one()
            progress.update(task, completed=stored)
            if time.perf_counter() - started > 900:
                raise RuntimeError(f"only {stored} of {expected} comments stored after 900 s")
        elapsed = time.perf_counter() - started
        progress.remove_task(task)
        time.sleep(1.0)  # anything still queued runs: it must store nothing more
        with engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(Comment)).scalar_one()
            unique = conn.execute(select(func.count(func.distinct(Comment.comment_id)))).scalar_one()
            per_account = conn.execute(select(Comment.account_id, func.count()).group_by(Comment.account_id)).all()
        exact = total == unique == expected and len(per_account) == accounts and \
            {c for _, c in per_account} == {expected // accounts}
        return {"workers": workers, "comments": total, "seconds": elapsed, "per_s": expected / elapsed,
                "exact": float(exact)}
    finally:
        for proc in procs:
            stop(proc)
        engine.dispose()
        pg.drop(name)
        client = redis_lib.Redis.from_url(redis)
        keys = list(client.scan_iter(match=f"{queue}:*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


def bench_sync(pg: Pg, tmp: Path, args: argparse.Namespace, progress: Progress) -> list[dict[str, float]]:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per loopback request
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    template = f"warden_bench_seed_{uuid.uuid4().hex[:8]}"
    try:
        platform = ManyMastodons(server, args.accounts, args.comments)
        url = pg.create(template)
        (tmp / "seed").mkdir()
        seed_sync(url, tmp / "seed", platform, args.accounts, progress)
        expected = args.accounts * args.comments
        rows = []
        for workers in (1, 4):
            for fake in platform.fakes.values():
                fake.log.clear()
            rows.append(sync_run(pg, template, tmp, args.redis, workers, expected, args.accounts, progress))
        return rows
    finally:
        pg.drop(template)
        server.clear()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--comments", type=int, default=8, help="new mentions per account")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured API load per configuration")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--redis", default=os.environ.get("WARDEN_BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"))
    parser.add_argument("--only", choices=["api", "sync"], default=None)
    args = parser.parse_args()
    server = os.environ.get("WARDEN_BENCH_POSTGRES_URL") or os.environ.get("WARDEN_TEST_POSTGRES_URL")
    if not server:
        sys.exit("set WARDEN_BENCH_POSTGRES_URL (or WARDEN_TEST_POSTGRES_URL) to a PostgreSQL server URL")
    pg = Pg(server)
    import tempfile

    results: dict[str, object] = {"cores": os.cpu_count(), "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="warden-bench-") as folder, \
            Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                     console=console) as progress:
        tmp = Path(folder)
        if args.only in (None, "api"):
            results["api"] = api = bench_api(pg, tmp, args, progress)
        if args.only in (None, "sync"):
            results["sync"] = sync = bench_sync(pg, tmp, args, progress)
    if args.only in (None, "api"):
        table = Table(title=f"API read/write mix on PostgreSQL ({args.concurrency} in flight, {args.seconds:.0f} s)")
        for col in ("web workers", "req/s", "p50 ms", "p99 ms", "requests", "drafts", "errors"):
            table.add_column(col, justify="right")
        for r in api:
            table.add_row(f"{r['workers']:.0f}", f"{r['rps']:.1f}", f"{r['p50']:.1f}", f"{r['p99']:.1f}",
                          f"{r['requests']:.0f}", f"{r['writes']:.0f}", f"{r['errors']:.0f}")
        console.print(table)
        console.print(f"API throughput ratio, 4 workers / 1 worker: [bold]{api[1]['rps'] / api[0]['rps']:.2f}x[/]")
    if args.only in (None, "sync"):
        table = Table(title=f"Sync of {args.accounts} accounts x {args.comments} new comments on loopback Mastodon")
        for col in ("job workers", "comments", "seconds", "comments/s", "each stored once"):
            table.add_column(col, justify="right")
        for r in sync:
            table.add_row(f"{r['workers']:.0f}", f"{r['comments']:.0f}", f"{r['seconds']:.1f}", f"{r['per_s']:.1f}",
                          "yes" if r["exact"] else "[red]NO[/]")
        console.print(table)
        ratio = sync[1]["per_s"] / sync[0]["per_s"]
        console.print(f"Sync throughput ratio, 4 workers / 1 worker: [bold]{ratio:.2f}x[/]")
        if not all(r["exact"] for r in sync):
            sys.exit("a comment was lost or stored twice")
    console.print(f"({results['cores']} cores; load average before the run {results['load_before']:.1f})")
    print(json.dumps(results, default=float))


if __name__ == "__main__":
    main()

"""Crash test on the real queue: two Celery workers (`warden worker` with WARDEN_BROKER_URL, real Redis) sync and
publish against loopback Mastodon and X servers; the worker holding a sync is SIGKILLed mid-page, the one
publishing is SIGKILLed after Mastodon made the post and again before X did, and replacements start. Afterwards
every post is published exactly once (the servers count) and every comment stored exactly once.

Runs on PostgreSQL when WARDEN_TEST_POSTGRES_URL is set (the shape of a real deployment), else on SQLite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from socialwarden.jobs.flows import PUBLISH_LEASE, sync_key
from socialwarden.jobs.queue import send
from socialwarden.jobs.service import lease_holder
from socialwarden.moderation.models import Comment
from socialwarden.policy.loader import load_policy
from socialwarden.posts.models import Post
from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine
from tests.connectors import org
from tests.connectors.test_crash import Gate, Platforms, platforms
from tests.store.conftest import PG_ENV, _pg_schema_url, pg_database

__all__ = ["pg_database", "platforms"]

WAIT = 120.0


@pytest.fixture
def queue_db(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if os.environ.get(PG_ENV):
        return _pg_schema_url(request.getfixturevalue("pg_database"))
    return f"sqlite:///{(tmp_path / 'warden.db').as_posix()}"


class Workers:
    def __init__(self, settings: Settings, broker: tuple[str, str]) -> None:
        self.settings, self.broker = settings, broker
        self.running: dict[int, subprocess.Popen[str]] = {}
        self.logs = settings.data_dir / "logs"
        self.logs.mkdir(exist_ok=True)

    def env(self) -> dict[str, str]:
        return {**os.environ, "WARDEN_DATA_DIR": str(self.settings.data_dir),
                "WARDEN_DATABASE_URL": self.settings.database_url, "WARDEN_POLICY": "ett",
                "WARDEN_BROKER_URL": self.broker[0], "WARDEN_JOB_QUEUE": self.broker[1],
                "WARDEN_JOB_REDELIVER_SECONDS": "3", "WARDEN_JOB_LEASE_SECONDS": "30"}

    def start(self) -> subprocess.Popen[str]:
        log = (self.logs / f"worker{len(self.running) + len(list(self.logs.iterdir()))}.log").open("w")
        proc = subprocess.Popen([sys.executable, "-m", "socialwarden", "worker", "--as", "ceo"], env=self.env(),
                                stdout=log, stderr=subprocess.STDOUT, text=True,
                                cwd=Path(__file__).resolve().parents[2])
        self.running[proc.pid] = proc
        return proc

    def send(self, name: str) -> None:
        send(Settings.from_env(self.env()), name)

    def kill_holder(self, engine: Engine, lease: str, gate: Gate) -> None:
        """When the gated request arrives, SIGKILL the worker holding ``lease`` (it is waiting for the answer)."""
        if not gate.reached.wait(WAIT):
            pytest.fail(f"no worker reached {gate.method} {gate.path}:\n{self.output()}")
        holder = lease_holder(engine, name=lease)
        assert holder is not None, lease
        pid = int(holder.split(":")[1])
        proc = self.running.pop(pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        gate.release.set()
        assert proc.returncode == -signal.SIGKILL

    def output(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(self.logs.iterdir()))

    def stop(self) -> None:
        for proc in self.running.values():
            proc.send_signal(signal.SIGTERM)
        for proc in self.running.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def workers(tmp_path: Path, queue_db: str, broker: tuple[str, str]) -> Iterator[Workers]:
    crew = Workers(Settings(data_dir=tmp_path, database_url=queue_db), broker)
    yield crew
    crew.stop()


def test_killed_queue_workers_publish_once_and_store_once(workers: Workers, platforms: Platforms) -> None:
    settings = workers.settings
    engine = make_engine(settings)
    init_store(engine)
    ett = load_policy("ett")
    masto, x = platforms.masto, platforms.x
    with Session(engine, expire_on_commit=False) as session:
        crew = org.crew(session, ett)
        m = org.live_account(session, settings=settings, policy=ett, ceo=crew["ceo"], platform="mastodon",
                             handle="ett@example.social", secrets={"access_token": "good-token"},
                             api_base_url=platforms.base)
        t = org.live_account(session, settings=settings, policy=ett, ceo=crew["ceo"], platform="x",
                             handle="ETTrust", secrets={"access_token": "good-token"}, external_id="900",
                             api_base_url=platforms.base)
        texts = {}
        for n in range(3):
            for account in (m, t):
                text = f"Notice {n} for {account.platform}: the school office opens at 8am."
                texts[org.due_post(session, policy=ett, author="staff", account=account, text=text)] = text
    masto.add_mentions(100)
    x.add_mentions(150)
    workers.start()
    workers.start()

    # 1. the worker syncing Mastodon is killed while its second page is in flight
    gate = platforms.arm("GET", r"/api/v1/notifications\?.*min_id=1039", create_first=True)
    workers.send("warden.sync_sweep")
    workers.kill_holder(engine, sync_key(m.id), gate)
    workers.start()
    # 2. the publishing worker is killed after Mastodon made the status, before it heard back
    gate = platforms.arm("POST", r"^/api/v1/statuses", create_first=True)
    workers.send("warden.publish")
    workers.kill_holder(engine, PUBLISH_LEASE, gate)
    assert masto.publish_count == 1
    workers.start()
    # 3. and again before X made the post (the request is lost)
    gate = platforms.arm("POST", r"^/2/tweets", create_first=False)
    workers.send("warden.publish")
    workers.kill_holder(engine, PUBLISH_LEASE, gate)
    workers.start()
    # 4. beat's ticks (sent by hand here) finish the job on the two workers left
    platforms.gate = None
    masto.add_mentions(5)
    deadline = time.monotonic() + WAIT
    while True:
        workers.send("warden.sync_sweep")
        workers.send("warden.publish")
        time.sleep(1.0)
        with Session(engine) as session:
            statuses = set(session.execute(select(Post.status)).scalars())
            stored = session.execute(select(func.count()).select_from(Comment)).scalar_one()
        if statuses == {"published"} and stored >= 255:
            break
        if time.monotonic() > deadline:
            pytest.fail(f"not finished: posts {statuses}, {stored} comments\n{workers.output()}")
    time.sleep(2.0)  # anything still queued runs; it must change nothing

    with Session(engine) as session:
        per_platform = dict(session.execute(select(Comment.platform, func.count()).group_by(Comment.platform)).all())
        unique = session.execute(select(func.count(func.distinct(Comment.platform + ":" + Comment.comment_id))))
        assert per_platform == {"mastodon": 105, "x": 150} and unique.scalar_one() == 255
        assert set(session.execute(select(Post.status)).scalars()) == {"published"}
    published = [s["content"] for s in masto.statuses] + [t_["text"] for t_ in x.tweets]
    for text in texts.values():
        assert sum(text in body for body in published) == 1, text
    assert masto.publish_count == 3 and x.publish_count == 3
    engine.dispose()

"""Crash test: `warden worker` runs as a subprocess against loopback Mastodon and X servers and is SIGKILLed
mid-sync, mid-publish after the platform made the post, and mid-publish before it did; after each restart every
due post ends up published exactly once (the servers count) and every comment is stored exactly once. A last run
checks that SIGTERM stops the worker cleanly.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug import Request, Response

from socialwarden.moderation.models import Comment
from socialwarden.policy.loader import load_policy
from socialwarden.posts.models import Post
from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine
from tests.connectors import org
from tests.connectors.fakes import FakeMastodon, FakeX, json_response
from tests.store.conftest import db_url, pg_database

__all__ = ["db_url", "pg_database"]

WAIT = 120.0  # generous: each worker start loads the engine on a busy 2-core machine


class Gate:
    """Holds one matching request until released, so a worker can be killed while it waits for the answer."""

    def __init__(self, method: str, path: str, *, create_first: bool) -> None:
        self.method, self.path, self.create_first = method, path, create_first
        self.reached, self.release = threading.Event(), threading.Event()
        self.armed = True

    def matches(self, request: Request) -> bool:
        return self.armed and request.method == self.method and re.search(self.path, request.full_path) is not None


class Platforms:
    """Mastodon and X on one threaded loopback server, with at most one gate armed at a time."""

    def __init__(self, server: HTTPServer) -> None:
        self.base = server.url_for("").rstrip("/")
        self.masto, self.x = FakeMastodon(base_url=self.base), FakeX()
        self.gate: Gate | None = None
        server.expect_request(re.compile(".*")).respond_with_handler(self.route)

    def route(self, request: Request) -> Response:
        fake = self.x if request.path.startswith("/2/") else self.masto
        gate = self.gate
        if gate is None or not gate.matches(request):
            return fake._dispatch(request)
        gate.armed = False
        response = fake._dispatch(request) if gate.create_first else json_response({"error": "lost"}, 503)
        gate.reached.set()
        gate.release.wait(WAIT)  # the worker is killed meanwhile: this answer goes nowhere
        return response

    def arm(self, method: str, path: str, *, create_first: bool) -> Gate:
        self.gate = Gate(method, path, create_first=create_first)
        return self.gate


@pytest.fixture
def platforms() -> Iterator[Platforms]:
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    try:
        yield Platforms(server)
    finally:
        if server.is_running():
            server.clear()
            server.stop()


def start_worker(settings: Settings, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "WARDEN_DATA_DIR": str(settings.data_dir), "WARDEN_DATABASE_URL": settings.database_url,
           "WARDEN_POLICY": "ett"}
    return subprocess.Popen([sys.executable, "-m", "socialwarden", "worker", "--as", "ceo", "--json", *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[2])


def kill_at(worker: subprocess.Popen[str], gate: Gate) -> None:
    reached = gate.reached.wait(WAIT)
    if not reached:
        worker.kill()
        out, err = worker.communicate()
        pytest.fail(f"the worker never reached {gate.method} {gate.path}:\n{out}\n{err}")
    worker.send_signal(signal.SIGKILL)
    worker.wait(30)
    gate.release.set()
    assert worker.returncode == -signal.SIGKILL


def test_killed_worker_publishes_each_post_once_and_stores_each_comment_once(tmp_path: Path, db_url: str,
                                                                              platforms: Platforms) -> None:
    settings = Settings(data_dir=tmp_path, database_url=db_url)
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

    # 1. killed mid-sync: Mastodon's second page of mentions is in flight
    gate = platforms.arm("GET", r"/api/v1/notifications\?.*min_id=1039", create_first=True)
    kill_at(start_worker(settings, "--interval", "0.2"), gate)
    # 2. killed mid-publish, after Mastodon made the status but before the worker heard back
    gate = platforms.arm("POST", r"^/api/v1/statuses", create_first=True)
    kill_at(start_worker(settings, "--interval", "0.2"), gate)
    assert masto.publish_count == 1
    # 3. killed mid-publish, before X made the post (the request is lost)
    gate = platforms.arm("POST", r"^/2/tweets", create_first=False)
    kill_at(start_worker(settings, "--interval", "0.2"), gate)
    assert x.publish_count == 0
    # 4. a cron-style run finishes the job
    platforms.gate = None
    masto.add_mentions(5)  # more arrive meanwhile
    done = start_worker(settings, "--once")
    out, err = done.communicate(timeout=WAIT)
    assert done.returncode == 0, err
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert lines[-1] == {"stopped": True, "cycles": 1}

    with Session(engine) as session:
        statuses = dict(session.execute(select(Post.id, Post.status)).all())
        assert set(statuses.values()) == {"published"}, statuses
        per_platform = dict(session.execute(select(Comment.platform, func.count()).group_by(Comment.platform)).all())
        unique = session.execute(select(func.count(func.distinct(Comment.platform + ":" + Comment.comment_id))))
        assert per_platform == {"mastodon": 105, "x": 150} and unique.scalar_one() == 255
    published = [s["content"] for s in masto.statuses] + [t_["text"] for t_ in x.tweets]
    for text in texts.values():
        assert sum(text in body for body in published) == 1, text
    assert masto.publish_count == 3 and x.publish_count == 3

    # 5. SIGTERM: the worker finishes its step and exits cleanly
    worker = start_worker(settings, "--interval", "0.2")
    gate = platforms.arm("GET", r"/api/v1/notifications", create_first=True)
    assert gate.reached.wait(WAIT)
    gate.release.set()
    worker.send_signal(signal.SIGTERM)
    out, err = worker.communicate(timeout=WAIT)
    assert worker.returncode == 0, err
    assert json.loads(out.strip().splitlines()[-1])["stopped"] is True
    engine.dispose()


def test_killed_worker_publishes_each_correction_exactly_once(tmp_path: Path, db_url: str,
                                                              platforms: Platforms) -> None:
    """`warden worker` is SIGKILLed while Mastodon edits our post: once after Mastodon applied the correction
    (the answer is lost), once before it did (the request is lost). After each restart the correction is on the
    platform exactly once: the interrupted attempt is looked up first (``fetch_post``) and only sent again when
    the post does not say the corrected text yet."""
    from socialwarden.connectors.models import PlatformActionRecord
    from socialwarden.connectors.pool import Connectors
    from socialwarden.connectors.publishing import publish_cycle
    from socialwarden.posts import service as posts

    settings = Settings(data_dir=tmp_path, database_url=db_url)
    engine = make_engine(settings)
    init_store(engine)
    ett = load_policy("ett")
    masto = platforms.masto
    with Session(engine, expire_on_commit=False) as session:
        crew = org.crew(session, ett)
        account = org.live_account(session, settings=settings, policy=ett, ceo=crew["ceo"], platform="mastodon",
                                   handle="ett@example.social", secrets={"access_token": "good-token"},
                                   api_base_url=platforms.base)
        post_id = org.due_post(session, policy=ett, author="staff", account=account,
                               text="The school office opens at 8am on Monday.")
        with Connectors().closing() as pool:
            publish_cycle(session, settings=settings, policy=ett, actor="ceo", connectors=pool)
        status_id = posts.get(session, policy=ett, viewer="ceo", post_id=post_id).platform_post_id
        assert status_id == masto.statuses[0]["id"]
        posts.correct(session, policy=ett, actor="staff", post_id=post_id,
                      text="The school office opens at 8.30am on Monday.", note="the time was wrong")
        session.commit()

    def run_once() -> list[dict[str, object]]:
        done = start_worker(settings, "--once")
        out, err = done.communicate(timeout=WAIT)
        assert done.returncode == 0, err
        return [json.loads(line) for line in out.splitlines() if line.startswith("{")]

    # 1. killed after Mastodon applied the edit, before the worker heard back
    gate = platforms.arm("PUT", rf"^/api/v1/statuses/{status_id}", create_first=True)
    kill_at(start_worker(settings, "--interval", "0.2"), gate)
    assert masto.edits == [status_id]
    platforms.gate = None
    lines = run_once()
    assert masto.edits == [status_id], "the correction was sent twice"
    assert {"correction": {"post_id": post_id, "outcome": "done", "method": "edit", "original": status_id,
                           "correction": status_id, "message": "corrected on Mastodon (edited)"}} in lines
    assert "8.30am" in str(masto.statuses[0]["content"])

    # 2. a second correction; killed before Mastodon received the edit (the request is lost)
    with Session(engine, expire_on_commit=False) as session:
        posts.correct(session, policy=ett, actor="staff", post_id=post_id,
                      text="The school office opens at 8.45am on Monday.", note="the time changed again")
        session.commit()
    gate = platforms.arm("PUT", rf"^/api/v1/statuses/{status_id}", create_first=False)
    kill_at(start_worker(settings, "--interval", "0.2"), gate)
    assert masto.edits == [status_id]
    platforms.gate = None
    run_once()
    assert masto.edits == [status_id, status_id]  # one edit per correction
    assert "8.45am" in str(masto.statuses[0]["content"])
    run_once()  # and nothing more, however often the worker runs
    assert masto.edits == [status_id, status_id] and masto.publish_count == 1
    with Session(engine) as session:
        rows = session.execute(select(PlatformActionRecord.key, PlatformActionRecord.outcome)
                               .order_by(PlatformActionRecord.id)).all()
        assert [tuple(r) for r in rows] == [(f"socialwarden-post-{post_id}-v2-correction", "done"),
                                            (f"socialwarden-post-{post_id}-v3-correction", "done")]
    engine.dispose()

"""Several web workers: health and readiness probes, request ids in the answer and the JSON access log, and
`warden serve --workers 2` with one worker SIGKILLed in the middle of a request: the request is lost whole (nothing
half-stored), its retry lands once, the signed-in session still works on every worker, and uvicorn's supervisor
starts a new worker in place of the dead one."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialwarden.policy.loader import load_policy
from socialwarden.posts.models import PostVersion
from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine
from socialwarden.web import users
from socialwarden.web.app import create_app
from tests.connectors import org
from tests.store.conftest import PG_ENV, _pg_schema_url, pg_database

__all__ = ["pg_database"]

WAIT = 90.0
PASSWORD = "correct horse battery staple"


def test_probes_and_request_ids(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from fastapi.testclient import TestClient

    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'w.db'}", policy="ett",
                        secret_key="k" * 40)
    engine = make_engine(settings)
    init_store(engine)
    engine.dispose()
    with TestClient(create_app(settings)) as client, caplog.at_level(logging.INFO, "socialwarden.access"):
        alive = client.get("/healthz", headers={"X-Request-ID": "lb-42.a"})
        assert alive.status_code == 200 and alive.json() == {"status": "ok"}
        assert alive.headers["x-request-id"] == "lb-42.a"
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"]["migrations"] == {"ok": True, "current": ready.json()["checks"]["migrations"]
                                                        ["head"], "head": ready.json()["checks"]["migrations"]["head"]}
        made = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"}).headers["x-request-id"]
        assert len(made) == 32 and made.isalnum()  # refused, so a fresh one
        assert client.get("/api/v1/me").headers["x-request-id"]  # a 401 carries one too
    lines = [r for r in caplog.records if r.name == "socialwarden.access"]
    assert [(getattr(r, "request_id", None), getattr(r, "status", None)) for r in lines][:1] == [("lb-42.a", 200)]
    # a broker that does not answer: not ready, and the answer says which part
    down = replace(settings, broker_url="redis://127.0.0.1:9/0")
    with TestClient(create_app(down)) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["broker"]["ok"] is False
        assert ready.json()["checks"]["database"] == {"ok": True}


@pytest.fixture
def web_db(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if os.environ.get(PG_ENV):
        return _pg_schema_url(request.getfixturevalue("pg_database"))
    return f"sqlite:///{(tmp_path / 'warden.db').as_posix()}"


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _serving(workers: set[int], port: int, client_port: int) -> int:
    """The worker process holding the server side of our connection (matched by socket inode)."""
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1], fields[2]
        if int(local.split(":")[1], 16) == port and int(remote.split(":")[1], 16) == client_port:
            inode = fields[9]
    assert inode is not None
    for pid in workers:
        try:
            links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:
            continue
        if f"socket:[{inode}]" in links:
            return pid
    raise AssertionError("no worker holds the connection")


@pytest.fixture
def served(tmp_path: Path, web_db: str) -> Iterator[tuple[Settings, int, subprocess.Popen[str], int]]:
    settings = Settings(data_dir=tmp_path, database_url=web_db, policy="ett")
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
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "WARDEN_DATA_DIR": str(tmp_path), "WARDEN_DATABASE_URL": web_db, "WARDEN_POLICY": "ett"}
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "socialwarden", "serve", "--workers", "2", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
                            cwd=Path(__file__).resolve().parents[2])
    try:
        yield settings, port, proc, account.id
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_workers(proc: subprocess.Popen[str], port: int, count: int, log: Path) -> set[int]:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        workers = {p for p in _children(proc.pid) if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text()}
        if len(workers) == count:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    return workers
            except httpx.HTTPError:
                pass
        time.sleep(0.3)
    pytest.fail(f"{count} web workers never came up:\n{log.read_text()[-4000:]}")


def test_web_worker_killed_mid_request(served: tuple[Settings, int, subprocess.Popen[str], int]) -> None:
    settings, port, proc, account_id = served
    log = settings.data_dir / "serve.log"
    base = f"http://127.0.0.1:{port}"
    workers = _wait_workers(proc, port, 2, log)
    token = httpx.post(f"{base}/api/v1/session", json={"handle": "staff", "password": PASSWORD},
                       timeout=30).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    text = "The school office opens at 8am on Monday."
    body = httpx.Request("POST", f"{base}/api/v1/posts", json={"account_id": account_id, "text": text}).content

    # half a request: the worker has the headers and part of the body, and is killed while it waits for the rest
    with socket.create_connection(("127.0.0.1", port)) as raw:
        head = (f"POST /api/v1/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        raw.sendall(head + body[: len(body) // 2])
        time.sleep(0.5)
        victim = _serving(workers, port, raw.getsockname()[1])
        os.kill(victim, signal.SIGKILL)
        raw.settimeout(10)
        assert raw.recv(1024) == b""  # the connection died with the worker: no answer
    # the client retries: it lands once, on a live worker, with the same session
    again = httpx.post(f"{base}/api/v1/posts", json={"account_id": account_id, "text": text}, headers=auth,
                       timeout=60)
    assert again.status_code == 201, again.text
    # the supervisor replaced the dead worker; the session is good on every worker
    replaced = _wait_workers(proc, port, 2, log)
    assert victim not in replaced and len(replaced - workers) == 1
    for _ in range(8):
        me = httpx.get(f"{base}/api/v1/me", headers={**auth, "Connection": "close"}, timeout=30)
        assert me.status_code == 200 and me.json()["handle"] == "staff"
    engine = make_engine(settings)
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(PostVersion)
                               .where(PostVersion.text == text)).scalar_one() == 1
    engine.dispose()

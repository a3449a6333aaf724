"""Helpers and fixtures for the hardening tests (issue 16 items 1, 3-5, 8-10, 12), imported by each test module
(no conftest: the approvals work keeps its own). Each attack is tried against a loopback copy of a demo organisation:

The app runs in-process (TestClient) or under uvicorn on 127.0.0.1 (``served``) where the attack needs a real HTTP
connection (body limits, keep-alive); commands run as ``warden`` would, some in a child process with a memory
limit and a timeout so a regression fails the test instead of taking the machine down.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from socialwarden.settings import Settings
from tests.store.conftest import db_url, pg_database
from tests.web.browser import serve
from tests.web.conftest import WebEnv, build_env

__all__ = ["db_url", "gosport_store", "pg_database", "society_store", "sqlite_gosport_store"]

REPO = Path(__file__).resolve().parents[2]
WARDEN = Path(sys.executable).parent / "warden"
CHILD_MEMORY = 1024 * 1024 * 1024  # address space a child command may use (its Python alone needs ~300 MB)


def web_env(db_url: str, tmp_path: Path, pack: str, **overrides: object) -> WebEnv:
    settings = Settings(data_dir=tmp_path / "data", database_url=db_url)
    return build_env(replace(settings, **overrides), pack)  # type: ignore[arg-type]


@pytest.fixture
def gosport_store(db_url: str, tmp_path: Path) -> Iterator[WebEnv]:
    env = web_env(db_url, tmp_path, "gosport")
    yield env
    env.engine.dispose()


@pytest.fixture
def society_store(db_url: str, tmp_path: Path) -> Iterator[WebEnv]:
    env = web_env(db_url, tmp_path, "society")
    yield env
    env.engine.dispose()


@pytest.fixture
def sqlite_gosport_store(tmp_path: Path) -> Iterator[WebEnv]:
    env = web_env(f"sqlite:///{(tmp_path / 'w.db').as_posix()}", tmp_path, "gosport")
    yield env
    env.engine.dispose()


@dataclass(frozen=True)
class Loopback:
    env: WebEnv
    base: str

    @property
    def host_port(self) -> tuple[str, int]:
        host, _, port = self.base.removeprefix("http://").partition(":")
        return host, int(port)


def served(env: WebEnv) -> Iterator[Loopback]:
    with serve(env.app) as base:
        yield Loopback(env=env, base=base)


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str
    peak_mb: float  # the child's peak resident memory


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))


def run_warden(args: list[str], *, env: dict[str, str] | None = None, timeout: float = 120,
               stdin: str | None = None) -> Ran:
    """Run ``warden ARGS`` in a child process with a 1 GiB address-space limit and a timeout (a child that runs
    out of either fails the test, as the unbounded parsers did); reports that child's own peak memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([str(WARDEN), *args], stdout=out, stderr=err, cwd=REPO,
                                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                env={**os.environ, "COLUMNS": "200", **(env or {})}, preexec_fn=_limit_memory)
        if stdin is not None and proc.stdin is not None:
            proc.stdin.write(stdin.encode())
            proc.stdin.close()
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if killed.is_set():
            pytest.fail(f"warden {' '.join(args)} still running after {timeout} s")
        out.seek(0)
        err.seek(0)
        return Ran(code=proc.returncode, out=out.read().decode("utf-8", "replace"),
                   err=err.read().decode("utf-8", "replace"), peak_mb=usage.ru_maxrss / 1024)


def cli_env(settings: Settings, policy: str | None = None) -> dict[str, str]:
    values = {"WARDEN_DATA_DIR": str(settings.data_dir), "WARDEN_DATABASE_URL": settings.database_url}
    if policy:
        values["WARDEN_POLICY"] = policy
    return values

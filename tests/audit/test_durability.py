"""Durability: a writer process is SIGKILLed mid-stream 20 times; no acknowledged event may be lost.

Each writer is a real process (forked by durability_writer's fork server, which has the imports loaded) that
appends events in a loop and acknowledges each one only after its commit returned. The test kills it at a random
moment after its first acknowledgement, starts the next, and finally checks that the chain verifies and holds
every acknowledged event.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy import select as sql_select
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.audit.models import AuditEvent
from socialwarden.settings import Settings

KILLS = 20
WRITER = Path(__file__).with_name("durability_writer.py")


class Server:
    """The fork server's pipes, read line by line with a deadline (a hung writer fails the test, never hangs it)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.process, self.stdin, self.fd, self.buffer = process, process.stdin, process.stdout.fileno(), b""

    def send(self, line: str) -> None:
        self.stdin.write(line.encode() + b"\n")
        self.stdin.flush()

    def line(self, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            assert left > 0 and select.select([self.fd], [], [], left)[0], "no output from the writer server"
            chunk = os.read(self.fd, 65536)
            assert chunk, f"the writer server exited ({self.process.poll()})"
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()


@pytest.fixture
def server(engine: Engine, settings: Settings) -> Iterator[Server]:
    env = {**os.environ, "WARDEN_DATABASE_URL": settings.database_url, "WARDEN_DATA_DIR": str(settings.data_dir)}
    process = subprocess.Popen([sys.executable, str(WRITER), "serve"], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE)
    with process:  # closes the pipes
        yield Server(process)
        process.kill()


def wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.002)
    raise AssertionError(f"writer {pid} survived SIGKILL")


def kill_one_writer(server: Server, run: int, delay: float) -> dict[int, str]:
    """Fork writer ``run``, let it append for ``delay`` s after its first acknowledgement, SIGKILL it; its acks."""
    acknowledged: dict[int, str] = {}
    server.send(str(run))
    pid, first = None, False
    while pid is None or not first:
        who, *rest = server.line().split()
        assert who == str(run) and rest != [], f"unexpected output from writer {who}: {rest}"
        if rest[0] == "pid":
            pid = int(rest[1])
        elif rest[0] != "ready":
            acknowledged[int(rest[0])], first = rest[1], True
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    wait_gone(pid)
    server.send("sync")  # the server answers after every line the writer wrote before it died
    while (line := server.line()) != "sync":
        who, seq, subject = line.split()
        assert who == str(run)
        acknowledged[int(seq)] = subject
    return acknowledged


def test_sigkill_mid_stream_loses_no_acknowledged_event(engine: Engine, server: Server) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    acknowledged: dict[int, str] = {}
    for run in range(KILLS):
        acknowledged.update(kill_one_writer(server, run, rng.uniform(0.0, 0.05)))
    assert len(acknowledged) >= KILLS
    with Session(engine) as session:
        report = audit.verify(session)
        assert report.ok, f"{report.broken} (seed {seed})"
        found = dict(session.execute(sql_select(AuditEvent.seq, AuditEvent.subject_id)
                                     .where(AuditEvent.seq.in_(list(acknowledged)))).all())
    lost = {seq: subject for seq, subject in acknowledged.items() if found.get(seq) != subject}
    assert lost == {}, f"acknowledged events lost or changed (seed {seed})"
    assert report.head is not None and report.head.seq >= max(acknowledged)

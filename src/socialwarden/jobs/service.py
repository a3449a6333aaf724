"""Leases and idempotency keys, each taken in its own short transaction (never inside the caller's work).

``take_lease`` is one conditional UPDATE: it succeeds when the lease is free, expired, already ours, or held by a
process on this machine that no longer exists (a worker killed with SIGKILL: its successor need not wait for the
expiry). ``Lease`` renews itself from a thread every third of its time to live while the work runs, so the time to
live can be short (a worker on another machine that dies loses its leases within ``ttl`` seconds).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite

from socialwarden.jobs.models import JobLease, JobRun, RunState

__all__ = ["Lease", "finish_run", "holder_id", "lease_holder", "release_lease", "renew_lease", "start_run",
           "take_lease"]

_HOST = socket.gethostname()[:80]


def holder_id(tag: str) -> str:
    """Who holds a lease: this machine, this process and the task (``host:pid:tag``)."""
    return f"{_HOST}:{os.getpid()}:{tag}"[:200]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _gone(holder: str | None) -> bool:
    """A holder on this machine whose process has ended (its lease is free at once)."""
    if not holder:
        return True
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != _HOST or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return False


def _insert_new(conn: Connection, model: type[JobLease] | type[JobRun], **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when the row is new."""
    module: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    done = conn.execute(module.insert(model).values(**values).on_conflict_do_nothing())
    return bool(done.rowcount == 1)


def take_lease(engine: Engine, *, name: str, holder: str, ttl: float, now: dt.datetime | None = None) -> bool:
    """Take (or extend) the lease ``name`` for ``ttl`` seconds; False while another live holder has it."""
    at = (now or _now()).astimezone(dt.UTC)
    until = at + dt.timedelta(seconds=ttl)
    with engine.begin() as conn:
        if _insert_new(conn, JobLease, name=name, holder=holder, acquired_at=at, expires_at=until):
            return True  # it did not exist; otherwise take it only on the conditions below
        current = conn.execute(select(JobLease.holder, JobLease.expires_at).where(JobLease.name == name)).one()
        seen, expires = current
        expires = expires if expires.tzinfo else expires.replace(tzinfo=dt.UTC)
        if not (seen is None or seen == holder or expires <= at or _gone(seen)):
            return False
        # conditional on what was read: if someone else took it meanwhile, nothing is updated
        cond = JobLease.holder.is_(None) if seen is None else JobLease.holder == seen
        done = conn.execute(update(JobLease).where(JobLease.name == name, cond, JobLease.expires_at == current[1])
                            .values(holder=holder, acquired_at=at, expires_at=until))
        return done.rowcount == 1


def renew_lease(engine: Engine, *, name: str, holder: str, ttl: float) -> bool:
    """Push the expiry on while we still hold it (False: it was lost, e.g. we were paused past its expiry)."""
    with engine.begin() as conn:
        done = conn.execute(update(JobLease).where(JobLease.name == name, JobLease.holder == holder)
                            .values(expires_at=_now() + dt.timedelta(seconds=ttl)))
        return done.rowcount == 1


def release_lease(engine: Engine, *, name: str, holder: str) -> None:
    with engine.begin() as conn:
        conn.execute(update(JobLease).where(JobLease.name == name, JobLease.holder == holder)
                     .values(holder=None, expires_at=_now()))


def lease_holder(engine: Engine, *, name: str) -> str | None:
    """Who holds ``name`` now (None: free, expired, or its holder on this machine has died)."""
    with engine.connect() as conn:
        row = conn.execute(select(JobLease.holder, JobLease.expires_at).where(JobLease.name == name)).first()
    if row is None or row[0] is None:
        return None
    expires = row[1] if row[1].tzinfo else row[1].replace(tzinfo=dt.UTC)
    return None if expires <= _now() or _gone(row[0]) else str(row[0])


class Lease:
    """``with Lease(engine, name=..., holder=..., ttl=...) as held:`` — ``held`` says whether we got it; while the
    block runs a thread renews it; on the way out it is released (a killed process cannot release: it expires, or
    is freed at once on the same machine)."""

    def __init__(self, engine: Engine, *, name: str, holder: str, ttl: float) -> None:
        self.engine, self.name, self.holder, self.ttl = engine, name, holder, ttl
        self.held = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _renew(self) -> None:
        while not self._stop.wait(self.ttl / 3):
            if not renew_lease(self.engine, name=self.name, holder=self.holder, ttl=self.ttl):
                return

    def __enter__(self) -> bool:
        self.held = take_lease(self.engine, name=self.name, holder=self.holder, ttl=self.ttl)
        if self.held:
            self._thread = threading.Thread(target=self._renew, name=f"lease {self.name}", daemon=True)
            self._thread.start()
        return self.held

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.held:
            release_lease(self.engine, name=self.name, holder=self.holder)


def start_run(engine: Engine, *, key: str, task: str) -> tuple[bool, dict[str, object] | None]:
    """Record that the one-off job ``key`` starts: (True, None) the first time or after a failed or interrupted
    run; (False, result) when it is already done (the work is not repeated). The caller holds the key's lease."""
    with engine.begin() as conn:
        if _insert_new(conn, JobRun, key=key, task=task, state=RunState.STARTED, started_at=_now()):
            return True, None
        state, result = conn.execute(select(JobRun.state, JobRun.result).where(JobRun.key == key)).one()
        if state == RunState.DONE:
            return False, dict(result or {})
        conn.execute(update(JobRun).where(JobRun.key == key).values(state=RunState.STARTED, started_at=_now(),
                                                                     finished_at=None))
        return True, None


def finish_run(engine: Engine, *, key: str, state: RunState, result: Mapping[str, object]) -> None:
    with engine.begin() as conn:
        conn.execute(update(JobRun).where(JobRun.key == key)
                     .values(state=state, finished_at=_now(), result=dict(result)))

"""Leases: one holder at a time (also when many threads race for it), renewal, release, expiry, and a holder on
this machine whose process died freeing it at once; idempotency keys run a one-off job once."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import Engine

from socialwarden.jobs.models import RunState
from socialwarden.jobs.service import (
    Lease,
    finish_run,
    holder_id,
    lease_holder,
    release_lease,
    renew_lease,
    start_run,
    take_lease,
)
from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine
from tests.store.conftest import db_url, pg_database

__all__ = ["db_url", "pg_database"]


def _engine(tmp_path: Path, url: str) -> Engine:
    engine = make_engine(Settings(data_dir=tmp_path, database_url=url))
    init_store(engine)
    return engine


def test_one_holder_at_a_time(tmp_path: Path, db_url: str) -> None:
    engine = _engine(tmp_path, db_url)
    a, b = holder_id("a"), holder_id("b")
    assert take_lease(engine, name="sync:account:1", holder=a, ttl=60)
    assert not take_lease(engine, name="sync:account:1", holder=b, ttl=60)
    assert take_lease(engine, name="sync:account:1", holder=a, ttl=60)  # ours: extended
    assert take_lease(engine, name="sync:account:2", holder=b, ttl=60)  # another name
    assert lease_holder(engine, name="sync:account:1") == a
    assert renew_lease(engine, name="sync:account:1", holder=a, ttl=60)
    assert not renew_lease(engine, name="sync:account:1", holder=b, ttl=60)
    release_lease(engine, name="sync:account:1", holder=b)  # not b's: nothing happens
    assert lease_holder(engine, name="sync:account:1") == a
    release_lease(engine, name="sync:account:1", holder=a)
    assert lease_holder(engine, name="sync:account:1") is None
    assert take_lease(engine, name="sync:account:1", holder=b, ttl=60)
    # expired: anyone may take it
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=61)
    assert take_lease(engine, name="sync:account:1", holder=a, ttl=60, now=later)
    assert not renew_lease(engine, name="sync:account:1", holder=b, ttl=60)
    engine.dispose()


def test_racing_takers_get_it_once(tmp_path: Path, db_url: str) -> None:
    engine = _engine(tmp_path, db_url)
    winners: list[str] = []
    start = threading.Barrier(8)

    def race(n: int) -> None:
        start.wait()
        if take_lease(engine, name="publish", holder=holder_id(f"t{n}"), ttl=60):
            winners.append(str(n))

    threads = [threading.Thread(target=race, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1
    engine.dispose()


def test_a_dead_holder_on_this_machine_frees_the_lease(tmp_path: Path, db_url: str) -> None:
    engine = _engine(tmp_path, db_url)
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                           check=True)
    dead = holder_id("x").replace(f":{__import__('os').getpid()}:", f":{child.stdout.strip()}:")
    assert take_lease(engine, name="sync:account:7", holder=dead, ttl=600)
    assert lease_holder(engine, name="sync:account:7") is None  # its process is gone
    with Lease(engine, name="sync:account:7", holder=holder_id("y"), ttl=600) as held:
        assert held
        with Lease(engine, name="sync:account:7", holder=holder_id("z"), ttl=600) as second:
            assert not second  # a live holder keeps it
    assert lease_holder(engine, name="sync:account:7") is None  # released on the way out
    engine.dispose()


def test_lease_renews_itself_while_held(tmp_path: Path, db_url: str) -> None:
    engine = _engine(tmp_path, db_url)
    with Lease(engine, name="publish", holder=holder_id("r"), ttl=0.6) as held:
        assert held
        threading.Event().wait(1.5)  # past two times to live: the renewals kept it
        assert not take_lease(engine, name="publish", holder=holder_id("other"), ttl=1)
    engine.dispose()


def test_a_run_key_does_the_work_once(tmp_path: Path, db_url: str) -> None:
    engine = _engine(tmp_path, db_url)
    assert start_run(engine, key="action:1", task="platform_action") == (True, None)
    # interrupted (never finished): a second delivery runs it again
    assert start_run(engine, key="action:1", task="platform_action") == (True, None)
    finish_run(engine, key="action:1", state=RunState.DONE, result={"action": "hide"})
    assert start_run(engine, key="action:1", task="platform_action") == (False, {"action": "hide"})
    finish_run(engine, key="action:2", state=RunState.DONE, result={})  # no such run: nothing happens
    assert start_run(engine, key="action:2", task="platform_action") == (True, None)
    engine.dispose()

"""Issue 16, item 11: under write load (8 clients drafting 10 KB posts) one request failed with "database is
locked": the engine check ran while the post's row was already written, so SQLite's write lock was held for the
whole check and the other writers queued behind it.

Now the check runs before any write, and again under the lock only if the post's circumstances changed meanwhile.
The first test watches the lock while each check runs (a second SQLite connection asks for the write lock with no
wait); the second puts 8 concurrent clients through the HTTP API and expects every draft stored and no 5xx.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import pytest
from sqlalchemy import make_url
from sqlalchemy.orm import Session

from socialwarden.engine.context import Context
from socialwarden.engine.decision import Decision
from socialwarden.engine.service import engine_for
from socialwarden.policy.models import Policy
from socialwarden.posts import service as posts
from tests.security.conftest import Served

LONG = ("Our annual lecture is on 12 March at 6pm in the main hall; all members and guests are welcome. " * 110)[
    :9_900]


class LockWatch:
    """The real engine, and at each check a look at whether another writer could get SQLite's write lock now."""

    def __init__(self, policy: Policy, path: str) -> None:
        self.engine = engine_for(policy)
        self.path = path
        self.seen: list[bool] = []

    def _locked(self) -> bool:
        probe = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as exc:
            assert "locked" in str(exc)
            return True
        finally:
            probe.close()

    def check(self, text: str, context: Context | None = None, **kw: Any) -> Decision:
        self.seen.append(self._locked())
        return self.engine.check(text, context, **kw)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_check_runs_without_the_write_lock(society: Served) -> None:
    account_id = society.live_account(requester="trustee", approvers=["social-media-officer"],
                                      owner="social-media-officer", category="official")
    policy = society.env.app.state.warden.policy
    watch = LockWatch(policy, str(make_url(society.env.settings.database_url).database))
    with Session(society.env.engine, expire_on_commit=False) as session:
        made = posts.draft(session, policy=policy, actor="trustee", account_ref=account_id, text=LONG,
                           engine=watch)  # type: ignore[arg-type]
        session.commit()
        posts.edit(session, policy=policy, actor="trustee", post_id=made.id, text=LONG + " Doors open at 5.30.",
                   engine=watch)  # type: ignore[arg-type]
        session.commit()
    assert watch.seen and not any(watch.seen), watch.seen


def test_eight_clients_drafting_long_posts_at_once_all_succeed(society: Served) -> None:
    account_id = society.live_account(requester="trustee", approvers=["social-media-officer"],
                                      owner="social-media-officer", category="official")
    for n in range(7):
        society.add_person(f"writer{n}", ["trustee"], like="trustee")
    writers = ["trustee", *(f"writer{n}" for n in range(7))]
    gate = threading.Barrier(len(writers))
    codes: list[int] = []
    lock = threading.Lock()

    def write(handle: str) -> None:
        client = society.client(handle)
        gate.wait()
        for i in range(4):
            reply = client.post("/api/v1/posts", json={"account_id": account_id, "text": f"{handle} {i}: {LONG}"})
            with lock:
                codes.append(reply.status_code)

    threads = [threading.Thread(target=write, args=(h,)) for h in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(set(codes)) == [201] and len(codes) == 32, codes
    seen = society.client("social-media-officer").get("/api/v1/posts?limit=100").json()
    assert len(seen) == 32

"""A signed-in person cannot flood the server with changes (issue 16: "no one signed in can take the server
down"): every POST/PUT/PATCH/DELETE a signed-in person makes is counted per person in the database (so every web
worker shares the count), text checks in a budget of their own; past the limit the answer is 429 with
Retry-After and a sentence saying what happened, and the first refusal in a window is an audit event. SQLite and
PostgreSQL; concurrent requests over real connections never get more than the limit through."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.audit.models import AuditEvent
from socialwarden.exceptions import TooManyAttempts
from socialwarden.people import service as people
from socialwarden.sessions.limits import ActionLimiter, Bucket, Limits
from socialwarden.sessions.models import ActionCount
from socialwarden.settings import Settings
from socialwarden.web.app import create_app
from tests.security.hardening import Loopback, served, web_env
from tests.store.conftest import db_url, pg_database
from tests.web.conftest import WebEnv, sign_in

__all__ = ["db_url", "pg_database"]  # fixtures

LIMIT, CHECKS = 5, 3


@pytest.fixture
def org(db_url: str, tmp_path: Path) -> Iterator[WebEnv]:
    env = web_env(db_url, tmp_path, "gosport", write_limit=LIMIT, check_limit=CHECKS, rate_window=60)
    yield env
    env.engine.dispose()


def write(client: object, headers: dict[str, str]) -> httpx.Response:
    """A cheap state-changing call: mark my notifications read."""
    return client.post("/api/v1/notifications/read", headers=headers, json={})  # type: ignore[attr-defined,no-any-return]


def refusals(env: WebEnv) -> list[tuple[str, str]]:
    with Session(env.engine) as session:
        rows = session.execute(select(AuditEvent.actor, AuditEvent.after).where(
            AuditEvent.action == "rate_limit.refused").order_by(AuditEvent.seq)).all()
    return [(str(actor), str(after)) for actor, after in rows]


def test_past_the_limit_changes_are_refused_with_429_recorded_once(org: WebEnv) -> None:
    client, legal = org.client(), org.bearer("legal")
    assert [write(client, legal).status_code for _ in range(LIMIT)] == [200] * LIMIT
    refused = write(client, legal)
    assert refused.status_code == 429 and refused.headers["content-type"].startswith("application/problem+json")
    detail = refused.json()["detail"]
    assert "too many changes: legal may make 5 changes in 60 seconds" in detail and "nothing was changed" in detail
    assert 1 <= int(refused.headers["retry-after"]) <= 120
    assert [write(client, legal).status_code for _ in range(10)] == [429] * 10
    # one audit event for the window, however often the person keeps trying
    events = refusals(org)
    assert len(events) == 1 and events[0][0] == "legal" and "'limit': 5" in events[0][1]
    with Session(org.engine) as session:
        rows = session.execute(select(ActionCount).where(ActionCount.key.like("write:%"))).scalars().all()
        made, refused_count = sum(r.count for r in rows), sum(r.refused for r in rows)  # (a minute may turn)
        assert (made, refused_count) == (LIMIT, 11)  # refusals do not count as changes made
    # reads, other people and signing out still work
    assert client.get("/api/v1/notifications", headers=legal).status_code == 200
    assert write(client, org.bearer("officer")).status_code == 200
    assert client.delete("/api/v1/session", headers=legal).status_code == 204


def test_checks_have_their_own_budget(org: WebEnv) -> None:
    client, officer = org.client(), org.bearer("officer")
    checks = [client.post("/api/v1/check", headers=officer, json={"text": "Bins are collected on Monday."})
              for _ in range(CHECKS + 1)]
    assert [c.status_code for c in checks] == [200] * CHECKS + [429]
    assert "too many checks: officer may make 3 checks in 60 seconds" in checks[-1].json()["detail"]
    assert write(client, officer).status_code == 200  # the change budget is untouched


def test_another_worker_shares_the_count(org: WebEnv) -> None:
    first, second = org.client(), type(org.client())(create_app(org.settings))
    legal = org.bearer("legal")
    for _ in range(LIMIT):
        assert write(first, legal).status_code == 200
    assert write(second, legal).status_code == 429


def test_pages_are_refused_too_with_the_error_page(org: WebEnv) -> None:
    client = org.client()
    csrf = sign_in(client, "site-owner")
    codes = [client.post("/notifications/read", data={"csrf_token": csrf}).status_code for _ in range(LIMIT + 1)]
    assert codes == [303] * LIMIT + [429]
    page = client.post("/notifications/read", data={"csrf_token": csrf})
    assert page.status_code == 429 and "too many changes" in page.text and "text/html" in page.headers["content-type"]
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 303  # signing out is never limited


@pytest.fixture
def server(org: WebEnv) -> Iterator[Loopback]:
    yield from served(org)


def test_concurrent_changes_never_pass_the_limit(server: Loopback) -> None:
    legal = server.env.bearer("legal")

    def one(_: int) -> int:
        with httpx.Client(base_url=server.base, timeout=60) as client:
            return write(client, legal).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(one, range(24)))
    assert sorted(codes) == [200] * LIMIT + [429] * (24 - LIMIT), codes


def test_the_window_slides_over_slot_boundaries(tmp_path: Path, db_url: str) -> None:
    env = web_env(db_url, tmp_path, "gosport", write_limit=LIMIT, check_limit=CHECKS, rate_window=60)
    try:
        limiter = ActionLimiter(env.engine, Limits(write=LIMIT, check=CHECKS, window=60))
        policy = env.app.state.warden.policy
        with Session(env.engine) as session:
            person = people.get_person(session, handle="legal")
        start = 1_800_000_000.0 // 60 * 60  # the start of a slot

        def take(at: float) -> None:
            limiter.take(policy=policy, person_id=person.id, handle="legal", bucket=Bucket.WRITE, what="t", now=at)

        for _ in range(LIMIT):
            take(start + 59)  # a burst at the very end of one slot
        with pytest.raises(TooManyAttempts) as refused:
            take(start + 61)  # just into the next: the burst still weighs almost fully
        assert 1 <= refused.value.retry_after <= 60
        take(start + 60 + 59)  # a slot later the burst weighs little: room again
        take(start + 3 * 60)  # long after: the old slots are gone
        with Session(env.engine) as session:
            slots = sorted(session.execute(select(ActionCount.slot)).scalars())
        assert slots == [int(start // 60) + 3]
        assert Settings.from_env({"WARDEN_WRITE_LIMIT": "0"}).write_limit == 0  # 0 turns the limit off
        off = ActionLimiter(env.engine, Limits(write=0, check=0, window=60))
        for _ in range(50):
            off.take(policy=policy, person_id=person.id, handle="legal", bucket=Bucket.WRITE, what="t", now=start)
    finally:
        env.engine.dispose()

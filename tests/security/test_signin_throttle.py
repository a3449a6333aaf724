"""Item 3: the sign-in throttle is keyed on the handle exactly as the look-up normalises it, and lives in the
database, so neither a variant spelling nor another web worker gets extra guesses."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator

import httpx
import pytest

from socialwarden.web.app import create_app
from tests.security.hardening import Loopback, gosport_store, served
from tests.store.conftest import db_url, pg_database
from tests.web.conftest import PASSWORD, WebEnv

__all__ = ["db_url", "gosport_store", "pg_database"]  # fixtures


@pytest.fixture
def org(gosport_store: WebEnv) -> WebEnv:
    """The Gosport demo organisation on a fresh store (SQLite and PostgreSQL)."""
    return gosport_store

VARIANTS = ["legal\u00a0", "\tlegal", "LEGAL", " legal ", "le\u200bgal", "\uff4c\uff45\uff47\uff41\uff4c",
            "legal\u2003", "Legal\n"]


def guess(client: object, handle: str, password: str = "not the password") -> int:
    reply = client.post("/api/v1/session", json={"handle": handle, "password": password})  # type: ignore[attr-defined]
    return int(reply.status_code)


@pytest.mark.parametrize("variant", VARIANTS)
def test_variants_normalise_to_the_handle(variant: str) -> None:
    from socialwarden.sessions.service import normalise_handle

    assert normalise_handle(variant) == "legal"


def test_variant_spellings_share_the_lockout(org: WebEnv) -> None:
    client = org.client()
    assert guess(client, "legal", PASSWORD) == 201  # the variants really do sign in as legal
    assert guess(client, "legal\u00a0", PASSWORD) == 201
    for _ in range(5):
        assert guess(client, "legal") == 401
    assert [guess(client, v) for v in VARIANTS] == [429] * len(VARIANTS)
    assert guess(client, "legal\u00a0", PASSWORD) == 429  # even the right password, while locked


def test_another_worker_sees_the_same_failures(org: WebEnv) -> None:
    worker_a, worker_b = org.client(), type(org.client())(create_app(org.settings))
    for _ in range(5):
        assert guess(worker_a, "officer") == 401
    assert guess(worker_b, "officer") == 429
    assert guess(worker_b, "site-owner", PASSWORD) == 201  # other handles are not affected


@pytest.fixture
def server(org: WebEnv) -> Iterator[Loopback]:
    yield from served(org)


def test_concurrent_guesses_cannot_slip_past_the_limit(server: Loopback) -> None:
    """Forty guesses at once over real connections: at most five reach the password check."""
    def one(_: int) -> int:
        with httpx.Client(base_url=server.base, timeout=60) as client:
            return guess(client, "legal\u00a0" if _ % 2 else "\tLegal")

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(one, range(40)))
    assert statuses.count(401) <= 5 and statuses.count(429) >= 35 and set(statuses) <= {401, 429}

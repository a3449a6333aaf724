"""Item 9: requests that used to crash a route (a date at the end of time, ids of 2^63 and more) get a 4xx (or a
plain answer), never a 500, and the client's keep-alive connection survives each of them."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pytest

from tests.security.hardening import Loopback, gosport_store, served
from tests.store.conftest import db_url, pg_database
from tests.web.conftest import PASSWORD, WebEnv

__all__ = ["db_url", "gosport_store", "pg_database"]  # fixtures


@pytest.fixture
def org(gosport_store: WebEnv) -> WebEnv:
    """The Gosport demo organisation on a fresh store (SQLite and PostgreSQL)."""
    return gosport_store

HUGE = [2**63, 2**64, 99999999999999999999]
NO_SUCH = (400, 403, 404)  # refused as a bad id, or not found: never a 500
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def server(org: WebEnv) -> Iterator[Loopback]:
    yield from served(org)


class Browser:
    """One keep-alive HTTP/1.1 connection carrying a signed-in session cookie."""

    def __init__(self, server: Loopback, handle: str) -> None:
        with httpx.Client(base_url=server.base, follow_redirects=False) as web:
            token = CSRF.search(web.get("/login").text)
            assert token is not None
            signed = web.post("/login", data={"handle": handle, "password": PASSWORD, "csrf_token": token.group(1)})
            assert signed.status_code == 303
            page = web.get("/", follow_redirects=True).text
            found = CSRF.search(page)
            assert found is not None
            self.csrf = found.group(1)
            self.cookie = "; ".join(f"{k}={v}" for k, v in web.cookies.items())
        self.connection = http.client.HTTPConnection(*server.host_port, timeout=30)
        self.connection.connect()
        self.socket = self.connection.sock

    def request(self, method: str, path: str, form: dict[str, str] | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, str]:
        body = urlencode({**(form or {}), "csrf_token": self.csrf}) if method == "POST" else None
        sent = {"Cookie": self.cookie, **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=sent)
        reply = self.connection.getresponse()
        text = reply.read().decode("utf-8", "replace")
        assert not reply.will_close, f"{method} {path}: the server closed the connection ({reply.status})"
        assert self.connection.sock is self.socket, f"{method} {path}: a new connection was needed"
        return reply.status, text


def test_the_audit_export_to_the_end_of_time(server: Loopback) -> None:
    admin = Browser(server, "head-of-it")
    assert admin.request("GET", "/api/v1/audit/export?end=9999-12-31")[0] == 200
    assert admin.request("GET", "/api/v1/audit/export?start=9999-12-31&end=9999-12-31")[0] == 200
    assert admin.request("GET", "/audit/export?end=9999-12-31")[0] == 200
    assert admin.request("GET", "/api/v1/audit/export?end=10000-01-01")[0] == 422


def test_huge_ids_on_pages_are_not_found_and_the_connection_survives(server: Loopback) -> None:
    officer, owner, head = Browser(server, "officer"), Browser(server, "site-owner"), Browser(server, "head-of-it")
    for number in HUGE:
        assert officer.request("POST", f"/posts/{number}/submit")[0] in NO_SUCH
        assert officer.request("POST", f"/posts/{number}/schedule", {"at": "2030-01-01T10:00"})[0] in NO_SUCH
        assert owner.request("POST", f"/inbox/{number}", {"action": "keep", "reason": "x"})[0] in NO_SUCH
        assert head.request("POST", f"/approvals/accounts/{number}")[0] in NO_SUCH
        status, _ = officer.request("POST", "/posts", {"account_id": str(number), "text": "hello"})
        assert 400 <= status < 500, (number, status)
    assert officer.request("GET", "/check")[0] == 200  # and the same connection goes on working


def test_huge_ids_on_api_routes_are_4xx(server: Loopback) -> None:
    head = Browser(server, "head-of-it")
    owner = Browser(server, "site-owner")
    for number in HUGE:
        for client, path in ((head, f"/api/v1/accounts/{number}"), (owner, f"/api/v1/posts/{number}"),
                             (owner, f"/api/v1/moderation/comments/{number}"),
                             (head, f"/api/v1/audit/events?before_seq={number}")):
            status, _ = client.request("GET", path)
            assert 400 <= status < 500, (path, status)

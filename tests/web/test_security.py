"""Sign-in, session cookies, CSRF, throttling, redirects and error rendering at the web edge."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from socialwarden.web import routes
from socialwarden.web.app import create_app
from socialwarden.web.auth import SESSION_COOKIE
from tests.web.conftest import CSRF_RE, PASSWORD, WebEnv, csrf_of, sign_in


@pytest.fixture
def env(gosport_env: WebEnv) -> Iterator[WebEnv]:
    yield gosport_env


def _cookie_header(reply: object) -> str:
    headers = reply.headers.get_list("set-cookie")  # type: ignore[attr-defined]
    return next(h for h in headers if h.startswith(SESSION_COOKIE + "="))


def test_session_cookie_is_httponly_lax_and_secure_only_over_https(env: WebEnv) -> None:
    plain = _cookie_header(env.client().get("/login"))
    assert "HttpOnly" in plain and "SameSite=lax" in plain.replace("Lax", "lax") and "Secure" not in plain
    over_https = TestClient(env.app, base_url="https://testserver").get("/login")
    assert "Secure" in _cookie_header(over_https) and "max-age" in over_https.headers["strict-transport-security"]
    forced = create_app(replace(env.settings, cookie_secure=True))
    assert "Secure" in _cookie_header(TestClient(forced).get("/login"))


def test_forms_need_the_csrf_token(env: WebEnv) -> None:
    client = env.client()
    no_token = client.post("/login", data={"handle": "officer", "password": PASSWORD})
    assert no_token.status_code == 403 and "security token" in no_token.text
    token = sign_in(client, "officer")
    assert client.post("/check/preview", data={"text": "hello"}).status_code == 403
    assert client.post("/check/preview", data={"text": "hello", "csrf_token": "forged"}).status_code == 403
    assert client.post("/check/preview", data={"text": "hello", "csrf_token": token}).status_code == 200
    htmx = client.post("/check/preview", data={"text": "hello"}, headers={"X-CSRF-Token": token, "HX-Request": "1"})
    assert htmx.status_code == 200 and 'hx-swap-oob="true"' in htmx.text
    api = client.post("/api/v1/check", json={"text": "hello"})  # a cookie-authenticated API call needs it too
    assert api.status_code == 403 and api.headers["content-type"].startswith("application/problem+json")
    assert client.post("/api/v1/check", json={"text": "hi"}, headers={"X-CSRF-Token": token}).status_code == 200


def test_sign_in_rotates_the_token_and_sign_out_ends_the_session(env: WebEnv) -> None:
    client = env.client()
    before = CSRF_RE.search(client.get("/login").text)
    assert before is not None
    after = sign_in(client, "officer")
    assert after != before.group(1)
    assert client.get("/check").status_code == 200
    assert client.post("/logout", data={"csrf_token": after}).status_code == 303
    assert client.get("/check").headers["location"].startswith("/login")


def test_a_tampered_cookie_is_signed_out(env: WebEnv) -> None:
    client = env.client()
    sign_in(client, "officer")
    data, _, mac = client.cookies[SESSION_COOKIE].partition(".")
    payload = json.loads(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    assert isinstance(payload["sid"], str) and "h" not in payload  # a server-side session's secret, no handle
    payload["sid"] = payload["sid"][::-1]  # guess at another session, keeping the old signature
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, f"{forged}.{mac}")
    assert client.get("/audit").status_code == 303  # not head-of-it: not signed in at all


def test_repeated_failures_throttle_the_handle(env: WebEnv) -> None:
    client = env.client()
    token = CSRF_RE.search(client.get("/login").text)
    assert token is not None
    for _ in range(5):
        wrong = client.post("/login", data={"handle": "officer", "password": "not it at all", "csrf_token":
                                            token.group(1)})
        assert wrong.status_code == 401 and "do not match" in wrong.text
    locked = client.post("/login", data={"handle": "officer", "password": PASSWORD, "csrf_token": token.group(1)})
    assert locked.status_code == 429 and "too many failed sign-ins" in locked.text
    api = client.post("/api/v1/session", json={"handle": "officer", "password": PASSWORD})
    assert api.status_code == 429 and int(api.headers["retry-after"]) > 0
    assert client.post("/api/v1/session", json={"handle": "site-owner", "password": PASSWORD}).status_code == 201


def test_next_only_goes_to_this_site(env: WebEnv) -> None:
    client = env.client()
    token = CSRF_RE.search(client.get("/login").text)
    assert token is not None
    reply = client.post("/login", data={"handle": "officer", "password": PASSWORD, "csrf_token": token.group(1),
                                        "next": "//evil.example/x"})
    assert reply.headers["location"] == "/"


def test_errors_are_rendered_once_without_tracebacks(env: WebEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    client = env.client()
    sign_in(client, "officer")
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "<h1>Not Found</h1>" in page.text
    api = client.get("/api/v1/no/such")
    assert api.status_code == 404 and api.json()["status"] == 404 and api.json()["title"] == "Not Found"
    denied = client.get("/audit")
    assert denied.status_code == 403 and "needs the view_audit permission" in denied.text
    monkeypatch.setitem(routes.RULES, "api.boom", routes.Access.PUBLIC)
    app = create_app(env.settings)

    @app.get("/api/v1/boom", name="api.boom")
    def boom() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    reply = TestClient(app, raise_server_exceptions=False).get("/api/v1/boom")
    assert reply.status_code == 500 and "secret internals" not in reply.text and "Traceback" not in reply.text
    assert reply.json()["detail"].startswith("something went wrong")


def test_security_headers(env: WebEnv) -> None:
    reply = env.client().get("/login")
    assert "script-src 'self'" in reply.headers["content-security-policy"]
    assert reply.headers["x-frame-options"] == "DENY" and reply.headers["cache-control"] == "no-store"
    assert "<script src=\"/static/htmx.min.js\"" in reply.text and "http" not in reply.text.split("<body")[0]


def test_a_page_shows_only_what_the_role_may_use(env: WebEnv) -> None:
    client = env.client()
    sign_in(client, "officer")
    nav = client.get("/check").text.split("<main")[0]
    assert 'href="/check"' in nav and 'href="/audit"' not in nav and 'href="/inbox"' not in nav
    other = env.client()
    sign_in(other, "head-of-it")
    nav = other.get("/audit").text.split("<main")[0]
    assert 'href="/audit"' in nav and 'href="/dashboard"' in nav
    assert csrf_of(other)


def test_an_officer_requests_an_account_from_the_registry_page(env: WebEnv) -> None:
    client = env.client()
    token = sign_in(client, "officer")
    page = client.get("/accounts").text
    assert "Request a new account" in page and "Declare incident" not in page
    reply = client.post("/accounts", data={"csrf_token": token, "platform": "facebook", "handle": "GosportParks",
                                           "category": "official", "purpose": "parks news", "owner": "site-owner"})
    assert reply.status_code == 303 and "requested" in reply.headers["location"]
    assert "GosportParks" in client.get("/accounts").text
    again = client.post("/accounts", data={"csrf_token": token, "platform": "facebook", "handle": "GosportParks",
                                           "category": "official", "purpose": "parks news"})
    assert again.status_code == 409 and "already registered" in again.text  # the friendly error page


def test_htmx_calls_without_a_session_send_the_page_to_sign_in(env: WebEnv) -> None:
    reply = env.client().post("/check/preview", data={"text": "hi"},
                              headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/check"})
    assert reply.status_code == 401 and reply.headers["hx-redirect"] == "/login?next=%2Fcheck"

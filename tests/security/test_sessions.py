"""Item 5: sessions live on the server. A cookie or token copied before sign-out, a password change or an
administrator's "sign out everywhere" stops working at once, for reads and writes, on every worker."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from socialwarden.web.app import create_app
from socialwarden.web.auth import SESSION_COOKIE
from tests.security.hardening import cli_env, gosport_store, run_warden
from tests.store.conftest import db_url, pg_database
from tests.web.conftest import PASSWORD, WebEnv, csrf_of, sign_in

__all__ = ["db_url", "gosport_store", "pg_database"]  # fixtures


@pytest.fixture
def org(gosport_store: WebEnv) -> WebEnv:
    """The Gosport demo organisation on a fresh store (SQLite and PostgreSQL)."""
    return gosport_store


def stolen_copy(env: WebEnv, client: TestClient) -> TestClient:
    """Another browser holding a copy of ``client``'s session cookie."""
    thief = env.client()
    thief.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE])
    return thief


def can_write(client: TestClient, csrf: str) -> bool:
    reply = client.post("/api/v1/check", json={"text": "hello"}, headers={"X-CSRF-Token": csrf})
    return reply.status_code == 200


def test_a_cookie_copied_before_sign_out_stops_working(org: WebEnv) -> None:
    victim = org.client()
    csrf = sign_in(victim, "officer")
    thief = stolen_copy(org, victim)
    assert thief.get("/check").status_code == 200 and can_write(thief, csrf)
    assert victim.post("/logout", data={"csrf_token": csrf}).status_code == 303
    assert thief.get("/check").status_code == 303  # sent to sign in
    assert not can_write(thief, csrf)
    assert thief.get("/api/v1/me").status_code == 401


def test_a_bearer_token_ends_with_sign_out(org: WebEnv) -> None:
    client = org.client()
    token = client.post("/api/v1/session", json={"handle": "officer", "password": PASSWORD}).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=auth).status_code == 200
    assert client.delete("/api/v1/session", headers=auth).status_code == 204
    assert client.get("/api/v1/me", headers=auth).status_code == 401
    assert client.post("/api/v1/check", json={"text": "hi"}, headers=auth).status_code == 401


def test_a_password_change_revokes_every_session_and_token(org: WebEnv) -> None:
    browser = org.client()
    csrf = sign_in(browser, "officer")
    thief = stolen_copy(org, browser)
    token = org.bearer("officer")
    admin = org.bearer("head-of-it")
    changed = org.client().put("/api/v1/people/officer/password", headers=admin,
                                   json={"password": "a brand new password"})
    assert changed.status_code == 204
    assert thief.get("/check").status_code == 303 and not can_write(thief, csrf)
    assert org.client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_an_administrator_signs_someone_out_everywhere(org: WebEnv) -> None:
    browser = org.client()
    sign_in(browser, "officer")
    thief = stolen_copy(org, browser)
    token = {"Authorization": f"Bearer {org.token('officer')}"}
    refused = org.client().delete("/api/v1/people/officer/sessions", headers=token)
    assert refused.status_code == 403  # it takes manage_people
    done = org.client().delete("/api/v1/people/officer/sessions", headers=org.bearer("head-of-it"))
    assert done.status_code == 200 and done.json()["revoked"] == 2
    assert thief.get("/check").status_code == 303 and browser.get("/check").status_code == 303
    assert org.client().get("/api/v1/me", headers=token).status_code == 401
    events = org.client().get("/api/v1/audit/events", headers=org.bearer("head-of-it"),
                                  params={"action": "person.sign_out_everywhere"}).json()
    assert events[0]["actor"] == "head-of-it" and events[0]["before"] == {"live_sessions": 2}


def test_sign_out_everywhere_from_the_people_page(org: WebEnv) -> None:
    victim = org.client()
    sign_in(victim, "officer")
    admin = org.client()
    csrf = sign_in(admin, "head-of-it")
    page = admin.get("/people")
    assert 'action="/people/officer/sessions/revoke"' in page.text
    assert admin.post("/people/officer/sessions/revoke", data={"csrf_token": csrf}).status_code == 303
    assert victim.get("/check").status_code == 303
    officer = org.client()
    own = sign_in(officer, "officer")
    assert officer.post("/people/head-of-it/sessions/revoke", data={"csrf_token": own}).status_code == 403


def test_sign_out_everywhere_from_the_command_line(org: WebEnv) -> None:
    victim = org.client()
    sign_in(victim, "officer")
    token = {"Authorization": f"Bearer {org.token('officer')}"}
    env = cli_env(org.settings, "gosport")
    refused = run_warden(["users", "signout", "head-of-it", "--as", "officer"], env=env)
    assert refused.code == 5 and "manage_people" in refused.err
    ran = run_warden(["users", "signout", "officer", "--as", "head-of-it", "--json"], env=env)
    assert ran.code == 0 and '"revoked": 2' in ran.out
    assert victim.get("/check").status_code == 303
    assert org.client().get("/api/v1/me", headers=token).status_code == 401


def test_sign_out_on_one_worker_is_seen_by_another(org: WebEnv) -> None:
    worker_a = org.client()
    csrf = sign_in(worker_a, "officer")
    worker_b = TestClient(create_app(org.settings), follow_redirects=False)
    worker_b.cookies.set(SESSION_COOKIE, worker_a.cookies[SESSION_COOKIE])
    assert worker_b.get("/check").status_code == 200
    worker_a.post("/logout", data={"csrf_token": csrf})
    assert worker_b.get("/check").status_code == 303


def test_signing_out_everywhere_myself(org: WebEnv) -> None:
    laptop, phone = org.client(), org.client()
    csrf = sign_in(laptop, "officer")
    sign_in(phone, "officer")
    assert laptop.post("/logout", data={"csrf_token": csrf, "everywhere": "1"}).status_code == 303
    assert phone.get("/check").status_code == 303
    assert csrf_of(org.client()) != csrf

"""Web fixtures: a migrated store with one person per policy role (each with a password) and the app on it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from socialwarden.people import service as people
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import Permission
from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine
from socialwarden.web import users
from socialwarden.web.app import create_app
from tests.store.conftest import db_url, pg_database

__all__ = ["db_url", "pg_database"]

PASSWORD = "correct horse battery staple"
RELAXED = 10**6
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class WebEnv:
    app: FastAPI
    engine: Engine
    settings: Settings
    handles: dict[str, str]  # role id -> handle of the person holding only that role

    def client(self) -> TestClient:
        return TestClient(self.app, follow_redirects=False)

    def token(self, handle: str) -> str:
        """A bearer token backed by a server-side session, as POST /api/v1/session makes (without argon2 time)."""
        state = self.app.state.warden
        with Session(self.engine) as session:
            person = people.get_person(session, handle=handle)
            token = users.issue_token(session, policy=state.policy, signer=state.signer, person=person, hours=1,
                                      actor="system:test")
            session.commit()
        return token

    def bearer(self, handle: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(handle)}"}


def build_env(settings: Settings, policy_name: str) -> WebEnv:
    """Store migrated, a person per role named after it (plus 'nobody' with no roles), every one with a password."""
    settings = replace(settings, policy=policy_name, secret_key="k" * 40)
    if settings.write_limit == Settings.write_limit and settings.check_limit == Settings.check_limit:
        # tests act faster than any person: the per-person rate limit has its own tests (test_rate_limit.py)
        settings = replace(settings, write_limit=RELAXED, check_limit=RELAXED)
    engine = make_engine(settings)
    init_store(engine)
    policy = load_policy(policy_name)
    handles: dict[str, str] = {}
    with Session(engine) as session:
        # the first person (added by the bootstrap) holds a role that may add the others
        roles = sorted(policy.roles, key=lambda r: (Permission.MANAGE_PEOPLE not in policy.roles[r].permissions,
                                                    policy.roles[r].relative_to_requester))
        admin, manager = None, None
        for role in roles:
            handle = role.replace("_", "-")
            relative = policy.roles[role].relative_to_requester  # held by being someone's line manager
            person = people.add_person(session, policy=policy, actor=admin, handle=handle,
                                       name=role.replace("_", " ").title(), roles=[] if relative else [role])
            admin = admin or person
            manager = person if relative else manager
            handles[role] = handle
        people.add_person(session, policy=policy, actor=admin, handle="nobody", name="No Roles", roles=[],
                          line_manager=manager)
        first = users.set_password(session, policy=policy, actor=None, handle="nobody",
                                   password=PASSWORD)
        for handle in handles.values():  # the same password: reuse its hash (argon2 costs ~0.5 s a hash here)
            people.get_person(session, handle=handle).password_hash = first.password_hash
        session.commit()
    return WebEnv(app=create_app(settings), engine=engine, settings=settings, handles=handles)



@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, database_url=f"sqlite:///{(tmp_path / 'warden.db').as_posix()}")


@pytest.fixture
def gosport_env(sqlite_settings: Settings) -> Iterator[WebEnv]:
    env = build_env(sqlite_settings, "gosport")
    yield env
    env.engine.dispose()


@pytest.fixture
def ett_env(sqlite_settings: Settings) -> Iterator[WebEnv]:
    env = build_env(sqlite_settings, "ett")
    yield env
    env.engine.dispose()


def sign_in(client: TestClient, handle: str, password: str = PASSWORD) -> str:
    """Sign in through the form; returns the new session's CSRF token."""
    page = client.get("/login")
    token = CSRF_RE.search(page.text)
    assert token is not None
    reply = client.post("/login", data={"handle": handle, "password": password, "csrf_token": token.group(1),
                                        "next": "/"})
    assert reply.status_code == 303, reply.text
    return csrf_of(client)


def csrf_of(client: TestClient) -> str:
    """The session's CSRF token, read from the page the home page sends this person to."""
    found = CSRF_RE.search(client.get("/", follow_redirects=True).text)
    assert found is not None
    return found.group(1)

"""Security regression fixtures: the web app on a real loopback server (uvicorn), on SQLite and PostgreSQL, with
people added the way the services add them. Attacks go over HTTP with httpx, from several threads at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.people import service as people
from socialwarden.settings import Settings
from tests.governance.helpers import make_ready
from tests.store.conftest import db_url, pg_database
from tests.web.browser import serve
from tests.web.conftest import WebEnv, build_env

__all__ = ["db_url", "pg_database"]


@dataclass
class Served:
    env: WebEnv
    base: str

    def client(self, handle: str) -> httpx.Client:
        """A client signed in as ``handle`` (bearer token), on the loopback server."""
        return httpx.Client(base_url=self.base, headers=self.env.bearer(handle), timeout=60)

    def add_person(self, handle: str, roles: list[str], like: str) -> None:
        """Register another person with ``roles`` who signs in with ``like``'s password."""
        policy = self.env.app.state.warden.policy
        with Session(self.env.engine) as session:
            admin = next(people.get_person(session, handle=h) for r, h in self.env.handles.items()
                         if "manage_people" in {p.value for p in policy.roles[r].permissions})
            made = people.add_person(session, policy=policy, actor=admin, handle=handle, name=handle.title(),
                                     roles=roles)
            made.password_hash = people.get_person(session, handle=like).password_hash
            session.commit()

    def set_manager(self, handle: str, manager: str) -> None:
        policy = self.env.app.state.warden.policy
        with Session(self.env.engine) as session:
            admin = next(people.get_person(session, handle=h) for r, h in self.env.handles.items()
                         if "manage_people" in {p.value for p in policy.roles[r].permissions})
            people.set_line_manager(session, policy=policy, actor=admin, person=people.get_person(session,
                                                                                               handle=handle),
                                    line_manager=people.get_person(session, handle=manager))
            session.commit()

    def live_account(self, *, requester: str, approvers: list[str], owner: str, category: str,
                     handle: str = "main", platform: str = "facebook") -> int:
        """An active account, approved by ``approvers`` and with what it needs on file."""
        policy = self.env.app.state.warden.policy
        with Session(self.env.engine) as session:
            ask = people.get_person(session, handle=requester)
            account = accounts.request_account(session, policy=policy, actor=ask, platform=platform, handle=handle,
                                               category=category, purpose="news",
                                               owner=people.get_person(session, handle=owner))
            for approver in approvers:
                if account.status == "requested":
                    accounts.approve_account(session, policy=policy,
                                             actor=people.get_person(session, handle=approver), account=account)
            make_ready(session, policy, account)
            accounts.activate_account(session, policy=policy, actor=account.owner or ask, account=account)
            session.commit()
            return account.id


def _served(db_url: str, tmp_path: Path, pack: str) -> Iterator[Served]:
    env = build_env(Settings(data_dir=tmp_path, database_url=db_url), pack)
    try:
        with serve(env.app) as base:
            yield Served(env=env, base=base)
    finally:
        env.engine.dispose()


@pytest.fixture
def society(db_url: str, tmp_path: Path) -> Iterator[Served]:
    yield from _served(db_url, tmp_path, "society")


@pytest.fixture
def gosport(db_url: str, tmp_path: Path) -> Iterator[Served]:
    yield from _served(db_url, tmp_path, "gosport")

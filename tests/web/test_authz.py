"""The route x role matrix, generated from the app's routes and the rule table: 401 without a session, 403 for
every role the policy does not give the route's permission, and neither for the roles it does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute

from socialwarden.settings import Settings
from socialwarden.web.app import all_routes, create_app, unruled_routes
from socialwarden.web.routes import RULES, Access, allows
from socialwarden.web.users import route_permissions
from tests.web.conftest import WebEnv, build_env

PACKS = ["gosport", "ett", "gen", "society", "council-officers"]
PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
SIGN_OUT = {"api.session.delete", "page.logout"}


def _url(path: str) -> str:
    return PARAM.sub(lambda m: "1" if m.group(1).endswith("id") else "x", path)


def routes_of(env: WebEnv) -> Iterator[tuple[str, str, str]]:
    """(method, url, route name) for every API route and page the app serves."""
    for path, route in all_routes(env.app):
        if isinstance(route, APIRoute):
            for method in sorted(route.methods):
                yield method, _url(path), route.name


def call(env: WebEnv, method: str, url: str, headers: dict[str, str] | None = None) -> int:
    client = env.client()
    body = {"json": {}} if method in {"POST", "PUT", "PATCH"} and url.startswith("/api/") else {}
    return client.request(method, url, headers=headers or {}, **body).status_code  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=PACKS)
def env(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebEnv]:
    folder: Path = tmp_path_factory.mktemp(request.param)
    built = build_env(Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'w.db'}"), request.param)
    yield built
    built.engine.dispose()


def test_every_route_has_a_rule_and_every_rule_a_route(env: WebEnv) -> None:
    names = {name for _m, _u, name in routes_of(env)}
    assert unruled_routes(env.app) == []
    stale = set(RULES) - names - {"openapi", "static"}
    assert not stale, f"rules for routes that do not exist: {sorted(stale)}"


def test_without_a_session_every_guarded_route_refuses(env: WebEnv) -> None:
    for method, url, name in routes_of(env):
        status = call(env, method, url)
        if RULES[name] is Access.PUBLIC:  # (the sign-in form still wants its CSRF token: tested elsewhere)
            assert status != 401, (method, url, status)
        elif url.startswith("/api/"):
            assert status == 401, (method, url, status)
        else:  # pages send the browser to the sign-in form instead
            assert status == 303, (method, url, status)


def test_each_role_gets_exactly_what_its_permissions_allow(env: WebEnv) -> None:
    from sqlalchemy.orm import Session

    from socialwarden.people.models import Person

    policy = env.app.state.warden.policy
    checked = 0
    for role, handle in [*env.handles.items(), ("(none)", "nobody")]:
        with Session(env.engine) as session:
            person = session.query(Person).filter_by(handle=handle).one()
            _roles, permissions = route_permissions(session, policy=policy, person=person)
        headers = env.bearer(handle)
        for method, url, name in routes_of(env):
            status = call(env, method, url, headers)
            rule = RULES[name]
            if allows(rule, permissions):
                assert status not in (401, 403), (role, method, url, status)
            else:
                assert status == 403, (role, method, url, status)
            if name in SIGN_OUT and status < 400:  # that call ended the session the token carries
                headers = env.bearer(handle)
            checked += 1
    assert checked > 100


def test_a_route_without_a_rule_stops_the_app(env: WebEnv) -> None:
    app = create_app(env.settings)

    @app.get("/api/v1/forgotten", name="api.forgotten")
    def forgotten() -> dict[str, str]:
        return {}

    assert unruled_routes(app) == ["/api/v1/forgotten (api.forgotten)"]


def test_named_refusals_from_the_policies(env: WebEnv) -> None:
    """The brief's examples: a board member cannot approve accounts; an officer cannot read credentials."""
    policy_id = env.app.state.warden.policy.policy.id
    examples = {"gen": [("board_member", "POST", "/api/v1/accounts/1/approve")],
                "gosport": [("officer", "POST", "/api/v1/accounts/1/credentials/password/read"),
                            ("officer", "POST", "/api/v1/accounts/1/approve")],
                "ett": [("staff", "POST", "/api/v1/accounts/1/credentials/password/read"),
                        ("trustee", "POST", "/api/v1/incident/start")],
                "society": [("board", "POST", "/api/v1/accounts/1/approve")],
                "council-officers": [("officer", "GET", "/api/v1/audit/verify")]}
    for role, method, url in examples[policy_id]:
        reply = env.client().request(method, url, headers=env.bearer(env.handles[role]), json={})
        assert reply.status_code == 403, (role, url)
        assert reply.headers["content-type"].startswith("application/problem+json")
        assert "permission" in reply.json()["detail"]

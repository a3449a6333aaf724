"""Property-based API test: schemathesis generates requests from the OpenAPI schema; none may get a 5xx."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import Session

from socialwarden.people import service as people
from socialwarden.settings import Settings
from tests.web.conftest import WebEnv, build_env

EXAMPLES = 12  # per operation: bounded so CI stays fast


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> WebEnv:
    folder: Path = tmp_path_factory.mktemp("schema")
    built = build_env(Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'w.db'}"), "ett")
    policy = built.app.state.warden.policy
    with Session(built.engine) as session:  # someone holding every role, so requests get past the gate
        admin = people.get_person(session, handle=built.handles["chief_executive"])
        everyone = people.get_person(session, handle="nobody")
        people.set_roles(session, policy=policy, actor=admin, person=everyone, roles=list(policy.roles))
        session.commit()
    return built


def test_no_server_errors(env: WebEnv) -> None:
    """Every operation in the schema, EXAMPLES generated cases each (schemathesis' pytest plugin does not load
    under pytest 9 here, so the operations are driven with hypothesis directly)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", env.app)
    headers = env.bearer("nobody")
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: Any) -> None:
            ends_sessions = case.method == "DELETE" and case.path.endswith(("/session", "/sessions"))
            response = case.call(headers=env.bearer("nobody") if ends_sessions else headers)  # spare the shared one
            statuses[response.status_code] += 1
            if response.status_code == 401 and case.path != "/api/v1/session":  # (a wrong password is 401)
                failures.append(f"{case.method} {case.formatted_path}: the token stopped working")
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: "
                                f"{response.text[:300]}")

        run()
    assert operations >= 25
    assert sum(n for code, n in statuses.items() if code < 300) > operations, statuses  # got past the gate
    assert not failures, "\n".join(failures[:10])

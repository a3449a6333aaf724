"""`warden users create|token` (bootstrapping the first admin) and `warden serve`'s settings file."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from socialwarden.cli.app import app
from socialwarden.cli.serve_cmd import settings_for
from socialwarden.exceptions import InputError
from socialwarden.settings import Settings, read_settings_file
from socialwarden.store.db import init_store, make_engine
from socialwarden.web.app import create_app


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("WARDEN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WARDEN_DATABASE_URL", f"sqlite:///{tmp_path / 'w.db'}")
    monkeypatch.setenv("WARDEN_POLICY", "gosport")
    monkeypatch.setenv("WARDEN_SECRET_KEY", "s" * 40)
    settings = Settings.from_env()
    engine = make_engine(settings)
    init_store(engine)
    engine.dispose()
    return settings


def test_bootstrap_the_first_admin_then_others_need_an_actor(store: Settings, tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["users", "create", "helen", "--name", "Helen Okafor", "--role", "head_of_it",
                                "--password-stdin", "--json"], input="a long admin password\n")
    assert first.exit_code == 0, first.output
    assert '"added": true' in first.output and "manage_people" in first.output
    secret = tmp_path / "pw.txt"
    secret.write_text("officer password 1\n", encoding="utf-8")
    refused = runner.invoke(app, ["users", "create", "olu", "--name", "Olu", "--role", "officer",
                                  "--password-file", str(secret)])
    assert refused.exit_code != 0 and isinstance(refused.exception, Exception)
    second = runner.invoke(app, ["users", "create", "olu", "--name", "Olu", "--role", "officer",
                                 "--password-file", str(secret), "--as", "helen"])
    assert second.exit_code == 0, second.output
    short = runner.invoke(app, ["users", "create", "olu", "--password-stdin", "--as", "helen"], input="short\n")
    assert isinstance(short.exception, InputError)
    token = runner.invoke(app, ["users", "token", "olu"])
    assert token.exit_code == 0
    client = TestClient(create_app(store))
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.output.strip()}"})
    assert me.json()["handle"] == "olu"
    signed = client.post("/api/v1/session", json={"handle": "olu", "password": "officer password 1"})
    assert signed.status_code == 201


def test_settings_file_under_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "warden.env"
    path.write_text("# deployment\nWARDEN_POLICY=ett\nexport WARDEN_PORT='9000'\nWARDEN_HOST=0.0.0.0\n",
                    encoding="utf-8")
    assert read_settings_file(path) == {"WARDEN_POLICY": "ett", "WARDEN_PORT": "9000", "WARDEN_HOST": "0.0.0.0"}
    monkeypatch.delenv("WARDEN_POLICY", raising=False)
    monkeypatch.setenv("WARDEN_HOST", "127.0.0.1")
    settings = settings_for(path)
    assert (settings.policy, settings.port, settings.host) == ("ett", 9000, "127.0.0.1")  # the environment wins
    path.write_text("WARDEN_PORT=1\nnot a setting\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"warden.env:2: expected WARDEN_NAME=value"):
        read_settings_file(path)
    with pytest.raises(InputError, match="WARDEN_PORT"):
        Settings.from_env({"WARDEN_PORT": "http"})


def test_the_app_needs_a_policy(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="WARDEN_POLICY is not set"):
        create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'w.db'}"))


def test_the_demo_organisation(tmp_path: Path) -> None:
    from socialwarden.cli.serve_cmd import prepare_demo
    from socialwarden.demo import site
    from tests.web.conftest import CSRF_RE

    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'w.db'}", policy="gosport",
                        secret_key="d" * 40)
    prepare_demo(settings)
    creds = {row["handle"]: row["password"] for row in site.load_credentials(settings)}
    assert {"head.of.it", "site.owner", "officer", "line.manager"} <= set(creds)
    prepare_demo(settings)  # a second run keeps the store and the same passwords
    assert {row["handle"]: row["password"] for row in site.load_credentials(settings)} == creds
    client = TestClient(create_app(settings), follow_redirects=False)
    token = CSRF_RE.search(client.get("/login").text)
    assert token is not None
    assert client.post("/login", data={"handle": "site.owner", "password": creds["site.owner"],
                                       "csrf_token": token.group(1)}).status_code == 303
    inbox = client.get("/inbox").text
    assert inbox.count('<tr data-row') == 5 and "Portsmouth News" in inbox  # 7 arrived, 2 answered
    boss = TestClient(create_app(settings), follow_redirects=False)
    token = CSRF_RE.search(boss.get("/login").text)
    assert token is not None
    boss.post("/login", data={"handle": "head.of.it", "password": creds["head.of.it"], "csrf_token": token.group(1)})
    assert "GosportLeisure" in boss.get("/approvals").text
    assert "Chain verified" in boss.get("/audit").text
    assert "<svg" in boss.get("/dashboard").text

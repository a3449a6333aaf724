"""Item 12: files the store writes are private (0600 files, 0700 directories, whatever the umask) and every
stored URL is an http(s) address."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from socialwarden.connectors import service as connectors
from socialwarden.exceptions import InputError, StoreError
from socialwarden.exports.service import export_person
from socialwarden.policy.loader import load_policy
from socialwarden.posts.models import PostOut
from socialwarden.posts.outbox import OutboxPublisher
from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine
from socialwarden.vault.service import load_key
from socialwarden.web.app import create_app
from socialwarden.web.security import load_secret
from tests.posts.world import build
from tests.security.hardening import cli_env, run_warden, web_env
from tests.web.conftest import WebEnv

HOSTILE = ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>",
           "file:///etc/passwd", "vbscript:msgbox", "//evil.example/x", "https://", "http://exa mple.org"]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default, which gives 0644 files
    yield
    os.umask(old)


def test_the_sqlite_store_and_its_wal_files_are_private(tmp_path: Path, loose_umask: None) -> None:
    data = tmp_path / "fresh" / "data"
    settings = Settings(data_dir=data, database_url=f"sqlite:///{(data / 'warden.db').as_posix()}")
    engine = make_engine(settings)
    try:
        init_store(engine)
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM audit_events").all()
            files = {p.name: mode(p) for p in data.iterdir()}
    finally:
        engine.dispose()
    assert mode(data) == 0o700 and mode(data.parent) == 0o700
    assert {files[name] for name in ("warden.db", "warden.db-wal", "warden.db-shm", "audit.key",
                                     "audit-checkpoints.log")} == {0o600}


def test_an_existing_world_readable_store_is_tightened(tmp_path: Path, loose_umask: None) -> None:
    database = tmp_path / "warden.db"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)
    make_engine(Settings(data_dir=tmp_path, database_url=f"sqlite:///{database.as_posix()}")).dispose()
    assert mode(database) == 0o600


@pytest.fixture
def env(tmp_path: Path, loose_umask: None) -> Iterator[WebEnv]:
    built = web_env(f"sqlite:///{(tmp_path / 'data' / 'w.db').as_posix()}", tmp_path, "gosport",
                    secret_key=None, vault_key_file=tmp_path / "keys" / "vault.key")
    yield built
    built.engine.dispose()


def test_key_files_are_private(env: WebEnv) -> None:
    load_key(env.settings)
    load_secret(replace(env.settings, secret_key=None))
    for path in (env.settings.data_dir / "secret.key", env.settings.vault_key_path,
                 env.settings.audit_key_path):
        assert path.exists() and mode(path) == 0o600, path
    assert mode(env.settings.vault_key_path.parent) == 0o700


def test_the_outbox_is_private(tmp_path: Path, loose_umask: None) -> None:
    outbox = tmp_path / "out" / "outbox.jsonl"
    post = PostOut.model_construct(id=1, version=1, account="x:@council", author="officer", text="Bins tomorrow")
    OutboxPublisher(outbox).publish(post)
    assert mode(outbox) == 0o600 and mode(outbox.parent) == 0o700


def test_subject_access_exports_are_private(env: WebEnv, tmp_path: Path) -> None:
    out_dir = tmp_path / "exports"
    with Session(env.engine) as session:
        files = export_person(session, policy=env.app.state.warden.policy, actor="head-of-it", query="officer",
                              out_dir=out_dir)
        session.commit()
    assert mode(files.json_path) == mode(files.markdown_path) == 0o600 and mode(out_dir) == 0o700


def test_an_audit_export_file_is_private(env: WebEnv, tmp_path: Path) -> None:
    out = tmp_path / "audit.jsonl"
    ran = run_warden(["audit", "export", "--out", str(out)], env=cli_env(env.settings))  # umask 022 inherited
    assert ran.code == 0, ran.err
    assert mode(out) == 0o600 and out.read_text(encoding="utf-8").count("\n") > 0


@pytest.mark.parametrize("url", HOSTILE)
def test_an_account_url_must_be_http(env: WebEnv, url: str) -> None:
    reply = env.client().post("/api/v1/accounts", headers=env.bearer("officer"),
                              json={"platform": "x", "handle": "@bins", "category": "official",
                                    "purpose": "bin collection news", "url": url})
    assert reply.status_code == 400 and "url" in reply.json()["detail"]


def test_an_http_account_url_is_kept(env: WebEnv) -> None:
    reply = env.client().post("/api/v1/accounts", headers=env.bearer("officer"),
                              json={"platform": "x", "handle": "@bins", "category": "official",
                                    "purpose": "bin collection news", "url": "https://x.com/bins"})
    assert reply.status_code == 201 and reply.json()["url"] == "https://x.com/bins"


def test_the_command_line_refuses_a_javascript_account_url(env: WebEnv) -> None:
    ran = run_warden(["accounts", "request", "--as", "officer", "x", "@parks", "--category", "official",
                      "--purpose", "parks", "--url", "javascript:alert(1)"], env=cli_env(env.settings, "gosport"))
    assert ran.code == 2 and "url" in ran.err and "http:// or https://" in ran.err


def test_an_imported_comment_with_a_javascript_url_is_a_bad_row(env: WebEnv, tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"platform": "x", "id": "1", "text": "hi", "created_at": "2026-03-09T10:00:00Z",
                                "url": "javascript:alert(1)"}) + "\n", encoding="utf-8")
    ran = run_warden(["inbox", "import", "--as", "site-owner", str(path)], env=cli_env(env.settings, "gosport"))
    assert ran.code == 2 and "c.jsonl:1: url: must start with http:// or https://" in ran.out


def test_a_connector_base_url_must_be_http(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{(tmp_path / 'w.db').as_posix()}")
    engine = make_engine(settings)
    policy = load_policy("ett")
    try:
        init_store(engine)
        with Session(engine) as session:
            world = build(session, policy, {"ceo": ["chief_executive"], "sam": ["staff"]},
                          [("mastodon", "ett", "official", "ceo", [], ["sam"])])
            account = world.accounts["ett"]
            for url in HOSTILE:
                with pytest.raises(InputError, match="api_base_url"):
                    connectors.link_account(session, policy=policy, actor=world.people["ceo"],
                                            account_id=account.id, external_id=None, api_base_url=url)
            done = connectors.link_account(session, policy=policy, actor=world.people["ceo"],
                                           account_id=account.id, external_id=None,
                                           api_base_url="https://mastodon.example/")
            assert done.api_base_url == "https://mastodon.example/"
    finally:
        engine.dispose()


def test_the_app_refuses_to_start_with_a_world_readable_secret(env: WebEnv) -> None:
    settings = replace(env.settings, secret_key=None)  # the key from its file, not the setting
    create_app(settings)
    os.chmod(settings.data_dir / "secret.key", 0o644)
    with pytest.raises(StoreError, match="readable by others"):
        create_app(settings)

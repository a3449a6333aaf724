"""Item 1: a hostile policy file (alias bomb, deep nesting, endless input) is refused, bounded and located, in the
CLI and the API; only the people who maintain the policy may ask the API to parse one."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from socialwarden.exceptions import PolicyInvalid
from socialwarden.policy.loader import parse_policy
from tests.security.hardening import run_warden, sqlite_gosport_store
from tests.web.conftest import WebEnv

__all__ = ["sqlite_gosport_store"]  # fixtures

# 386 bytes that expand to 9**8 = 43 million strings if aliases are followed
BOMB = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
DEEP = "{b:" * 20_000


@pytest.fixture
def env(sqlite_gosport_store: WebEnv) -> Iterator[WebEnv]:
    yield sqlite_gosport_store


def validate(env: WebEnv, handle: str, text: str) -> tuple[int, dict[str, object]]:
    reply = env.client().post("/api/v1/policy/validate", headers=env.bearer(handle),
                              json={"yaml": text, "filename": "evil.yaml"})
    return reply.status_code, reply.json()


def test_only_the_roles_that_maintain_the_policy_may_validate(env: WebEnv) -> None:
    assert validate(env, "legal", "policy: {}")[0] == 403  # legal holds only receive_escalations
    assert validate(env, "officer", "policy: {}")[0] == 403
    assert validate(env, "nobody", "policy: {}")[0] == 403
    assert validate(env, "head-of-it", "policy: {}")[0] == 200  # Gosport: the Head of IT reviews and updates it


def test_an_alias_bomb_is_refused_at_the_alias(env: WebEnv) -> None:
    assert len(BOMB) < 400
    status, body = validate(env, "head-of-it", BOMB)
    assert status == 200 and body["valid"] is False
    issue = body["issues"][0]  # type: ignore[index]
    assert (issue["file"], issue["line"], issue["column"]) == ("evil.yaml", 2, 8)
    assert "aliases (*a) are not allowed" in issue["message"]


def test_deep_nesting_is_a_located_error_not_a_500(env: WebEnv) -> None:
    status, body = validate(env, "head-of-it", DEEP)
    assert status == 200 and body["valid"] is False
    issue = body["issues"][0]  # type: ignore[index]
    assert issue["line"] == 1 and issue["column"] == 119 and "nested more than 40 levels" in issue["message"]


def test_a_policy_larger_than_the_limit_is_refused_before_parsing() -> None:
    text = "# padding\n" * (1024 * 1024 // 10 + 1)
    with pytest.raises(PolicyInvalid) as caught:
        parse_policy(text, "big.yaml")
    issue = caught.value.issues[0]
    assert issue.file == "big.yaml" and issue.line is not None and "larger than 1,048,576 bytes" in issue.message


def test_the_cli_refuses_an_alias_bomb_quickly_and_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    ran = run_warden(["policy", "validate", str(path)], timeout=60)
    assert ran.code == 3, ran.err
    assert f"{path}:2:8: YAML syntax: aliases (*a) are not allowed" in ran.err.replace("\n", "")
    assert "Traceback" not in ran.err


def test_the_cli_reports_deep_nesting_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(DEEP, encoding="utf-8")
    ran = run_warden(["policy", "validate", str(path)], timeout=60)
    assert ran.code == 3 and "nested more than 40 levels deep" in ran.err and "Traceback" not in ran.err


def test_the_cli_reads_dev_zero_only_up_to_the_limit() -> None:
    ran = run_warden(["policy", "validate", "/dev/zero"], timeout=60)
    assert ran.code == 3 and "/dev/zero:1:1048577: the policy file is larger than 1,048,576 bytes" in ran.err


def test_the_cli_reads_an_endless_fifo_only_up_to_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "policy.yaml"
    os.mkfifo(fifo)
    stop = threading.Event()

    def writer() -> None:
        try:
            with fifo.open("wb") as handle:
                while not stop.is_set():
                    handle.write(b"a: b\n" * 10_000)
        except BrokenPipeError:
            pass  # the reader stopped reading: what we want

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        ran = run_warden(["policy", "validate", str(fifo)], timeout=60)
    finally:
        stop.set()
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # unblock a writer still waiting for a reader
        os.close(fd)
        thread.join(timeout=10)
    assert ran.code == 3 and "larger than 1,048,576 bytes" in ran.err


def test_the_cli_does_not_wait_forever_on_a_fifo_nobody_writes(tmp_path: Path) -> None:
    fifo = tmp_path / "quiet.yaml"
    os.mkfifo(fifo)
    ran = run_warden(["policy", "validate", str(fifo)], timeout=60)
    assert ran.code == 3 and "quiet.yaml:1:1: a policy file must be a YAML mapping" in ran.err

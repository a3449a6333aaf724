"""The README's command examples run as written: the demo block against a fresh demo store (what `make run`
creates), the own-organisation block against an empty one. Each ```sh block runs in bash with `set -e`, the
`warden` of this environment first on PATH, from a folder where `examples/` is the repository's."""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialwarden.cli.app import app
from socialwarden.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
NOT_WARDEN = ("make ", "export ", "printf ")  # the only other commands the examples may use


def blocks() -> list[str]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    found = BLOCK.search(text, start)
    assert found is not None, title
    return found.group(1)


def _lines(script: str) -> list[list[str]]:
    """Each command line as argv (shell comments dropped, quoting as bash reads it)."""
    return [shlex.split(line, comments=True) for line in script.splitlines() if shlex.split(line, comments=True)]


def _run(script: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run each line in this process (a fresh `warden` start costs seconds a command here): `export` lines set
    the environment, `printf '…' | warden …` feeds stdin, everything else is a `warden` command that must exit 0.
    The commands run in a folder of their own with the repository's examples/ linked in."""
    work = data_dir.parent / "work"
    work.mkdir(exist_ok=True)
    if not (work / "examples").exists():
        (work / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(work)
    for key in [k for k in os.environ if k.startswith("WARDEN_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("WARDEN_DATA_DIR", str(data_dir))
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()
    output = []
    for argv in _lines(script):
        stdin = None
        if argv[0] == "export":
            for pair in argv[1:]:
                key, _, value = pair.partition("=")
                monkeypatch.setenv(key, value)
            continue
        if argv[0] == "printf":
            bar = argv.index("|")
            stdin, argv = argv[1].replace("\\n", "\n"), argv[bar + 1:]
        assert argv[0] == "warden", argv
        result = runner.invoke(app, argv[1:], input=stdin, catch_exceptions=False)
        output.append(f"$ {shlex.join(argv)}\n{result.output}")
        assert result.exit_code == 0, "\n".join(output)[-6000:]
    return "\n".join(output)


def test_every_sh_example_is_a_warden_command_or_plain_shell() -> None:
    lines = [line.strip() for block in blocks() for line in block.splitlines() if line.strip()]
    assert lines
    for line in lines:
        assert line.startswith(("warden ", *NOT_WARDEN)), line
        assert "[" not in line.split("#")[0] or "'" in line, f"a synopsis, not a command, in an sh block: {line}"


def test_the_demo_examples_run_against_the_demo_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from socialwarden.cli.serve_cmd import prepare_demo

    data = tmp_path / "data"
    prepare_demo(dataclasses.replace(Settings.load({"WARDEN_DATA_DIR": str(data)}), policy="gosport"))
    out = _run(section("Try it on the demo"), data, monkeypatch)
    assert "escalated to head_of_it, legal" in out
    assert "escalation #1: remove by legal, evidence #" in out
    assert "Escalated to you: comment #3" in out  # the Head of IT's notification
    exported = (tmp_path / "work" / "exports" / "export-jane-smith.json").read_text(encoding="utf-8")
    assert "[Jane Smith] at 14 Ferry Road" in exported  # named only inside a comment


def test_the_own_organisation_examples_run_on_an_empty_store(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = _run(section("Your own organisation"), tmp_path / "unused", monkeypatch)
    assert (tmp_path / "work" / "my-data" / "warden.db").exists()  # WARDEN_DATA_DIR=./my-data was honoured
    assert "approved" in out


def test_check_honours_warden_policy(tmp_path: Path) -> None:
    """`warden check` reads WARDEN_POLICY (and <data dir>/warden.env) like every other command; it never falls
    back to the template silently. (Run as a real process: this is the edge.)"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")} | {"WARDEN_DATA_DIR": str(tmp_path)}
    warden = [sys.executable, "-m", "socialwarden", "check", "The library opens at 9am on Saturday", "--json"]

    def run(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(warden, env=env | extra, capture_output=True, text=True, timeout=300, check=False)

    missing = run({})
    assert missing.returncode == 2 and "no policy given" in missing.stderr
    (tmp_path / "warden.env").write_text("WARDEN_POLICY=ett\n", encoding="utf-8")
    assert '"id": "ett"' in run({}).stdout
    assert '"id": "society"' in run({"WARDEN_POLICY": "society"}).stdout  # the environment wins

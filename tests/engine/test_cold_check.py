"""`warden check` imports only what checking needs: not the store, the web app, the connectors or the job queue
(the speed itself is measured by bench/bench_cold.py, never by a timed test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FORBIDDEN = ("sqlalchemy", "fastapi", "starlette", "celery", "kombu", "httpx", "socialwarden.web",
             "socialwarden.connectors", "socialwarden.store", "socialwarden.cli.serve_cmd", "socialwarden.jobs")


def test_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "socialwarden", "check", "--policy", "gen",
                          "--json", "The library opens at 9am on Saturday."], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout)["verdict"] == "allow"
    imported = {line.split("|")[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}
    assert "socialwarden.engine.engine" in imported
    assert sorted(m for m in imported if m.startswith(FORBIDDEN)) == []


def test_the_whole_cli_is_still_there() -> None:
    from socialwarden.cli.app import COMMANDS, build_app

    names = {c.name for c in build_app().registered_commands} | {g.name for g in build_app().registered_groups}
    assert names == set(COMMANDS)

"""Run one file import in its own process (the SIGKILL test kills it mid-way): DB_URL FILE."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.moderation.ingest import import_file
from socialwarden.policy.loader import load_policy


def main() -> None:
    url, path = sys.argv[1], Path(sys.argv[2])
    policy = load_policy("ett")
    engine = Engine(policy, build_detectors(detector_config(policy), models=False))
    store = create_engine(url)
    with Session(store) as session:
        report = import_file(session, policy=policy, actor="sam", path=path, engine=engine, chunk=100,
                             progress=lambda n: print(f"progress {n}", flush=True))
    print(f"done {report.imported} {report.duplicates}", flush=True)


if __name__ == "__main__":
    main()

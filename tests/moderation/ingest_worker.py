"""Run one file import in its own process (the SIGKILL test kills it mid-way): DB_URL FILE DATA_DIR.

DATA_DIR holds the store's audit key (the engine is made from Settings so the audit chain's key is found)."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.orm import Session

from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.moderation.ingest import import_file
from socialwarden.policy.loader import load_policy
from socialwarden.settings import Settings
from socialwarden.store.engine import make_engine


def main() -> None:
    url, path, data_dir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    policy = load_policy("ett")
    engine = Engine(policy, build_detectors(detector_config(policy), models=False))
    store = make_engine(Settings(data_dir=data_dir, database_url=url))
    with Session(store) as session:
        report = import_file(session, policy=policy, actor="sam", path=path, engine=engine, chunk=100,
                             progress=lambda n: print(f"progress {n}", flush=True))
    print(f"done {report.imported} {report.duplicates}", flush=True)


if __name__ == "__main__":
    main()

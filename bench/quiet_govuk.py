"""Quietness of the rule detectors on benign UK public-sector prose: GOV.UK sentences checked as posts, every pack.

Run: .venv/bin/python -m bench.quiet_govuk [--path ../shared/datasets/govuk_sentences/sentences.txt]

Engines are built with ``models=False`` (the rule-based part only). For each pack it prints how many sentences get
any finding at all, any finding a rule could act on (score >= 0.5, or a suspect-tier finding that holds a post for a
person), how many a person is shown (the engine keeps findings it will not act on apart, as signals), and a warn
or block verdict, and which detector and category the shown findings come from. None of these
sentences should be flagged: every count is a false alarm.
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table

from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.context import Context
from socialwarden.engine.decision import Verdict
from socialwarden.engine.engine import SUSPECT_FLOOR, Engine, detector_config
from socialwarden.policy.loader import load_policy

PACKS = ("gen", "society", "gosport", "council-officers", "ett")
DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets" / "govuk_sentences" / "sentences.txt"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", type=Path, default=DEFAULT)
    args = parser.parse_args()
    console = Console(width=170)
    texts = [line.strip() for line in args.path.read_text(encoding="utf-8").splitlines() if line.strip()]
    table = Table("pack", "sentences", "any finding or signal", "finding shown", "actionable finding", "warn or block",
                  "top sources of shown findings")
    for pack in PACKS:
        policy = load_policy(pack)
        engine = Engine(policy, build_detectors(detector_config(policy), models=False))
        seen = shown = actionable = flagged = 0
        sources: collections.Counter[str] = collections.Counter()
        for text in track(texts, description=pack, console=console, transient=True):
            decision = engine.check(text, Context())
            if decision.evidence:  # shown findings and the signals kept apart for analysts
                seen += 1
            if decision.findings:  # what a person is shown
                shown += 1
                sources.update(f"{f.category.value}/{f.detector}" for f in decision.findings)
            if any(f.score >= 0.5 or (f.tier == "suspect" and f.score >= SUSPECT_FLOOR) for f in decision.evidence):
                actionable += 1
            flagged += decision.verdict in (Verdict.WARN, Verdict.BLOCK)
        n = len(texts)
        table.add_row(pack, f"{n:,}", f"{seen} ({100 * seen / n:.2f}%)", f"{shown} ({100 * shown / n:.2f}%)",
                      f"{actionable} ({100 * actionable / n:.2f}%)", f"{flagged} ({100 * flagged / n:.2f}%)",
                      ", ".join(f"{k} {v}" for k, v in sources.most_common(3)))
    console.print(table)


if __name__ == "__main__":
    main()

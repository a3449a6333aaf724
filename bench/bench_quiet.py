"""Quiet on ordinary text: what people would see on the benign corpus and on GOV.UK prose, models on and off.

Run: .venv/bin/python -m bench.bench_quiet [--govuk-lines N] [--show K]

- The benign corpus (``socialwarden/evaluation/benign_corpus.yaml``, 370 posts and comments written for
  SocialWarden), each text under its own organisation's pack, in the direction it was written.
- ``../shared/datasets/govuk_sentences/sentences.txt`` (9,749 lines of GOV.UK prose; the tests use only the first
  1,000, which the classifier's training holds out), each line as an outbound post under every seed pack.

Targets (issue 13): benign corpus 0 stopped, at most 1% held, no finding shown on at least 97%; GOV.UK at most
1% held or stopped and at most 2% with any finding shown. "Models on" is the engine ``check()`` uses (the
trained classifier included); "models off" is the rule-based detectors alone.
"""

from __future__ import annotations

import argparse
import functools
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from rich.console import Console
from rich.table import Table

from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.evaluation.benign import PACK_OF, Quietness, load_benign, quietness
from socialwarden.policy.loader import load_policy

SEED_PACKS = ("gen", "society", "gosport", "council-officers", "ett")
GOVUK = Path(os.environ.get("WARDEN_SHARED", Path(__file__).resolve().parents[2] / "shared")) / \
    "datasets" / "govuk_sentences" / "sentences.txt"


@functools.cache
def engine(pack: str, models: bool) -> Engine:
    policy = load_policy(pack)
    return Engine(policy, build_detectors(detector_config(policy), models=models))


def context(pack: str, direction: Direction) -> Context:
    official = "official" in engine(pack, False).policy.account_categories
    return Context(direction=direction, account_category="official" if official else None)


def benign(models: bool) -> Quietness:
    total = Quietness()
    groups: dict[tuple[str, Direction], list[str]] = {}
    for item in load_benign():
        groups.setdefault((PACK_OF[item.world], item.direction), []).append(item.text)
    for (pack, direction), texts in groups.items():
        part = quietness(engine(pack, models), texts, context(pack, direction))
        total.checked += part.checked
        total.stopped += [f"{pack}: {n}" for n in part.stopped]
        total.held += [f"{pack}: {n}" for n in part.held]
        total.marked += [f"{pack}: {n}" for n in part.marked]
    return total


def govuk(models: bool, lines: int | None) -> dict[str, Quietness]:
    texts = [t for t in GOVUK.read_text(encoding="utf-8").splitlines() if t.strip()][:lines]
    return {pack: quietness(engine(pack, models), texts, context(pack, Direction.OUTBOUND)) for pack in SEED_PACKS}


def _pct(value: float) -> str:
    return f"{100 * value:.2f}%"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--govuk-lines", type=int, default=None, help="only the first N lines (default: all)")
    parser.add_argument("--show", type=int, default=0, help="list up to K texts per problem kind")
    args = parser.parse_args()
    console = Console(width=140)
    table = Table("corpus", "models", "checked", "stopped", "held", "stopped or held", "finding shown", "seconds")
    shown: list[tuple[str, Quietness]] = []
    for models in (False, True):
        start = time.perf_counter()
        q = benign(models)
        table.add_row("benign corpus (own pack)", "on" if models else "off", str(q.checked), str(len(q.stopped)),
                      str(len(q.held)), _pct(q.stopped_rate + q.held_rate), _pct(q.marked_rate),
                      f"{time.perf_counter() - start:.1f}")
        shown.append((f"benign, models {'on' if models else 'off'}", q))
        if not GOVUK.is_file():
            continue
        start = time.perf_counter()
        per_pack = govuk(models, args.govuk_lines)
        took = f"{time.perf_counter() - start:.1f}"
        for pack, q in per_pack.items():
            table.add_row(f"GOV.UK as posts under {pack}", "on" if models else "off", str(q.checked),
                          str(len(q.stopped)), str(len(q.held)), _pct(q.stopped_rate + q.held_rate),
                          _pct(q.marked_rate), took)
            took = ""
            shown.append((f"GOV.UK {pack}, models {'on' if models else 'off'}", q))
    console.print(table)
    if not GOVUK.is_file():
        console.print(f"{GOVUK} not found: GOV.UK rows skipped")
    for title, q in shown if args.show else ():
        for kind, rows in (("stopped", q.stopped), ("held", q.held), ("shown", q.marked)):
            for row in rows[:args.show]:
                console.print(f"[dim]{title} {kind}:[/] {row[:220]}", markup=True, highlight=False)


if __name__ == "__main__":
    main()

"""``warden eval``: the whole engine and its peers on the official test splits and the functional checklist."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from socialwarden.exceptions import InputError
from socialwarden.taxonomy import Category


def evaluate(
    policy: Annotated[str, typer.Option("--policy", "-p", help="Pack or policy file whose thresholds apply.")]
    = "gosport",
    data: Annotated[Path | None, typer.Option("--data", help="Datasets folder (default ../shared/datasets).")]
    = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most N texts per task (seeded sample).")] = None,
    no_peers: Annotated[bool, typer.Option("--no-peers", help="Score the engine only.")] = False,
    tune: Annotated[bool, typer.Option("--tune", help="Also score abuse/hate thresholds chosen on the val splits.")]
    = False,
    threshold: Annotated[list[str] | None, typer.Option("--threshold", help="CATEGORY=VALUE, overrides the "
                                                        "policy's threshold for that category (repeatable).")] = None,
    as_json: Annotated[Path | None, typer.Option("--json", help="Also write every figure to this JSON file.")]
    = None,
) -> None:
    """Score the engine (inbound comments, classifier on) and the peers on the same texts, in one run."""
    from socialwarden.evaluation.report import print_report
    from socialwarden.evaluation.runner import Runner

    if limit is not None and limit < 1:
        raise InputError("--limit must be at least 1")
    overrides = parse_thresholds(threshold or [])
    err = Console(stderr=True)
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=err, transient=True)
    current: list[TaskID] = []

    def start(what: str, total: int) -> None:
        if current:
            progress.remove_task(current.pop())
        current.append(progress.add_task(what, total=total))

    def advance(n: int) -> None:
        progress.advance(current[-1], n)

    with progress:
        results = Runner(policy=policy, root=data, limit=limit, with_peers=not no_peers, tune=tune,
                         overrides=overrides, start=start,
                         advance=advance).run()
    out = Console(highlight=False)
    if not out.is_terminal:
        out = Console(highlight=False, width=170)  # files and pipes get the full tables, not 80 columns
    print_report(out, results)
    if as_json is not None:
        as_json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        err.print(f"figures written to {as_json}")


def parse_thresholds(items: list[str]) -> dict[Category, float]:
    """``["abuse=0.6", ...]`` -> {Category.ABUSE: 0.6}; a bad item is refused with what was wrong."""
    out: dict[Category, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            cat = Category(name.strip())
            number = float(value)
        except ValueError:
            raise InputError(f"--threshold {item!r}: expected CATEGORY=VALUE with a category id "
                             f"({', '.join(c.value for c in Category)}) and a number") from None
        if not sep or not 0.0 <= number <= 1.0:
            raise InputError(f"--threshold {item!r}: the value must be between 0 and 1")
        out[cat] = number
    return out

"""Rich tables of ``warden eval`` figures: summary, per task and class, HateXplain groups, checklist, peers."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from socialwarden.evaluation.runner import ENGINE, TUNED

TARGETS = {"tweeteval_offensive": 0.76, "tweeteval_hate": 0.60, "hatexplain": 0.60}  # issue 12, macro-F1
TARGET_ACCURACY = {"toxigen": 0.85}  # issue 12: ToxiGen held-out split accuracy
TARGET_SPAM_F1 = 0.95
TARGET_FUNCTIONAL = (0.90, 0.70)  # overall, every functionality
TARGET_QUIET = 0.01  # GOV.UK held-out: share with an abuse/hate finding shown, per pack (and 0 blocked)


def _f(x: object) -> str:
    return f"{float(x):.3f}" if isinstance(x, int | float) else "-"


def _systems(results: dict[str, Any]) -> list[str]:
    return [ENGINE, *([TUNED] if "val_thresholds" in results else []), *(p["name"] for p in results["peers"])]


def print_report(console: Console, results: dict[str, Any]) -> None:
    """Every figure of a run, peers beside the engine."""
    names = _systems(results)
    tasks: dict[str, Any] = results["tasks"]
    summary = Table(title=f"Macro-F1 on test splits (policy {results['policy']['id']}, inbound comments)")
    summary.add_column("task")
    summary.add_column("n", justify="right")
    for name in names:
        summary.add_column(name, justify="right")
    summary.add_column("target", justify="right")
    for key, task in tasks.items():
        systems = task.get("systems", {})
        cells = [_f(systems.get(n, {}).get("macro_f1")) if systems.get(n, {}).get("macro_f1") is not None
                 else "n/a" for n in names]
        target = TARGETS.get(key)
        summary.add_row(task["title"], str(task.get("n", "-")), *cells, _f(target) if target else "-")
        if key in TARGET_ACCURACY:
            cells = [_f(systems.get(n, {}).get("accuracy")) if systems.get(n, {}).get("accuracy") is not None
                     else "n/a" for n in names]
            summary.add_row(f"{task['title']}: accuracy", str(task.get("n", "-")), *cells,
                            _f(TARGET_ACCURACY[key]))
    yt = tasks.get("youtube_spam", {})
    if yt.get("systems"):
        summary.add_row("YouTube spam F1 (spam class, pooled / mean of videos)", str(yt["n"]),
                        f"{_f(yt['systems'][ENGINE]['per_class']['spam']['f1'])} / "
                        f"{_f(yt['systems'][ENGINE]['mean_video_spam_f1'])}", *["n/a"] * (len(names) - 1),
                        _f(TARGET_SPAM_F1))
    console.print(summary)
    if "val_thresholds" in results:
        vt = results["val_thresholds"]
        console.print(f"{TUNED}: thresholds chosen on the val splits only: {vt['thresholds']} "
                      f"(mean val macro-F1 {_f(vt['val_mean_policy'])} at the policy's -> {_f(vt['val_mean_chosen'])})")
    for task in tasks.values():
        if task.get("systems"):
            _task_table(console, task, names)
    hx = tasks.get("hatexplain", {})
    if hx.get("groups"):
        _groups_table(console, hx, names)
    if yt.get("per_video"):
        videos = Table(title=f"YouTube spam per held-out video (retraining took {yt['seconds_with_retraining']} s)")
        for col in ("video", "C", "precision", "recall", "F1 (spam)", "macro-F1"):
            videos.add_column(col, justify="right")
        for video, row in yt["per_video"].items():
            spam = row["per_class"]["spam"]
            videos.add_row(video, str(row["C"]), _f(spam["precision"]), _f(spam["recall"]), _f(spam["f1"]),
                           _f(row["macro_f1"]))
        console.print(videos)
    _checklist_table(console, results["checklist"], names)
    if "functional" in results:
        _checklist_table(console, results["functional"], names,
                         title=f"Functional suite (functional.yaml): accuracy per functionality (targets: "
                               f"{TARGET_FUNCTIONAL[0]:.2f} overall, {TARGET_FUNCTIONAL[1]:.2f} each)")
    if "quiet" in results:
        _quiet_table(console, results["quiet"])
    if "model_only" in results:
        _model_only_table(console, results["model_only"])
    console.print("n/a: the peer has no such label (profanity filters give offensive yes/no only; "
                  "no peer detects spam)")
    for peer in results["peers"]:
        if not peer["measurable"]:
            console.print(f"[bold]{peer['name']}[/]: {peer['note']}")
    console.print(f"evaluation took {results['seconds']} s")


def _task_table(console: Console, task: dict[str, Any], names: list[str]) -> None:
    table = Table(title=f"{task['title']} (n={task['n']})")
    table.add_column("system")
    for c in task["classes"]:
        for m in ("P", "R", "F1"):
            table.add_column(f"{c} {m}", justify="right")
    table.add_column("macro-F1", justify="right")
    for name in names:
        row = task["systems"].get(name)
        if row is None:
            continue
        if not row.get("per_class"):
            table.add_row(name, *[""] * (3 * len(task["classes"])), "n/a")
            continue
        cells = [_f(row["per_class"][c][m]) for c in task["classes"] for m in ("precision", "recall", "f1")]
        table.add_row(name, *cells, _f(row["macro_f1"]))
    console.print(table)


def _groups_table(console: Console, task: dict[str, Any], names: list[str]) -> None:
    shown = [n for n in names if n in next(iter(task["groups"].values()))]
    table = Table(title="HateXplain test: 3-class accuracy per target group (posts naming the group)")
    table.add_column("group")
    table.add_column("n", justify="right")
    table.add_column("hate/off/normal", justify="right")
    for n in shown:
        table.add_column(n, justify="right")
    for group, row in task["groups"].items():
        if row["shown"]:
            gold = row["gold"]
            mix = f"{gold.get('hate', 0)}/{gold.get('offensive', 0)}/{gold.get('normal', 0)}"
            table.add_row(group, str(row["n"]), mix, *[_f(row[n]) for n in shown])
    console.print(table)
    naming = task.get("target_naming", {})
    console.print(f"{ENGINE} names the right Equality Act characteristic for {_f(naming.get('accuracy'))} of the "
                  f"{naming.get('n')} hateful posts it calls hate (single majority target)")


def _quiet_table(console: Console, quiet: dict[str, Any]) -> None:
    table = Table(title=f"Quiet: {quiet['n']} held-out GOV.UK sentences checked as posts under every pack "
                        f"(target: <= {TARGET_QUIET:.0%} with an abuse/hate finding shown, 0 blocked)")
    for col in ("pack", "abuse/hate finding", "abuse/hate at threshold", "any finding", "warned", "blocked"):
        table.add_column(col, justify="right")
    for pack, row in quiet["packs"].items():
        table.add_row(pack, f"{row['abuse_or_hate_finding_share']:.2%}",
                      f"{row['abuse_or_hate_at_threshold_share']:.2%}",
                      f"{row['any_finding_share']:.2%}", str(row["warned"]), str(row["blocked"]))
    console.print(table)


def _model_only_table(console: Console, model: dict[str, Any]) -> None:
    systems = [k for k in next(iter(model.values())) if k not in ("title", "n")]
    table = Table(title="The classifier alone (heads at 0.5; no lexicon, rules or policy): macro-F1 (accuracy)")
    table.add_column("task")
    table.add_column("n", justify="right")
    for name in systems:
        table.add_column(name, justify="right")
    for key, row in model.items():
        if key == "govuk_quiet":
            continue
        table.add_row(row["title"], str(row["n"]),
                      *[f"{_f(row[n]['macro_f1'])} ({_f(row[n]['accuracy'])})" for n in systems])
    quiet = model.get("govuk_quiet")
    if quiet:
        table.add_row("GOV.UK held-out: share with abuse/hate >= 0.5", str(quiet["n"]),
                      *[f"{quiet[n]['abuse_or_hate_at_0.5_share']:.2%}" for n in systems])
        table.add_row("GOV.UK held-out: sentences with a firm abuse/hate finding", str(quiet["n"]),
                      *[str(quiet[n]["at_or_above_firm_cut_off"]) for n in systems])
    console.print(table)


def _checklist_table(console: Console, checklist: dict[str, Any], names: list[str],
                     title: str = "Functional checklist (checklist.yaml): accuracy per functionality") -> None:
    present = [n for n in names if n in checklist.get("_overall", {})]
    table = Table(title=title)
    table.add_column("functionality")
    table.add_column("expect")
    table.add_column("n", justify="right")
    for n in present:
        table.add_column(n, justify="right")
    for key, row in checklist.items():
        if key.startswith("_"):
            continue
        table.add_row(key, row["expect"], str(row["n"]), *[_f(row["systems"][n]["accuracy"]) for n in present])
    table.add_row("all cases", "", str(sum(r["n"] for k, r in checklist.items() if not k.startswith("_"))),
                  *[_f(checklist["_overall"][n]) for n in present])
    console.print(table)

"""``warden policy``: list, show, validate, diff and measure clause coverage of policies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from socialwarden.policy.coverage import coverage
from socialwarden.policy.diff import diff_policies
from socialwarden.policy.items import iter_items
from socialwarden.policy.loader import load_policy, pack_names

app = typer.Typer(help="Work with policy files and the shipped packs.", no_args_is_help=True)
out = Console(highlight=False, soft_wrap=True)
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@app.command("list")
def list_packs(as_json: JsonOpt = False) -> None:
    """List the policy packs shipped with SocialWarden."""
    rows = []
    for name in pack_names():
        policy = load_policy(name)
        rows.append({"name": name, "id": policy.policy.id, "version": policy.policy.version,
                     "organisation": policy.organisation.name, "items": sum(1 for _ in iter_items(policy))})
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    table = Table("pack", "organisation", "version", "rules + guidance")
    for row in rows:
        table.add_row(str(row["name"]), str(row["organisation"]), str(row["version"]), str(row["items"]))
    out.print(table)


@app.command()
def show(name: Annotated[str, typer.Argument(help="Pack name or policy file.")], as_json: JsonOpt = False) -> None:
    """Show a policy's rules grouped by category, each with its citation."""
    policy = load_policy(name)
    items = list(iter_items(policy))
    if as_json:
        print(json.dumps([{"kind": i.kind, "id": i.id, "group": i.group, "summary": i.summary,
                           "citation": i.cite.model_dump() if i.cite else None} for i in items], indent=2))
        return
    head = policy.policy
    out.print(f"[bold]{head.title}[/] (id {head.id}, version {head.version}) — {policy.organisation.name}")
    out.print(f"source: {head.source.file}; {len(items)} rules and guidance items")
    groups: dict[str, list[str]] = {}
    for item in items:
        cite = f"[dim]{escape(item.cite.label)}: “{escape(item.cite.quote)}”[/]" if item.cite else ""
        groups.setdefault(item.group, []).append(f"  [cyan]{item.id}[/] ({item.kind}) {item.summary}\n    {cite}")
    for group, lines in groups.items():
        out.print(f"\n[bold underline]{group}[/]")
        for line in lines:
            out.print(line)


@app.command()
def validate(file: Annotated[str, typer.Argument(help="Policy file (or pack name) to check.")]) -> None:
    """Check a policy file; exit 0 when valid, 3 with located errors when not."""
    policy = load_policy(file)
    count = sum(1 for _ in iter_items(policy))
    out.print(f"[green]ok[/] {file}: policy {policy.policy.id} version {policy.policy.version}, {count} items")


@app.command()
def diff(old: Annotated[str, typer.Argument(help="Earlier policy (pack or file).")],
         new: Annotated[str, typer.Argument(help="Later policy (pack or file).")], as_json: JsonOpt = False) -> None:
    """Rules added, removed and changed between two versions of a policy."""
    result = diff_policies(load_policy(old), load_policy(new))
    if as_json:
        print(json.dumps(result.to_json(), indent=2))
        return
    out.print(f"{result.old_label} → {result.new_label}")
    for item in result.added:
        out.print(f"[green]+ {item.kind} {item.id}[/]: {item.summary}")
    for item in result.removed:
        out.print(f"[red]- {item.kind} {item.id}[/]: {item.summary}")
    for change in result.changed:
        out.print(f"[yellow]~ {change.kind} {change.id}[/]")
        for field, (before, after) in change.fields.items():
            out.print(f"    {field}: {json.dumps(before)} → {json.dumps(after)}")
    if not (result.added or result.removed or result.changed):
        out.print("no rule differences")


@app.command("coverage")
def coverage_cmd(name: Annotated[str, typer.Argument(help="Pack name or policy file.")],
                 source: Annotated[Path, typer.Option(help="The written policy (text) the pack encodes.")]) -> None:
    """Which clauses of the written policy have no rule or guidance item yet (exit 1 if any)."""
    policy = load_policy(name)
    text = source.read_text(encoding="utf-8")
    result = coverage(policy, policy.policy.source.file, text)
    out.print(f"{len(result.clauses) - len(result.uncovered)}/{len(result.clauses)} clauses covered "
              f"({result.ratio:.0%})")
    for clause in result.uncovered:
        out.print(f"  [red]uncovered[/] line {clause.line}: {clause.text}")
    for item_id, quote in result.unmatched_quotes:
        out.print(f"  [red]quote not in source[/] {item_id}: “{quote}”")
    if result.uncovered or result.unmatched_quotes:
        raise typer.Exit(1)

"""``warden duties run``: the periodic duties, for a scheduler (cron, systemd timer) to run daily."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from socialwarden.cli.governance import JsonOpt, PolicyOpt, emit, governed
from socialwarden.duties.service import run_duties

app = typer.Typer(help="Periodic duties: under-use audit, review due, documents, exceptions, owners.",
                  no_args_is_help=True)


@app.command()
def run(actor: Annotated[str | None, typer.Option("--as", help="Your handle; default system:scheduler.")] = None,
        only: Annotated[list[str] | None, typer.Option("--only", help="Run just this duty (repeatable).")] = None,
        policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Run every duty not yet run today and report what each found (a second run the same day changes nothing)."""
    with governed(policy) as ctx:
        who = ctx.person(actor) if actor else "system:scheduler"
        report = run_duties(ctx.session, policy=ctx.policy, now=dt.datetime.now(dt.UTC), actor=who, only=only)
        ctx.session.commit()
        lines = []
        for result in report.results:
            state = "already ran today" if result.already_ran else f"{len(result.notices)} notice(s)"
            lines.append(f"[bold]{result.duty}[/]: {state}")
            lines += [f"  {n.kind} {n.subject_type} {n.subject_id} -> {n.recipient or 'nobody on record'}: "
                      f"{n.message}" for n in result.notices]
        emit(report, as_json, "\n".join(lines))

"""``warden incident``: declare an incident (suspending the categories the policy names), end it, show it."""

from __future__ import annotations

from typing import Annotated

import typer

from socialwarden.cli.governance import AsOpt, JsonOpt, PolicyOpt, emit, governed
from socialwarden.incidents import service as incidents
from socialwarden.incidents.models import IncidentOut

app = typer.Typer(help="Incident mode: only the accounts the policy allows publish.", no_args_is_help=True)
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why (kept in the audit trail).")]


def _text(shown: IncidentOut) -> str:
    ids = ", ".join(str(i) for i in shown.suspended_account_ids) or "none"
    if shown.active:
        return (f"incident {shown.id} [bold red]in force[/] since {shown.declared_at:%Y-%m-%d %H:%M} UTC, declared "
                f"by {shown.declared_by}: {shown.reason}\n  suspended accounts: {ids}")
    back = ", ".join(str(i) for i in shown.reactivated_account_ids) or "none"
    return (f"incident {shown.id} ended {shown.ended_at:%Y-%m-%d %H:%M} UTC by {shown.ended_by}: {shown.end_reason}"
            f"\n  had suspended: {ids}; reactivated: {back}")


@app.command()
def start(actor: AsOpt, reason: ReasonOpt, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Declare an incident: suspends the accounts in the policy's suspend categories."""
    with governed(policy) as ctx:
        incident = incidents.declare_incident(ctx.session, policy=ctx.policy, actor=ctx.person(actor), reason=reason)
        ctx.session.commit()
        emit(incidents.incident_out(incident), as_json, _text(incidents.incident_out(incident)))


@app.command()
def end(actor: AsOpt, reason: ReasonOpt, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """End the incident: reactivates exactly the accounts it suspended."""
    with governed(policy) as ctx:
        incident = incidents.end_incident(ctx.session, policy=ctx.policy, actor=ctx.person(actor), reason=reason)
        ctx.session.commit()
        emit(incidents.incident_out(incident), as_json, _text(incidents.incident_out(incident)))


@app.command()
def status(policy: PolicyOpt = None, as_json: JsonOpt = False,
           history: Annotated[bool, typer.Option("--history", help="Every incident, newest first.")] = False) -> None:
    """Whether an incident is in force (and which accounts it suspended)."""
    with governed(policy) as ctx:
        if history:
            shown = [incidents.incident_out(i) for i in incidents.list_incidents(ctx.session)]
            emit(shown, as_json, "\n".join(_text(s) for s in shown) or "no incidents recorded")
            return
        current = incidents.current_incident(ctx.session)
        value = incidents.incident_out(current) if current else None
        if as_json:
            print(value.model_dump_json(indent=2) if value else '{"active": false}')
        else:
            emit({}, False, _text(value) if value else "[green]no incident in force[/]")

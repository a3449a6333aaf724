"""``warden people``: register people with the policy's roles, list them, change roles, line managers and e-mail
addresses, deactivate leavers (and reactivate them)."""

from __future__ import annotations

from typing import Annotated

import typer

from socialwarden.cli.governance import AsOpt, JsonOpt, PolicyOpt, emit, governed
from socialwarden.people import service as people
from socialwarden.people.models import PersonOut
from socialwarden.policy.models import Policy

app = typer.Typer(help="People and the policy roles they hold.", no_args_is_help=True)


def _line(policy: Policy, person: PersonOut) -> str:
    roles = ", ".join(f"{r} ({policy.roles[r].title})" if r in policy.roles else r for r in person.roles) or "none"
    state = "" if person.active else " [inactive]"
    return f"{person.handle}{state}  {person.name}  roles: {roles}"


@app.command()
def add(
    handle: Annotated[str, typer.Argument(help="Short unique login name, e.g. j.smith.")],
    name: Annotated[str, typer.Option("--name", help="Full name.")],
    role: Annotated[list[str] | None, typer.Option("--role", help="A policy role id (repeat for several).")] = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
    job_title: Annotated[str | None, typer.Option("--job-title", help="Job title, as a bio must state it.")] = None,
    line_manager: Annotated[str | None, typer.Option("--line-manager", help="The line manager's handle.")] = None,
    actor: Annotated[str | None, typer.Option("--as", help="Your handle (not needed for the very first person).")]
    = None,
    policy: PolicyOpt = None, as_json: JsonOpt = False,
) -> None:
    """Add a person (the first one may be added without --as: the bootstrap)."""
    with governed(policy) as ctx:
        person = people.add_person(ctx.session, policy=ctx.policy, actor=ctx.person(actor) if actor else None,
                                   handle=handle, name=name, roles=role or [], email=email, job_title=job_title,
                                   line_manager=ctx.person(line_manager) if line_manager else None)
        ctx.session.commit()
        shown = PersonOut.model_validate(person)
        emit(shown, as_json, f"[green]added[/] {_line(ctx.policy, shown)}")


@app.command("list")
def list_(active: Annotated[bool, typer.Option("--active", help="Only active people.")] = False,
          policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """List registered people and their roles."""
    with governed(policy) as ctx:
        shown = [PersonOut.model_validate(p) for p in people.list_people(ctx.session, active_only=active)]
        emit(shown, as_json, "\n".join(_line(ctx.policy, p) for p in shown) or "nobody registered yet")


@app.command("set-roles")
def set_roles(handle: str, role: Annotated[list[str], typer.Option("--role", help="A policy role id (repeat).")],
              actor: AsOpt, reason: Annotated[str | None, typer.Option("--reason")] = None,
              policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Replace a person's roles."""
    with governed(policy) as ctx:
        person = people.set_roles(ctx.session, policy=ctx.policy, actor=ctx.person(actor),
                                  person=ctx.person(handle), roles=role, reason=reason)
        ctx.session.commit()
        shown = PersonOut.model_validate(person)
        emit(shown, as_json, f"[green]updated[/] {_line(ctx.policy, shown)}")


@app.command("set-line-manager")
def set_line_manager(handle: str, actor: AsOpt,
                     manager: Annotated[str | None, typer.Argument(help="Manager's handle; omit to clear.")] = None,
                     policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Record who a person's line manager is."""
    with governed(policy) as ctx:
        person = people.set_line_manager(ctx.session, policy=ctx.policy, actor=ctx.person(actor),
                                         person=ctx.person(handle),
                                         line_manager=ctx.person(manager) if manager else None)
        ctx.session.commit()
        emit(PersonOut.model_validate(person), as_json, f"[green]updated[/] {person.handle}: line manager "
                                                        f"{manager or 'none'}")


@app.command("set-email")
def set_email(handle: str, actor: AsOpt,
              email: Annotated[str | None, typer.Argument(help="The address; omit to clear it.")] = None,
              policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Record where a person's notifications are e-mailed (your own, or anyone's with manage_people)."""
    with governed(policy) as ctx:
        person = people.set_email(ctx.session, policy=ctx.policy, actor=ctx.person(actor), person=ctx.person(handle),
                                  email=email)
        ctx.session.commit()
        emit(PersonOut.model_validate(person), as_json, f"[green]updated[/] {person.handle}: e-mail "
                                                        f"{person.email or 'none'}")


@app.command()
def deactivate(handle: str, actor: AsOpt, reason: Annotated[str | None, typer.Option("--reason")] = None,
               policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """A leaver: no permissions any more, and every session and token they hold stops working."""
    _active(handle, actor, False, reason, policy, as_json)


@app.command()
def activate(handle: str, actor: AsOpt, reason: Annotated[str | None, typer.Option("--reason")] = None,
             policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Reactivate someone deactivated (they sign in again)."""
    _active(handle, actor, True, reason, policy, as_json)


def _active(handle: str, actor: str, active: bool, reason: str | None, policy: str | None, as_json: bool) -> None:
    with governed(policy) as ctx:
        person = people.set_active(ctx.session, policy=ctx.policy, actor=ctx.person(actor), person=ctx.person(handle),
                                   active=active, reason=reason)
        ctx.session.commit()
        shown = PersonOut.model_validate(person)
        emit(shown, as_json, f"[green]{'activated' if active else 'deactivated'}[/] {_line(ctx.policy, shown)}")

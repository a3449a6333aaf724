"""``warden complaints``: the register made from complaint comments (state, due date), and moving one on."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from socialwarden.cli.governance import AsOpt, JsonOpt, PolicyOpt, emit, governed
from socialwarden.cli.render import uk
from socialwarden.complaints import service as complaints
from socialwarden.complaints.models import ComplaintOut, ComplaintState

app = typer.Typer(help="The complaints register.", no_args_is_help=True)


def _line(c: ComplaintOut) -> str:
    late = " [bold red]OVERDUE[/]" if c.overdue else ""
    return (f"#{c.id} \\[{c.state.value}] due {uk(c.due_at)}{late} "
            + escape(f"{c.complainant or '?'}: {c.text[:80]!r}" + (f" — {c.outcome}" if c.outcome else ""))
            + (f" (dealt with by {c.assigned_to})" if c.assigned_to else ""))


@app.command("list")
def list_(closed: Annotated[bool, typer.Option("--all", help="Closed ones too.")] = False,
          policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """The register, oldest due first."""
    with governed(policy) as ctx:
        rows = complaints.register_list(ctx.session, open_only=not closed)
        emit(rows, as_json, "\n".join(_line(c) for c in rows) or "no complaints")


@app.command()
def move(actor: AsOpt, number: Annotated[int, typer.Argument(help="Complaint number (#).")],
         to: Annotated[ComplaintState, typer.Argument(help="redirected | investigating | resolved | closed")],
         note: Annotated[str, typer.Option(help="What was done (kept with the complaint).")],
         assign: Annotated[str | None, typer.Option(help="Who deals with it (a handle).")] = None,
         policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Move a complaint on."""
    with governed(policy) as ctx:
        c = complaints.move(ctx.session, policy=ctx.policy, actor=actor, pk=number, to=to, note=note, assign=assign)
        ctx.session.commit()
        emit(c, as_json, _line(c))

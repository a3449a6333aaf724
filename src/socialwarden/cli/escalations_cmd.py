"""``warden escalations``: the queue of the roles a rule names, and each step (acknowledge, comment, decide, hand
back) — the same service the Escalations page calls."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from socialwarden.cli.governance import AsOpt, JsonOpt, PolicyOpt, emit, governed
from socialwarden.cli.render import uk
from socialwarden.moderation import escalations
from socialwarden.moderation.models import EscalationOut
from socialwarden.policy.models import ModerationAction

app = typer.Typer(help="Escalated comments: assigned to the roles the policy names.", no_args_is_help=True)
Number = Annotated[int, typer.Argument(help="Escalation number (#).")]


def _text(e: EscalationOut) -> str:
    due = f", due {uk(e.due_at)}" + (" [bold red]BREACHED[/]" if e.breached else "") if e.due_at else ""
    steps = "".join(f"\n  {uk(s.at)} {s.actor} {s.kind}: {escape(s.text)}" for s in e.steps)
    return (f"#{e.id} comment #{e.comment} -> {', '.join(e.roles)} ({', '.join(e.people) or 'nobody'}) "
            f"\\[{e.state.value}{': ' + e.outcome if e.outcome else ''}]{due}{steps}")


@app.command("list")
def list_(actor: AsOpt, closed: Annotated[bool, typer.Option("--all", help="Closed ones too.")] = False,
          policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """The escalations assigned to your roles (or to you by name)."""
    with governed(policy) as ctx:
        rows = escalations.queue_for(ctx.session, policy=ctx.policy, who=ctx.person(actor), open_only=not closed)
        emit(rows, as_json, "\n".join(_text(e) for e in rows) or "nothing is escalated to you")


@app.command()
def show(actor: AsOpt, number: Number, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """One escalation with its steps."""
    with governed(policy) as ctx:
        e = escalations.get(ctx.session, policy=ctx.policy, who=ctx.person(actor), pk=number)
        emit(e, as_json, _text(e))


@app.command()
def ack(actor: AsOpt, number: Number, note: Annotated[str | None, typer.Option(help="A note.")] = None,
        policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Acknowledge: the others assigned see you have it."""
    with governed(policy) as ctx:
        e = escalations.acknowledge(ctx.session, policy=ctx.policy, who=ctx.person(actor), pk=number, note=note)
        ctx.session.commit()
        emit(e, as_json, _text(e))


@app.command()
def comment(actor: AsOpt, number: Number, text: Annotated[str, typer.Option("--text", help="The comment.")],
            policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """A comment for the others assigned."""
    with governed(policy) as ctx:
        e = escalations.add_comment(ctx.session, policy=ctx.policy, who=ctx.person(actor), pk=number, text=text)
        ctx.session.commit()
        emit(e, as_json, _text(e))


@app.command()
def decide(actor: AsOpt, number: Number,
           action: Annotated[ModerationAction, typer.Argument(help="keep | hide | remove | report_to_platform | "
                                                                   "refer_to_police")],
           reason: Annotated[str, typer.Option(help="Why (kept with the decision and any evidence).")],
           exception: Annotated[str | None, typer.Option(help="For hide/remove outside the criteria.")] = None,
           policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Decide the escalated comment (evidence kept first); the escalation is closed, and a hide, removal or report
    is carried out on the platform (the output says what happened there)."""
    from socialwarden.connectors.moderation import decide_on_platform
    from socialwarden.connectors.pool import Connectors

    with governed(policy) as ctx, Connectors().closing() as connectors:
        moderated = decide_on_platform(ctx.session, settings=ctx.settings, policy=ctx.policy,
                                       actor=ctx.person(actor), pk=number, action=action, reason=reason,
                                       exception=exception, connectors=connectors)
        done = moderated.out
        emit(done, as_json, f"escalation #{number}: {action.value} by {actor}"
             + (f", evidence #{done.evidence_id} kept" if done.evidence_id else "")
             + (f" — {moderated.said}" if moderated.platform is not None else ""))


@app.command("hand-back")
def hand_back(actor: AsOpt, number: Number, reason: Annotated[str, typer.Option(help="Why it goes back.")],
              policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Hand the comment back to the desk (it is not for your role)."""
    with governed(policy) as ctx:
        e = escalations.hand_back(ctx.session, policy=ctx.policy, who=ctx.person(actor), pk=number, reason=reason)
        ctx.session.commit()
        emit(e, as_json, _text(e))

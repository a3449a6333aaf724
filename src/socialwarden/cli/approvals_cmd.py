"""``warden approvals``: what you can decide now (posts, account requests, exceptions, wiki edits), and deciding."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from socialwarden.approvals.flows import QueueItem, after_decision, queue_for
from socialwarden.approvals.flows import decide as decide_item
from socialwarden.approvals.models import Verdict
from socialwarden.cli.governance import AsOpt, JsonOpt, PolicyOpt, emit, governed
from socialwarden.policy.models import ApprovalSubject

app = typer.Typer(help="The approval queue: what waits for you, and your decisions on it.", no_args_is_help=True)
Subject = Annotated[ApprovalSubject, typer.Argument(help="post, account, exception or wiki_edit.")]


def _line(item: QueueItem) -> str:
    needed = "; ".join(" or ".join(q.roles) for q in item.requirements if q.satisfied_by is None)
    return (f"[bold]{item.subject_type.value} {item.subject_id}[/] v{item.version} {escape(item.title)} — asked by "
            f"{item.requester}; you decide as {item.role}; needs {needed or 'nothing more'}\n    "
            f"{escape(item.text[:200])}")


@app.command("list")
def list_(actor: AsOpt, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """What you can decide now (never your own request, never one you already decided), oldest first."""
    with governed(policy) as ctx:
        items = queue_for(ctx.session, policy=ctx.policy, person=actor)
        emit(items, as_json, "\n".join(_line(i) for i in items) or "nothing is waiting for you")


@app.command()
def decide(subject: Subject, subject_id: int, actor: AsOpt,
           decision: Annotated[Verdict, typer.Option("--decision", help="approve, return or reject.")],
           comment: Annotated[str | None, typer.Option("--comment", help="Needed to return or reject.")] = None,
           policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Approve, return with comments, or reject one item in the queue."""
    with governed(policy) as ctx:
        made = decide_item(ctx.session, policy=ctx.policy, actor=actor, subject_type=subject,
                           subject_id=subject_id, verdict=decision, comment=comment)
        ctx.session.commit()
        made = after_decision(ctx.session, settings=ctx.settings, policy=ctx.policy, actor=ctx.person(actor),
                              made=made)
        said = f" — {escape(made.platform)}" if made.platform else ""
        emit(made, as_json, f"[green]{decision.value}[/] {subject.value} {subject_id}{said}")

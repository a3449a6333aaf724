"""``warden wiki``: ask for advice before editing a wiki entry about the organisation, and give it."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from socialwarden.approvals.models import Verdict
from socialwarden.cli.governance import AsOpt, JsonOpt, PolicyOpt, emit, governed
from socialwarden.wiki_edits import service as wiki
from socialwarden.wiki_edits.models import WikiEditOut, WikiEditStatus

app = typer.Typer(help="Wiki edits: asked for, advised on by the roles the policy names.", no_args_is_help=True)
IdArg = Annotated[int, typer.Argument(help="Wiki edit id.")]
CommentOpt = Annotated[str | None, typer.Option("--comment", help="Your advice (needed to return or reject).")]


def _line(e: WikiEditOut) -> str:
    advice = "; ".join(f"{a.decision.value} by {a.approver}" + (f": {escape(a.comment)}" if a.comment else "")
                       for a in e.approvals.history)
    return (f"#{e.id} [bold]{e.status.value}[/] rev {e.revision} {escape(e.page)} (asked by {e.requested_by})"
            + (f"\n    {advice}" if advice else ""))


@app.command()
def request(page: Annotated[str, typer.Argument(help="The wiki entry's address or title.")], actor: AsOpt,
            change: Annotated[str, typer.Option("--change", help="What you mean to change.")],
            reason: Annotated[str, typer.Option("--reason", help="Why.")],
            conflict: Annotated[bool, typer.Option("--conflict-of-interest",
                                                   help="The entry may be a conflict of interest.")] = False,
            policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Ask for advice before editing a wiki entry."""
    with governed(policy) as ctx:
        row = wiki.request_wiki_edit(ctx.session, policy=ctx.policy, actor=actor, page=page, change=change,
                                     reason=reason, conflict_of_interest=conflict)
        ctx.session.commit()
        shown = wiki.wiki_edit_out(ctx.session, policy=ctx.policy, row=row)
        emit(shown, as_json, f"[green]asked[/] {_line(shown)}")


def _decide(edit_id: int, actor: str, verdict: Verdict, comment: str | None, policy: str | None,
            as_json: bool) -> None:
    with governed(policy) as ctx:
        wiki.decide_wiki_edit(ctx.session, policy=ctx.policy, actor=actor, edit_id=edit_id, verdict=verdict,
                              comment=comment)
        ctx.session.commit()
        shown = wiki.wiki_edit_out(ctx.session, policy=ctx.policy, row=wiki.get_wiki_edit(ctx.session,
                                                                                           edit_id=edit_id))
        emit(shown, as_json, _line(shown))


@app.command()
def approve(edit_id: IdArg, actor: AsOpt, comment: CommentOpt = None, policy: PolicyOpt = None,
            as_json: JsonOpt = False) -> None:
    """Advise going ahead with the edit."""
    _decide(edit_id, actor, Verdict.APPROVE, comment, policy, as_json)


@app.command("return")
def return_(edit_id: IdArg, actor: AsOpt, comment: CommentOpt = None, policy: PolicyOpt = None,
            as_json: JsonOpt = False) -> None:
    """Send the edit back with comments (the requester amends it)."""
    _decide(edit_id, actor, Verdict.RETURN, comment, policy, as_json)


@app.command()
def reject(edit_id: IdArg, actor: AsOpt, comment: CommentOpt = None, policy: PolicyOpt = None,
           as_json: JsonOpt = False) -> None:
    """Advise against making the edit."""
    _decide(edit_id, actor, Verdict.REJECT, comment, policy, as_json)


@app.command()
def amend(edit_id: IdArg, actor: AsOpt, change: Annotated[str, typer.Option("--change")],
          reason: Annotated[str | None, typer.Option("--reason")] = None, policy: PolicyOpt = None,
          as_json: JsonOpt = False) -> None:
    """Change your returned edit; it is advised on afresh."""
    with governed(policy) as ctx:
        row = wiki.amend_wiki_edit(ctx.session, policy=ctx.policy, actor=actor, edit_id=edit_id, change=change,
                                   reason=reason)
        ctx.session.commit()
        shown = wiki.wiki_edit_out(ctx.session, policy=ctx.policy, row=row)
        emit(shown, as_json, f"[green]amended[/] {_line(shown)}")


@app.command("list")
def list_(status: Annotated[WikiEditStatus | None, typer.Option("--status")] = None, policy: PolicyOpt = None,
          as_json: JsonOpt = False) -> None:
    """Wiki edits asked about, newest first, with the advice given."""
    with governed(policy) as ctx:
        shown = [wiki.wiki_edit_out(ctx.session, policy=ctx.policy, row=r)
                 for r in wiki.list_wiki_edits(ctx.session, status=status)]
        emit(shown, as_json, "\n".join(_line(e) for e in shown) or "no wiki edits asked about")

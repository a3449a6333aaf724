"""``warden inbox``: import comment files, the triaged queue (with due times and breaches), act on a comment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn

from socialwarden.cli.governance import AsOpt, JsonOpt, PolicyOpt, emit, governed, out
from socialwarden.cli.notifications_cmd import deliver_now
from socialwarden.cli.render import uk
from socialwarden.connectors.moderation import act_on_platform, after_desk, unhide_on_platform
from socialwarden.connectors.pool import Connectors
from socialwarden.moderation import service as desk
from socialwarden.moderation.guidance import CommentKind
from socialwarden.moderation.models import CommentOut
from socialwarden.policy.models import ModerationAction

app = typer.Typer(help="The moderation desk: third-party comments triaged by the policy.", no_args_is_help=True)
EXIT_BAD_ROWS = 2  # the file had rows that could not be imported (as for any bad input: cli/app.py EXIT_CODES)
EXIT_PLATFORM_FAILED = 9  # recorded here, but the platform refused (as a PlatformError 502: cli/app.py)


def _line(c: CommentOut) -> str:
    due = f" due {uk(c.due_at)}" if c.due_at else ""
    late = " [bold red]BREACHED[/]" if c.breached else ""
    cats = ", ".join(c.categories) or "nothing found"
    extra = (f" \\[escalation #{c.escalation}]" if c.escalation else "") + (
        f" (assigned to {escape(c.assigned_to)})" if c.assigned_to else "")
    # everything that came from outside is escaped: a comment's "[/bold]" must print, not break the listing
    return (f"#{c.id} [bold]{c.verdict}[/] -> {c.recommended}{due}{late} \\[{c.state}/{c.visibility}] "
            f"{escape(f'{c.platform}:{c.comment_id} {c.author_name or c.author_id or chr(63)}: {c.text[:70]!r}')} "
            f"({cats}){extra}")


@app.command("import")
def import_(actor: AsOpt, file: Annotated[Path, typer.Argument(help="CSV or JSONL export of comments.")],
            policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Import comments (streamed, idempotent by platform + comment id); bad rows are reported by line (the first
    100, and how many in all). Exit 0 when every row was usable, 2 when any row was bad (the good ones are kept)."""
    with governed(policy) as ctx:
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} rows"),
                      disable=as_json, console=out, transient=True) as bar:
            task = bar.add_task(f"importing {file.name}", total=None)
            report = desk.import_file(ctx.session, policy=ctx.policy, actor=actor, path=file,
                                      progress=lambda n: bar.update(task, completed=n))
        text = (f"{report.file}: read {report.read} rows, imported {report.imported}, "
                f"{report.duplicates} already stored, {report.bad_count} bad"
                + "".join(f"\n  [red]{escape(b)}[/]" for b in report.bad[:50])
                + (f"\n  … {report.bad_count - 50} more" if report.bad_count > 50 else ""))
        emit(report, as_json, text)
    if report.bad_count:
        raise typer.Exit(EXIT_BAD_ROWS)


@app.command("list")
def list_(state: Annotated[str | None, typer.Option(help="open | done | all")] = "open",
          verdict: Annotated[str | None, typer.Option()] = None,
          breaches: Annotated[bool, typer.Option("--breaches", help="Only comments past their due time.")] = False,
          mine: Annotated[str | None, typer.Option("--mine", metavar="HANDLE",
                                                   help="Only comments assigned to this person.")] = None,
          policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """The queue, most serious first, with response due times (UK time, working days) and breaches."""
    with governed(policy) as ctx:
        if breaches:
            shown = desk.breaches(ctx.session, now=dt.datetime.now(dt.UTC))
        else:
            who = ctx.person(mine).id if mine else None
            shown = desk.queue(ctx.session, state=None if state == "all" else state, verdict=verdict,
                               assigned_to=who)
        emit(shown, as_json, "\n".join(_line(c) for c in shown) or "the queue is empty")


@app.command()
def show(comment: Annotated[int, typer.Argument(help="Comment number (#).")],
         kind: Annotated[CommentKind | None, typer.Option(help="Your own assessment (default: from the findings).")]
         = None, policy: PolicyOpt = None, as_json: JsonOpt = False,
         more: Annotated[bool, typer.Option("--more", help="All the guidance, not only the first items.")] = False,
         ) -> None:
    """One comment with its findings and the response guidance (the first items; --more for all), each cited."""
    with governed(policy) as ctx:
        shown = desk.comment(ctx.session, pk=comment)
        guidance = desk.guidance_for(ctx.session, policy=ctx.policy, pk=comment, kind=kind)
        rules = desk.stored_rules(ctx.session, pk=comment)
        history = desk.history(ctx.session, pk=comment)
        items = guidance.advice if more else guidance.first
        text = (_line(shown)
                + "".join(f"\n  rule: {escape(r.title)} -> {r.verdict.value} ({escape(r.citation.label)}: "
                          f"\u201c{escape(r.citation.quote)}\u201d)" for r in rules)
                + f"\n  assessment: {guidance.kind.value} -> {guidance.response.value}"
                + "".join(f"\n  - {escape(a.text)}" + (f" [dim]({escape(a.citation.label)})[/]" if a.citation else "")
                          for a in items))
        if not more and guidance.more:
            text += f"\n  [dim]… {len(guidance.more)} more (--more)[/]"
        text += "".join(f"\n  {uk(h['at'])} {h['actor']} {h['what']}: {escape(str(h['text'] or ''))}"
                        for h in history)
        emit({"comment": shown.model_dump(mode="json"), "rules": [r.to_json() for r in rules],
              "guidance": guidance.to_json(), "history": history}, as_json, text)


@app.command()
def act(actor: AsOpt, comment: Annotated[int, typer.Argument(help="Comment number (#).")],
        action: Annotated[ModerationAction, typer.Argument(help="What to do.")],
        reason: Annotated[str, typer.Option(help="Why (kept with the action and any evidence).")],
        reply: Annotated[str | None, typer.Option(help="Reply text (for reply).")] = None,
        to: Annotated[list[str] | None, typer.Option(help="Role to escalate to (repeatable).")] = None,
        exception: Annotated[str | None, typer.Option(
            help="Why hide or remove a comment that meets no moderation criterion (recorded as an exception).")]
        = None, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Act on a comment; hide/remove/report/block/police/escalate keep evidence first; escalating assigns it to
    the roles the rule names and notifies them."""
    with governed(policy) as ctx, Connectors().closing() as connectors:
        moderated = act_on_platform(ctx.session, settings=ctx.settings, policy=ctx.policy,
                                    actor=ctx.person(actor), pk=comment, action=action, reason=reason,
                                    connectors=connectors, reply_text=reply, escalate_to=to or None,
                                    exception=exception)
        deliver_now(ctx)
        done = moderated.desk
        extra = (f", evidence #{done.evidence_id} kept" if done.evidence_id else "") + (
            f", escalated to {', '.join(done.escalate_to)}" if done.escalate_to else "") + (
            f", points them to {done.handoff}" if done.handoff else "") + (
            f", escalation #{done.escalation}" if done.escalation else "") + (
            f", recorded as an exception: {done.exception}" if done.exception else "")
        said = f" — {moderated.said}" if moderated.platform is not None else ""
        emit(moderated.out, as_json,
             f"#{done.comment} {done.action} by {done.actor}{extra}{said}")
    if moderated.failed:
        raise typer.Exit(EXIT_PLATFORM_FAILED)


@app.command()
def unhide(actor: AsOpt, comment: Annotated[int, typer.Argument(help="Comment number (#).")],
           reason: Annotated[str, typer.Option(help="Why it is shown again.")], policy: PolicyOpt = None,
           as_json: JsonOpt = False) -> None:
    """Show a hidden comment again, here and on its platform (the output says which)."""
    with governed(policy) as ctx, Connectors().closing() as connectors:
        moderated = unhide_on_platform(ctx.session, settings=ctx.settings, policy=ctx.policy,
                                       actor=ctx.person(actor), pk=comment, reason=reason, connectors=connectors)
        emit(moderated.out, as_json,
             f"#{comment} unhide by {moderated.desk.actor} — {moderated.said}")
    if moderated.failed:
        raise typer.Exit(EXIT_PLATFORM_FAILED)


@app.command()
def bulk(actor: AsOpt, action: Annotated[ModerationAction, typer.Argument(help="keep, hide, remove, escalate …")],
         comments: Annotated[list[int], typer.Argument(help="Comment numbers (#).")],
         reason: Annotated[str, typer.Option(help="One reason, kept with every comment.")],
         exception: Annotated[str | None, typer.Option(help="For hide/remove outside the criteria.")] = None,
         policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """The same action with one reason on several comments: all of them, or none (the refusal names the one)."""
    with governed(policy) as ctx, Connectors().closing() as connectors:
        done = desk.act_many(ctx.session, policy=ctx.policy, actor=actor, pks=comments, action=action,
                             reason=reason, exception=exception)
        ctx.session.commit()
        deliver_now(ctx)
        who = ctx.person(actor)
        carried = [after_desk(ctx.session, settings=ctx.settings, policy=ctx.policy, actor=who, done=d,
                              connectors=connectors) for d in done]
        lines = [f"#{m.desk.comment}: {m.said}" for m in carried if m.platform is not None]
        emit([m.out for m in carried], as_json,
             "\n".join([f"{len(done)} comment(s): {action.value} — {reason}", *lines]))


@app.command()
def assign(actor: AsOpt, comments: Annotated[list[int], typer.Argument(help="Comment numbers (#).")],
           to: Annotated[str | None, typer.Option("--to", help="A moderator's handle (omit to unassign).")] = None,
           policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Assign comments to a moderator (shown as "assigned to me" on their inbox)."""
    with governed(policy) as ctx:
        changed = desk.assign(ctx.session, policy=ctx.policy, actor=actor, pks=comments, to=to)
        ctx.session.commit()
        emit({"assigned": changed, "to": to}, as_json, f"{len(changed)} comment(s) assigned to {to or 'nobody'}")

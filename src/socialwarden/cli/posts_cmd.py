"""``warden posts``: draft, edit, submit, approve / return / reject, schedule, publish what is due, correct,
withdraw, list, show, calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from socialwarden.cli.governance import AsOpt, Ctx, JsonOpt, PolicyOpt, emit, governed
from socialwarden.connectors.pool import Connectors
from socialwarden.connectors.post_changes import push_change
from socialwarden.connectors.publishing import publish_cycle
from socialwarden.exceptions import InputError
from socialwarden.posts import service as posts
from socialwarden.posts.models import PostOut, PostStatus
from socialwarden.posts.service import UK

app = typer.Typer(help="Publishing: every post checked, approved as the policy says, and kept with its versions.",
                  no_args_is_help=True)
IdArg = Annotated[int, typer.Argument(help="Post id.")]
TextOpt = Annotated[str, typer.Option("--text", help="The post's text.")]


def _time(value: str | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now(dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"--at {value!r} is not an ISO 8601 time (e.g. 2026-03-09T10:00:00+00:00)") from exc
    if moment.tzinfo is None:
        raise InputError(f"--at {value!r} needs a time zone (e.g. +00:00 or Z)")
    return moment


def _line(p: PostOut) -> str:
    when = f" at {p.scheduled_at:%Y-%m-%d %H:%M}" if p.scheduled_at and p.status == PostStatus.SCHEDULED else ""
    error = f"\n    [red]last error:[/] {p.last_error}" if p.last_error else ""
    return (f"#{p.id} [bold]{p.status.value}[/]{when} v{p.version} {p.account} by {p.author} "
            f"({p.verdict}): {p.text[:70]}{error}")


def _show(p: PostOut) -> str:
    lines = [_line(p)]
    for v in p.versions:
        lines.append(f"  v{v.number} {v.reason} by {v.created_by} at {v.created_at:%Y-%m-%d %H:%M} ({v.verdict})"
                     + (f" approvers: {', '.join(v.approvers)}" if v.approvers else "")
                     + (f" — {v.note}" if v.note else ""))
        if v.diff and v.number > 1:
            lines += ["    " + d for d in v.diff.rstrip().splitlines()]
    lines.append(f"  approval: {p.need.note}")
    lines += [f"  {a.verb} on {a.platform}: {a.message}" + (f" ({a.target_id} -> {a.result_id})" if a.result_id
              and a.result_id != a.target_id else "") for a in p.on_platform]
    lines += [f"  {a.decision.value} v{a.version} by {a.approver} as {a.role} at {a.at:%Y-%m-%d %H:%M}"
              + (f": {a.comment}" if a.comment else "") for a in p.approvals]
    lines += [f"  media {m.ref}: consent {m.consent_ref or 'none'}, source {m.source or 'none'}, "
              f"licence {m.licence or 'none'}" for m in p.media]
    return "\n".join(lines)


def _pushed(ctx: Ctx, actor: str, post_id: int, shown: PostOut) -> tuple[PostOut, str]:
    """Carry out on the platform what the change just made due (a correction, a deletion) and say what happened."""
    done = push_change(ctx.session, settings=ctx.settings, policy=ctx.policy, actor=ctx.person(actor),
                       post_id=post_id)
    if done is None:
        return shown, ""
    again = posts.get(ctx.session, policy=ctx.policy, viewer=actor, post_id=post_id)
    ids = f" ({done.target_id} -> {done.result_id})" if done.result_id and done.result_id != done.target_id else ""
    return again, f"\n  on the platform: {done.message}{ids}"


@app.command()
def draft(actor: AsOpt, account: Annotated[str, typer.Option("--account", help="Account id or PLATFORM:HANDLE.")],
          text: TextOpt, kind: Annotated[str | None, typer.Option(help="e.g. job_advert")] = None,
          media: Annotated[list[str] | None, typer.Option(help="Attachment file name or URL (repeatable).")] = None,
          people_shown: Annotated[bool, typer.Option("--identifiable-people",
                                                     help="The media shows people who can be identified.")] = False,
          consent: Annotated[str | None, typer.Option(help="Where the consent record is kept.")] = None,
          source: Annotated[str | None, typer.Option(help="Where the media came from.")] = None,
          licence: Annotated[str | None, typer.Option(help="Its licence.")] = None,
          policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Draft a post: it is checked at once and the decision kept with it."""
    items = [posts.Media(ref=m, identifiable_people=people_shown, consent_ref=consent, source=source,
                         licence=licence) for m in media or []]
    with governed(policy) as ctx:
        shown = posts.draft(ctx.session, policy=ctx.policy, actor=actor, account_ref=account, text=text, kind=kind,
                            media=items)
        ctx.session.commit()
        emit(shown, as_json, _show(shown))


@app.command()
def edit(actor: AsOpt, post_id: IdArg, text: TextOpt, note: Annotated[str | None, typer.Option()] = None,
         policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Change a post's text before publication (re-checked; any approval must be given again)."""
    with governed(policy) as ctx:
        shown = posts.edit(ctx.session, policy=ctx.policy, actor=actor, post_id=post_id, text=text, note=note)
        ctx.session.commit()
        emit(shown, as_json, _show(shown))


@app.command()
def submit(actor: AsOpt, post_id: IdArg, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Submit a checked post: to the named approvers, or straight to approved when none is needed."""
    with governed(policy) as ctx:
        shown = posts.submit(ctx.session, policy=ctx.policy, actor=actor, post_id=post_id)
        ctx.session.commit()
        emit(shown, as_json, _line(shown))


@app.command()
def approve(actor: AsOpt, post_id: IdArg, comment: Annotated[str | None, typer.Option()] = None,
            policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Approve a post as one of the roles the policy names (never your own)."""
    with governed(policy) as ctx:
        shown = posts.approve(ctx.session, policy=ctx.policy, actor=actor, post_id=post_id, comment=comment)
        ctx.session.commit()
        shown, said = _pushed(ctx, actor, post_id, shown)  # an approved correction goes out now
        emit(shown, as_json, _line(shown) + said)


@app.command("return")
def return_(actor: AsOpt, post_id: IdArg,
            comment: Annotated[str, typer.Option("--comment", help="What the author should change.")],
            policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Send the current version back to its author with comments (they edit it and submit again)."""
    with governed(policy) as ctx:
        shown = posts.return_post(ctx.session, policy=ctx.policy, actor=actor, post_id=post_id, comment=comment)
        ctx.session.commit()
        emit(shown, as_json, _line(shown))


@app.command()
def reject(actor: AsOpt, post_id: IdArg, comment: Annotated[str, typer.Option("--comment", help="Why not.")],
           policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Refuse a post for good, saying why."""
    with governed(policy) as ctx:
        shown = posts.reject(ctx.session, policy=ctx.policy, actor=actor, post_id=post_id, comment=comment)
        ctx.session.commit()
        emit(shown, as_json, _line(shown))


@app.command()
def schedule(actor: AsOpt, post_id: IdArg,
             at: Annotated[str | None, typer.Option("--at", help="ISO 8601 time with zone; default now.")] = None,
             policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Queue an approved post for publication."""
    with governed(policy) as ctx:
        shown = posts.schedule(ctx.session, policy=ctx.policy, actor=actor, post_id=post_id, at=_time(at))
        ctx.session.commit()
        emit(shown, as_json, _line(shown))


@app.command("publish-due")
def publish_due(actor: AsOpt, outbox: Annotated[Path | None, typer.Option(
                    help="JSONL file a due post is copied to, for publishing by hand, when its account has no "
                         "connector linked (it is not marked published).")] = None,
                now: Annotated[str | None, typer.Option(help="Treat this as the time (ISO 8601).")] = None,
                policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Publish every scheduled post that is due through its account's connector, at most once each (failures
    retry with backoff). A post whose account has no connector linked is not published: it is marked so (and
    copied to --outbox for publishing by hand, when given)."""
    with governed(policy) as ctx, Connectors().closing() as connectors:
        results = publish_cycle(ctx.session, settings=ctx.settings, policy=ctx.policy, actor=actor,
                                connectors=connectors, now=_time(now), outbox=outbox)
        rows = [{"post_id": r.post_id, "outcome": r.outcome, "platform_post_id": r.platform_post_id,
                 "error": r.error, "next_attempt_at": r.next_attempt_at.isoformat() if r.next_attempt_at else None}
                for r in results]
        emit(rows, as_json, "\n".join(f"#{r.post_id} {r.outcome}" + (f" as {r.platform_post_id}" if
                                                                      r.platform_post_id else "")
                                      + (f": {r.error}" if r.error else "") for r in results) or "nothing due")


@app.command()
def correct(actor: AsOpt, post_id: IdArg, text: TextOpt,
            note: Annotated[str, typer.Option(help="What the correction fixes.")], policy: PolicyOpt = None,
            as_json: JsonOpt = False) -> None:
    """Correct a published post: a new version keeps the original and shows what changed."""
    with governed(policy) as ctx:
        shown = posts.correct(ctx.session, policy=ctx.policy, actor=actor, post_id=post_id, text=text, note=note)
        ctx.session.commit()
        shown, said = _pushed(ctx, actor, post_id, shown)
        emit(shown, as_json, _show(shown) + said)


@app.command()
def withdraw(actor: AsOpt, post_id: IdArg, reason: Annotated[str, typer.Option(help="Why.")],
             policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Withdraw a post (a published one only as the policy allows deleting it)."""
    with governed(policy) as ctx:
        shown = posts.withdraw(ctx.session, policy=ctx.policy, actor=actor, post_id=post_id, reason=reason)
        ctx.session.commit()
        shown, said = _pushed(ctx, actor, post_id, shown)
        emit(shown, as_json, _line(shown) + said)


@app.command("list")
def list_(actor: AsOpt, status: Annotated[PostStatus | None, typer.Option()] = None,
          author: Annotated[str | None, typer.Option(help="Author handle.")] = None,
          policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """The posts you may see, newest first (drafts: yours, and those you approve or the policy names you for)."""
    with governed(policy) as ctx:
        shown = posts.list_posts(ctx.session, policy=ctx.policy, viewer=actor, status=status, author=author)
        emit(shown, as_json, "\n".join(_line(p) for p in shown) or "no posts")


@app.command()
def show(actor: AsOpt, post_id: IdArg, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """One post with its versions (and what each changed), what approvers decided, and media records."""
    with governed(policy) as ctx:
        shown = posts.get(ctx.session, policy=ctx.policy, viewer=actor, post_id=post_id)
        emit(shown, as_json, _show(shown))


@app.command()
def calendar(actor: AsOpt,
             month: Annotated[str | None, typer.Option("--month", help="YYYY-MM (default: this month).")] = None,
             policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Posts scheduled for (or published on) each day of a month, in UK time."""
    today = dt.datetime.now(UK).date()
    try:
        year, number = (int(x) for x in month.split("-")) if month else (today.year, today.month)
    except ValueError:
        raise InputError(f"--month {month!r} is not YYYY-MM") from None
    with governed(policy) as ctx:
        days = posts.calendar(ctx.session, policy=ctx.policy, viewer=actor, year=year, month=number)
        lines = [f"[bold]{d.day:%a %d %b}[/]  " + "; ".join(
            f"{(p.published_at or p.scheduled_at or dt.datetime.now(dt.UTC)).astimezone(UK):%H:%M} #{p.id} "
            f"{p.account} ({p.status.value}): {p.text[:50]}" for p in d.posts) for d in days if d.posts]
        emit(days, as_json, "\n".join(lines) or f"nothing scheduled or published in {year}-{number:02d}")

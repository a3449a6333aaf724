"""``warden notifications``: your list, marking read, how you get e-mail, and the round cron runs (reminders of
what falls due within the next working hour, e-mail waiting, daily digests)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from socialwarden.cli.governance import AsOpt, Ctx, JsonOpt, PolicyOpt, emit, governed
from socialwarden.cli.render import uk
from socialwarden.notifications import service as notes
from socialwarden.notifications.flows import run_round, send_now
from socialwarden.notifications.models import EmailChoice

app = typer.Typer(help="Notifications: in the app and by e-mail (SMTP, WARDEN_SMTP_*).", no_args_is_help=True)


def deliver_now(ctx: Ctx) -> None:
    """Send what a command just made, when an SMTP server is set (failures stay on the rows for the next round)."""
    send_now(ctx.session, policy=ctx.policy, settings=ctx.settings)


@app.command("list")
def list_(actor: AsOpt, unread: Annotated[bool, typer.Option("--unread", help="Only unread ones.")] = False,
          policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Your notifications, newest first, each with the page it links to."""
    with governed(policy) as ctx:
        rows = notes.list_for(ctx.session, person=ctx.person(actor), unread_only=unread)
        emit(rows, as_json, "\n".join(
            f"#{n.id} {'[bold]' if not n.read_at else ''}{escape(n.title)}{'[/]' if not n.read_at else ''} "
            f"({uk(n.created_at)}, {n.kind.value}, e-mail {n.email_state.value}) -> {escape(n.link)}"
            for n in rows) or "no notifications")


@app.command()
def read(actor: AsOpt, ids: Annotated[list[int] | None, typer.Argument(help="Notification numbers (all if none).")]
         = None, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Mark your notifications read."""
    with governed(policy) as ctx:
        count = notes.mark_read(ctx.session, policy=ctx.policy, actor=ctx.person(actor), ids=ids or None)
        ctx.session.commit()
        emit({"read": count}, as_json, f"{count} marked read")


@app.command()
def choose(actor: AsOpt, email: Annotated[EmailChoice, typer.Argument(help="immediate | digest | off")],
           person: Annotated[str | None, typer.Option("--for", help="Someone else (needs manage_people).")] = None,
           policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """How you (or --for someone) get e-mail: each notification at once, one daily digest, or none."""
    with governed(policy) as ctx:
        who = ctx.person(actor)
        notes.set_choice(ctx.session, policy=ctx.policy, actor=who, person=ctx.person(person) if person else who,
                         email=email)
        ctx.session.commit()
        emit({"person": person or actor, "email": email.value}, as_json, f"e-mail for {person or actor}: {email.value}")


@app.command()
def run(policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """One round (run it from cron every few minutes): reminders of what falls due within the next working hour,
    then the e-mail waiting, then the daily digests (after 08:00 UK time)."""
    with governed(policy) as ctx:
        report = run_round(ctx.session, policy=ctx.policy, settings=ctx.settings)
        text = (f"{report.reminders} reminder(s); " + (f"e-mail: {report.sent} sent, {report.failed} failed, "
                                                       f"{report.digests} digest(s)" if report.mail else
                                                       "no SMTP server set (WARDEN_SMTP_HOST): in the app only")
                + "".join(f"\n  [red]{e}[/]" for e in report.errors))
        emit({"reminders": report.reminders, "sent": report.sent, "failed": report.failed,
              "digests": report.digests, "errors": list(report.errors), "mail": report.mail}, as_json, text)
        if report.failed:
            raise typer.Exit(9)

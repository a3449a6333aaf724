"""``warden exceptions``: the register of approved departures from the policy (Gosport 8), which expire."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.markup import escape

from socialwarden.cli.governance import AsOpt, JsonOpt, PolicyOpt, emit, governed
from socialwarden.exceptions import InputError
from socialwarden.policy_exceptions import service as exceptions
from socialwarden.policy_exceptions.models import ExceptionOut, ExceptionState

app = typer.Typer(help="Exceptions to the policy: request, approve, reject, list.", no_args_is_help=True)


def _line(e: ExceptionOut) -> str:
    extra = f"; needs {', '.join(e.missing)}" if e.state == ExceptionState.REQUESTED else ""
    return f"{e.id}  {e.state.value}  until {e.expires_at:%Y-%m-%d}  {escape(e.title)}  (by {e.requested_by}{extra})"


def _expiry(value: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"--expires: {value!r} is not a date (YYYY-MM-DD)") from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(days=1)  # the whole day


@app.command()
def request(title: Annotated[str, typer.Argument(help="A short name for the exception.")], actor: AsOpt,
            reason: Annotated[str, typer.Option("--reason", help="Why it is needed.")],
            expires: Annotated[str, typer.Option("--expires", help="Last day it applies (YYYY-MM-DD, UTC).")],
            clause: Annotated[str | None, typer.Option("--clause", help="The policy item it departs from.")] = None,
            account: Annotated[int | None, typer.Option("--account", help="The account it is for, if one.")] = None,
            policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Ask for an exception; it applies once the roles the policy names have approved it, until it expires."""
    now = dt.datetime.now(dt.UTC)
    with governed(policy) as ctx:
        exc = exceptions.request_exception(ctx.session, policy=ctx.policy, actor=ctx.person(actor), title=title,
                                           reason=reason, expires_at=_expiry(expires), now=now, clause=clause,
                                           account_id=ctx.account(str(account)).id if account is not None else None)
        ctx.session.commit()
        shown = exceptions.exception_out(ctx.session, policy=ctx.policy, exc=exc, now=now)
        emit(shown, as_json, f"[green]requested[/] {_line(shown)}")


@app.command()
def approve(exception_id: int, actor: AsOpt, comment: Annotated[str | None, typer.Option("--comment")] = None,
            policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Approve an exception in your policy role."""
    now = dt.datetime.now(dt.UTC)
    with governed(policy) as ctx:
        exc = exceptions.get_exception(ctx.session, exception_id=exception_id)
        exceptions.approve_exception(ctx.session, policy=ctx.policy, actor=ctx.person(actor), exc=exc, now=now,
                                     comment=comment)
        ctx.session.commit()
        shown = exceptions.exception_out(ctx.session, policy=ctx.policy, exc=exc, now=now)
        emit(shown, as_json, f"[green]approval recorded[/] {_line(shown)}")


@app.command()
def reject(exception_id: int, actor: AsOpt, comment: Annotated[str, typer.Option("--comment", help="Why not.")],
           policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Refuse an exception, saying why."""
    now = dt.datetime.now(dt.UTC)
    with governed(policy) as ctx:
        exc = exceptions.get_exception(ctx.session, exception_id=exception_id)
        exceptions.reject_exception(ctx.session, policy=ctx.policy, actor=ctx.person(actor), exc=exc, now=now,
                                    comment=comment)
        ctx.session.commit()
        shown = exceptions.exception_out(ctx.session, policy=ctx.policy, exc=exc, now=now)
        emit(shown, as_json, f"[red]rejected[/] {_line(shown)}")


@app.command("list")
def list_(state: Annotated[ExceptionState | None, typer.Option("--state")] = None, policy: PolicyOpt = None,
          as_json: JsonOpt = False) -> None:
    """The register (state as of now: requested, in_force, expired, withdrawn)."""
    now = dt.datetime.now(dt.UTC)
    with governed(policy) as ctx:
        shown = [exceptions.exception_out(ctx.session, policy=ctx.policy, exc=e, now=now)
                 for e in exceptions.list_exceptions(ctx.session, now=now, state=state)]
        emit(shown, as_json, "\n".join(_line(e) for e in shown) or "no exceptions recorded")

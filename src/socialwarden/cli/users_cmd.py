"""``warden users``: give a person a sign-in password (bootstrapping the first admin), or a bearer token."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialwarden.acting import acting
from socialwarden.exceptions import InputError, PermissionDenied
from socialwarden.people import service as people
from socialwarden.people.models import Person
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import Permission, Policy
from socialwarden.sessions import service as sessions
from socialwarden.settings import Settings
from socialwarden.store.db import open_store
from socialwarden.web import users
from socialwarden.web.security import Signer, load_secret

app = typer.Typer(help="Sign-in for people: passwords and API tokens.", no_args_is_help=True)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _password(password_file: Path | None, stdin: bool) -> str:
    if (password_file is None) == (not stdin):
        raise InputError("give exactly one of --password-file FILE or --password-stdin")
    if password_file is not None:
        try:
            text = password_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{password_file}: cannot read ({exc.strerror})") from None
    else:
        text = sys.stdin.read()
    lines = text.splitlines()
    return lines[0] if lines else ""  # the first line; a trailing newline is not part of the password


def policy_of(settings: Settings) -> Policy:
    if not settings.policy:
        raise InputError("WARDEN_POLICY is not set: name the organisation's policy (a pack or a YAML file)")
    return load_policy(settings.policy)


def _actor(session: Session, policy: Policy, as_handle: str | None) -> Person | None:
    """Who is doing this: --as (with manage_people), or nobody while no one can sign in yet (the bootstrap)."""
    if as_handle is not None:
        person = people.get_person(session, handle=as_handle)
        acting(session, policy=policy, actor=person).require(Permission.MANAGE_PEOPLE,
                                                             doing="set other people's passwords")
        return person
    enabled = session.execute(select(func.count()).select_from(Person)
                              .where(Person.password_hash.is_not(None))).scalar_one()
    if enabled:
        raise PermissionDenied("someone can already sign in: give --as HANDLE (a person with manage_people)")
    return None


@app.command("create")
def create(
    handle: Annotated[str, typer.Argument(help="The person's handle (added if new: give --name and --role).")],
    password_file: Annotated[Path | None, typer.Option("--password-file", help="Read the password from "
                                                       "the first line of this file.")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read it from standard input.")] = False,
    name: Annotated[str | None, typer.Option("--name", help="Full name, when adding the person.")] = None,
    role: Annotated[list[str] | None, typer.Option("--role", help="A policy role id (repeatable), when adding.")]
    = None,
    as_handle: Annotated[str | None, typer.Option("--as", help="Who is doing this (needs manage_people); not "
                                                  "needed for the very first sign-in.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Let a person sign in to the web app with a password (argon2-hashed); adds them first if needed."""
    password = _password(password_file, password_stdin)
    settings = Settings.load()
    policy = policy_of(settings)
    engine = open_store(settings)
    try:
        with Session(engine) as session:
            actor = _actor(session, policy, as_handle)
            person = session.execute(select(Person).where(Person.handle == handle.strip())).scalar_one_or_none()
            added = person is None
            if person is None:
                if not name or not role:
                    raise InputError(f"no person with handle {handle!r}: give --name and at least one --role to "
                                     f"add them (roles: {', '.join(policy.roles)})")
                person = people.add_person(session, policy=policy, actor=actor, handle=handle, name=name,
                                           roles=role)
            user = users.set_password(session, policy=policy, actor=actor, handle=person.handle, password=password)
            session.commit()
    finally:
        engine.dispose()
    if as_json:
        print(json.dumps({"handle": user.handle, "added": added, "roles": list(user.roles),
                          "permissions": sorted(p.value for p in user.permissions)}, indent=2))
    else:
        out.print(f"[green]ok[/] {user.handle} can sign in ({', '.join(user.roles) or 'no roles'})"
                  + (" — added" if added else ""))


@app.command("token")
def token(handle: Annotated[str, typer.Argument(help="Whose token.")],
          hours: Annotated[int, typer.Option("--hours", min=1, max=24 * 90, help="Valid for.")] = 12) -> None:
    """Print a bearer token for the API: a server-side session, ended by signing out (DELETE /api/v1/session),
    `warden users signout`, or a password change."""
    settings = Settings.load()
    policy = policy_of(settings)
    engine = open_store(settings)
    try:
        with Session(engine) as session:
            person = session.execute(select(Person).where(Person.handle == handle.strip())).scalar_one_or_none()
            if person is None:
                raise InputError(f"{handle!r} cannot sign in: set a password first (warden users create)")
            value = users.issue_token(session, policy=policy, signer=Signer(load_secret(settings)), person=person,
                                      hours=hours, actor="system:cli")
            session.commit()
    finally:
        engine.dispose()
    print(value)


@app.command("signout")
def signout(handle: Annotated[str, typer.Argument(help="Whose sessions to end.")],
            as_handle: Annotated[str, typer.Option("--as", help="Who is doing this (manage_people, or the person "
                                                   "themselves).")],
            as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Sign a person out everywhere: every browser session and API token they hold stops working at once."""
    settings = Settings.load()
    policy = policy_of(settings)
    engine = open_store(settings)
    try:
        with Session(engine) as session:
            actor = people.get_person(session, handle=as_handle)
            person = people.get_person(session, handle=handle)
            if actor.id != person.id:
                acting(session, policy=policy, actor=actor).require(Permission.MANAGE_PEOPLE,
                                                                    doing="sign other people out")
            count = sessions.end_all(session, policy=policy, person=person, actor=actor,
                                     reason="signed out everywhere (warden users signout)")
            whose = person.handle
            session.commit()
    finally:
        engine.dispose()
    if as_json:
        print(json.dumps({"handle": whose, "revoked": count}))
    else:
        out.print(f"[green]ok[/] {whose} signed out everywhere ({count} sessions and tokens ended)")

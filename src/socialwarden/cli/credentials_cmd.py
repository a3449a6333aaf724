"""``warden credentials``: keep account passwords and tokens in the vault (the value is never a command argument)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from socialwarden.cli.governance import AsOpt, JsonOpt, PolicyOpt, emit, governed
from socialwarden.exceptions import InputError
from socialwarden.vault import service as vault
from socialwarden.vault.models import Secret

app = typer.Typer(help="The credentials vault (encrypted; readable only by the roles the policy allows).",
                  no_args_is_help=True)
AccountArg = Annotated[str, typer.Argument(help="Account id, or PLATFORM:HANDLE.")]
NameArg = Annotated[str, typer.Argument(help="Credential name, e.g. password or api_token.")]


@app.command("set")
def set_(account: AccountArg, name: NameArg, actor: AsOpt,
         stdin: Annotated[bool, typer.Option("--stdin", help="Read the value from stdin (else prompt, hidden).")]
         = False, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Store a credential, encrypted (replaces any earlier value of that name)."""
    value = sys.stdin.readline().rstrip("\r\n") if stdin else typer.prompt(f"{name}", hide_input=True)
    if not value:
        raise InputError("no value given")
    with governed(policy) as ctx:
        info = vault.set_secret(ctx.session, settings=ctx.settings, policy=ctx.policy, actor=ctx.person(actor),
                                account_id=ctx.account(account).id, name=name, value=Secret(value))
        ctx.session.commit()
        emit(info, as_json, f"[green]stored[/] {name} for account {info.account_id} (encrypted)")


@app.command()
def get(account: AccountArg, name: NameArg, actor: AsOpt, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Print a credential (the read is audited)."""
    with governed(policy) as ctx:
        row = ctx.account(account)
        secret = vault.read_secret(ctx.session, settings=ctx.settings, policy=ctx.policy, actor=ctx.person(actor),
                                   account_id=row.id, name=name)
        ctx.session.commit()
    if as_json:
        print(json.dumps({"account_id": row.id, "name": name, "value": secret.reveal()}))
    else:
        print(secret.reveal())


@app.command("list")
def list_(account: AccountArg, actor: AsOpt, policy: PolicyOpt = None, as_json: JsonOpt = False) -> None:
    """Which credentials an account has (names and dates, never values)."""
    with governed(policy) as ctx:
        infos = vault.list_secrets(ctx.session, policy=ctx.policy, actor=ctx.person(actor),
                                   account_id=ctx.account(account).id)
        emit(infos, as_json, "\n".join(f"{i.name}  updated {i.updated_at:%Y-%m-%d %H:%M} by {i.updated_by}"
                                       for i in infos) or "no credentials stored")

"""``warden db``: apply the store's migrations and report its schema revision."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from socialwarden.settings import Settings
from socialwarden.store.db import make_engine

app = typer.Typer(help="The database: schema migrations and status.", no_args_is_help=True)
out = Console(highlight=False, soft_wrap=True)
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@app.command()
def upgrade(as_json: JsonOpt = False) -> None:
    """Apply every pending migration in one transaction (does nothing when already up to date)."""
    engine = make_engine(Settings.load())
    where = engine.url.render_as_string(hide_password=True)
    try:
        from socialwarden.store import migrate  # alembic is slow to import: only for db commands

        before, after = migrate.upgrade(engine)
    finally:
        engine.dispose()
    applied = list(before.pending) if after.up_to_date else []
    if as_json:
        print(json.dumps({"database": where, "from": before.current, "to": after.current,
                          "applied": applied}, indent=2))
    elif applied:
        out.print(f"[green]upgraded[/] {where} from {before.describe_current()} to {after.current} "
                  f"(applied {', '.join(applied)})")
    else:
        out.print(f"[green]up to date[/] {where} is at {after.current}")


@app.command()
def status(as_json: JsonOpt = False) -> None:
    """Show the database's schema revision, the one this version needs, and what is pending."""
    engine = make_engine(Settings.load())
    where = engine.url.render_as_string(hide_password=True)
    try:
        from socialwarden.store import migrate

        state = migrate.schema_status(engine)
    finally:
        engine.dispose()
    if as_json:
        print(json.dumps({"database": where, "current": state.current, "head": state.head,
                          "pending": list(state.pending), "up_to_date": state.up_to_date,
                          "known": state.known}, indent=2))
        return
    out.print(f"database: {where}")
    out.print(f"current:  {state.describe_current()}")
    out.print(f"head:     {state.head}")
    if state.up_to_date:
        out.print("[green]up to date[/]")
    elif not state.known:
        out.print("[red]this version does not know the database's revision (upgraded by a newer SocialWarden?)[/]")
    else:
        out.print(f"[yellow]pending:[/] {', '.join(state.pending)}: run `warden db upgrade`")

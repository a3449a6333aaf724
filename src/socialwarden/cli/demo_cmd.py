"""``warden demo``: check the demo texts under every shipped pack, store the decisions, then let you try your own."""

from __future__ import annotations

import sys
from importlib import resources
from typing import Annotated

import typer
import yaml
from rich.console import Console
from rich.rule import Rule
from sqlalchemy.orm import Session

from socialwarden.cli.render import print_decision
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.service import engine_for
from socialwarden.policy.loader import pack_names
from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine, record_check


def _demo_texts() -> list[dict[str, object]]:
    raw = resources.files("socialwarden.demo").joinpath("posts.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    assert isinstance(data, list)
    return data


def demo(
    pack: Annotated[list[str] | None, typer.Option("--pack", help="Only these packs (default: all).")] = None,
    interactive: Annotated[bool | None, typer.Option(help="Ask for your own texts afterwards.")] = None,
) -> None:
    """Check the demo posts and comments under each pack, store the decisions in SQLite, and print them."""
    console = Console(highlight=False, soft_wrap=True)
    settings = Settings.load()
    db = make_engine(settings)
    init_store(db)
    packs = pack or [p for p in pack_names() if p != "template"]
    texts = _demo_texts()
    stored = 0
    with Session(db) as session:
        for name in packs:
            engine = engine_for(name)
            console.print(Rule(f"{name}: {engine.policy.policy.title}"))
            categories = list(engine.policy.account_categories)
            for item in texts:
                inbound = bool(item.get("inbound"))
                ctx = Context(direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
                              account_category=categories[0] if categories else None,
                              media_attached=bool(item.get("media")))
                text = str(item["text"])
                decision = engine.check(text, ctx)
                console.print(f"[dim]{'comment' if inbound else 'post'}:[/]", end=" ")
                print_decision(console, text, decision, policy=engine.policy)
                record_check(session, actor="demo", text=text, decision=decision)
                stored += 1
        session.commit()
    console.print(f"\n{stored} decisions stored in {settings.database_url}")
    if interactive is None:
        interactive = sys.stdin.isatty()
    if interactive:
        _interactive(console, packs[0])


def _interactive(console: Console, pack: str) -> None:
    engine = engine_for(pack)
    console.print(f"\nType a draft post to check it under '{pack}' (prefix with '<' for an inbound comment). "
                  "Empty line to quit.")
    while True:
        try:
            line = input("> ").strip()
        except EOFError:
            return
        if not line:
            return
        inbound = line.startswith("<")
        text = line[1:].strip() if inbound else line
        ctx = Context(direction=Direction.INBOUND if inbound else Direction.OUTBOUND)
        print_decision(console, text, engine.check(text, ctx), policy=engine.policy)

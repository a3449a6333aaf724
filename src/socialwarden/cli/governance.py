"""What the governance commands share: --policy / --as / --json options, opening the store, printing records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.accounts.models import Account
from socialwarden.exceptions import InputError
from socialwarden.people import service as people
from socialwarden.people.models import Person
from socialwarden.policy.loader import pack_names, parse_policy, resolve
from socialwarden.policy.models import Policy
from socialwarden.settings import Settings
from socialwarden.store.db import open_store

PolicyOpt = Annotated[str | None, typer.Option("--policy", "-p", help="Pack name or policy file "
                                                                      "(default: $WARDEN_POLICY).")]
AsOpt = Annotated[str, typer.Option("--as", help="Your handle: the person doing this (checked against the policy).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
out = Console(highlight=False, soft_wrap=True)


@dataclass(frozen=True)
class Ctx:
    settings: Settings
    policy: Policy
    session: Session

    def person(self, handle: str) -> Person:
        return people.get_person(self.session, handle=handle)

    def account(self, ref: str) -> Account:
        return account_ref(self.session, ref)


def resolve_policy(settings: Settings, option: str | None) -> Policy:
    """The --policy option, else WARDEN_POLICY; a clear error when neither is given."""
    name = option or settings.policy
    if not name:
        raise InputError("no policy given: pass --policy NAME_OR_FILE or set WARDEN_POLICY "
                         f"(packs: {', '.join(pack_names())})")
    display, text = resolve(name)
    return _parsed(text, display)


@lru_cache(maxsize=8)
def _parsed(text: str, display: str) -> Policy:
    """Validated policies by file text (a policy is immutable, so one process can share it)."""
    return parse_policy(text, display)


@contextmanager
def governed(policy: str | None) -> Iterator[Ctx]:
    """Settings, policy and a session on a current store; the command commits once when it has succeeded."""
    settings = Settings.load()
    loaded = resolve_policy(settings, policy)
    engine = open_store(settings)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield Ctx(settings=settings, policy=loaded, session=session)
    finally:
        engine.dispose()


def account_ref(session: Session, ref: str) -> Account:
    """An account by id ("12") or by platform and handle ("x:GosportBC")."""
    return accounts.find_account(session, ref)


def emit(value: BaseModel | list[Any] | dict[str, Any], as_json: bool, text: str | None = None) -> None:
    """Print JSON (pydantic models serialised as such) or the human text."""
    if as_json:
        if isinstance(value, BaseModel):
            print(value.model_dump_json(indent=2))
        else:
            print(json.dumps(_plain(value), indent=2, ensure_ascii=False))
    elif text is not None:
        out.print(text)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value

"""The ``warden`` command: sub-commands are registered here; errors are rendered here, once."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import typer

from socialwarden.exceptions import PlatformError, PolicyInvalid, WardenError

# Every sub-command: name -> (module in socialwarden.cli, attribute, a Typer group or one command). Only the
# command being run is imported (`warden check` must not import the web app, the connectors and the store), all
# of them for the top-level help.
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "policy": ("policy_cmd", "app", True), "db": ("db_cmd", "app", True), "audit": ("audit_cmd", "app", True),
    "people": ("people_cmd", "app", True), "accounts": ("accounts_cmd", "app", True),
    "incident": ("incident_cmd", "app", True), "credentials": ("credentials_cmd", "app", True),
    "exceptions": ("exceptions_cmd", "app", True), "duties": ("duties_cmd", "app", True),
    "posts": ("posts_cmd", "app", True), "approvals": ("approvals_cmd", "app", True),
    "wiki": ("wiki_cmd", "app", True), "inbox": ("inbox_cmd", "app", True),
    "escalations": ("escalations_cmd", "app", True), "notifications": ("notifications_cmd", "app", True),
    "complaints": ("complaints_cmd", "app", True), "export": ("export_cmd", "app", True),
    "connectors": ("connectors_cmd", "app", True), "sync": ("connectors_cmd", "sync", False),
    "worker": ("connectors_cmd", "worker", False), "beat": ("jobs_cmd", "beat", False),
    "users": ("users_cmd", "app", True), "serve": ("serve_cmd", "serve", False),
    "check": ("check_cmd", "check", False), "demo": ("demo_cmd", "demo", False),
    "eval": ("eval_cmd", "evaluate", False),
}


def _add(root: typer.Typer, name: str) -> None:
    module_name, attr, group = COMMANDS[name]
    module = importlib.import_module(f"socialwarden.cli.{module_name}")
    found: Any = getattr(module, attr)
    if group:
        if name == "policy" and not any(c.name == "review" for c in found.registered_commands):
            review_cmd = importlib.import_module("socialwarden.cli.review_cmd")
            found.command("review")(review_cmd.review)
            found.command("reviews")(review_cmd.reviews_)
        root.add_typer(found, name=name)
    else:
        root.command(name)(found)


def _root() -> None:
    """SocialWarden: put your social media policy into practice."""


def build_app(argv: list[str] | None = None) -> typer.Typer:
    """The ``warden`` Typer app: with ``argv``, only the sub-command it names (when it names one); else all."""
    root = typer.Typer(help="SocialWarden: put your social media policy into practice.", no_args_is_help=True,
                       pretty_exceptions_enable=False, add_completion=False)
    root.callback()(_root)  # always a group, also with one sub-command registered
    wanted = argv[0] if argv and argv[0] in COMMANDS else None
    for name in [wanted] if wanted else COMMANDS:
        _add(root, name)
    return root


def __getattr__(name: str) -> Any:
    if name == "app":  # every command, for tests and tools that drive the whole CLI
        return build_app()
    raise AttributeError(name)


# exit codes by error status, so scripts can tell a bad file from a missing one; platform errors have their own
# codes (a 401 from a platform means "reconnect the account", not "sign in")
EXIT_CODES = {400: 2, 403: 5, 404: 4, 409: 6, 422: 3}
PLATFORM_EXIT_CODES = {401: 7, 429: 8, 502: 9, 503: 9, 501: 10}


def exit_code(exc: WardenError) -> int:
    """The process exit code for an error (1 when no code is documented for it)."""
    if isinstance(exc, PlatformError):
        return PLATFORM_EXIT_CODES.get(exc.status, 9)
    return EXIT_CODES.get(exc.status, 1)


# Commands whose process ends without the interpreter's teardown once their output is flushed: freeing a built
# engine's vocabularies and rule tables object by object costs ~0.2 s of CPU, a fifth of a cold `warden check`.
# Only commands that hold no files, connections or threads that need closing.
FAST_EXIT = frozenset({"check"})


def main() -> None:
    """Entry point: run the app, turning WardenError into a message and an exit code (never a traceback)."""
    from rich.console import Console

    err = Console(stderr=True)
    try:
        build_app(sys.argv[1:])()
    except PolicyInvalid as exc:
        err.print(f"[bold red]error:[/] {exc.message}", markup=True, highlight=False, soft_wrap=True)
        sys.exit(EXIT_CODES[exc.status])
    except WardenError as exc:
        err.print(f"[bold red]error:[/] {exc.message}", markup=True, highlight=False, soft_wrap=True)
        sys.exit(exit_code(exc))


def run() -> None:
    """The `warden` executable: ``main``, then for the FAST_EXIT commands the process ends as soon as its output
    is flushed (tests call ``main`` in their own process, which this never ends)."""
    try:
        main()
        code: int | str | None = 0
    except SystemExit as exc:  # typer ends every command this way
        code = exc.code
    if sys.argv[1:2] and sys.argv[1] in FAST_EXIT and isinstance(code, int | None):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code or 0)
    sys.exit(code)

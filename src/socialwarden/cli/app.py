"""The ``warden`` command: sub-commands are registered here; errors are rendered here, once."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from socialwarden.cli import (
    accounts_cmd,
    approvals_cmd,
    audit_cmd,
    check_cmd,
    complaints_cmd,
    connectors_cmd,
    credentials_cmd,
    db_cmd,
    demo_cmd,
    duties_cmd,
    escalations_cmd,
    eval_cmd,
    exceptions_cmd,
    export_cmd,
    inbox_cmd,
    incident_cmd,
    notifications_cmd,
    people_cmd,
    policy_cmd,
    posts_cmd,
    review_cmd,
    serve_cmd,
    users_cmd,
    wiki_cmd,
)
from socialwarden.exceptions import PlatformError, PolicyInvalid, WardenError

app = typer.Typer(help="SocialWarden: put your social media policy into practice.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
app.add_typer(policy_cmd.app, name="policy")
policy_cmd.app.command("review")(review_cmd.review)
policy_cmd.app.command("reviews")(review_cmd.reviews_)
app.add_typer(db_cmd.app, name="db")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(people_cmd.app, name="people")
app.add_typer(accounts_cmd.app, name="accounts")
app.add_typer(incident_cmd.app, name="incident")
app.add_typer(credentials_cmd.app, name="credentials")
app.add_typer(exceptions_cmd.app, name="exceptions")
app.add_typer(duties_cmd.app, name="duties")
app.add_typer(posts_cmd.app, name="posts")
app.add_typer(approvals_cmd.app, name="approvals")
app.add_typer(wiki_cmd.app, name="wiki")
app.add_typer(inbox_cmd.app, name="inbox")
app.add_typer(escalations_cmd.app, name="escalations")
app.add_typer(notifications_cmd.app, name="notifications")
app.add_typer(complaints_cmd.app, name="complaints")
app.add_typer(export_cmd.app, name="export")
app.add_typer(connectors_cmd.app, name="connectors")
app.command("sync")(connectors_cmd.sync)
app.command("worker")(connectors_cmd.worker)
app.add_typer(users_cmd.app, name="users")
app.command("serve")(serve_cmd.serve)
app.command("check")(check_cmd.check)
app.command("demo")(demo_cmd.demo)
app.command("eval")(eval_cmd.evaluate)

# exit codes by error status, so scripts can tell a bad file from a missing one; platform errors have their own
# codes (a 401 from a platform means "reconnect the account", not "sign in")
EXIT_CODES = {400: 2, 403: 5, 404: 4, 409: 6, 422: 3}
PLATFORM_EXIT_CODES = {401: 7, 429: 8, 502: 9, 503: 9, 501: 10}


def exit_code(exc: WardenError) -> int:
    """The process exit code for an error (1 when no code is documented for it)."""
    if isinstance(exc, PlatformError):
        return PLATFORM_EXIT_CODES.get(exc.status, 9)
    return EXIT_CODES.get(exc.status, 1)


def main() -> None:
    """Entry point: run the app, turning WardenError into a message and an exit code (never a traceback)."""
    err = Console(stderr=True)
    try:
        app()
    except PolicyInvalid as exc:
        err.print(f"[bold red]error:[/] {exc.message}", markup=True, highlight=False, soft_wrap=True)
        sys.exit(EXIT_CODES[exc.status])
    except WardenError as exc:
        err.print(f"[bold red]error:[/] {exc.message}", markup=True, highlight=False, soft_wrap=True)
        sys.exit(exit_code(exc))

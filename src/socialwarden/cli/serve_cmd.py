"""``warden serve``: run the web app and API with uvicorn."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from socialwarden.settings import Settings

err = Console(stderr=True, highlight=False, soft_wrap=True)


def settings_for(settings_file: Path | None) -> Settings:
    """Settings from the environment, over a settings file's WARDEN_* lines (the environment wins)."""
    return Settings.load(settings_file=settings_file)


def serve(
    host: Annotated[str | None, typer.Option("--host", help="Address to listen on (WARDEN_HOST).")] = None,
    port: Annotated[int | None, typer.Option("--port", min=1, max=65535, help="Port (WARDEN_PORT).")] = None,
    settings_file: Annotated[Path | None, typer.Option("--settings", help="A file of WARDEN_*=value lines "
                                                       "(WARDEN_SETTINGS_FILE).")] = None,
    proxy: Annotated[bool, typer.Option("--behind-proxy", help="Trust X-Forwarded-* from a local reverse proxy "
                                        "(so https is seen and cookies are Secure).")] = False,
    demo: Annotated[bool, typer.Option("--demo", help="Create the demo organisation (Gosport) in an empty store "
                                       "first and print its sign-in credentials.")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Web worker processes (uvicorn's "
                                         "supervisor restarts one that dies; sessions and the sign-in throttle "
                                         "are in the database, so any worker serves any request).")] = 1,
) -> None:
    """Serve the web app and the /api/v1 API (settings from the environment and an optional settings file)."""
    import uvicorn

    from socialwarden.web.app import create_app

    settings = settings_for(settings_file)
    settings = replace(settings, host=host or settings.host, port=port or settings.port)
    if demo:
        settings = replace(settings, policy=settings.policy or "gosport")
        prepare_demo(settings)
    from socialwarden.logs import log_config

    app = create_app(settings)  # also in a many-worker start: a bad setting or schema fails here, once
    err.print(f"SocialWarden for {app.state.warden.policy.organisation.name}: "
              f"http://{settings.host}:{settings.port}/login with {workers} worker(s) (Ctrl+C to stop)")
    options = {"host": settings.host, "port": settings.port, "proxy_headers": proxy,
               "forwarded_allow_ips": "127.0.0.1" if proxy else None, "log_config": log_config(),
               "access_log": False, "server_header": False}  # RequestLog writes the access lines (JSON)
    if workers == 1:
        uvicorn.run(app, **options)  # type: ignore[arg-type]
        return
    app.state.warden.engine.dispose()
    # the workers build their own app from the environment: hand them what this command was told
    os.environ.update({"WARDEN_HOST": settings.host, "WARDEN_PORT": str(settings.port)})
    if settings.policy:
        os.environ["WARDEN_POLICY"] = settings.policy
    if settings_file is not None:
        os.environ["WARDEN_SETTINGS_FILE"] = str(settings_file.resolve())
    uvicorn.run("socialwarden.web.app:app_from_env", factory=True, workers=workers,
                **options)  # type: ignore[arg-type]


def prepare_demo(settings: Settings) -> None:
    """Migrate the store, seed the demo organisation if it is empty, and print who can sign in."""
    from rich.table import Table
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from socialwarden.demo import site
    from socialwarden.people.models import Person
    from socialwarden.policy.loader import load_policy
    from socialwarden.store.db import init_store, make_engine

    assert settings.policy is not None
    policy = load_policy(settings.policy)
    site.remember_policy(settings)
    engine = make_engine(settings)
    try:
        init_store(engine)
        with Session(engine) as session:
            if not session.execute(select(func.count()).select_from(Person)).scalar_one():
                with err.status("creating the demo organisation (people, accounts, posts, inbox)…"):
                    creds = site.seed(session, settings=settings, policy=policy)
                    session.commit()
                site.save_credentials(settings, creds)
    finally:
        engine.dispose()
    creds = site.load_credentials(settings)
    if not creds:
        err.print(f"[yellow]the store in {settings.data_dir} already has people but no demo credentials file; "
                  "sign in with the passwords you set (warden users create)[/]")
        return
    table = Table("handle", "password", "role", title=f"Demo sign-ins for {policy.organisation.name}")
    for row in creds:
        table.add_row(row["handle"], row["password"], row["role"])
    err.print(table)
    err.print(f"(also in {site.credentials_path(settings)})")

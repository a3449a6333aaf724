"""``warden serve``: run the web app and API with uvicorn."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from socialwarden.settings import Settings, read_settings_file

err = Console(stderr=True, highlight=False, soft_wrap=True)


def settings_for(settings_file: Path | None) -> Settings:
    """Settings from the environment, over a settings file's WARDEN_* lines (the environment wins)."""
    path = settings_file or (Path(os.environ["WARDEN_SETTINGS_FILE"]) if os.environ.get("WARDEN_SETTINGS_FILE")
                             else None)
    values = read_settings_file(path) if path else {}
    return Settings.from_env({**values, **os.environ})


def serve(
    host: Annotated[str | None, typer.Option("--host", help="Address to listen on (WARDEN_HOST).")] = None,
    port: Annotated[int | None, typer.Option("--port", min=1, max=65535, help="Port (WARDEN_PORT).")] = None,
    settings_file: Annotated[Path | None, typer.Option("--settings", help="A file of WARDEN_*=value lines "
                                                       "(WARDEN_SETTINGS_FILE).")] = None,
    proxy: Annotated[bool, typer.Option("--behind-proxy", help="Trust X-Forwarded-* from a local reverse proxy "
                                        "(so https is seen and cookies are Secure).")] = False,
) -> None:
    """Serve the web app and the /api/v1 API (settings from the environment and an optional settings file)."""
    import uvicorn

    from socialwarden.web.app import create_app

    settings = settings_for(settings_file)
    settings = replace(settings, host=host or settings.host, port=port or settings.port)
    app = create_app(settings)
    err.print(f"SocialWarden for {app.state.warden.policy.organisation.name}: "
              f"http://{settings.host}:{settings.port}/login (Ctrl+C to stop)")
    uvicorn.run(app, host=settings.host, port=settings.port, proxy_headers=proxy,
                forwarded_allow_ips="127.0.0.1" if proxy else None, log_level="info", server_header=False)

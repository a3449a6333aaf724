"""Health for a load balancer: ``/healthz`` (this process answers) and ``/readyz`` (it can serve: the database
answers, its schema is at this code's head, and the job queue's broker answers when one is configured)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from socialwarden.web.state import AppState

router = APIRouter(tags=["health"])


@router.get("/healthz", name="healthz", include_in_schema=False)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def _checks(state: AppState) -> dict[str, Any]:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from socialwarden.exceptions import StoreError
    from socialwarden.store.migrate import schema_status

    found: dict[str, Any] = {}
    try:
        with state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        found["database"] = {"ok": True}
        status = schema_status(state.engine)
        found["migrations"] = {"ok": status.up_to_date, "current": status.current, "head": status.head}
    except (SQLAlchemyError, StoreError) as exc:
        found["database"] = {"ok": False, "error": type(exc).__name__}
    url = state.settings.broker_url
    if url:
        found["broker"] = _broker(url)
    return found


def _broker(url: str) -> dict[str, Any]:
    if not url.startswith(("redis://", "rediss://", "unix://")):
        from kombu import Connection  # type: ignore[attr-defined]

        try:
            with Connection(url, connect_timeout=2) as conn:  # type: ignore[no-untyped-call]
                conn.ensure_connection(max_retries=1)
            return {"ok": True}
        except Exception as exc:  # any transport error means "not ready", named in the answer
            return {"ok": False, "error": type(exc).__name__}
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        try:
            client.ping()
        finally:
            client.close()
        return {"ok": True}
    except redis.RedisError as exc:
        return {"ok": False, "error": type(exc).__name__}


@router.get("/readyz", name="readyz", include_in_schema=False)
async def readyz(request: Request) -> JSONResponse:
    state: AppState = request.app.state.warden
    found = await asyncio.to_thread(_checks, state)
    ready = all(part.get("ok") for part in found.values()) and "migrations" in found
    return JSONResponse({"status": "ready" if ready else "not ready", "checks": found},
                        status_code=200 if ready else 503)

"""ASGI middleware at the very edge: request-body limits enforced while the body streams in, and a guard that
turns any unexpected error into a logged 500 response without dropping the client's keep-alive connection.

Pure ASGI (not BaseHTTPMiddleware), so the body is never buffered here: each chunk is counted as the app reads
it, and a declared ``Content-Length`` over the limit is refused before a byte of the body is read.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("socialwarden.web")

MIB = 1024 * 1024
DEFAULT_BODY_LIMIT = 1 * MIB  # JSON API calls and forms
DEFAULT_UPLOAD_LIMIT = 25 * MIB  # multipart/form-data from a signed-in caller (files)
_CREDENTIALS = (b"authorization",)


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a streamed body passes its limit; FastAPI lets HTTPExceptions through its
    body parsing, so it is rendered by ``errors`` as a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit:,} bytes")


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value)
    return None


def _has_credentials(scope: Scope, cookie_name: str) -> bool:
    if _header(scope, b"authorization"):
        return True
    cookie = _header(scope, b"cookie") or b""
    return f"{cookie_name}=".encode() in cookie


class BodyLimit:
    """Refuse request bodies over ``body_limit`` bytes (``upload_limit`` for multipart/form-data sent with a
    session cookie or bearer token): 413 before reading when Content-Length says so, else as soon as the
    streamed chunks pass the limit."""

    def __init__(self, app: ASGIApp, *, body_limit: int, upload_limit: int, cookie_name: str) -> None:
        self.app = app
        self.body_limit = body_limit
        self.upload_limit = upload_limit
        self.cookie_name = cookie_name

    def limit_for(self, scope: Scope) -> int:
        content_type = (_header(scope, b"content-type") or b"").lower()
        if content_type.startswith(b"multipart/form-data") and _has_credentials(scope, self.cookie_name):
            return self.upload_limit
        return self.body_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _header(scope, b"content-length")
        if declared is not None:
            text = declared.strip()
            if not text.isdigit():
                await _refuse(scope, send, 400, "the Content-Length header is not a number")
                return
            if int(text) > limit:
                await _refuse(scope, send, 413, f"the request body is larger than {limit:,} bytes")
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)


async def _refuse(scope: Scope, send: Send, status: int, detail: str) -> None:
    """A small response sent without reading the body (the server then closes the connection)."""
    path = str(scope.get("path", ""))
    if path.startswith("/api/"):
        body = json.dumps({"type": "about:blank", "title": "Content Too Large" if status == 413 else "Bad Request",
                           "status": status, "detail": detail, "instance": path}).encode()
        media = b"application/problem+json"
    else:
        body = f"{status}: {detail}\n".encode()
        media = b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", media), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), (b"x-content-type-options", b"nosniff"),
                            (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})


Renderer = Callable[[Request, Exception], Awaitable[Any]]


class ErrorGuard:
    """Any exception that escapes the app before the response started is logged and answered with the error
    page or problem+json 500, and not re-raised: Starlette's outer handler would re-raise it and the server would
    drop the connection."""

    def __init__(self, app: ASGIApp, *, render: Renderer) -> None:
        self.app = app
        self.render = render

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            if started:
                raise
            response = await self.render(Request(scope, receive), exc)
            await response(scope, receive, send)


_ACCESS = logging.getLogger("socialwarden.access")
_MAX_REQUEST_ID = 128


def _request_id(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a sane token (a load balancer's), else a new one."""
    import uuid

    given = _header(scope, b"x-request-id")
    if given is not None:
        text = given.decode("latin-1").strip()
        if 0 < len(text) <= _MAX_REQUEST_ID and all(c.isalnum() or c in "-_.:" for c in text):
            return text
    return uuid.uuid4().hex


class RequestLog:
    """Pure ASGI: gives every request an id (X-Request-ID, echoed or generated, also on the response), makes it
    the context of every log line written while the request runs, and logs one JSON access line at the end."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        import time

        from socialwarden.logs import REQUEST_ID

        rid = _request_id(scope)
        token = REQUEST_ID.set(rid)
        started, status = time.perf_counter(), 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode("latin-1"))]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            client = scope.get("client")
            _ACCESS.info("%s %s %s", scope.get("method"), scope.get("path"), status,
                         extra={"request_id": rid, "method": scope.get("method"), "path": scope.get("path"),
                                "status": status, "ms": round((time.perf_counter() - started) * 1000, 2),
                                "client": client[0] if client else None})
            REQUEST_ID.reset(token)

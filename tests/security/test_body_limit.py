"""Item 8: request bodies are limited (1 MB by default, 25 MB for a signed-in caller's multipart upload),
enforced while the body streams in: a declared size over the limit is refused before reading, a chunked body
is cut off as soon as it passes the limit, for anonymous and signed-in callers alike."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from socialwarden.web.app import create_app
from tests.security.hardening import Loopback, served, sqlite_gosport_store
from tests.web.conftest import WebEnv

__all__ = ["sqlite_gosport_store"]  # fixtures

MB = 1024 * 1024


@pytest.fixture
def server(sqlite_gosport_store: WebEnv) -> Iterator[Loopback]:
    yield from served(sqlite_gosport_store)


def raw_request(server: Loopback, head: str, body_chunks: Iterator[bytes] | None = None) -> tuple[int, int]:
    """Send a request over a plain socket; (status, body bytes the server let us send before answering)."""
    sent = 0
    with socket.create_connection(server.host_port, timeout=30) as sock:
        sock.sendall(head.encode())
        if body_chunks is not None:
            sock.settimeout(0.0)
            for chunk in body_chunks:
                try:
                    if sock.recv(1, socket.MSG_PEEK):
                        break  # the server has answered: stop sending
                except BlockingIOError:
                    pass
                try:
                    sock.setblocking(True)
                    sock.settimeout(5)
                    sock.sendall(chunk)
                    sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError, TimeoutError):
                    break
                finally:
                    sock.settimeout(0.0)
        sock.setblocking(True)
        sock.settimeout(30)
        reply = b""
        while b"\r\n" not in reply:
            part = sock.recv(4096)
            if not part:
                break
            reply += part
    return int(reply.split(b" ", 2)[1]), sent


def test_an_anonymous_100_mb_sign_in_is_refused_before_the_body_is_read(server: Loopback) -> None:
    head = ("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {100 * MB}\r\n\r\n")
    status, _ = raw_request(server, head)  # no body sent at all: the answer comes from the headers alone
    assert status == 413


def test_a_chunked_body_is_cut_off_while_it_streams(server: Loopback) -> None:
    head = ("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n")
    piece = b"x" * 65536

    def chunks() -> Iterator[bytes]:
        for _ in range(100 * MB // len(piece)):
            yield f"{len(piece):x}\r\n".encode() + piece + b"\r\n"

    status, sent = raw_request(server, head, chunks())
    assert status == 413
    assert sent < 20 * MB  # stopped near 1 MB (plus what the kernel's socket buffers took), not 100 MB


def test_the_limit_is_counted_as_chunks_arrive_not_after_reading() -> None:
    """The middleware stops pulling chunks the moment the count passes the limit."""
    from socialwarden.web.middleware import BodyLimit

    pulled = 0

    async def receive() -> dict[str, object]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 1000, "more_body": True}

    async def app(scope: object, recv: object, send: object) -> None:
        while True:
            await recv()  # type: ignore[operator]

    limit = BodyLimit(app, body_limit=10_000, upload_limit=50_000, cookie_name="warden_session")
    scope = {"type": "http", "path": "/api/v1/check", "headers": []}
    with pytest.raises(Exception, match="larger than 10,000 bytes"):
        asyncio.run(limit(scope, receive, None))  # type: ignore[arg-type]
    assert pulled == 11


def test_a_signed_in_caller_is_limited_too(sqlite_gosport_store: WebEnv) -> None:
    client = sqlite_gosport_store.client()
    big = client.post("/api/v1/check", headers=sqlite_gosport_store.bearer("officer"),
                      json={"text": "a" * (2 * MB)})
    assert big.status_code == 413 and big.headers["content-type"].startswith("application/problem+json")
    assert "larger than 1,048,576 bytes" in big.json()["detail"]


def test_uploads_get_their_own_limit_but_only_for_a_signed_in_caller(sqlite_gosport_store: WebEnv) -> None:
    from socialwarden.web.middleware import BodyLimit

    limiter = BodyLimit(None, body_limit=MB, upload_limit=25 * MB, cookie_name="warden_session")  # type: ignore[arg-type]
    multipart = (b"content-type", b"multipart/form-data; boundary=x")
    assert limiter.limit_for({"headers": [multipart]}) == MB  # anonymous
    assert limiter.limit_for({"headers": [multipart, (b"authorization", b"Bearer t")]}) == 25 * MB
    assert limiter.limit_for({"headers": [multipart, (b"cookie", b"warden_session=abc")]}) == 25 * MB
    assert limiter.limit_for({"headers": [(b"content-type", b"application/json"),
                                          (b"authorization", b"Bearer t")]}) == MB
    anonymous = sqlite_gosport_store.client().post("/login", files={"f": ("a.bin", b"x" * (2 * MB))},
                                             data={"handle": "x", "password": "y"})
    assert anonymous.status_code == 413


def test_the_limit_is_configurable(sqlite_gosport_store: WebEnv) -> None:
    app = create_app(replace(sqlite_gosport_store.settings, max_body_bytes=4096))
    reply = TestClient(app).post("/api/v1/session", json={"handle": "x" * 5000, "password": "y"})
    assert reply.status_code == 413 and "larger than 4,096 bytes" in reply.json()["detail"]

"""Secrets never reach the logs, even with the client libraries logging everything at DEBUG."""

from __future__ import annotations

import logging

import pytest
from pytest_httpserver import HTTPServer

from socialwarden.connectors.base import Account, Credentials, OutgoingPost
from socialwarden.connectors.feed import FeedConnector
from socialwarden.connectors.http import RetryPolicy
from socialwarden.connectors.x import XConnector
from tests.connectors.fakes import FakeClock, FakeX
from tests.connectors.fakes_blog import FakeBlog

TOKEN = "x-user-token-9f8e7d6c5b4a"
HOOK = "/hooks/publish"


def test_tokens_and_webhook_urls_are_redacted(httpserver: HTTPServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    x = FakeX(token=TOKEN)
    blog = FakeBlog()

    def route(request):  # type: ignore[no-untyped-def]
        return (x if request.path.startswith("/2/") else blog)._dispatch(request)

    import re
    httpserver.expect_request(re.compile(".*")).respond_with_handler(route)
    x.add_mentions(1)
    secret_url = httpserver.url_for(HOOK) + "?token=hook-url-secret-123"
    clock, retry = FakeClock(), RetryPolicy(max_attempts=1)
    xa = Account(id="1", platform="x", handle="a", external_id="900", api_base_url=httpserver.url_for("").rstrip("/"),
                 credentials=Credentials({"access_token": TOKEN}))
    fa = Account(id="2", platform="feed", handle="b", api_base_url=httpserver.url_for("/comments/feed/"),
                 credentials=Credentials({"webhook_url": secret_url, "webhook_secret": "hook-secret"}))
    assert XConnector(retry=retry, clock=clock).fetch_comments(xa, None).comments
    FeedConnector(retry=retry, clock=clock).publish(fa, OutgoingPost(post_id="1", text="t", idempotency_key="k1"))
    ours = [r for r in caplog.records if not r.name.startswith("werkzeug")]  # the test server's own log aside
    leaks = [(r.name, r.getMessage()[:200]) for r in ours
             if TOKEN in r.getMessage() or "hook-url-secret" in r.getMessage()]
    assert leaks == []
    logged = "\n".join(r.getMessage() for r in ours)
    assert "Making API request" in logged and "HTTP Request: POST" in logged  # the libraries did log
    assert TOKEN not in logged and "hook-url-secret-123" not in logged and "[redacted]" in logged

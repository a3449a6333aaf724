"""A loopback blog: a comments feed and a signed-webhook receiver (see fakes.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from werkzeug import Request, Response

from tests.connectors.fakes import BASE_TIME, FakePlatform, iso, json_response

# ------------------------------------------------------------------ a blog: comments feed and a webhook receiver

@dataclass
class FakeBlog(FakePlatform):
    """An RSS 2.0 (or Atom) comments feed with ETag support, and a webhook that checks the HMAC signature and
    deduplicates on Idempotency-Key."""

    secret: str = "hook-secret"
    atom: bool = False
    entries: list[dict[str, Any]] = field(default_factory=list)
    received: dict[str, dict[str, Any]] = field(default_factory=dict)
    publish_count: int = 0
    bad_signatures: int = 0

    def add_entries(self, count: int, same_time: bool = False) -> None:
        for i in range(len(self.entries), len(self.entries) + count):
            when = BASE_TIME + dt.timedelta(minutes=0 if same_time else i)
            self.entries.append({"id": f"https://blog.example/?p=12#comment-{i}", "author": f"Reader {i % 3}",
                                 "when": when, "text": f"<p>Comment {i} &amp; a <em>thought</em></p>"})

    def etag(self) -> str:
        return f'"v{len(self.entries)}"'

    def handle(self, request: Request) -> Response:
        if request.path == "/comments/feed/":
            if request.headers.get("If-None-Match") == self.etag():
                return Response(status=304)
            return Response(self._atom() if self.atom else self._rss(), headers={"ETag": self.etag()},
                            content_type="application/atom+xml" if self.atom else "application/rss+xml")
        if request.path == "/hooks/publish" and request.method == "POST":
            from socialwarden.connectors.feed import sign
            expected = sign(self.secret, request.headers.get("X-Warden-Timestamp", ""), request.get_data())
            if not hmac_equal(expected, request.headers.get("X-Warden-Signature", "")):
                self.bad_signatures += 1
                return json_response({"error": "bad signature"}, 401)
            key = request.headers["Idempotency-Key"]
            if key not in self.received:
                self.publish_count += 1
                self.received[key] = {**request.get_json(), "id": f"blog-{len(self.received) + 1}"}
            return json_response({"id": self.received[key]["id"]}, 201)
        return Response("not found", status=404)

    def _rss(self) -> str:
        items = "".join(
            f"<item><title>By: {e['author']}</title><link>{e['id']}</link><dc:creator>{e['author']}</dc:creator>"
            f"<pubDate>{e['when'].strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
            f"<guid isPermaLink=\"false\">{e['id']}</guid><description><![CDATA[{e['text']}]]></description></item>"
            for e in reversed(self.entries))
        return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Comments on Council blog</title>'
                f'<link>https://blog.example</link>{items}</channel></rss>')

    def _atom(self) -> str:
        entries = "".join(
            f"<entry><id>{e['id']}</id><title>By {e['author']}</title><author><name>{e['author']}</name></author>"
            f"<updated>{iso(e['when'])}</updated><link href=\"{e['id']}\"/>"
            f"<content type=\"html\">{e['text'].replace('&', '&amp;').replace('<', '&lt;')}</content></entry>"
            for e in reversed(self.entries))
        return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f'<title>Comments</title><id>urn:blog</id><updated>{iso(BASE_TIME)}</updated>{entries}</feed>')


def hmac_equal(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a, b)

"""Blogs and anything else: comments read from an RSS/Atom feed, posts sent to a webhook.

The feed (``account.api_base_url``, e.g. WordPress's ``/comments/feed/``) is fetched with httpx, conditionally
(ETag / Last-Modified), and parsed with feedparser; the cursor keeps the newest entry time seen and the validators.
Publishing POSTs JSON to the vaulted ``webhook_url`` with ``X-Warden-Signature: sha256=<hmac>`` over
``<timestamp>.<body>`` (the vaulted ``webhook_secret``) and the post's ``Idempotency-Key``; receivers must
deduplicate on that key, which makes a retry safe.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any, ClassVar

import feedparser
import httpx

from socialwarden.connectors.base import (
    Account,
    Capability,
    Comment,
    CommentPage,
    Connector,
    OutgoingPost,
    read_cursor,
    register,
    write_cursor,
)
from socialwarden.connectors.http import HttpClient
from socialwarden.connectors.text import html_to_text
from socialwarden.exceptions import AccountNeedsReconnecting, MalformedPayload, PlatformError

SIGNATURE_HEADER = "X-Warden-Signature"
TIMESTAMP_HEADER = "X-Warden-Timestamp"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The webhook signature a receiver recomputes: hex HMAC-SHA256 of ``timestamp.body``."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


@register
class FeedConnector(Connector):
    platform = "feed"
    label = "The blog"
    capabilities = frozenset({Capability.FETCH_COMMENTS, Capability.PUBLISH})
    idempotent_publish: ClassVar[bool] = True
    instead: ClassVar[Mapping[Capability, str]] = {
        Capability.HIDE: "hold or unpublish the comment in the blog's own admin (a feed is read-only)",
        Capability.DELETE: "delete the comment in the blog's own admin",
        Capability.REPLY: "reply in the blog's own admin",
        Capability.EDIT: "edit the post in the blog's own admin, noting the change (Gosport 27)",
        Capability.DELETE_POST: "unpublish the post in the blog's own admin",
    }

    def _client(self, account: Account, base_url: str) -> HttpClient:
        def classify(response: httpx.Response) -> Exception | None:
            if response.status_code in (401, 403):
                return AccountNeedsReconnecting(f"HTTP {response.status_code}: the feed or webhook refused our "
                                                f"credentials: reconnect the account {account.handle}",
                                                platform=self.platform)
            if response.status_code == 304 or response.is_success or response.status_code in (429,) \
                    or response.status_code >= 500:
                return None
            return PlatformError(f"refused: HTTP {response.status_code}", platform=self.platform)

        token = account.credentials.get("access_token") or ""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http_client(account, lambda: HttpClient(platform=self.platform, base_url=base_url,
                                                            clock=self.clock, policy=self.retry, classify=classify,
                                                            headers=headers), token=base_url + token)

    def fetch_comments(self, account: Account, cursor: str | None) -> CommentPage:
        """Entries newer than the last seen (the whole feed is one page; feeds keep only their latest items)."""
        if not account.api_base_url:
            raise PlatformError(f"the account {account.handle} has no feed URL", platform=self.platform)
        state = read_cursor(cursor)
        headers = {}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("modified"):
            headers["If-Modified-Since"] = state["modified"]
        response = self._client(account, account.api_base_url).request("GET", account.api_base_url, headers=headers)
        if response.status_code == 304:
            return CommentPage(comments=(), cursor=cursor, more=False)
        parsed = feedparser.parse(response.content, response_headers={"content-type":
                                                                      response.headers.get("content-type", "")})
        if parsed.bozo and not parsed.entries:
            raise MalformedPayload(f"not a feed ({str(parsed.get('bozo_exception', ''))[:120]})",
                                   platform=self.platform, field="feed")
        since, seen_at_since = state.get("since"), set(state.get("ids_at_since") or [])
        comments = []
        for index, entry in enumerate(parsed.entries):
            comment = self._comment(entry, index, account)
            stamp = comment.created_at.isoformat()
            if since is None or stamp > since or (stamp == since and comment.platform_id not in seen_at_since):
                comments.append(comment)
        comments.sort(key=lambda c: c.created_at)
        newest = max([c.created_at.isoformat() for c in comments] + ([since] if since else []), default=None)
        # entries sharing the newest second are remembered by id, so none is skipped or read twice
        at_newest = {c.platform_id for c in comments if c.created_at.isoformat() == newest}
        if newest == since:
            at_newest |= seen_at_since
        next_state = {"since": newest, "ids_at_since": sorted(at_newest), "etag": response.headers.get("ETag"),
                      "modified": response.headers.get("Last-Modified")}
        return CommentPage(comments=tuple(comments), cursor=write_cursor(next_state), more=False)

    def _comment(self, entry: Any, index: int, account: Account) -> Comment:
        where = f"entries[{index}]"
        entry_id = entry.get("id") or entry.get("link")
        if not entry_id:
            raise MalformedPayload("no id/guid and no link", platform=self.platform, field=f"{where}.id")
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        if when is None:
            raise MalformedPayload("no published/updated date", platform=self.platform, field=f"{where}.published")
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary") or entry.get("title") or ""
        author = str(entry.get("author") or "anonymous")
        return Comment(platform=self.platform, platform_id=str(entry_id), text=html_to_text(str(body)),
                       author_id=str((entry.get("author_detail") or {}).get("email") or author), author_name=author,
                       created_at=dt.datetime.fromtimestamp(calendar.timegm(when), dt.UTC),
                       url=entry.get("link"), in_reply_to=(entry.get("thr_in-reply-to") or {}).get("ref")
                       if isinstance(entry.get("thr_in-reply-to"), Mapping) else None)

    def publish(self, account: Account, post: OutgoingPost) -> str:
        url = account.credentials.require("webhook_url", platform=self.platform)
        secret = account.credentials.require("webhook_secret", platform=self.platform)
        payload = {"post_id": post.post_id, "text": post.text, "link": post.link, "media_urls": list(post.media_urls),
                   "idempotency_key": post.idempotency_key, "account": account.handle}
        body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        timestamp = str(int(self.clock.now()))
        headers = {"Content-Type": "application/json", "Idempotency-Key": post.idempotency_key,
                   TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: sign(secret, timestamp, body)}
        response = self._client(account, url).request("POST", url, content=body, headers=headers)
        try:
            answer = response.json() if response.content else {}
        except ValueError:
            answer = {}
        found = answer.get("id") if isinstance(answer, Mapping) else None
        return str(found) if found else post.idempotency_key  # a receiver that returns no id: the key names it

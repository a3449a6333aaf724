"""Loopback stand-ins for the platforms: each speaks the documented request/response shapes of its API.

They run on pytest-httpserver (a real HTTP server on 127.0.0.1), keep state (comments, posts, tokens), count
publishes, and can be told to fail the next matching requests (429 with the platform's headers, 5xx, garbage).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

Handler = Callable[[Request], Response]


class FakeClock:
    """A clock that only moves when something sleeps on it: the retries' waits are recorded, not slept."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.t = start
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += max(0.0, seconds)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers or {}, content_type="application/json")


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


BASE_TIME = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@dataclass
class FakePlatform:
    """Common plumbing: one catch-all handler, injected failures, a request log, a lock for threaded servers."""

    token: str = "good-token"
    failures: list[tuple[str, Response]] = field(default_factory=list)
    log: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def install(self, server: HTTPServer) -> FakePlatform:
        server.expect_request(re.compile(".*")).respond_with_handler(self._dispatch)
        return self

    def fail_next(self, path_pattern: str, response: Response, times: int = 1) -> None:
        """The next ``times`` requests whose path matches ``path_pattern`` get ``response`` instead."""
        self.failures.extend([(path_pattern, response)] * times)

    def _dispatch(self, request: Request) -> Response:
        with self.lock:
            self.log.append((request.method, request.full_path))
            for index, (pattern, response) in enumerate(self.failures):
                if re.search(pattern, request.path):
                    del self.failures[index]
                    return response
            return self.handle(request)

    def handle(self, request: Request) -> Response:
        raise NotImplementedError

    def bearer(self, request: Request) -> str | None:
        auth = request.headers.get("Authorization", "")
        return auth[7:] if auth.startswith("Bearer ") else request.args.get("access_token")

    def calls(self, method: str, path_part: str) -> int:
        return sum(1 for m, p in self.log if m == method and path_part in p)


# ------------------------------------------------------------------ Mastodon

@dataclass
class FakeMastodon(FakePlatform):
    """/api/v1/notifications (min_id/max_id paging, Link headers), statuses with Idempotency-Key, blocks, reports."""

    base_url: str = ""
    mentions: list[dict[str, Any]] = field(default_factory=list)  # oldest first
    statuses: list[dict[str, Any]] = field(default_factory=list)
    idempotency: dict[str, dict[str, Any]] = field(default_factory=dict)
    blocks: list[str] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    publish_count: int = 0

    def add_mentions(self, count: int) -> None:
        start = len(self.mentions)
        for i in range(start, start + count):
            nid = str(1000 + i)
            self.mentions.append({
                "id": nid, "type": "mention", "created_at": iso(BASE_TIME + dt.timedelta(minutes=i)),
                "account": {"id": str(500 + i % 7), "acct": f"user{i % 7}@example.social",
                            "display_name": f"User {i % 7}"},
                "status": {"id": str(110000 + i), "created_at": iso(BASE_TIME + dt.timedelta(minutes=i)),
                           "content": f"<p>@council comment number {i} about the <b>bins</b></p>",
                           "url": f"https://example.social/@user{i % 7}/{110000 + i}",
                           "in_reply_to_id": "109999", "visibility": "public",
                           "account": {"id": str(500 + i % 7), "acct": f"user{i % 7}@example.social",
                                       "display_name": f"User {i % 7}"}}})

    def handle(self, request: Request) -> Response:
        if self.bearer(request) != self.token:
            return json_response({"error": "The access token is invalid"}, 401)
        path = request.path
        if path == "/api/v1/notifications":
            return self._notifications(request)
        if path == "/api/v1/statuses" and request.method == "POST":
            return self._post_status(request)
        if path == "/api/v1/accounts/verify_credentials":
            return json_response({"id": "42", "username": "council", "acct": "council", "display_name": "Gosport BC",
                                  "note": "<p>Official account of Gosport Borough Council</p>",
                                  "avatar": "https://example.social/avatars/logo.png",
                                  "header": "https://example.social/headers/h.png",
                                  "url": "https://example.social/@council"})
        if path == "/api/v1/accounts/42/statuses":
            return json_response(list(reversed(self.statuses))[:40])
        match = re.fullmatch(r"/api/v1/accounts/(\w+)/block", path)
        if match:
            self.blocks.append(match.group(1))
            return json_response({"id": match.group(1), "blocking": True})
        if path.rstrip("/") == "/api/v1/reports":
            form = request.form.to_dict(flat=False) or (request.get_json(silent=True) or {})
            self.reports.append(form)
            return json_response({"id": str(len(self.reports)), "action_taken": False})
        return json_response({"error": "Record not found"}, 404)

    def _notifications(self, request: Request) -> Response:
        limit = int(request.args.get("limit", 40))
        items = [m for m in self.mentions if m["type"] in request.args.getlist("types[]") or not
                 request.args.getlist("types[]")]
        if "min_id" in request.args:
            after = int(request.args["min_id"])
            page = [m for m in items if int(m["id"]) > after][:limit]  # the ones just after min_id
        elif "max_id" in request.args:
            before = int(request.args["max_id"])
            page = [m for m in items if int(m["id"]) < before][-limit:]
        else:
            page = items[-limit:]
        page = list(reversed(page))  # Mastodon lists newest first
        headers = {}
        if page:
            url = f"{self.base_url}/api/v1/notifications"
            headers["Link"] = (f'<{url}?max_id={page[-1]["id"]}>; rel="next", '
                               f'<{url}?min_id={page[0]["id"]}>; rel="prev"')
        return json_response(page, headers=headers)

    def _post_status(self, request: Request) -> Response:
        key = request.headers.get("Idempotency-Key")
        if key and key in self.idempotency:
            return json_response(self.idempotency[key])
        body = request.get_json(silent=True) or request.form.to_dict()
        self.publish_count += 1
        status = {"id": str(200000 + len(self.statuses)), "content": f"<p>{body.get('status', '')}</p>",
                  "created_at": iso(BASE_TIME), "url": f"https://example.social/@council/{len(self.statuses)}"}
        self.statuses.append(status)
        if key:
            self.idempotency[key] = status
        return json_response(status)


# ------------------------------------------------------------------ X (API v2)

@dataclass
class FakeX(FakePlatform):
    """/2/users/:id/mentions (newest first, since_id, pagination_token/next_token), /2/tweets, hidden replies."""

    user_id: str = "900"
    mentions: list[dict[str, Any]] = field(default_factory=list)  # oldest first
    tweets: list[dict[str, Any]] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    publish_count: int = 0

    def add_mentions(self, count: int) -> None:
        start = len(self.mentions)
        for i in range(start, start + count):
            self.mentions.append({"id": str(1_700_000_000_000_000_000 + i), "text": f"@council question {i}",
                                  "author_id": str(77 + i % 5), "created_at": iso(BASE_TIME + dt.timedelta(minutes=i)),
                                  "conversation_id": "1699999999999999999",
                                  "referenced_tweets": [{"type": "replied_to", "id": "1699999999999999999"}]})

    def handle(self, request: Request) -> Response:
        if self.bearer(request) != self.token:
            return json_response({"title": "Unauthorized", "type": "about:blank", "status": 401,
                                  "detail": "Unauthorized"}, 401)
        path = request.path
        if path == f"/2/users/{self.user_id}/mentions":
            return self._mentions(request)
        if path == "/2/tweets" and request.method == "POST":
            self.publish_count += 1
            body = request.get_json()
            tweet = {"id": str(1_800_000_000_000_000_000 + len(self.tweets)), "text": body["text"],
                     "edit_history_tweet_ids": []}
            self.tweets.append(tweet)
            return json_response({"data": tweet}, 201)
        if path == f"/2/users/{self.user_id}/tweets":
            return json_response({"data": list(reversed(self.tweets))[:20], "meta": {"result_count": len(self.tweets)}})
        match = re.fullmatch(r"/2/tweets/(\d+)/hidden", path)
        if match and request.method == "PUT":
            self.hidden.append(match.group(1))
            return json_response({"data": {"hidden": True}})
        if path == "/2/users/me":
            return json_response({"data": {"id": self.user_id, "name": "Gosport Council", "username": "GosportBC",
                                           "description": "Official account. Logo inside.",
                                           "profile_image_url": "https://pbs.example/logo.jpg"}})
        return json_response({"title": "Not Found Error", "status": 404}, 404)

    def _mentions(self, request: Request) -> Response:
        limit = int(request.args.get("max_results", 10))
        items = list(reversed(self.mentions))  # newest first
        since = request.args.get("since_id")
        if since:
            items = [t for t in items if int(t["id"]) > int(since)]
        start = int(request.args["pagination_token"].removeprefix("tok")) if "pagination_token" in request.args else 0
        page = items[start:start + limit]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta.update(newest_id=page[0]["id"], oldest_id=page[-1]["id"])
        if start + limit < len(items):
            meta["next_token"] = f"tok{start + limit}"
        users = [{"id": str(77 + k), "name": f"Resident {k}", "username": f"resident{k}"} for k in range(5)]
        body: dict[str, Any] = {"meta": meta}
        if page:
            body.update(data=page, includes={"users": users})
        return json_response(body)


# ------------------------------------------------------------------ Graph API (Facebook Pages, Instagram)

def graph_error(code: int, message: str, status: int = 400, subcode: int | None = None,
                headers: dict[str, str] | None = None) -> Response:
    error: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbC"}
    if subcode is not None:
        error["error_subcode"] = subcode
    return json_response({"error": error}, status, headers)


@dataclass
class FakeGraph(FakePlatform):
    """A Page (feed, comments, hide, delete, block) and an IG user (media, comments, containers, publish)."""

    base_url: str = ""
    instagram: bool = False
    node: str = "1234"
    posts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # post id -> comments, oldest first
    published: list[dict[str, Any]] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    containers: dict[str, str] = field(default_factory=dict)
    publish_count: int = 0
    page_size: int = 25

    def add_comments(self, post_id: str, count: int, start_minute: int = 0) -> None:
        comments = self.posts.setdefault(post_id, [])
        for i in range(len(comments), len(comments) + count):
            when = (BASE_TIME + dt.timedelta(minutes=start_minute + i)).strftime("%Y-%m-%dT%H:%M:%S+0000")
            if self.instagram:
                comments.append({"id": f"{post_id}9{i:04d}", "text": f"lovely photo {i}", "timestamp": when,
                                 "username": f"fan{i % 3}", "from": {"id": f"17{i % 3}", "username": f"fan{i % 3}"}})
            else:
                comments.append({"id": f"{post_id}_{i}", "message": f"comment {i} on {post_id}",
                                 "created_time": when, "from": {"id": f"66{i % 4}", "name": f"Person {i % 4}"},
                                 "permalink_url": f"https://facebook.example/{post_id}/c/{i}"})

    def _paged(self, request: Request, items: list[dict[str, Any]], path: str) -> Response:
        limit = min(int(request.args.get("limit", self.page_size)), self.page_size)
        start = _decode(request.args.get("after"))
        page = items[start:start + limit]
        body: dict[str, Any] = {"data": page}
        if page:
            body["paging"] = {"cursors": {"before": _encode(start), "after": _encode(start + len(page))}}
            if start + limit < len(items):
                body["paging"]["next"] = f"{self.base_url}{path}?after={_encode(start + len(page))}&limit={limit}"
        return json_response(body)

    def handle(self, request: Request) -> Response:
        if self.bearer(request) != self.token:
            return graph_error(190, "Error validating access token: Session has expired on Tuesday.", 400, 463)
        path, method = request.path, request.method
        parts = path.strip("/").split("/")
        edge = "media" if self.instagram else "feed"
        if parts == [self.node, edge] and method == "GET":
            posts = [{"id": pid, ("caption" if self.instagram else "message"): self._text(pid)}
                     for pid in reversed(list(self.posts))]
            return self._paged(request, posts, path)
        if len(parts) == 2 and parts[1] == "comments" and method == "GET":
            comments = self.posts.get(parts[0])
            if comments is None:
                return graph_error(100, "Unsupported get request.", 400)
            since = request.args.get("since")
            if since and not self.instagram:
                comments = [c for c in comments if _ts(c["created_time"]) >= int(since)]
            return self._paged(request, comments, path)
        if parts == [self.node, "feed"] and method == "POST":
            return self._publish(request.form.get("message", ""))
        if parts == [self.node, "media"] and method == "POST":
            cid = f"c{len(self.containers)}"
            self.containers[cid] = request.form.get("caption", "")
            return json_response({"id": cid})
        if parts == [self.node, "media_publish"] and method == "POST":
            return self._publish(self.containers[request.form["creation_id"]])
        if parts == [self.node, "blocked"] and method == "POST":
            self.blocked.append(request.form["user"])
            return json_response({request.form["user"]: True})
        if parts == [self.node] and method == "GET":
            if self.instagram:
                return json_response({"id": self.node, "username": "ett_trust", "name": "ETT",
                                      "biography": "The Education Trust. Official.",
                                      "profile_picture_url": "https://cdn.example/ig-logo.jpg"})
            return json_response({"id": self.node, "name": "The Society", "username": "thesociety",
                                  "about": "Official page of The Society", "link": "https://facebook.example/thesociety",
                                  "picture": {"data": {"url": "https://cdn.example/logo.png", "is_silhouette": False}}})
        if len(parts) == 1 and method == "POST":
            (self.hidden if request.form.get("is_hidden") == "true" or request.form.get("hide") == "true"
             else []).append(parts[0])
            return json_response({"success": True})
        if len(parts) == 1 and method == "DELETE":
            self.deleted.append(parts[0])
            return json_response({"success": True})
        return graph_error(100, "Unknown path components", 400)

    def _text(self, post_id: str) -> str:
        for item in self.published:
            if item["id"] == post_id:
                return str(item["text"])
        return f"post {post_id}"

    def _publish(self, text: str) -> Response:
        self.publish_count += 1
        pid = f"{self.node}_{9000 + len(self.published)}"
        self.published.append({"id": pid, "text": text})
        self.posts[pid] = []
        return json_response({"id": pid})


def _encode(n: int) -> str:
    return f"Q{n:06d}"


def _decode(cursor: str | None) -> int:
    return int(cursor[1:]) if cursor else 0


def _ts(graph_time: str) -> int:
    return int(dt.datetime.strptime(graph_time, "%Y-%m-%dT%H:%M:%S%z").timestamp())


# ------------------------------------------------------------------ YouTube Data API v3

def youtube_error(status: int, reason: str, message: str) -> Response:
    return json_response({"error": {"code": status, "message": message,
                                    "errors": [{"message": message, "domain": "youtube.quota", "reason": reason}]}},
                         status)


@dataclass
class FakeYouTube(FakePlatform):
    """commentThreads.list (order=time, nextPageToken), comments.setModerationStatus, channels.list mine=true."""

    channel: str = "UCcouncil"
    threads: list[dict[str, Any]] = field(default_factory=list)  # oldest first
    moderated: list[tuple[str, str]] = field(default_factory=list)
    page_size: int = 20

    def add_threads(self, count: int, replies: int = 0) -> None:
        for i in range(len(self.threads), len(self.threads) + count):
            when = BASE_TIME + dt.timedelta(minutes=i)
            top = {"kind": "youtube#comment", "id": f"Ugy{i:05d}", "snippet": {
                "videoId": f"vid{i % 3}", "textDisplay": f"great video {i}", "textOriginal": f"great video {i}",
                "authorDisplayName": f"@viewer{i % 4}", "authorChannelId": {"value": f"UCviewer{i % 4}"},
                "publishedAt": iso(when), "updatedAt": iso(when), "likeCount": 0}}
            thread: dict[str, Any] = {"kind": "youtube#commentThread", "id": f"Ugy{i:05d}",
                                      "snippet": {"channelId": self.channel, "videoId": f"vid{i % 3}",
                                                  "topLevelComment": top, "totalReplyCount": replies,
                                                  "canReply": True, "isPublic": True}}
            if replies:
                thread["replies"] = {"comments": [
                    {"kind": "youtube#comment", "id": f"Ugy{i:05d}.r{k}", "snippet": {
                        "videoId": f"vid{i % 3}", "textDisplay": f"reply {k}", "textOriginal": f"reply {k}",
                        "parentId": f"Ugy{i:05d}", "authorDisplayName": "@replier",
                        "authorChannelId": {"value": "UCreplier"},
                        "publishedAt": iso(when + dt.timedelta(seconds=10 + k))}} for k in range(replies)]}
            self.threads.append(thread)

    def handle(self, request: Request) -> Response:
        if self.bearer(request) != self.token:
            return json_response({"error": {"code": 401, "message": "Request had invalid authentication credentials.",
                                            "errors": [{"reason": "authError", "domain": "global"}],
                                            "status": "UNAUTHENTICATED"}}, 401)
        if request.path == "/youtube/v3/commentThreads":
            assert request.args["allThreadsRelatedToChannelId"] == self.channel
            start = int(request.args.get("pageToken", "0").removeprefix("CDIQAA") or 0)
            items = list(reversed(self.threads))
            page = items[start:start + self.page_size]
            body: dict[str, Any] = {"kind": "youtube#commentThreadListResponse",
                                    "pageInfo": {"totalResults": len(page), "resultsPerPage": self.page_size},
                                    "items": page}
            if start + self.page_size < len(items):
                body["nextPageToken"] = f"CDIQAA{start + self.page_size}"
            return json_response(body)
        if request.path == "/youtube/v3/comments/setModerationStatus" and request.method == "POST":
            self.moderated.append((request.args["id"], request.args["moderationStatus"]))
            return Response(status=204)
        if request.path == "/youtube/v3/channels":
            return json_response({"items": [{"id": self.channel, "snippet": {
                "title": "Gosport Borough Council", "description": "Official channel of the council",
                "customUrl": "@gosportbc", "thumbnails": {"default": {"url": "https://yt.example/logo.jpg"}}}}]})
        return youtube_error(404, "notFound", "Not found")


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

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
    edits: list[str] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    publish_count: int = 0
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))  # when a new status is made

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
            return json_response([st for st in reversed(self.statuses) if not st.get("deleted")][:40])
        match = re.fullmatch(r"/api/v1/statuses/(\d+)", path)
        if match:
            return self._one_status(request, match.group(1))
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

    def _one_status(self, request: Request, sid: str) -> Response:
        found = [st for st in self.statuses if st["id"] == sid and not st.get("deleted")]
        if not found:
            return json_response({"error": "Record not found"}, 404)
        status = found[0]
        if request.method == "PUT":
            body = request.get_json(silent=True) or request.form.to_dict()
            status["content"] = f"<p>{body.get('status', '')}</p>"
            status["edited_at"] = iso(BASE_TIME)
            self.edits.append(sid)
        elif request.method == "DELETE":
            status["deleted"] = True
            self.deletes.append(sid)
        return json_response(status)

    def _post_status(self, request: Request) -> Response:
        key = request.headers.get("Idempotency-Key")
        if key and key in self.idempotency:
            return json_response(self.idempotency[key])
        body = request.get_json(silent=True) or request.form.to_dict()
        self.publish_count += 1
        status = {"id": str(200000 + len(self.statuses)), "content": f"<p>{body.get('status', '')}</p>",
                  "created_at": iso(self.now), "url": f"https://example.social/@council/{len(self.statuses)}",
                  "in_reply_to_id": body.get("in_reply_to_id"), "favourites_count": 0, "reblogs_count": 0,
                  "replies_count": 0, "account": {"id": "42", "acct": "council", "display_name": "Gosport BC"}}
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
    unhidden: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    publish_count: int = 0
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

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
                     "edit_history_tweet_ids": [], "created_at": iso(self.now),
                     "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 0, "quote_count": 0,
                                        "impression_count": 0}}
            reply = (body.get("reply") or {}).get("in_reply_to_tweet_id")
            if reply:
                tweet["in_reply_to"] = reply
            self.tweets.append(tweet)
            return json_response({"data": {k: tweet[k] for k in ("id", "text", "edit_history_tweet_ids")}}, 201)
        if path == f"/2/users/{self.user_id}/tweets":
            live = [t for t in reversed(self.tweets) if t["id"] not in self.deleted]
            if "replies" in request.args.get("exclude", ""):
                live = [t for t in live if "in_reply_to" not in t]
            if request.args.get("start_time"):
                live = [t for t in live
                        if t.get("created_at", iso(self.now)) >= request.args["start_time"].replace("Z", ".000Z")]
            return json_response({"data": live[:20], "meta": {"result_count": len(live)}})
        if path == "/2/tweets" and request.method == "GET":
            ids = request.args["ids"].split(",")
            data = [{"id": t["id"], "text": t["text"], "public_metrics": t["public_metrics"]}
                    for t in self.tweets if t["id"] in ids and t["id"] not in self.deleted]
            missing = [{"value": i, "detail": f"Could not find tweet with ids: [{i}].", "title": "Not Found Error",
                        "resource_type": "tweet", "parameter": "ids", "resource_id": i,
                        "type": "https://api.twitter.com/2/problems/resource-not-found"}
                       for i in ids if i not in {d["id"] for d in data}]
            return json_response({"data": data, **({"errors": missing} if missing else {})})
        match = re.fullmatch(r"/2/tweets/(\d+)", path)
        if match:
            found = [t for t in self.tweets if t["id"] == match.group(1) and t["id"] not in self.deleted]
            if not found:
                return json_response({"title": "Not Found Error", "status": 404, "detail": "no such post"}, 404)
            if request.method == "DELETE":
                self.deleted.append(match.group(1))
                return json_response({"data": {"deleted": True}})
            return json_response({"data": {"id": found[0]["id"], "text": found[0]["text"],
                                           "created_at": found[0]["created_at"], "author_id": self.user_id}})
        match = re.fullmatch(r"/2/tweets/(\d+)/hidden", path)
        if match and request.method == "PUT":
            if (request.get_json(silent=True) or {}).get("hidden") is False:
                self.unhidden.append(match.group(1))
                return json_response({"data": {"hidden": False}})
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
            tweets = [{"id": "1699999999999999999", "text": "Bin collections move to Tuesday next week"}]
            body.update(data=page, includes={"users": users, "tweets": tweets})
        return json_response(body)

"""Loopback Graph API (Facebook Pages, Instagram) and YouTube Data API v3: see fakes.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from werkzeug import Request, Response

from tests.connectors.fakes import BASE_TIME, FakePlatform, iso, json_response

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

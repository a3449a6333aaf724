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
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # post id -> created/updated time, text, counts
    edits: list[tuple[str, str]] = field(default_factory=list)
    deleted_posts: list[str] = field(default_factory=list)
    unhidden: list[str] = field(default_factory=list)
    replies: list[dict[str, str]] = field(default_factory=list)
    publish_count: int = 0
    page_size: int = 25
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))  # when a new post is made

    def _post_meta(self, post_id: str, created: dt.datetime | None = None) -> dict[str, Any]:
        if post_id not in self.meta:
            when = created or BASE_TIME + dt.timedelta(minutes=len(self.meta))
            self.meta[post_id] = {"created": when, "updated": when, "text": f"post {post_id}", "likes": 0,
                                  "shares": 0}
        return self.meta[post_id]

    def add_comments(self, post_id: str, count: int, start_minute: int = 0) -> None:
        meta = self._post_meta(post_id)
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
            meta["updated"] = max(meta["updated"], BASE_TIME + dt.timedelta(minutes=start_minute + i))

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
            posts = [self._listed(pid) for pid in reversed(list(self.posts)) if pid not in self.deleted_posts]
            if request.args.get("since"):
                posts = [p for p in posts if _ts(p.get("created_time") or p.get("timestamp")) >= int(
                    request.args["since"])]
            return self._paged(request, posts, path)
        if parts == [""] and method == "GET":  # multi-id read: ?ids=a,b
            ids = request.args["ids"].split(",")
            if any(i not in self.posts or i in self.deleted_posts for i in ids):
                return graph_error(100, "Object does not exist, cannot be loaded due to missing permissions",
                                   400, 33)
            return json_response({i: self._counts(i) for i in ids})
        if len(parts) == 2 and parts[1] in ("comments", "replies") and method == "POST":
            reply_id = f"{parts[0]}_r{len(self.replies)}"
            self.replies.append({"id": reply_id, "target": parts[0], "edge": parts[1],
                                 "message": request.form.get("message", "")})
            return json_response({"id": reply_id})
        if len(parts) == 1 and parts[0] in self.posts and parts[0] != self.node:
            return self._post_node(request, parts[0])
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
            hide = request.form.get("is_hidden") or request.form.get("hide")
            (self.hidden if hide == "true" else self.unhidden if hide == "false" else []).append(parts[0])
            return json_response({"success": True})
        if len(parts) == 1 and method == "DELETE":
            self.deleted.append(parts[0])
            return json_response({"success": True})
        return graph_error(100, "Unknown path components", 400)

    def _listed(self, pid: str) -> dict[str, Any]:
        meta = self._post_meta(pid)
        if self.instagram:
            return {"id": pid, "caption": meta["text"], "timestamp": _graph_time(meta["created"])}
        return {"id": pid, "message": meta["text"], "created_time": _graph_time(meta["created"]),
                "updated_time": _graph_time(meta["updated"])}

    def _counts(self, pid: str) -> dict[str, Any]:
        meta, comments = self._post_meta(pid), len(self.posts.get(pid, []))
        if self.instagram:
            return {"id": pid, "like_count": meta["likes"], "comments_count": comments}
        return {"id": pid, "reactions": {"data": [], "summary": {"total_count": meta["likes"]}},
                "comments": {"data": [], "summary": {"total_count": comments, "can_comment": True}},
                **({"shares": {"count": meta["shares"]}} if meta["shares"] else {})}

    def _post_node(self, request: Request, pid: str) -> Response:
        if pid in self.deleted_posts:
            return graph_error(100, "Object does not exist", 400, 33)
        meta = self._post_meta(pid)
        if request.method == "DELETE":
            self.deleted_posts.append(pid)
            return json_response({"success": True})
        if request.method == "POST" and "message" in request.form:
            meta["text"] = request.form["message"]
            self.edits.append((pid, request.form["message"]))
            return json_response({"success": True})
        fields = request.args.get("fields", "")
        if "like_count" in fields or "reactions" in fields:
            return json_response(self._counts(pid))
        body = self._listed(pid)
        body["permalink" if self.instagram else "permalink_url"] = f"https://facebook.example/{pid}"
        return json_response(body)

    def _publish(self, text: str) -> Response:
        self.publish_count += 1
        pid = f"{self.node}_{9000 + len(self.published)}"
        self.published.append({"id": pid, "text": text})
        self.posts[pid] = []
        self._post_meta(pid, self.now)["text"] = text
        return json_response({"id": pid})


def _encode(n: int) -> str:
    return f"Q{n:06d}"


def _decode(cursor: str | None) -> int:
    return int(cursor[1:]) if cursor else 0


def _ts(graph_time: str) -> int:
    return int(dt.datetime.strptime(graph_time, "%Y-%m-%dT%H:%M:%S%z").timestamp())


def _graph_time(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


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
    inserted: list[tuple[str, str]] = field(default_factory=list)
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
        if request.path == "/youtube/v3/commentThreads" and request.method == "GET":
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
        if request.path == "/youtube/v3/comments" and request.method == "POST":
            snippet = request.get_json()["snippet"]
            self.inserted.append(("comment", snippet["parentId"]))
            return json_response({"kind": "youtube#comment", "id": f"{snippet['parentId']}.own{len(self.inserted)}",
                                  "snippet": {"textOriginal": snippet["textOriginal"]}})
        if request.path == "/youtube/v3/commentThreads" and request.method == "POST":
            snippet = request.get_json()["snippet"]
            self.inserted.append(("thread", snippet["videoId"]))
            return json_response({"kind": "youtube#commentThread", "id": f"Ugyown{len(self.inserted)}",
                                  "snippet": snippet})
        if request.path == "/youtube/v3/videos":
            ids = [i for i in request.args["id"].split(",") if i.startswith("vid")]
            part = request.args["part"]
            items = []
            for vid in ids:
                item: dict[str, Any] = {"kind": "youtube#video", "id": vid}
                if "statistics" in part:
                    item["statistics"] = {"viewCount": "340", "likeCount": "12", "favoriteCount": "0",
                                          "commentCount": str(sum(1 for t in self.threads
                                                                  if t["snippet"]["videoId"] == vid))}
                if "snippet" in part:
                    item["snippet"] = {"title": f"Council meeting {vid}", "description": "Full meeting",
                                       "publishedAt": iso(BASE_TIME), "channelId": self.channel}
                items.append(item)
            return json_response({"kind": "youtube#videoListResponse", "items": items})
        if request.path == "/youtube/v3/channels":
            return json_response({"items": [{"id": self.channel, "snippet": {
                "title": "Gosport Borough Council", "description": "Official channel of the council",
                "customUrl": "@gosportbc", "thumbnails": {"default": {"url": "https://yt.example/logo.jpg"}}}}]})
        return youtube_error(404, "notFound", "Not found")

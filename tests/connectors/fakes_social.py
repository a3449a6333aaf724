"""Loopback LinkedIn (Community Management API, versioned /rest) and TikTok (API for Business, accounts): see
fakes.py. Both keep state, count creations and can be told to fail the next matching requests."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from werkzeug import Request, Response

from tests.connectors.fakes import BASE_TIME, FakePlatform, json_response

# ------------------------------------------------------------------ LinkedIn

ORG = "urn:li:organization:2414183"


def linkedin_error(status: int, message: str, code: int | None = None) -> Response:
    body: dict[str, Any] = {"status": status, "message": message}
    if code is not None:
        body["serviceErrorCode"] = code
    return json_response(body, status)


def _ms(when: dt.datetime) -> int:
    return int(when.timestamp() * 1000)


@dataclass
class FakeLinkedIn(FakePlatform):
    """Posts (finder q=author, create with x-restli-id, PARTIAL_UPDATE, DELETE), socialActions comments with
    start/count paging and parentComment, comment deletion with ?actor=, share statistics."""

    posts: dict[str, dict[str, Any]] = field(default_factory=dict)  # urn -> post (newest last)
    comments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # post urn -> comments, oldest first
    deleted_comments: list[tuple[str, str, str]] = field(default_factory=list)  # (post, comment id, actor)
    stats: dict[str, dict[str, int]] = field(default_factory=dict)
    publish_count: int = 0
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    bad_versions: int = 0

    def add_post(self, text: str, created: dt.datetime | None = None, kind: str = "share") -> str:
        urn = f"urn:li:{kind}:{7_100_000_000_000_000_000 + len(self.posts)}"
        when = created or self.now
        self.posts[urn] = {"id": urn, "author": ORG, "commentary": text, "visibility": "PUBLIC",
                           "lifecycleState": "PUBLISHED", "createdAt": _ms(when), "publishedAt": _ms(when),
                           "lastModifiedAt": _ms(when),
                           "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                                            "thirdPartyDistributionChannels": []}}
        self.comments[urn] = []
        return urn

    def add_comments(self, urn: str, count: int, start_minute: int = 0, actor: str | None = None) -> None:
        items = self.comments[urn]
        activity = urn.replace("share", "activity").replace("ugcPost", "activity")
        for i in range(len(items), len(items) + count):
            cid = str(6_900_000_000 + i)
            when = BASE_TIME + dt.timedelta(minutes=start_minute + i)
            items.append({"actor": actor or f"urn:li:person:m{i % 3}", "agent": None,
                          "commentUrn": f"urn:li:comment:({activity},{cid})", "id": cid,
                          "created": {"actor": actor or f"urn:li:person:m{i % 3}", "time": _ms(when)},
                          "lastModified": {"actor": f"urn:li:person:m{i % 3}", "time": _ms(when)},
                          "message": {"text": f"comment {i} on the post", "attributes": []},
                          "object": activity})

    def handle(self, request: Request) -> Response:
        if self.bearer(request) != self.token:
            return linkedin_error(401, "The token used in the request has been revoked by the user", 65601)
        if request.headers.get("X-Restli-Protocol-Version") != "2.0.0" or \
                not re.fullmatch(r"\d{6}", request.headers.get("LinkedIn-Version", "")):
            self.bad_versions += 1
            return linkedin_error(426, "Requested version is not active")
        path, method = unquote(request.path), request.method
        if path == "/rest/posts" and method == "GET":
            assert request.args["q"] == "author" and request.args["author"] == ORG
            start, count = int(request.args.get("start", 0)), int(request.args.get("count", 10))
            items = sorted(reversed(self.posts.values()), key=lambda p: -p["createdAt"])  # newest first
            return json_response({"elements": items[start:start + count],
                                  "paging": {"start": start, "count": count, "links": []}})
        if path == "/rest/posts" and method == "POST":
            body = request.get_json()
            assert body["author"] == ORG and body["lifecycleState"] == "PUBLISHED"
            self.publish_count += 1
            urn = self.add_post(body["commentary"])
            return Response(status=201, headers={"x-restli-id": urn})
        match = re.fullmatch(r"/rest/posts/(urn:li:\w+:\d+)", path)
        if match:
            post = self.posts.get(match.group(1))
            if post is None:
                return linkedin_error(404, "Not Found")
            restli = request.headers.get("X-RestLi-Method", "")
            if method == "DELETE" and restli == "DELETE":
                del self.posts[match.group(1)]
                return Response(status=204)
            if method == "POST" and restli == "PARTIAL_UPDATE":
                post["commentary"] = request.get_json()["patch"]["$set"]["commentary"]
                post["lastModifiedAt"] = _ms(self.now)
                return Response(status=204)
            if method == "GET":
                return json_response(post)
        match = re.fullmatch(r"/rest/socialActions/(urn:li:\w+:\d+)/comments(?:/(\d+))?", path)
        if match:
            return self._comments(request, match.group(1), match.group(2))
        if path == "/rest/organizationalEntityShareStatistics":
            return self._statistics(request)
        return linkedin_error(404, "No virtual resource found")

    def _post_for(self, target: str) -> str | None:
        for urn in self.posts:
            if urn.split(":")[-1] == target.split(":")[-1]:
                return urn
        return None

    def _comments(self, request: Request, target: str, comment_id: str | None) -> Response:
        urn = self._post_for(target)
        if urn is None:
            return linkedin_error(404, "Not Found")
        items = self.comments[urn]
        if request.method == "GET":
            start, count = int(request.args.get("start", 0)), int(request.args.get("count", 10))
            return json_response({"elements": items[start:start + count],
                                  "paging": {"start": start, "count": count, "total": len(items), "links": []}})
        if request.method == "DELETE" and comment_id:
            actor = request.args.get("actor", "")
            if not any(c["id"] == comment_id for c in items):
                return linkedin_error(404, "Not Found")
            self.comments[urn] = [c for c in items if c["id"] != comment_id]
            self.deleted_comments.append((urn, comment_id, actor))
            return Response(status=204)
        body = request.get_json()
        cid = str(8_000_000_000 + sum(len(v) for v in self.comments.values()))
        activity = body["object"]
        comment = {"actor": body["actor"], "commentUrn": f"urn:li:comment:({activity},{cid})", "id": cid,
                   "created": {"actor": body["actor"], "time": _ms(self.now)}, "message": body["message"],
                   "object": activity, **({"parentComment": body["parentComment"]} if "parentComment" in body
                                          else {})}
        items.append(comment)
        return Response(json.dumps(comment), status=201, content_type="application/json",
                        headers={"x-restli-id": comment["commentUrn"]})

    def _statistics(self, request: Request) -> Response:
        assert request.args["q"] == "organizationalEntity" and request.args["organizationalEntity"] == ORG
        elements = []
        for key, kind in (("shares", "share"), ("ugcPosts", "ugcPost")):
            raw = request.args.get(key)
            if not raw:
                continue
            assert raw.startswith("List(") and raw.endswith(")")
            for urn in (unquote(u) for u in raw[5:-1].split(",")):
                if urn not in self.posts:
                    continue
                counts = self.stats.get(urn, {})
                elements.append({"organizationalEntity": ORG, kind: urn, "totalShareStatistics": {
                    "uniqueImpressionsCount": 0, "shareCount": counts.get("shares", 0), "engagement": 0.0,
                    "clickCount": 0, "likeCount": counts.get("likes", 0),
                    "impressionCount": counts.get("views", 0), "commentCount": len(self.comments[urn])}})
        return json_response({"elements": elements, "paging": {"start": 0, "count": 10, "links": []}})


# ------------------------------------------------------------------ TikTok (API for Business)

def tiktok_answer(data: Any = None, code: int = 0, message: str = "OK", status: int = 200) -> Response:
    body: dict[str, Any] = {"code": code, "message": message, "request_id": "2026120509000001"}
    if data is not None:
        body["data"] = data
    return json_response(body, status)


@dataclass
class FakeTikTok(FakePlatform):
    """/business/video/list/ (cursor, has_more, filters), /business/comment/list/ (newest first, cursor),
    comment create / reply / hide / delete; errors in the envelope's code with HTTP 200."""

    business_id: str = "open-7f3a"
    videos: list[dict[str, Any]] = field(default_factory=list)  # oldest first
    comments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # video id -> comments, oldest first
    hidden: list[tuple[str, str, str]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)
    page_size: int = 20

    def bearer(self, request: Request) -> str | None:
        return request.headers.get("Access-Token")

    def add_video(self, caption: str, created: dt.datetime | None = None) -> str:
        vid = str(7_300_000_000_000_000_000 + len(self.videos))
        when = created or BASE_TIME + dt.timedelta(minutes=len(self.videos))
        self.videos.append({"item_id": vid, "create_time": str(int(when.timestamp())), "caption": caption,
                            "likes": 0, "comments": 0, "shares": 0, "video_views": 0,
                            "share_url": f"https://www.tiktok.com/@ett/video/{vid}"})
        self.comments[vid] = []
        return vid

    def add_comments(self, vid: str, count: int, start_minute: int = 0) -> None:
        items = self.comments[vid]
        for i in range(len(items), len(items) + count):
            when = BASE_TIME + dt.timedelta(minutes=start_minute + i)
            items.append({"comment_id": str(7_400_000_000_000_000_000 + i), "video_id": vid,
                          "user_id": f"u{i % 4}", "username": f"viewer{i % 4}", "display_name": f"Viewer {i % 4}",
                          "create_time": str(int(when.timestamp())), "text": f"nice video {i}", "likes": 0,
                          "replies": 0, "owner": False, "liked": False, "pinned": False, "status": "PUBLIC"})
        for video in self.videos:
            if video["item_id"] == vid:
                video["comments"] = len(items)

    def handle(self, request: Request) -> Response:
        if self.bearer(request) != self.token:
            return tiktok_answer(code=40105, message="Access token is incorrect or has been revoked.")
        path = request.path
        args = request.args if request.method == "GET" else (request.get_json(silent=True) or {})
        if args.get("business_id") != self.business_id:
            return tiktok_answer(code=40002, message="business_id: invalid")
        if path == "/business/video/list/":
            return self._video_list(request)
        if path == "/business/comment/list/":
            return self._comment_list(request)
        if path == "/business/comment/reply/create/" or path == "/business/comment/create/":
            vid = args["video_id"]
            if vid not in self.comments:
                return tiktok_answer(code=40010, message="video does not exist")
            if len(args["text"]) > 150:
                return tiktok_answer(code=40002, message="text: too long")
            cid = str(7_500_000_000_000_000_000 + len(self.created))
            self.created.append({"video_id": vid, "comment_id": cid, "parent": args.get("comment_id"),
                                 "text": args["text"]})
            return tiktok_answer({"comment_id": cid, "video_id": vid, "text": args["text"],
                                  "create_time": str(int(BASE_TIME.timestamp())), "owner": True})
        if path == "/business/comment/hide/":
            assert args["action"] in ("HIDE", "UNHIDE")
            self.hidden.append((args["video_id"], args["comment_id"], args["action"]))
            return tiktok_answer({})
        if path == "/business/comment/delete/":
            if args["comment_id"] in self.deleted:
                return tiktok_answer(code=40010, message="comment does not exist")
            self.deleted.append(args["comment_id"])
            return tiktok_answer({})
        return tiktok_answer(code=40002, message="unknown path", status=404)

    def _video_list(self, request: Request) -> Response:
        fields = json.loads(request.args.get("fields", '["item_id"]'))
        items = list(reversed(self.videos))  # newest first
        filters = json.loads(request.args.get("filters", "{}"))
        if filters.get("video_ids"):
            items = [v for v in items if v["item_id"] in filters["video_ids"]]
        cursor = int(request.args.get("cursor", 0))
        size = min(int(request.args.get("max_count", 10)), self.page_size)
        page = items[cursor:cursor + size]
        more = cursor + size < len(items)
        return tiktok_answer({"videos": [{k: v[k] for k in fields if k in v} for v in page],
                              "cursor": cursor + len(page), "has_more": more})

    def _comment_list(self, request: Request) -> Response:
        vid = request.args["video_id"]
        if vid not in self.comments:
            return tiktok_answer(code=40010, message="video does not exist")
        assert request.args.get("sort_field") == "create_time" and request.args.get("sort_order") == "desc"
        items = list(reversed(self.comments[vid]))
        cursor = int(request.args.get("cursor", 0))
        size = min(int(request.args.get("max_count", 20)), 30)
        page = items[cursor:cursor + size]
        return tiktok_answer({"comments": page, "cursor": cursor + len(page), "has_more": cursor + size < len(items)})

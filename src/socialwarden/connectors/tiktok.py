"""TikTok business accounts through the TikTok API for Business (Accounts API, ``/open_api/v1.3/business/…``)
with httpx: comments on our videos in, replies, hide/unhide and delete out, video counts.

Calls carry the account's token in ``Access-Token`` (no "Bearer") and the account's ``business_id`` (its open_id).
Answers are an envelope ``{"code", "message", "request_id", "data"}``: code 0 is success, 40100 a rate limit,
40102/40104/40105 an expired, missing or revoked token, 5xxxx TikTok's own failure. Lists page with ``cursor``
and ``has_more``.

- Videos: ``GET /business/video/list/`` (``fields`` a JSON list; ``filters={"video_ids": […]}`` for counts).
- Comments: ``GET /business/comment/list/?video_id=…&status=ALL&sort_field=create_time&sort_order=desc``;
  ``POST /business/comment/reply/create/`` (a reply), ``/business/comment/create/`` (a comment on our video),
  ``/business/comment/hide/`` (``action`` HIDE or UNHIDE), ``/business/comment/delete/``.

A comment's platform id is ``{video_id}_{comment_id}`` (as Facebook's are), because hiding or replying needs the
video. A sync round walks our videos back to ``horizon_days`` and reads each video's comments newest first until
one older than the previous round. TikTok posts are videos or photo sets made in TikTok: publishing, editing and
deleting posts, blocking and reporting are not offered here (see ``instead``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import httpx

from socialwarden.connectors.base import (
    Account,
    Capability,
    Comment,
    CommentPage,
    Connector,
    Engagement,
    Gone,
    OutgoingPost,
    PlatformPost,
    chunks,
    field_of,
    optional_of,
    read_cursor,
    register,
    write_cursor,
)
from socialwarden.connectors.http import HttpClient, delay_from_headers
from socialwarden.exceptions import (
    AccountNeedsReconnecting,
    InputError,
    MalformedPayload,
    PlatformError,
    PlatformUnavailable,
    RateLimited,
)

TIKTOK_URL = "https://business-api.tiktok.com/open_api/v1.3"
RATE_CODES = {40100}
TOKEN_CODES = {40102, 40104, 40105}
NOT_FOUND_CODES = {40010}  # "the video or comment does not exist"
VIDEO_PAGE = 20
COMMENT_PAGE = 30
REPLY_LIMIT = 150  # characters TikTok accepts in a comment or reply
OVERLAP = 60.0
DAY = 86400.0
TEXT_KEPT = 1000


@register
class TikTokConnector(Connector):
    platform = "tiktok"
    label = "TikTok"
    capabilities = frozenset({Capability.FETCH_COMMENTS, Capability.REPLY, Capability.HIDE, Capability.UNHIDE,
                              Capability.DELETE, Capability.ENGAGEMENT, Capability.FETCH_POST})
    instead: ClassVar[Mapping[Capability, str]] = {
        Capability.PUBLISH: "TikTok posts are videos or photo sets: post them in TikTok, and SocialWarden reads "
            "their comments",
        Capability.EDIT: "the API cannot change a caption: comment on the video with the correction",
        Capability.DELETE_POST: "delete or make the video private in the TikTok app",
        Capability.BLOCK: "block the user in the TikTok app; hide or remove the comment here",
        Capability.REPORT: "report the comment in the TikTok app; hide or remove it here",
    }
    horizon_days: ClassVar[float] = 365.0

    def _client_for(self, account: Account) -> HttpClient:
        token = account.credentials.require("access_token", platform=self.platform)
        return self.http_client(account, lambda: HttpClient(
            platform=self.platform, base_url=account.api_base_url or TIKTOK_URL, clock=self.clock, policy=self.retry,
            classify=self._classify(account), headers={"Access-Token": token}), token=token)

    def _classify(self, account: Account) -> Any:
        def classify(response: httpx.Response) -> Exception | None:
            try:
                body = response.json()
            except ValueError:
                body = None
            code = body.get("code") if isinstance(body, Mapping) else None
            message = str((body.get("message") if isinstance(body, Mapping) else None)
                          or f"HTTP {response.status_code}")[:200]
            delay = delay_from_headers(response.headers, self.clock.now())
            if response.status_code == 401 or code in TOKEN_CODES:
                return AccountNeedsReconnecting(f"the access token was refused ({message}): reconnect the account "
                                                f"{account.handle}", platform=self.platform)
            if response.status_code == 429 or code in RATE_CODES:
                return RateLimited(f"rate limited ({message})", platform=self.platform, retry_after=delay)
            if response.status_code >= 500 or (isinstance(code, int) and code >= 50000):
                return PlatformUnavailable(f"{message} (code {code})", platform=self.platform, retry_after=delay)
            if response.status_code == 404 or code in NOT_FOUND_CODES:
                return Gone(message, platform=self.platform)
            if not response.is_success or (code not in (0, None)):
                return PlatformError(f"refused: {message} (code {code})", platform=self.platform)
            if body is None:
                return MalformedPayload("not JSON", platform=self.platform, field="body")
            return None
        return classify

    def _business(self, account: Account) -> str:
        if not account.external_id:
            raise PlatformError(f"the account {account.handle} has no business id (open_id) recorded",
                                platform=self.platform)
        return account.external_id

    def _data(self, response: httpx.Response, where: str) -> Mapping[str, Any]:
        body = response.json()
        data = body.get("data") if isinstance(body, Mapping) else None
        if not isinstance(data, Mapping):
            raise MalformedPayload("missing or not an object", platform=self.platform, field=f"{where}.data")
        return data

    def _get(self, account: Account, path: str, params: Mapping[str, Any]) -> Mapping[str, Any]:
        return self._data(self._client_for(account).request("GET", path, params=dict(params)), path)

    def _post(self, account: Account, path: str, payload: Mapping[str, Any], *,
              retry_unavailable: bool = True) -> Mapping[str, Any]:
        response = self._client_for(account).request("POST", path, json=dict(payload),
                                                     retry_unavailable=retry_unavailable)
        body = response.json()
        data = body.get("data") if isinstance(body, Mapping) else None
        return data if isinstance(data, Mapping) else {}

    # ---- reading comments -------------------------------------------------------------------------------------

    def fetch_comments(self, account: Account, cursor: str | None) -> CommentPage:
        """One page of one video's comments per call, newest first until the previous round's start."""
        state = read_cursor(cursor)
        if "started" not in state:
            state = {"since": state.get("since"), "started": self.clock.now(), "videos": [], "cursor": None,
                     "videos_cursor": 0}
        while not state["videos"] and state.get("videos_cursor") is not None:
            state.update(self._video_page(account, state))
        if not state["videos"]:
            return CommentPage(comments=(), cursor=write_cursor({"since": state["started"] - OVERLAP}), more=False)
        video_id, caption = str(state["videos"][0][0]), state["videos"][0][1]
        params: dict[str, Any] = {"business_id": self._business(account), "video_id": video_id, "status": "ALL",
                                  "sort_field": "create_time", "sort_order": "desc", "max_count": COMMENT_PAGE,
                                  "include_replies": "true"}
        if state.get("cursor"):
            params["cursor"] = state["cursor"]
        data = self._get(account, "/business/comment/list/", params)
        items = optional_of(data, "comments", platform=self.platform, kind=list) or []
        since = state.get("since")
        comments: list[Comment] = []
        reached_old = False
        for index, item in enumerate(items):
            where = f"comments[{index}]"
            top = self._comment(item, where, video_id, caption)
            replies = [self._comment(r, f"{where}.reply_list[{k}]", video_id, caption)
                       for k, r in enumerate(optional_of(item, "reply_list", platform=self.platform, kind=list) or [])]
            for comment, raw in [(top, item), *zip(replies, item.get("reply_list") or [], strict=False)]:
                if raw.get("owner") is True:
                    continue  # our own comments and replies
                if since is None or comment.created_at.timestamp() >= since:
                    comments.append(comment)
            if since is not None and top.created_at.timestamp() < since:
                reached_old = True
        has_more = bool(data.get("has_more")) and not reached_old and data.get("cursor") is not None
        rest = state["videos"] if has_more else state["videos"][1:]
        comments.sort(key=lambda c: c.created_at)
        if rest or state.get("videos_cursor") is not None:
            next_state = {**state, "videos": rest, "cursor": data.get("cursor") if has_more else None}
            return CommentPage(comments=tuple(comments), cursor=write_cursor(next_state), more=True)
        return CommentPage(comments=tuple(comments), cursor=write_cursor({"since": state["started"] - OVERLAP}),
                           more=False)

    def _video_page(self, account: Account, state: Mapping[str, Any]) -> dict[str, Any]:
        params: dict[str, Any] = {"business_id": self._business(account), "max_count": VIDEO_PAGE,
                                  "fields": json.dumps(["item_id", "create_time", "caption"])}
        if state.get("videos_cursor"):
            params["cursor"] = state["videos_cursor"]
        data = self._get(account, "/business/video/list/", params)
        items = optional_of(data, "videos", platform=self.platform, kind=list) or []
        horizon = float(state["started"]) - self.horizon_days * DAY
        videos, too_old = [], False
        for index, item in enumerate(items):
            video_id = str(field_of(item, "item_id", platform=self.platform))
            created = _epoch(item.get("create_time"), self.platform, f"videos[{index}].create_time")
            if created is not None and created < horizon:
                too_old = True
                continue
            videos.append([video_id, str(item.get("caption") or "")[:TEXT_KEPT]])
        more = bool(data.get("has_more")) and not too_old and data.get("cursor") is not None
        return {"videos": videos, "cursor": None, "videos_cursor": data.get("cursor") if more else None}

    def _comment(self, item: Any, where: str, video_id: str, caption: str | None) -> Comment:
        p = self.platform
        try:
            comment_id = str(field_of(item, "comment_id", platform=p))
            text = str(field_of(item, "text", platform=p))
            user = str(optional_of(item, "user_id", platform=p) or field_of(item, "username", platform=p))
            created = _epoch(field_of(item, "create_time", platform=p, kind=(str, int)), p, "create_time")
        except MalformedPayload as exc:
            raise MalformedPayload("missing or mistyped", platform=p, field=f"{where}.{exc.field}") from None
        assert created is not None
        parent = optional_of(item, "parent_comment_id", platform=p)
        name = str(item.get("display_name") or item.get("username") or user)
        return Comment(platform=p, platform_id=f"{video_id}_{comment_id}", text=text, author_id=user,
                       author_name=name, created_at=dt.datetime.fromtimestamp(created, dt.UTC),
                       in_reply_to=f"{video_id}_{parent}" if parent and parent != video_id else video_id,
                       post_id=video_id, post_text=caption)

    # ---- acting on comments -----------------------------------------------------------------------------------

    def _split(self, comment_id: str) -> tuple[str, str]:
        video, sep, comment = comment_id.partition("_")
        if not sep or not video or not comment:
            raise PlatformError(f"not a TikTok comment id (video_comment): {comment_id[:80]!r}",
                                platform=self.platform)
        return video, comment

    def hide(self, account: Account, comment_id: str) -> None:
        video, comment = self._split(comment_id)
        self._post(account, "/business/comment/hide/", {"business_id": self._business(account), "video_id": video,
                                                         "comment_id": comment, "action": "HIDE"})

    def unhide(self, account: Account, comment_id: str) -> None:
        video, comment = self._split(comment_id)
        self._post(account, "/business/comment/hide/", {"business_id": self._business(account), "video_id": video,
                                                         "comment_id": comment, "action": "UNHIDE"})

    def delete(self, account: Account, comment_id: str) -> None:
        _, comment = self._split(comment_id)
        try:
            self._post(account, "/business/comment/delete/", {"business_id": self._business(account),
                                                              "comment_id": comment})
        except Gone:
            return

    def reply(self, account: Account, target_id: str, post: OutgoingPost, *, on_post: bool = False) -> str:
        """A reply to a comment, or (``on_post``) a comment on our video; at most 150 characters. Not retried after
        a 5xx: there is no idempotency key, so a person checks rather than risk a second reply."""
        if len(post.body) > REPLY_LIMIT:
            raise InputError(f"TikTok takes at most {REPLY_LIMIT} characters in a comment or reply "
                             f"(this one has {len(post.body)})")
        business = self._business(account)
        if on_post:
            data = self._post(account, "/business/comment/create/",
                              {"business_id": business, "video_id": target_id, "text": post.body},
                              retry_unavailable=False)
            video = target_id
        else:
            video, comment = self._split(target_id)
            data = self._post(account, "/business/comment/reply/create/",
                              {"business_id": business, "video_id": video, "comment_id": comment, "text": post.body},
                              retry_unavailable=False)
        return f"{video}_{field_of(data, 'comment_id', platform=self.platform)}"

    # ---- videos -----------------------------------------------------------------------------------------------

    def _videos(self, account: Account, ids: Sequence[str], fields: list[str]) -> list[Any]:
        data = self._get(account, "/business/video/list/", {
            "business_id": self._business(account), "fields": json.dumps(fields),
            "filters": json.dumps({"video_ids": list(ids)}), "max_count": VIDEO_PAGE})
        return list(optional_of(data, "videos", platform=self.platform, kind=list) or [])

    def engagement(self, account: Account, platform_ids: Sequence[str]) -> list[Engagement]:
        found = []
        p = self.platform
        for batch in chunks(list(platform_ids), VIDEO_PAGE):
            for index, item in enumerate(self._videos(account, batch, ["item_id", "likes", "comments", "shares",
                                                                       "video_views"])):
                try:
                    found.append(Engagement(post_id=str(field_of(item, "item_id", platform=p)),
                                            likes=field_of(item, "likes", platform=p, kind=int),
                                            shares=field_of(item, "shares", platform=p, kind=int),
                                            replies=field_of(item, "comments", platform=p, kind=int),
                                            views=optional_of(item, "video_views", platform=p, kind=int)))
                except MalformedPayload as exc:
                    raise MalformedPayload("missing or mistyped", platform=p,
                                           field=f"videos[{index}].{exc.field}") from None
        return found

    def fetch_post(self, account: Account, platform_id: str) -> PlatformPost:
        items = self._videos(account, [platform_id], ["item_id", "caption", "share_url", "create_time"])
        if not items:
            raise Gone(f"no video {platform_id}", platform=self.platform)
        item = items[0]
        created = _epoch(item.get("create_time"), self.platform, "videos[0].create_time")
        return PlatformPost(platform_id=platform_id, text=str(item.get("caption") or ""),
                            url=optional_of(item, "share_url", platform=self.platform),
                            created_at=None if created is None else dt.datetime.fromtimestamp(created, dt.UTC))


def _epoch(value: Any, platform: str, field: str) -> float | None:
    """TikTok's times: Unix seconds, as a number or a string."""
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise MalformedPayload(f"not a Unix time: {str(value)[:30]!r}", platform=platform, field=field) from None

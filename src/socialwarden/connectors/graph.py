"""Facebook Pages and Instagram (professional accounts) over the Graph API with httpx.

Comments hang off posts, so a sync round lists the account's posts page by page (``paging.cursors.after``, back to
``horizon_days``; on Facebook only posts whose ``updated_time`` moved since the last round, which a new comment
does), then pages through each post's comments with their own ``after`` cursor. The cursor records the round (its
start time, the posts of the current listing page with their text, the comment cursor inside the current post,
the listing cursor for the next page of posts) so a restart resumes inside the round; the next round asks only
for comments since the previous round began (a minute's overlap; the desk ingests idempotently).

Graph reports errors in the body: code 190 (and 102/463/467 subcodes) is an expired or revoked token; 4, 17, 32,
613 and 80001–80014 are rate limits, timed by ``X-App-Usage`` / ``X-Business-Use-Case-Usage``; code 100 with
subcode 33 (or HTTP 404) means the object is gone.
"""

from __future__ import annotations

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
    Profile,
    chunks,
    field_of,
    optional_of,
    parse_time,
    read_cursor,
    register,
    same_text,
    write_cursor,
)
from socialwarden.connectors.http import HttpClient, delay_from_headers
from socialwarden.exceptions import (
    AccountNeedsReconnecting,
    MalformedPayload,
    NotSupported,
    PlatformError,
    PlatformUnavailable,
    RateLimited,
)

GRAPH_URL = "https://graph.facebook.com/v21.0"
RATE_CODES = {4, 17, 32, 613, *range(80001, 80015)}
POST_PAGE = 25
OVERLAP = 60.0
DAY = 86400.0
TEXT_KEPT = 1000  # characters of each post's text carried in the cursor (the comment's context)


class GraphConnector(Connector):
    """What Facebook Pages and Instagram share: the client, the error rules, the two-level comment paging."""

    posts_edge: ClassVar[str]
    post_fields: ClassVar[str]
    comment_fields: ClassVar[str]
    text_field: ClassVar[str] = "message"
    time_field: ClassVar[str] = "created_time"
    updated_field: ClassVar[str | None] = None  # a post field that moves when someone comments
    horizon_days: ClassVar[float] = 365.0  # posts older than this are not read for new comments

    def _client_for(self, account: Account) -> HttpClient:
        token = account.credentials.require("access_token", platform=self.platform)
        return self.http_client(account, lambda: HttpClient(
            platform=self.platform, base_url=account.api_base_url or GRAPH_URL, clock=self.clock, policy=self.retry,
            classify=self._classify(account), headers={"Authorization": f"Bearer {token}"}), token=token)

    def _classify(self, account: Account) -> Any:
        def classify(response: httpx.Response) -> Exception | None:
            if response.is_success:
                return None
            try:
                error = response.json().get("error") or {}
            except ValueError:
                error = {}
            code, sub = error.get("code"), error.get("error_subcode")
            message = str(error.get("message") or f"HTTP {response.status_code}")[:200]
            if code == 190 or (code == 102 and response.status_code == 401) or sub in (463, 467):
                return AccountNeedsReconnecting(f"the access token is no longer valid ({message}): reconnect the "
                                                f"account {account.handle}", platform=self.platform)
            delay = delay_from_headers(response.headers, self.clock.now())
            if code in RATE_CODES or response.status_code == 429:
                return RateLimited(f"rate limited (code {code})", platform=self.platform, retry_after=delay)
            if response.status_code >= 500 or error.get("is_transient") or code in (1, 2):
                return PlatformUnavailable(f"{message} (code {code})", platform=self.platform, retry_after=delay)
            if response.status_code == 404 or (code == 100 and sub == 33):
                return Gone(f"not there any more: {message}", platform=self.platform)
            return PlatformError(f"refused: {message} (code {code})", platform=self.platform)
        return classify

    def _json(self, response: httpx.Response) -> Mapping[str, Any]:
        try:
            body = response.json()
        except ValueError:
            raise MalformedPayload("not JSON", platform=self.platform, field="body") from None
        if not isinstance(body, Mapping):
            raise MalformedPayload("expected an object", platform=self.platform, field="body")
        return body

    def _get(self, http: HttpClient, path: str, params: Mapping[str, Any]) -> Mapping[str, Any]:
        return self._json(http.request("GET", path, params=dict(params)))

    def _node(self, account: Account) -> str:
        if not account.external_id:
            raise PlatformError(f"the account {account.handle} has no page/user id recorded", platform=self.platform)
        return account.external_id

    # ---- reading comments -------------------------------------------------------------------------------------

    def fetch_comments(self, account: Account, cursor: str | None) -> CommentPage:
        """One page of one post's comments per call; see the module docstring for the round and its cursor."""
        state = read_cursor(cursor)
        http = self._client_for(account)
        if "started" not in state:  # a new round: the first page of posts
            state = {"since": state.get("since"), "started": self.clock.now(), "posts": [], "after": None,
                     "posts_after": None}
            state.update(self._post_page(http, account, state, None))
        while not state["posts"] and state.get("posts_after"):  # this listing page is done: the next one
            state.update(self._post_page(http, account, state, state["posts_after"]))
        if not state["posts"]:
            return CommentPage(comments=(), cursor=write_cursor({"since": state["started"] - OVERLAP}), more=False)
        entry = state["posts"][0]
        post_id, post_text = (entry, None) if isinstance(entry, str) else (str(entry[0]), entry[1])
        params: dict[str, Any] = {"fields": self.comment_fields, "limit": 100}
        params.update(self._comment_filter(state.get("since")))
        if state.get("after"):
            params["after"] = state["after"]
        body = self._get(http, f"/{post_id}/comments", params)
        data = body.get("data")
        if not isinstance(data, list):
            raise MalformedPayload("missing or not a list", platform=self.platform, field="data")
        comments = [c for c in (self._comment(item, f"data[{i}]", post_id, post_text) for i, item in enumerate(data))
                    if state.get("since") is None or c.created_at.timestamp() >= state["since"]]
        after = optional_of(body, "paging.cursors.after", platform=self.platform)
        has_next = optional_of(body, "paging.next", platform=self.platform) is not None and bool(after)
        rest = state["posts"] if has_next else state["posts"][1:]
        if rest or state.get("posts_after"):
            next_state = {**state, "posts": rest, "after": after if has_next else None}
            return CommentPage(comments=tuple(comments), cursor=write_cursor(next_state), more=True)
        done = write_cursor({"since": state["started"] - OVERLAP})
        return CommentPage(comments=tuple(comments), cursor=done, more=False)

    def _post_page(self, http: HttpClient, account: Account, state: Mapping[str, Any],
                   after: str | None) -> dict[str, Any]:
        """One page of the account's posts: those that may have new comments, and the cursor to the next page
        (None once the listing ends or reaches posts older than the horizon)."""
        params: dict[str, Any] = {"fields": self.post_fields, "limit": POST_PAGE}
        if after:
            params["after"] = after
        body = self._get(http, f"/{self._node(account)}/{self.posts_edge}", params)
        data = body.get("data")
        if not isinstance(data, list):
            raise MalformedPayload("missing or not a list", platform=self.platform, field=f"{self.posts_edge}.data")
        since, horizon = state.get("since"), float(state["started"]) - self.horizon_days * DAY
        posts, too_old = [], False
        for index, item in enumerate(data):
            where = f"{self.posts_edge}.data[{index}]"
            pid = str(field_of(item, "id", platform=self.platform))
            created = self._time(item, self.time_field, where)
            if created is not None and created < horizon:
                too_old = True
                continue
            moved = self._time(item, self.updated_field, where) if self.updated_field else None
            if since is not None and moved is not None and moved < float(since) - OVERLAP:
                continue  # nobody has commented since the last round
            text = str(item.get(self.text_field) or "")[:TEXT_KEPT]
            posts.append([pid, text])
        next_after = optional_of(body, "paging.cursors.after", platform=self.platform)
        more = bool(data) and bool(next_after) and not too_old \
            and optional_of(body, "paging.next", platform=self.platform) is not None
        return {"posts": posts, "after": None, "posts_after": next_after if more else None}

    def _time(self, item: Mapping[str, Any], name: str | None, where: str) -> float | None:
        if not name or item.get(name) is None:
            return None
        return parse_time(item[name], platform=self.platform, field=f"{where}.{name}").timestamp()

    def _comment_filter(self, since: float | None) -> dict[str, Any]:
        return {}

    def _comment(self, item: Any, where: str, post_id: str, post_text: str | None) -> Comment:
        raise NotImplementedError

    # ---- writing ----------------------------------------------------------------------------------------------

    def _post_call(self, account: Account, path: str, data: Mapping[str, Any], *,
                   retry_unavailable: bool = True) -> Mapping[str, Any]:
        http = self._client_for(account)
        return self._json(http.request("POST", path, data=dict(data), retry_unavailable=retry_unavailable))

    def _delete_call(self, account: Account, path: str) -> None:
        http = self._client_for(account)
        http.request("DELETE", path)

    def delete(self, account: Account, comment_id: str) -> None:
        try:
            self._delete_call(account, f"/{comment_id}")
        except Gone:
            return  # already gone

    def find_published(self, account: Account, post: OutgoingPost) -> str | None:
        """Our post with exactly this text, made since the attempt began and not recorded as another of ours."""
        http = self._client_for(account)
        params: dict[str, Any] = {"fields": self.post_fields, "limit": POST_PAGE}
        if post.not_before is not None and self.posts_edge == "feed":
            params["since"] = int(post.not_before.timestamp()) - 120
        body = self._get(http, f"/{self._node(account)}/{self.posts_edge}", params)
        for index, item in enumerate(body.get("data") or []):
            if not isinstance(item, Mapping) or not same_text(str(item.get(self.text_field) or ""), self._body(post)):
                continue
            created = self._time(item, self.time_field, f"data[{index}]")
            when = None if created is None else parse_time(item[self.time_field], platform=self.platform,
                                                           field=self.time_field)
            if post.could_be(str(item["id"]), when):
                return str(item["id"])
        return None

    def _body(self, post: OutgoingPost) -> str:
        return post.text

    def _with_lookup(self, account: Account, post: OutgoingPost, path: str, data: Mapping[str, Any]) -> str:
        # a 5xx may come after the post was made: look before posting again
        http = self._client_for(account)

        def look() -> httpx.Response | None:
            found = self.find_published(account, post)
            return None if found is None else httpx.Response(200, json={"id": found})

        body = self._json(http.request("POST", path, data=dict(data), before_retry=look))
        return str(field_of(body, "id", platform=self.platform))

    def fetch_post(self, account: Account, platform_id: str) -> PlatformPost:
        http = self._client_for(account)
        fields = f"id,{self.text_field},{self.time_field},{self.link_field}"
        body = self._get(http, f"/{platform_id}", {"fields": fields})
        p = self.platform
        created = body.get(self.time_field)
        return PlatformPost(platform_id=str(field_of(body, "id", platform=p)),
                            text=str(body.get(self.text_field) or ""),
                            url=optional_of(body, self.link_field, platform=p),
                            created_at=None if created is None else parse_time(created, platform=p,
                                                                               field=self.time_field))

    link_field: ClassVar[str] = "permalink_url"
    engagement_fields: ClassVar[str]

    def engagement(self, account: Account, platform_ids: Sequence[str]) -> list[Engagement]:
        """Graph's multi-id read (``?ids=a,b``), 50 at a time; a batch with a deleted post is read one by one."""
        http = self._client_for(account)
        found: list[Engagement] = []
        for batch in chunks(list(platform_ids), 50):
            try:
                body = self._get(http, "/", {"ids": ",".join(batch), "fields": self.engagement_fields})
                nodes = [(pid, body.get(pid)) for pid in batch]
            except Gone:
                nodes = []
                for pid in batch:
                    try:
                        nodes.append((pid, self._get(http, f"/{pid}", {"fields": self.engagement_fields})))
                    except Gone:
                        continue
            for pid, node in nodes:
                if isinstance(node, Mapping):
                    found.append(self._engagement(pid, node))
        return found

    def _engagement(self, pid: str, node: Mapping[str, Any]) -> Engagement:
        raise NotImplementedError


@register
class FacebookConnector(GraphConnector):
    platform = "facebook"
    label = "Facebook"
    capabilities = frozenset({Capability.FETCH_COMMENTS, Capability.PUBLISH, Capability.FIND_PUBLISHED,
                              Capability.HIDE, Capability.UNHIDE, Capability.DELETE, Capability.BLOCK,
                              Capability.PROFILE, Capability.REPLY, Capability.EDIT, Capability.DELETE_POST,
                              Capability.ENGAGEMENT, Capability.FETCH_POST})
    instead: ClassVar[Mapping[Capability, str]] = {
        Capability.REPORT: "the Graph API has no report endpoint: report it in Facebook, and hide or remove "
            "it here",
    }
    posts_edge = "feed"
    post_fields = "id,message,created_time,updated_time"
    updated_field = "updated_time"
    comment_fields = "id,message,created_time,from{id,name},parent{id},permalink_url"
    engagement_fields = "id,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares"

    def _comment_filter(self, since: float | None) -> dict[str, Any]:
        params: dict[str, Any] = {"filter": "stream", "order": "chronological"}
        if since is not None:
            params["since"] = int(since)
        return params

    def _comment(self, item: Any, where: str, post_id: str, post_text: str | None) -> Comment:
        p = self.platform
        try:
            return Comment(platform=p, platform_id=str(field_of(item, "id", platform=p)),
                           text=str(optional_of(item, "message", platform=p) or ""),
                           author_id=str(field_of(item, "from.id", platform=p)),
                           author_name=str(optional_of(item, "from.name", platform=p) or ""),
                           created_at=parse_time(field_of(item, "created_time", platform=p), platform=p,
                                                 field="created_time"),
                           url=optional_of(item, "permalink_url", platform=p),
                           in_reply_to=str(optional_of(item, "parent.id", platform=p) or post_id),
                           post_id=post_id, post_text=post_text)
        except MalformedPayload as exc:
            raise MalformedPayload("missing or mistyped", platform=p, field=f"{where}.{exc.field}") from None

    def publish(self, account: Account, post: OutgoingPost) -> str:
        data = {"message": post.text, **({"link": post.link} if post.link else {})}
        return self._with_lookup(account, post, f"/{self._node(account)}/feed", data)

    def edit(self, account: Account, platform_id: str, post: OutgoingPost) -> None:
        """Pages can edit their own posts' message (Facebook shows the edit history to readers)."""
        self._post_call(account, f"/{platform_id}", {"message": post.text})

    def delete_post(self, account: Account, platform_id: str) -> None:
        try:
            self._delete_call(account, f"/{platform_id}")
        except Gone:
            return  # already gone

    def reply(self, account: Account, target_id: str, post: OutgoingPost, *, on_post: bool = False) -> str:
        """A comment as the Page on the post, or a reply in the comment's thread (no retry after a 5xx: Graph has
        no idempotency key, so a failure is shown to a person to check rather than risk a second reply)."""
        body = self._post_call(account, f"/{target_id}/comments", {"message": post.body}, retry_unavailable=False)
        return str(field_of(body, "id", platform=self.platform))

    def hide(self, account: Account, comment_id: str) -> None:
        self._post_call(account, f"/{comment_id}", {"is_hidden": "true"})

    def unhide(self, account: Account, comment_id: str) -> None:
        self._post_call(account, f"/{comment_id}", {"is_hidden": "false"})

    def _engagement(self, pid: str, node: Mapping[str, Any]) -> Engagement:
        p = self.platform
        try:
            return Engagement(post_id=pid,
                              likes=field_of(node, "reactions.summary.total_count", platform=p, kind=int),
                              replies=field_of(node, "comments.summary.total_count", platform=p, kind=int),
                              shares=optional_of(node, "shares.count", platform=p, kind=int) or 0)
        except MalformedPayload as exc:
            raise MalformedPayload("missing or mistyped", platform=p, field=f"{pid}.{exc.field}") from None

    def block(self, account: Account, author_id: str) -> None:
        self._post_call(account, f"/{self._node(account)}/blocked", {"user": author_id})

    def profile(self, account: Account) -> Profile:
        http = self._client_for(account)
        body = self._get(http, f"/{self._node(account)}", {"fields": "name,username,about,link,picture{url},"
                                                                     "cover{source}"})
        p = self.platform
        return Profile(platform=p, handle=str(body.get("username") or field_of(body, "name", platform=p)),
                       display_name=str(field_of(body, "name", platform=p)), bio=str(body.get("about") or ""),
                       avatar_url=optional_of(body, "picture.data.url", platform=p),
                       banner_url=optional_of(body, "cover.source", platform=p), url=optional_of(body, "link",
                                                                                                  platform=p))


@register
class InstagramConnector(GraphConnector):
    platform = "instagram"
    label = "Instagram"
    capabilities = frozenset({Capability.FETCH_COMMENTS, Capability.PUBLISH, Capability.FIND_PUBLISHED,
                              Capability.HIDE, Capability.UNHIDE, Capability.DELETE, Capability.PROFILE,
                              Capability.REPLY, Capability.ENGAGEMENT, Capability.FETCH_POST})
    instead: ClassVar[Mapping[Capability, str]] = {
        Capability.EDIT: "the API cannot change a caption: post the correction as a comment on it",
        Capability.DELETE_POST: "the API cannot delete a post: delete it in the Instagram app, or comment "
            "with the correction",
        Capability.BLOCK: "block the author in the Instagram app; hide or remove the comment here",
        Capability.REPORT: "report it in the Instagram app; hide or remove the comment here",
    }
    posts_edge = "media"
    post_fields = "id,caption,timestamp"
    comment_fields = "id,text,timestamp,username,from{id,username},parent_id"
    text_field = "caption"
    time_field = "timestamp"
    link_field = "permalink"
    engagement_fields = "id,like_count,comments_count"

    def _body(self, post: OutgoingPost) -> str:
        return post.text if not post.link else f"{post.text}\n{post.link}"

    def _comment(self, item: Any, where: str, post_id: str, post_text: str | None) -> Comment:
        p = self.platform
        try:
            username = str(optional_of(item, "from.username", platform=p) or field_of(item, "username", platform=p))
            return Comment(platform=p, platform_id=str(field_of(item, "id", platform=p)),
                           text=str(field_of(item, "text", platform=p)),
                           author_id=str(optional_of(item, "from.id", platform=p) or username), author_name=username,
                           created_at=parse_time(field_of(item, "timestamp", platform=p), platform=p,
                                                 field="timestamp"),
                           in_reply_to=str(optional_of(item, "parent_id", platform=p) or post_id),
                           post_id=post_id, post_text=post_text)
        except MalformedPayload as exc:
            raise MalformedPayload("missing or mistyped", platform=p, field=f"{where}.{exc.field}") from None

    def publish(self, account: Account, post: OutgoingPost) -> str:
        """Instagram posts need an image: make a media container, then publish it (a lost container expires)."""
        if not post.media_urls:
            raise NotSupported("Instagram cannot publish a post without an image", platform=self.platform)
        found = self.find_published(account, post)
        if found is not None:
            return found
        container = self._post_call(account, f"/{self._node(account)}/media",
                                    {"image_url": post.media_urls[0], "caption": self._body(post)})
        creation_id = str(field_of(container, "id", platform=self.platform))
        return self._with_lookup(account, post, f"/{self._node(account)}/media_publish", {"creation_id": creation_id})

    def reply(self, account: Account, target_id: str, post: OutgoingPost, *, on_post: bool = False) -> str:
        """A comment on our media, or a reply to a comment (not retried after a 5xx; see Facebook)."""
        edge = "comments" if on_post else "replies"
        body = self._post_call(account, f"/{target_id}/{edge}", {"message": self._body(post)},
                               retry_unavailable=False)
        return str(field_of(body, "id", platform=self.platform))

    def hide(self, account: Account, comment_id: str) -> None:
        self._post_call(account, f"/{comment_id}", {"hide": "true"})

    def unhide(self, account: Account, comment_id: str) -> None:
        self._post_call(account, f"/{comment_id}", {"hide": "false"})

    def _engagement(self, pid: str, node: Mapping[str, Any]) -> Engagement:
        p = self.platform
        try:
            return Engagement(post_id=pid, likes=field_of(node, "like_count", platform=p, kind=int),
                              replies=field_of(node, "comments_count", platform=p, kind=int), shares=0)
        except MalformedPayload as exc:
            raise MalformedPayload("missing or mistyped", platform=p, field=f"{pid}.{exc.field}") from None

    def profile(self, account: Account) -> Profile:
        http = self._client_for(account)
        body = self._get(http, f"/{self._node(account)}",
                         {"fields": "username,name,biography,profile_picture_url,website"})
        p = self.platform
        username = str(field_of(body, "username", platform=p))
        return Profile(platform=p, handle=username, display_name=str(body.get("name") or ""),
                       bio=str(body.get("biography") or ""),
                       avatar_url=optional_of(body, "profile_picture_url", platform=p),
                       url=f"https://www.instagram.com/{username}/")

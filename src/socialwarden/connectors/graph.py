"""Facebook Pages and Instagram (professional accounts) over the Graph API with httpx.

Comments hang off posts, so a sync round lists the account's recent posts, then pages through each post's
comments with ``paging.cursors.after``. The cursor records the round (its start time, the posts still to read,
the comment cursor inside the current post) so a restart resumes inside the round; the next round asks only for
comments since the previous round began (a minute's overlap; the desk ingests idempotently).

Graph reports errors in the body: code 190 (and 102/463/467 subcodes) is an expired or revoked token; 4, 17, 32,
613 and 80001–80014 are rate limits, timed by ``X-App-Usage`` / ``X-Business-Use-Case-Usage``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from socialwarden.connectors.base import (
    Account,
    Capability,
    Comment,
    CommentPage,
    Connector,
    OutgoingPost,
    Profile,
    field_of,
    optional_of,
    parse_time,
    read_cursor,
    register,
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
MAX_POSTS = 50  # posts per round whose comments are read
OVERLAP = 60.0


class GraphConnector(Connector):
    """What Facebook Pages and Instagram share: the client, the error rules, the two-level comment paging."""

    posts_edge: ClassVar[str]
    post_fields: ClassVar[str]
    comment_fields: ClassVar[str]

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

    def fetch_comments(self, account: Account, cursor: str | None) -> CommentPage:
        """One page of one post's comments per call; see the module docstring for the round and its cursor."""
        state = read_cursor(cursor)
        http = self._client_for(account)
        if not state.get("posts"):
            state = {"since": state.get("since"), "started": self.clock.now(),
                     "posts": self._post_ids(http, account), "after": None}
        if not state["posts"]:
            return CommentPage(comments=(), cursor=write_cursor({"since": state["started"] - OVERLAP}), more=False)
        post_id = state["posts"][0]
        params: dict[str, Any] = {"fields": self.comment_fields, "limit": 100}
        params.update(self._comment_filter(state.get("since")))
        if state.get("after"):
            params["after"] = state["after"]
        body = self._get(http, f"/{post_id}/comments", params)
        data = body.get("data")
        if not isinstance(data, list):
            raise MalformedPayload("missing or not a list", platform=self.platform, field="data")
        comments = [c for c in (self._comment(item, f"data[{i}]", post_id) for i, item in enumerate(data))
                    if state.get("since") is None or c.created_at.timestamp() >= state["since"]]
        after = optional_of(body, "paging.cursors.after", platform=self.platform)
        has_next = optional_of(body, "paging.next", platform=self.platform) is not None and bool(after)
        rest = state["posts"] if has_next else state["posts"][1:]
        if rest:
            next_state = {**state, "posts": rest, "after": after if has_next else None}
            return CommentPage(comments=tuple(comments), cursor=write_cursor(next_state), more=True)
        done = write_cursor({"since": state["started"] - OVERLAP})
        return CommentPage(comments=tuple(comments), cursor=done, more=False)

    def _post_ids(self, http: HttpClient, account: Account) -> list[str]:
        ids: list[str] = []
        params: dict[str, Any] = {"fields": self.post_fields, "limit": 25}
        while len(ids) < MAX_POSTS:
            body = self._get(http, f"/{self._node(account)}/{self.posts_edge}", params)
            data = body.get("data")
            if not isinstance(data, list):
                raise MalformedPayload("missing or not a list", platform=self.platform, field=f"{self.posts_edge}.data")
            ids += [str(field_of(p, "id", platform=self.platform)) for p in data]
            after = optional_of(body, "paging.cursors.after", platform=self.platform)
            if not data or not after or optional_of(body, "paging.next", platform=self.platform) is None:
                break
            params["after"] = after
        return ids[:MAX_POSTS]

    def _comment_filter(self, since: float | None) -> dict[str, Any]:
        return {}

    def _comment(self, item: Any, where: str, post_id: str) -> Comment:
        raise NotImplementedError

    def _post_call(self, account: Account, path: str, data: Mapping[str, Any]) -> Mapping[str, Any]:
        http = self._client_for(account)
        return self._json(http.request("POST", path, data=dict(data)))

    def _delete_call(self, account: Account, path: str) -> None:
        http = self._client_for(account)
        http.request("DELETE", path)

    def delete(self, account: Account, comment_id: str) -> None:
        self._delete_call(account, f"/{comment_id}")

    def find_published(self, account: Account, post: OutgoingPost) -> str | None:
        http = self._client_for(account)
        body = self._get(http, f"/{self._node(account)}/{self.posts_edge}",
                         {"fields": self.post_fields, "limit": 25})
        for item in body.get("data") or []:
            if isinstance(item, Mapping) and str(item.get(self.text_field) or "").startswith(post.text):
                return str(item["id"])
        return None

    text_field: ClassVar[str] = "message"

    def _with_lookup(self, account: Account, post: OutgoingPost, path: str, data: Mapping[str, Any]) -> str:
        # a 5xx may come after the post was made: look before posting again
        http = self._client_for(account)

        def look() -> httpx.Response | None:
            found = self.find_published(account, post)
            return None if found is None else httpx.Response(200, json={"id": found})

        body = self._json(http.request("POST", path, data=dict(data), before_retry=look))
        return str(field_of(body, "id", platform=self.platform))


@register
class FacebookConnector(GraphConnector):
    platform = "facebook"
    capabilities = frozenset({Capability.FETCH_COMMENTS, Capability.PUBLISH, Capability.FIND_PUBLISHED,
                              Capability.HIDE, Capability.DELETE, Capability.BLOCK, Capability.PROFILE})
    posts_edge = "feed"
    post_fields = "id,message,created_time,updated_time"
    comment_fields = "id,message,created_time,from{id,name},parent{id},permalink_url"

    def _comment_filter(self, since: float | None) -> dict[str, Any]:
        params: dict[str, Any] = {"filter": "stream", "order": "chronological"}
        if since is not None:
            params["since"] = int(since)
        return params

    def _comment(self, item: Any, where: str, post_id: str) -> Comment:
        p = self.platform
        try:
            return Comment(platform=p, platform_id=str(field_of(item, "id", platform=p)),
                           text=str(optional_of(item, "message", platform=p) or ""),
                           author_id=str(field_of(item, "from.id", platform=p)),
                           author_name=str(optional_of(item, "from.name", platform=p) or ""),
                           created_at=parse_time(field_of(item, "created_time", platform=p), platform=p,
                                                 field="created_time"),
                           url=optional_of(item, "permalink_url", platform=p),
                           in_reply_to=str(optional_of(item, "parent.id", platform=p) or post_id))
        except MalformedPayload as exc:
            raise MalformedPayload("missing or mistyped", platform=p, field=f"{where}.{exc.field}") from None

    def publish(self, account: Account, post: OutgoingPost) -> str:
        data = {"message": post.text, **({"link": post.link} if post.link else {})}
        return self._with_lookup(account, post, f"/{self._node(account)}/feed", data)

    def hide(self, account: Account, comment_id: str) -> None:
        self._post_call(account, f"/{comment_id}", {"is_hidden": "true"})

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
    capabilities = frozenset({Capability.FETCH_COMMENTS, Capability.PUBLISH, Capability.FIND_PUBLISHED,
                              Capability.HIDE, Capability.DELETE, Capability.PROFILE})
    posts_edge = "media"
    post_fields = "id,caption,timestamp"
    comment_fields = "id,text,timestamp,username,from{id,username},parent_id"
    text_field = "caption"

    def _comment(self, item: Any, where: str, post_id: str) -> Comment:
        p = self.platform
        try:
            username = str(optional_of(item, "from.username", platform=p) or field_of(item, "username", platform=p))
            return Comment(platform=p, platform_id=str(field_of(item, "id", platform=p)),
                           text=str(field_of(item, "text", platform=p)),
                           author_id=str(optional_of(item, "from.id", platform=p) or username), author_name=username,
                           created_at=parse_time(field_of(item, "timestamp", platform=p), platform=p,
                                                 field="timestamp"),
                           in_reply_to=str(optional_of(item, "parent_id", platform=p) or post_id))
        except MalformedPayload as exc:
            raise MalformedPayload("missing or mistyped", platform=p, field=f"{where}.{exc.field}") from None

    def publish(self, account: Account, post: OutgoingPost) -> str:
        """Instagram posts need an image: make a media container, then publish it (a lost container expires)."""
        if not post.media_urls:
            raise NotSupported("Instagram cannot publish a post without an image", platform=self.platform)
        found = self.find_published(account, post)
        if found is not None:
            return found
        caption = post.text if not post.link else f"{post.text}\n{post.link}"
        container = self._post_call(account, f"/{self._node(account)}/media",
                                    {"image_url": post.media_urls[0], "caption": caption})
        creation_id = str(field_of(container, "id", platform=self.platform))
        return self._with_lookup(account, post, f"/{self._node(account)}/media_publish", {"creation_id": creation_id})

    def hide(self, account: Account, comment_id: str) -> None:
        self._post_call(account, f"/{comment_id}", {"hide": "true"})

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

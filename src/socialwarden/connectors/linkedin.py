"""LinkedIn organisation pages through the Community Management API (versioned ``/rest`` endpoints) with httpx.

Every call sends ``LinkedIn-Version`` and ``X-Restli-Protocol-Version: 2.0.0``; URNs in paths are URL-encoded.

- Posts: ``GET /rest/posts?q=author&author={org}&start&count`` (newest first), ``POST /rest/posts`` (201, the new
  URN in ``x-restli-id``), ``POST /rest/posts/{urn}`` with ``X-RestLi-Method: PARTIAL_UPDATE`` and
  ``{"patch": {"$set": {"commentary": …}}}`` to edit, ``DELETE /rest/posts/{urn}`` to delete.
- Comments: ``GET/POST /rest/socialActions/{post urn}/comments`` (``start``/``count`` paging; a reply names its
  ``parentComment``), ``DELETE /rest/socialActions/{post urn}/comments/{id}?actor={org}``.
- Counts: ``GET /rest/organizationalEntityShareStatistics?q=organizationalEntity`` with ``shares=List(…)`` /
  ``ugcPosts=List(…)`` (likeCount, commentCount, shareCount, impressionCount).

A sync round lists the page's posts back to ``horizon_days`` and reads each post's comments, keeping those since
the previous round began; the cursor carries the round (posts left with their text, the comment offset, the next
listing offset), so a restart resumes inside it. Commentary is "little text": reserved characters are escaped on
the way out and unescaped on the way in. LinkedIn has no idempotency key: a lost publish is found again by exact
text among the page's posts made since the attempt began. Its throttles are daily (reset at midnight UTC), longer
than any retry, so they are surfaced. LinkedIn's API cannot hide a comment, block or report: see ``instead``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar
from urllib.parse import quote

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
    same_text,
    write_cursor,
)
from socialwarden.connectors.http import HttpClient, delay_from_headers
from socialwarden.exceptions import (
    AccountNeedsReconnecting,
    MalformedPayload,
    PlatformError,
    PlatformUnavailable,
    RateLimited,
)

LINKEDIN_URL = "https://api.linkedin.com"
VERSION = "202610"  # LinkedIn-Version (YYYYMM); each version is served for a year
POST_PAGE = 50
COMMENT_PAGE = 100
OVERLAP_MS = 60_000
DAY_MS = 86_400_000
TEXT_KEPT = 1000
_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")
_ESCAPED = re.compile(r"\\([\\|{}@\[\]()<>#*_~])")
_COMMENT_URN = re.compile(r"^urn:li:comment:\((?P<post>urn:li:[A-Za-z]+:[^,]+),(?P<id>[^)]+)\)$")


def escape(text: str) -> str:
    """Plain text as LinkedIn's "little text" commentary (reserved characters backslash-escaped)."""
    return _RESERVED.sub(r"\\\1", text)


def unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def _seconds_to_utc_midnight(now: float) -> float:
    current = dt.datetime.fromtimestamp(now, dt.UTC)
    reset = (current + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (reset - current).total_seconds()


def _enc(urn: str) -> str:
    return quote(urn, safe="")


@register
class LinkedInConnector(Connector):
    platform = "linkedin"
    label = "LinkedIn"
    capabilities = frozenset({Capability.FETCH_COMMENTS, Capability.PUBLISH, Capability.FIND_PUBLISHED,
                              Capability.DELETE, Capability.REPLY, Capability.EDIT, Capability.DELETE_POST,
                              Capability.ENGAGEMENT, Capability.FETCH_POST})
    instead: ClassVar[Mapping[Capability, str]] = {
        Capability.HIDE: "the API cannot hide a comment: remove it (a page may delete comments on its own posts), "
            "or close comments on the post in LinkedIn",
        Capability.UNHIDE: "LinkedIn has no hidden comments to restore",
        Capability.BLOCK: "block the member from the page in LinkedIn; remove the comment here",
        Capability.REPORT: "report the comment in LinkedIn; remove it here",
    }
    horizon_days: ClassVar[float] = 365.0

    # ---- plumbing ---------------------------------------------------------------------------------------------

    def _client_for(self, account: Account) -> HttpClient:
        token = account.credentials.require("access_token", platform=self.platform)
        headers = {"Authorization": f"Bearer {token}", "X-Restli-Protocol-Version": "2.0.0",
                   "LinkedIn-Version": account.credentials.get("linkedin_version") or VERSION}
        return self.http_client(account, lambda: HttpClient(
            platform=self.platform, base_url=account.api_base_url or LINKEDIN_URL, clock=self.clock,
            policy=self.retry, classify=self._classify(account), headers=headers), token=token)

    def _classify(self, account: Account) -> Any:
        def classify(response: httpx.Response) -> Exception | None:
            if response.is_success:
                return None
            try:
                body = response.json()
            except ValueError:
                body = {}
            message = str((body.get("message") if isinstance(body, Mapping) else None)
                          or f"HTTP {response.status_code}")[:200]
            if response.status_code == 401:
                return AccountNeedsReconnecting(f"the access token was refused ({message}): reconnect the account "
                                                f"{account.handle}", platform=self.platform)
            if response.status_code == 429:
                delay = delay_from_headers(response.headers, self.clock.now())
                if delay is None and " DAY " in f" {message} ":
                    delay = _seconds_to_utc_midnight(self.clock.now())  # a daily throttle resets at midnight UTC
                return RateLimited(f"rate limited ({message})", platform=self.platform, retry_after=delay)
            if response.status_code >= 500:
                return PlatformUnavailable(message, platform=self.platform,
                                           retry_after=delay_from_headers(response.headers, self.clock.now()))
            if response.status_code == 404:
                return Gone(message, platform=self.platform)
            return PlatformError(f"refused: {message} (HTTP {response.status_code})", platform=self.platform)
        return classify

    def _json(self, response: httpx.Response) -> Mapping[str, Any]:
        try:
            body = response.json()
        except ValueError:
            raise MalformedPayload("not JSON", platform=self.platform, field="body") from None
        if not isinstance(body, Mapping):
            raise MalformedPayload("expected an object", platform=self.platform, field="body")
        return body

    def _org(self, account: Account) -> str:
        if not account.external_id:
            raise PlatformError(f"the account {account.handle} has no organisation id recorded",
                                platform=self.platform)
        ref = account.external_id.strip()
        return ref if ref.startswith("urn:li:") else f"urn:li:organization:{ref}"

    def _elements(self, body: Mapping[str, Any], where: str) -> list[Any]:
        try:
            return list(field_of(body, "elements", platform=self.platform, kind=list))
        except MalformedPayload as exc:
            raise MalformedPayload(f"{where}: missing or not a list", platform=self.platform, field=exc.field) from None

    # ---- reading comments -------------------------------------------------------------------------------------

    def fetch_comments(self, account: Account, cursor: str | None) -> CommentPage:
        """One page of one post's comments per call (see the module docstring for the round and its cursor)."""
        state = read_cursor(cursor)
        http = self._client_for(account)
        if "started" not in state:
            state = {"since": state.get("since"), "started": int(self.clock.now() * 1000), "posts": [], "start": 0,
                     "posts_start": 0}
        while not state["posts"] and state.get("posts_start") is not None:
            state.update(self._post_page(http, account, state))
        if not state["posts"]:
            return CommentPage(comments=(), cursor=write_cursor({"since": state["started"] - OVERLAP_MS}),
                               more=False)
        post_urn, post_text = str(state["posts"][0][0]), state["posts"][0][1]
        start = int(state.get("start") or 0)
        body = self._json(http.request("GET", f"/rest/socialActions/{_enc(post_urn)}/comments",
                                       params={"start": start, "count": COMMENT_PAGE}))
        items = self._elements(body, "comments")
        org, since = self._org(account), state.get("since")
        comments = []
        for index, item in enumerate(items):
            comment = self._comment(item, f"elements[{index}]", post_urn, post_text)
            if comment.author_id == org:
                continue  # our own replies are not third-party comments
            if since is None or comment.created_at.timestamp() * 1000 >= since:
                comments.append(comment)
        total = optional_of(body, "paging.total", platform=self.platform, kind=int)
        has_next = len(items) >= COMMENT_PAGE and (total is None or start + len(items) < total)
        rest = state["posts"] if has_next else state["posts"][1:]
        if rest or state.get("posts_start") is not None:
            next_state = {**state, "posts": rest, "start": start + len(items) if has_next else 0}
            return CommentPage(comments=tuple(comments), cursor=write_cursor(next_state), more=True)
        return CommentPage(comments=tuple(comments), cursor=write_cursor({"since": state["started"] - OVERLAP_MS}),
                           more=False)

    def _post_page(self, http: HttpClient, account: Account, state: Mapping[str, Any]) -> dict[str, Any]:
        start = int(state["posts_start"])
        body = self._json(http.request("GET", "/rest/posts", params={
            "q": "author", "author": self._org(account), "start": start, "count": POST_PAGE,
            "sortBy": "CREATED"}))
        items = self._elements(body, "posts")
        horizon = int(state["started"]) - int(self.horizon_days * DAY_MS)
        posts, too_old = [], False
        for item in items:
            urn = str(field_of(item, "id", platform=self.platform))
            created = optional_of(item, "createdAt", platform=self.platform, kind=int)
            if created is not None and created < horizon:
                too_old = True
                continue
            if item.get("lifecycleState") not in (None, "PUBLISHED"):
                continue  # drafts carry no comments
            commentary = optional_of(item, "commentary", platform=self.platform) or ""
            posts.append([urn, unescape(str(commentary))[:TEXT_KEPT]])
        more = len(items) >= POST_PAGE and not too_old
        return {"posts": posts, "start": 0, "posts_start": start + len(items) if more else None}

    def _comment(self, item: Any, where: str, post_urn: str, post_text: str | None) -> Comment:
        p = self.platform
        try:
            comment_id = str(field_of(item, "id", platform=p))
            urn = str(optional_of(item, "commentUrn", platform=p) or f"urn:li:comment:({post_urn},{comment_id})")
            actor = str(field_of(item, "actor", platform=p))
            created = field_of(item, "created.time", platform=p, kind=int)
            text = str(field_of(item, "message.text", platform=p))
        except MalformedPayload as exc:
            raise MalformedPayload("missing or mistyped", platform=p, field=f"{where}.{exc.field}") from None
        parent = optional_of(item, "parentComment", platform=p)
        return Comment(platform=p, platform_id=urn, text=unescape(text), author_id=actor, author_name=actor,
                       created_at=dt.datetime.fromtimestamp(created / 1000, dt.UTC),
                       url=f"https://www.linkedin.com/feed/update/{post_urn}/?commentUrn={_enc(urn)}",
                       in_reply_to=str(parent) if parent else post_urn, post_id=post_urn, post_text=post_text)

    # ---- posts ------------------------------------------------------------------------------------------------

    def publish(self, account: Account, post: OutgoingPost) -> str:
        http = self._client_for(account)
        payload = {"author": self._org(account), "commentary": escape(post.body), "visibility": "PUBLIC",
                   "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                                    "thirdPartyDistributionChannels": []},
                   "lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": False}

        def look() -> httpx.Response | None:
            found = self.find_published(account, post)
            return None if found is None else httpx.Response(201, headers={"x-restli-id": found})

        response = http.request("POST", "/rest/posts", json=payload, before_retry=look)
        urn = response.headers.get("x-restli-id") or response.headers.get("x-linkedin-id")
        if not urn:
            raise MalformedPayload("no x-restli-id header on the created post", platform=self.platform,
                                   field="x-restli-id")
        return str(urn)

    def find_published(self, account: Account, post: OutgoingPost) -> str | None:
        body = self._json(self._client_for(account).request("GET", "/rest/posts", params={
            "q": "author", "author": self._org(account), "start": 0, "count": 20, "sortBy": "CREATED"}))
        for item in self._elements(body, "posts"):
            if not isinstance(item, Mapping):
                continue
            if not same_text(unescape(str(item.get("commentary") or "")), post.body):
                continue
            created = item.get("createdAt")
            when = dt.datetime.fromtimestamp(created / 1000, dt.UTC) if isinstance(created, int) else None
            if post.could_be(str(item.get("id")), when):
                return str(item.get("id"))
        return None

    def edit(self, account: Account, platform_id: str, post: OutgoingPost) -> None:
        self._client_for(account).request(
            "POST", f"/rest/posts/{_enc(platform_id)}", headers={"X-RestLi-Method": "PARTIAL_UPDATE"},
            json={"patch": {"$set": {"commentary": escape(post.body)}}})

    def delete_post(self, account: Account, platform_id: str) -> None:
        try:
            self._client_for(account).request("DELETE", f"/rest/posts/{_enc(platform_id)}",
                                              headers={"X-RestLi-Method": "DELETE"})
        except Gone:
            return  # already gone

    def fetch_post(self, account: Account, platform_id: str) -> PlatformPost:
        body = self._json(self._client_for(account).request("GET", f"/rest/posts/{_enc(platform_id)}"))
        created = optional_of(body, "createdAt", platform=self.platform, kind=int)
        return PlatformPost(platform_id=str(field_of(body, "id", platform=self.platform)),
                            text=unescape(str(body.get("commentary") or "")),
                            url=f"https://www.linkedin.com/feed/update/{platform_id}/",
                            created_at=None if created is None else dt.datetime.fromtimestamp(created / 1000, dt.UTC))

    # ---- comments ---------------------------------------------------------------------------------------------

    def reply(self, account: Account, target_id: str, post: OutgoingPost, *, on_post: bool = False) -> str:
        """A comment as the organisation on our post, or a reply to a comment (in the comment's post). Not retried
        after a 5xx: LinkedIn has no idempotency key, so a person checks rather than risk a second reply."""
        match = _COMMENT_URN.match(target_id)
        post_urn = target_id if on_post or match is None else match.group("post")
        payload: dict[str, Any] = {"actor": self._org(account), "object": post_urn, "message": {"text": post.body}}
        if match is not None and not on_post:
            payload["parentComment"] = target_id
        response = self._client_for(account).request("POST", f"/rest/socialActions/{_enc(post_urn)}/comments",
                                                     json=payload, retry_unavailable=False)
        created = response.headers.get("x-restli-id")
        if not created:
            body = self._json(response)
            created = str(body.get("commentUrn") or field_of(body, "id", platform=self.platform))
        return str(created)

    def delete(self, account: Account, comment_id: str) -> None:
        match = _COMMENT_URN.match(comment_id)
        if match is None:
            raise PlatformError(f"not a LinkedIn comment URN: {comment_id[:80]!r}", platform=self.platform)
        try:
            self._client_for(account).request(
                "DELETE", f"/rest/socialActions/{_enc(match.group('post'))}/comments/{_enc(match.group('id'))}",
                params={"actor": self._org(account)}, headers={"X-RestLi-Method": "DELETE"})
        except Gone:
            return

    # ---- counts -----------------------------------------------------------------------------------------------

    def engagement(self, account: Account, platform_ids: Sequence[str]) -> list[Engagement]:
        found: list[Engagement] = []
        http = self._client_for(account)
        for batch in chunks(list(platform_ids), 20):
            shares = [u for u in batch if u.startswith("urn:li:share:")]
            ugc = [u for u in batch if not u.startswith("urn:li:share:")]
            query = f"q=organizationalEntity&organizationalEntity={_enc(self._org(account))}"
            if shares:
                query += "&shares=List(" + ",".join(_enc(u) for u in shares) + ")"
            if ugc:
                query += "&ugcPosts=List(" + ",".join(_enc(u) for u in ugc) + ")"
            body = self._json(http.request("GET", f"/rest/organizationalEntityShareStatistics?{query}"))
            for index, item in enumerate(self._elements(body, "statistics")):
                p, where = self.platform, f"elements[{index}]"
                try:
                    urn = str(optional_of(item, "share", platform=p) or field_of(item, "ugcPost", platform=p))
                    stats = field_of(item, "totalShareStatistics", platform=p, kind=Mapping)
                    found.append(Engagement(post_id=urn, likes=field_of(stats, "likeCount", platform=p, kind=int),
                                            shares=field_of(stats, "shareCount", platform=p, kind=int),
                                            replies=field_of(stats, "commentCount", platform=p, kind=int),
                                            views=optional_of(stats, "impressionCount", platform=p, kind=int)))
                except MalformedPayload as exc:
                    raise MalformedPayload("missing or mistyped", platform=p,
                                           field=f"{where}.{exc.field}") from None
        return found

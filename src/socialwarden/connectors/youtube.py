"""YouTube comments through the Data API v3 over httpx: commentThreads.list in, comments.setModerationStatus out,
replies (comments.insert / commentThreads.insert), video statistics and titles (videos.list).

Threads come newest first (``order=time``) with ``nextPageToken``. A round reads pages until it meets a comment
it saw last round; the cursor keeps the previous round's newest time, the next page's token and this round's
newest time, so a restart carries on mid-round. Quota errors (403 ``quotaExceeded``) wait for the daily reset at
midnight Pacific, which is longer than any retry, so they are surfaced; ``rateLimitExceeded`` is retried.
"""

from __future__ import annotations

import datetime as dt
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

YOUTUBE_URL = "https://www.googleapis.com"
RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded"}
QUOTA_REASONS = {"quotaExceeded", "dailyLimitExceeded"}


def _seconds_to_pacific_midnight(now: float) -> float:
    """Quota resets at midnight America/Los_Angeles; 08:00 UTC is close enough (PST) and never early by more
    than the DST hour."""
    current = dt.datetime.fromtimestamp(now, dt.UTC)
    reset = current.replace(hour=8, minute=0, second=0, microsecond=0)
    if reset <= current:
        reset += dt.timedelta(days=1)
    return (reset - current).total_seconds()


@register
class YouTubeConnector(Connector):
    platform = "youtube"
    label = "YouTube"
    capabilities = frozenset({Capability.FETCH_COMMENTS, Capability.HIDE, Capability.UNHIDE, Capability.DELETE,
                              Capability.PROFILE, Capability.REPLY, Capability.ENGAGEMENT, Capability.FETCH_POST})
    instead: ClassVar[Mapping[Capability, str]] = {
        Capability.PUBLISH: "upload videos in YouTube Studio; SocialWarden reads their comments",
        Capability.EDIT: "edit the video's title or description in YouTube Studio, or reply with the correction",
        Capability.DELETE_POST: "delete or make the video private in YouTube Studio",
        Capability.BLOCK: "hide the user from the channel in YouTube Studio; remove the comment here",
        Capability.REPORT: "report the comment in YouTube; hide or remove it here",
    }

    def _client_for(self, account: Account) -> HttpClient:
        token = account.credentials.require("access_token", platform=self.platform)
        return self.http_client(account, lambda: HttpClient(
            platform=self.platform, base_url=account.api_base_url or YOUTUBE_URL, clock=self.clock,
            policy=self.retry, classify=self._classify(account), headers={"Authorization": f"Bearer {token}"}),
            token=token)

    def _classify(self, account: Account) -> Any:
        def classify(response: httpx.Response) -> Exception | None:
            if response.is_success:
                return None
            try:
                error = response.json().get("error") or {}
            except ValueError:
                error = {}
            reasons = {e.get("reason") for e in error.get("errors") or [] if isinstance(e, dict)}
            message = str(error.get("message") or f"HTTP {response.status_code}")[:200]
            if response.status_code == 401:
                return AccountNeedsReconnecting(f"the access token was refused ({message}): reconnect the account "
                                                f"{account.handle}", platform=self.platform)
            if reasons & QUOTA_REASONS:
                return RateLimited("daily quota used up", platform=self.platform,
                                   retry_after=_seconds_to_pacific_midnight(self.clock.now()))
            if reasons & RATE_REASONS or response.status_code == 429:
                return RateLimited(f"rate limited ({message})", platform=self.platform,
                                   retry_after=delay_from_headers(response.headers, self.clock.now()))
            if response.status_code == 404:
                return Gone(message, platform=self.platform)
            if response.status_code >= 500:
                return PlatformUnavailable(message, platform=self.platform,
                                           retry_after=delay_from_headers(response.headers, self.clock.now()))
            return PlatformError(f"refused: {message}", platform=self.platform)
        return classify

    def _channel(self, account: Account) -> str:
        if not account.external_id:
            raise PlatformError(f"the account {account.handle} has no channel id recorded", platform=self.platform)
        return account.external_id

    def fetch_comments(self, account: Account, cursor: str | None) -> CommentPage:
        """One page of comment threads (top-level comments and the replies sent with them)."""
        state = read_cursor(cursor)
        since = state.get("since")
        params: dict[str, Any] = {"part": "snippet,replies", "allThreadsRelatedToChannelId": self._channel(account),
                                  "maxResults": 100, "order": "time", "textFormat": "plainText"}
        if state.get("page"):
            params["pageToken"] = state["page"]
        response = self._client_for(account).request("GET", "/youtube/v3/commentThreads", params=params)
        try:
            body = response.json()
        except ValueError:
            raise MalformedPayload("not JSON", platform=self.platform, field="body") from None
        items = field_of(body, "items", platform=self.platform, kind=list)
        comments: list[Comment] = []
        reached_old = False
        for index, thread in enumerate(items):
            where = f"items[{index}]"
            top = self._comment(field_of(thread, "snippet.topLevelComment", platform=self.platform, kind=Mapping),
                                f"{where}.snippet.topLevelComment", None)
            replies = [self._comment(r, f"{where}.replies.comments[{k}]", top.platform_id)
                       for k, r in enumerate(optional_of(thread, "replies.comments", platform=self.platform,
                                                         kind=list) or [])]
            for comment in (top, *replies):
                if since is None or comment.created_at.isoformat() >= since:
                    comments.append(comment)
            if since is not None and top.created_at.isoformat() < since:
                reached_old = True
        newest = [c.created_at.isoformat() for c in comments] + ([state["top"]] if state.get("top") else [])
        round_top = max(newest) if newest else since
        token = optional_of(body, "nextPageToken", platform=self.platform)
        comments.sort(key=lambda c: c.created_at)
        if token and not reached_old:
            next_state = {"since": since, "page": token, "top": round_top}
            return CommentPage(comments=tuple(comments), cursor=write_cursor(next_state), more=True)
        return CommentPage(comments=tuple(comments), cursor=write_cursor({"since": round_top}), more=False)

    def _comment(self, item: Any, where: str, parent: str | None) -> Comment:
        p = self.platform
        try:
            snippet = field_of(item, "snippet", platform=p, kind=Mapping)
            comment_id = str(field_of(item, "id", platform=p))
            video = optional_of(snippet, "videoId", platform=p)
            return Comment(platform=p, platform_id=comment_id,
                           text=str(optional_of(snippet, "textOriginal", platform=p)
                                    or field_of(snippet, "textDisplay", platform=p)),
                           author_id=str(optional_of(snippet, "authorChannelId.value", platform=p)
                                         or field_of(snippet, "authorDisplayName", platform=p)),
                           author_name=str(field_of(snippet, "authorDisplayName", platform=p)),
                           created_at=parse_time(field_of(item, "snippet.publishedAt", platform=p), platform=p,
                                                 field="snippet.publishedAt"),
                           url=f"https://www.youtube.com/watch?v={video}&lc={comment_id}" if video else None,
                           in_reply_to=parent or video, post_id=video)
        except MalformedPayload as exc:
            raise MalformedPayload("missing or mistyped", platform=p, field=f"{where}.{exc.field}") from None

    def _moderate(self, account: Account, comment_id: str, status: str) -> None:
        self._client_for(account).request("POST", "/youtube/v3/comments/setModerationStatus",
                                          params={"id": comment_id, "moderationStatus": status})

    def hide(self, account: Account, comment_id: str) -> None:
        """Hold the comment for review: hidden from the public until a moderator publishes it again."""
        self._moderate(account, comment_id, "heldForReview")

    def unhide(self, account: Account, comment_id: str) -> None:
        """Publish a comment that was held for review."""
        self._moderate(account, comment_id, "published")

    def delete(self, account: Account, comment_id: str) -> None:
        """Reject the comment (the channel owner cannot delete another person's comment, only reject it)."""
        self._moderate(account, comment_id, "rejected")

    def reply(self, account: Account, target_id: str, post: OutgoingPost, *, on_post: bool = False) -> str:
        """A reply in the comment's thread, or (``on_post``) a new top-level comment on our video. Not retried
        after a 5xx: YouTube has no idempotency key, so a person checks rather than risk a second reply."""
        http = self._client_for(account)
        if on_post:
            body: dict[str, Any] = {"snippet": {"videoId": target_id, "topLevelComment": {
                "snippet": {"textOriginal": post.body}}}}
            response = http.request("POST", "/youtube/v3/commentThreads", params={"part": "snippet"}, json=body,
                                    retry_unavailable=False)
        else:
            body = {"snippet": {"parentId": target_id, "textOriginal": post.body}}
            response = http.request("POST", "/youtube/v3/comments", params={"part": "snippet"}, json=body,
                                    retry_unavailable=False)
        return str(field_of(response.json(), "id", platform=self.platform))

    def _videos(self, account: Account, ids: Sequence[str], part: str) -> list[Any]:
        response = self._client_for(account).request("GET", "/youtube/v3/videos",
                                                     params={"part": part, "id": ",".join(ids)})
        try:
            body = response.json()
        except ValueError:
            raise MalformedPayload("not JSON", platform=self.platform, field="body") from None
        return list(field_of(body, "items", platform=self.platform, kind=list))

    def engagement(self, account: Account, platform_ids: Sequence[str]) -> list[Engagement]:
        """Video statistics (YouTube counts no shares); deleted videos are simply not in the answer."""
        found = []
        p = self.platform
        for batch in chunks(list(platform_ids), 50):
            for index, item in enumerate(self._videos(account, batch, "statistics")):
                try:
                    stats = field_of(item, "statistics", platform=p, kind=Mapping)
                    found.append(Engagement(post_id=str(field_of(item, "id", platform=p)),
                                            likes=int(stats.get("likeCount") or 0), shares=0,
                                            replies=int(field_of(stats, "commentCount", platform=p)),
                                            views=int(stats.get("viewCount") or 0)))
                except (MalformedPayload, ValueError) as exc:
                    name = exc.field if isinstance(exc, MalformedPayload) else "statistics"
                    raise MalformedPayload("missing or not a count", platform=p,
                                           field=f"items[{index}].{name}") from None
        return found

    def fetch_post(self, account: Account, platform_id: str) -> PlatformPost:
        items = self._videos(account, [platform_id], "snippet")
        p = self.platform
        if not items:
            raise Gone(f"no video {platform_id}", platform=p)
        snippet = field_of(items[0], "snippet", platform=p, kind=Mapping)
        title = str(field_of(snippet, "title", platform=p))
        description = str(snippet.get("description") or "")
        return PlatformPost(platform_id=platform_id, text=f"{title}\n{description}".strip(),
                            url=f"https://www.youtube.com/watch?v={platform_id}",
                            created_at=parse_time(snippet["publishedAt"], platform=p, field="snippet.publishedAt")
                            if snippet.get("publishedAt") else None)

    def profile(self, account: Account) -> Profile:
        response = self._client_for(account).request("GET", "/youtube/v3/channels",
                                                     params={"part": "snippet,brandingSettings", "mine": "true"})
        p = self.platform
        items = field_of(response.json(), "items", platform=p, kind=list)
        if not items:
            raise MalformedPayload("no channel for this token", platform=p, field="items")
        channel = items[0]
        handle = str(optional_of(channel, "snippet.customUrl", platform=p) or field_of(channel, "id", platform=p))
        return Profile(platform=p, handle=handle, display_name=str(field_of(channel, "snippet.title", platform=p)),
                       bio=str(optional_of(channel, "snippet.description", platform=p) or ""),
                       avatar_url=optional_of(channel, "snippet.thumbnails.default.url", platform=p),
                       banner_url=optional_of(channel, "brandingSettings.image.bannerExternalUrl", platform=p),
                       url=f"https://www.youtube.com/{handle}")

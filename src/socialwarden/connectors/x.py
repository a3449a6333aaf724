"""X (Twitter) API v2 through tweepy's ``Client``: mentions in, posts and replies out, hide/unhide replies, delete
our posts, public metrics, the profile. X's API cannot edit a post: a correction is a reply to it.

Calls use the account's OAuth 2.0 user-context token as the bearer. tweepy has the API host built in, so the
client's requests session is swapped for one that sends those requests to ``account.api_base_url`` when it is set
(the test server; a proxy). Mentions come newest-first with ``pagination_token``; the cursor keeps the round's
``since_id``, the token for the next page and the newest id seen, so a restart mid-round carries on and the next
round starts after the newest mention. After a lost answer, our own timeline is searched for exactly the text
sent, made after the attempt began and not already recorded as another of our posts; everything after that is
looked up by the post's id.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

import requests
import tweepy

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
from socialwarden.connectors.http import Pacer, delay_from_headers, with_retries
from socialwarden.exceptions import (
    AccountNeedsReconnecting,
    MalformedPayload,
    PlatformError,
    PlatformUnavailable,
    RateLimited,
)

T = TypeVar("T")
U = TypeVar("U")
TWEEPY_HOST = "https://api.twitter.com"
PAGE = 100


class _RebasedSession(requests.Session):
    """A requests session that sends tweepy's built-in host to another base URL."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        text = url.decode() if isinstance(url, bytes) else url
        if text.startswith(TWEEPY_HOST):
            text = self.base_url + text[len(TWEEPY_HOST):]
        return super().request(method, text, *args, **kwargs)


def _id_key(value: str) -> tuple[int, str]:
    return (len(value), value)


def _text(post: OutgoingPost) -> str:
    return post.text if not post.link else f"{post.text} {post.link}"


@register
class XConnector(Connector):
    platform = "x"
    label = "X"
    capabilities = frozenset({Capability.FETCH_COMMENTS, Capability.PUBLISH, Capability.FIND_PUBLISHED,
                              Capability.HIDE, Capability.UNHIDE, Capability.PROFILE, Capability.REPLY,
                              Capability.DELETE_POST, Capability.ENGAGEMENT, Capability.FETCH_POST})
    instead: ClassVar[Mapping[Capability, str]] = {
        Capability.EDIT: "post the correction as a reply to the original (or delete and repost if nobody "
            "has engaged with it)",
        Capability.DELETE: "only the author can delete a reply; hide it instead",
        Capability.BLOCK: "block the author in the X app (the v2 API's block endpoint is withdrawn)",
        Capability.REPORT: "report the post in the X app",
    }

    def _client(self, account: Account) -> tweepy.Client:
        token = account.credentials.require("access_token", platform=self.platform)
        client = tweepy.Client(bearer_token=token, return_type=dict, wait_on_rate_limit=False)
        if account.api_base_url:
            client.session = _RebasedSession(account.api_base_url)
        return client

    def _user_id(self, account: Account) -> str:
        if not account.external_id:
            raise PlatformError(f"the account {account.handle} has no X user id recorded", platform=self.platform)
        return account.external_id

    def _call(self, account: Account, work: Callable[[tweepy.Client], T],
              before_retry: Callable[[tweepy.Client], T | None] | None = None) -> T:
        client = self._client(account)
        pacer = Pacer(self.clock)

        def once() -> T:
            pacer.wait(self.retry.max_delay)
            return self._mapped(lambda: work(client), account, pacer)

        retry_check = None if before_retry is None else (
            lambda: self._mapped(lambda: before_retry(client), account, pacer))
        try:
            return with_retries(once, policy=self.retry, clock=self.clock, before_retry=retry_check)
        finally:
            client.session.close()

    def _mapped(self, call: Callable[[], U], account: Account, pacer: Pacer) -> U:
        """Run one tweepy call, turning its errors into ours (a revoked token, a rate limit, a 5xx …)."""
        try:
            return call()
        except tweepy.Unauthorized:
            raise AccountNeedsReconnecting(f"the access token was refused: reconnect the account "
                                           f"{account.handle}", platform=self.platform) from None
        except tweepy.TooManyRequests as exc:
            pacer.note(exc.response.headers)
            raise RateLimited("rate limited (HTTP 429)", platform=self.platform,
                              retry_after=delay_from_headers(exc.response.headers, self.clock.now())) from None
        except tweepy.TwitterServerError as exc:
            raise PlatformUnavailable(f"HTTP {exc.response.status_code}", platform=self.platform,
                                      retry_after=delay_from_headers(exc.response.headers,
                                                                     self.clock.now())) from None
        except tweepy.NotFound as exc:
            raise Gone(f"not there any more: {exc}", platform=self.platform) from None
        except tweepy.HTTPException as exc:
            raise PlatformError(f"refused: {exc}", platform=self.platform) from None
        except requests.RequestException as exc:
            raise PlatformUnavailable(f"no answer ({type(exc).__name__})", platform=self.platform) from None
        except (ValueError, json.JSONDecodeError):
            raise MalformedPayload("not JSON", platform=self.platform, field="body") from None

    def fetch_comments(self, account: Account, cursor: str | None) -> CommentPage:
        """Mentions since the last round, one page per call (see the module docstring for the cursor)."""
        state = read_cursor(cursor, bare_key="since")
        user_id = self._user_id(account)
        params: dict[str, Any] = {"max_results": PAGE, "expansions": ["author_id", "referenced_tweets.id"],
                                  "tweet_fields": ["created_at", "conversation_id", "in_reply_to_user_id",
                                                   "referenced_tweets", "author_id"],
                                  "user_fields": ["name", "username"]}
        if state.get("since"):
            params["since_id"] = state["since"]
        if state.get("token"):
            params["pagination_token"] = state["token"]
        body = self._call(account, lambda c: c.get_users_mentions(user_id, user_auth=False, **params))
        if not isinstance(body, Mapping):
            raise MalformedPayload("expected an object", platform=self.platform, field="body")
        includes = body.get("includes") or {}
        users = {str(u.get("id")): u for u in includes.get("users", []) if isinstance(u, dict)}
        tweets = {str(t.get("id")): str(t.get("text") or "") for t in includes.get("tweets", []) if isinstance(t, dict)}
        comments = [self._comment(tweet, index, users, tweets) for index, tweet in enumerate(body.get("data") or [])]
        meta = body.get("meta") or {}
        newest = [v for v in (state.get("top"), optional_of(meta, "newest_id", platform=self.platform)) if v]
        top = max(newest, key=_id_key) if newest else None
        token = optional_of(meta, "next_token", platform=self.platform)
        if token:
            next_state = {"since": state.get("since"), "token": token, "top": top}
        else:
            next_state = {"since": top or state.get("since"), "token": None, "top": None}
        comments.sort(key=lambda c: _id_key(c.platform_id))
        return CommentPage(comments=tuple(comments), cursor=write_cursor(next_state), more=bool(token))

    def _comment(self, tweet: Any, index: int, users: Mapping[str, Any], tweets: Mapping[str, str]) -> Comment:
        p, where = self.platform, f"data[{index}]"
        if not isinstance(tweet, Mapping):
            raise MalformedPayload("expected an object", platform=p, field=where)
        try:
            tweet_id = str(field_of(tweet, "id", platform=p))
            author_id = str(field_of(tweet, "author_id", platform=p))
            text = field_of(tweet, "text", platform=p)
            created = parse_time(field_of(tweet, "created_at", platform=p), platform=p, field="created_at")
        except MalformedPayload as exc:
            raise MalformedPayload("missing or mistyped", platform=p, field=f"{where}.{exc.field}") from None
        user = users.get(author_id, {})
        replied = [r.get("id") for r in tweet.get("referenced_tweets") or [] if r.get("type") == "replied_to"]
        username = user.get("username") or author_id
        root = tweet.get("conversation_id")
        root_text = tweets.get(str(root)) if root else None
        return Comment(platform=p, platform_id=tweet_id, text=text, author_id=author_id,
                       author_name=str(user.get("name") or username), created_at=created,
                       url=f"https://x.com/{username}/status/{tweet_id}",
                       in_reply_to=str(replied[0]) if replied else None,
                       post_id=str(root) if root and str(root) != tweet_id else None,
                       post_text=root_text if root_text and str(root) != tweet_id else None)

    def publish(self, account: Account, post: OutgoingPost) -> str:
        body = self._call(account, lambda c: c.create_tweet(text=_text(post), user_auth=False),
                          before_retry=lambda c: self._find(c, account, post))
        return str(body) if isinstance(body, str) else str(field_of(body, "data.id", platform=self.platform))

    def find_published(self, account: Account, post: OutgoingPost) -> str | None:
        return self._call(account, lambda c: self._find(c, account, post))

    def _find(self, client: tweepy.Client, account: Account, post: OutgoingPost, *,
              replies: bool = False) -> str | None:
        # X has no idempotency keys: our own recent post with exactly this text, made since the attempt began
        params: dict[str, Any] = {"max_results": 100, "tweet_fields": ["created_at"]}
        if not replies:
            params["exclude"] = ["retweets", "replies"]
        if post.not_before is not None:
            since = post.not_before - dt.timedelta(minutes=2)  # the platform's clock and ours
            params["start_time"] = since.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = client.get_users_tweets(self._user_id(account), user_auth=False, **params)
        for tweet in (body or {}).get("data") or []:
            if not isinstance(tweet, Mapping) or not same_text(str(tweet.get("text", "")), _text(post)):
                continue
            created = tweet.get("created_at")
            when = parse_time(created, platform=self.platform, field="created_at") if created else None
            if post.could_be(str(tweet["id"]), when):
                return str(tweet["id"])
        return None

    def reply(self, account: Account, target_id: str, post: OutgoingPost, *, on_post: bool = False) -> str:
        body = self._call(account, lambda c: c.create_tweet(text=_text(post), in_reply_to_tweet_id=target_id,
                                                            user_auth=False),
                          before_retry=lambda c: self._find(c, account, post, replies=True))
        return str(body) if isinstance(body, str) else str(field_of(body, "data.id", platform=self.platform))

    def delete_post(self, account: Account, platform_id: str) -> None:
        def delete(c: tweepy.Client) -> None:
            try:
                c.delete_tweet(platform_id, user_auth=False)
            except tweepy.NotFound:
                return  # already gone
        self._call(account, delete)

    def engagement(self, account: Account, platform_ids: Sequence[str]) -> list[Engagement]:
        found = []
        for batch in chunks(list(platform_ids), 100):  # the API's limit per lookup
            ids = list(batch)

            def lookup(c: tweepy.Client, ids: list[str] = ids) -> Any:
                return c.get_tweets(ids, user_auth=False, tweet_fields=["public_metrics"])
            body = self._call(account, lookup)
            for index, tweet in enumerate((body or {}).get("data") or []):
                p, where = self.platform, f"data[{index}]"
                try:
                    metrics = field_of(tweet, "public_metrics", platform=p, kind=Mapping)
                    found.append(Engagement(
                        post_id=str(field_of(tweet, "id", platform=p)),
                        likes=field_of(metrics, "like_count", platform=p, kind=int),
                        shares=field_of(metrics, "retweet_count", platform=p, kind=int)
                        + int(metrics.get("quote_count") or 0),
                        replies=field_of(metrics, "reply_count", platform=p, kind=int),
                        views=optional_of(metrics, "impression_count", platform=p, kind=int)))
                except MalformedPayload as exc:
                    raise MalformedPayload("missing or mistyped", platform=p,
                                           field=f"{where}.{exc.field}") from None
        return found  # ids X no longer has come back under "errors" and are left out

    def fetch_post(self, account: Account, platform_id: str) -> PlatformPost:
        body = self._call(account, lambda c: c.get_tweet(platform_id, user_auth=False,
                                                         tweet_fields=["created_at", "author_id"]))
        p = self.platform
        data = field_of(body, "data", platform=p, kind=Mapping)
        created = optional_of(data, "created_at", platform=p)
        return PlatformPost(platform_id=str(field_of(data, "id", platform=p)), text=str(field_of(data, "text",
                                                                                                  platform=p)),
                            url=f"https://x.com/i/status/{platform_id}",
                            created_at=parse_time(created, platform=p, field="created_at") if created else None)

    def hide(self, account: Account, comment_id: str) -> None:
        self._call(account, lambda c: c.hide_reply(comment_id, user_auth=False))

    def unhide(self, account: Account, comment_id: str) -> None:
        self._call(account, lambda c: c.unhide_reply(comment_id, user_auth=False))

    def profile(self, account: Account) -> Profile:
        body = self._call(account, lambda c: c.get_me(user_auth=False, user_fields=[
            "description", "profile_image_url", "name", "username", "url", "profile_banner_url"]))
        p = self.platform
        data = field_of(body, "data", platform=p, kind=Mapping)
        username = str(field_of(data, "username", platform=p))
        return Profile(platform=p, handle=username, display_name=str(data.get("name") or ""),
                       bio=str(data.get("description") or ""), avatar_url=optional_of(data, "profile_image_url",
                                                                                        platform=p),
                       banner_url=optional_of(data, "profile_banner_url", platform=p), url=f"https://x.com/{username}")

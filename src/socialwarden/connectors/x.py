"""X (Twitter) API v2 through tweepy's ``Client``: mentions in, posts out, hide replies, the profile.

Calls use the account's OAuth 2.0 user-context token as the bearer. tweepy has the API host built in, so the
client's requests session is swapped for one that sends those requests to ``account.api_base_url`` when it is set
(the test server; a proxy). Mentions come newest-first with ``pagination_token``; the cursor keeps the round's
``since_id``, the token for the next page and the newest id seen, so a restart mid-round carries on and the next
round starts after the newest mention.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import requests
import tweepy

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


@register
class XConnector(Connector):
    platform = "x"
    capabilities = frozenset({Capability.FETCH_COMMENTS, Capability.PUBLISH, Capability.FIND_PUBLISHED,
                              Capability.HIDE, Capability.PROFILE})

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
        users = {str(u.get("id")): u for u in (body.get("includes") or {}).get("users", []) if isinstance(u, dict)}
        comments = [self._comment(tweet, index, users) for index, tweet in enumerate(body.get("data") or [])]
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

    def _comment(self, tweet: Any, index: int, users: Mapping[str, Any]) -> Comment:
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
        return Comment(platform=p, platform_id=tweet_id, text=text, author_id=author_id,
                       author_name=str(user.get("name") or username), created_at=created,
                       url=f"https://x.com/{username}/status/{tweet_id}",
                       in_reply_to=str(replied[0]) if replied else None)

    def publish(self, account: Account, post: OutgoingPost) -> str:
        text = post.text if not post.link else f"{post.text} {post.link}"
        body = self._call(account, lambda c: c.create_tweet(text=text, user_auth=False),
                          before_retry=lambda c: self._find(c, account, post))
        return str(body) if isinstance(body, str) else str(field_of(body, "data.id", platform=self.platform))

    def find_published(self, account: Account, post: OutgoingPost) -> str | None:
        return self._call(account, lambda c: self._find(c, account, post))

    def _find(self, client: tweepy.Client, account: Account, post: OutgoingPost) -> str | None:
        # X has no idempotency keys: look for our own recent post with the same text
        body = client.get_users_tweets(self._user_id(account), user_auth=False, max_results=20,
                                       exclude=["retweets", "replies"])
        for tweet in (body or {}).get("data") or []:
            if isinstance(tweet, Mapping) and str(tweet.get("text", "")).startswith(post.text):
                return str(tweet["id"])
        return None

    def hide(self, account: Account, comment_id: str) -> None:
        self._call(account, lambda c: c.hide_reply(comment_id, user_auth=False))

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

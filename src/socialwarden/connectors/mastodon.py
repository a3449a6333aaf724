"""Mastodon, through Mastodon.py: mentions in, statuses out (and edited, deleted, replied to), block and report
authors, favourite/boost/reply counts, the profile.

Mentions are read oldest-first with ``min_id`` paging (the Link header's ``prev`` link gives the next cursor), so
a cursor saved after each page resumes exactly where the last run stopped. Mastodon honours ``Idempotency-Key``
on status posts, so a retried publish or reply is deduplicated by the instance as well as by us. Mastodon cannot
hide or delete someone else's reply: only block its author or report it to the instance's moderators.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

import requests
from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

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
    field_of,
    optional_of,
    parse_time,
    register,
    same_text,
)
from socialwarden.connectors.http import Pacer, delay_from_headers, with_retries
from socialwarden.connectors.text import html_to_text
from socialwarden.exceptions import (
    AccountNeedsReconnecting,
    MalformedPayload,
    PlatformError,
    PlatformUnavailable,
    RateLimited,
)

T = TypeVar("T")
U = TypeVar("U")
PAGE = 40  # Mastodon's maximum for notifications


def _id_key(value: str) -> tuple[int, str]:
    return (len(value), value)  # snowflake ids are digit strings: longer is newer, then lexical


@register
class MastodonConnector(Connector):
    platform = "mastodon"
    label = "Mastodon"
    idempotent_publish = True
    capabilities = frozenset({Capability.FETCH_COMMENTS, Capability.PUBLISH, Capability.FIND_PUBLISHED,
                              Capability.BLOCK, Capability.REPORT, Capability.PROFILE, Capability.REPLY,
                              Capability.EDIT, Capability.DELETE_POST, Capability.ENGAGEMENT, Capability.FETCH_POST})
    instead: ClassVar[Mapping[Capability, str]] = {
        Capability.HIDE: "it can block the author or report the reply to the instance's moderators instead",
        Capability.UNHIDE: "nothing was hidden there: an author you blocked can be unblocked in Mastodon",
        Capability.DELETE: "only the author can delete a reply; block the author or report the reply instead",
    }

    def _client(self, account: Account) -> tuple[Mastodon, dict[str, Mapping[str, str]]]:
        if not account.api_base_url:
            raise PlatformError("the account has no instance URL", platform=self.platform)
        token = account.credentials.require("access_token", platform=self.platform)
        session = requests.Session()
        last: dict[str, Mapping[str, str]] = {"headers": {}}

        def keep_headers(response: requests.Response, *args: Any, **kwargs: Any) -> None:
            last["headers"] = response.headers

        session.hooks["response"].append(keep_headers)
        api = Mastodon(access_token=token, api_base_url=account.api_base_url.rstrip("/"), version_check_mode="none",
                       ratelimit_method="throw", request_timeout=30, session=session)
        return api, last

    def _call(self, account: Account, work: Callable[[Mastodon], T],
              before_retry: Callable[[Mastodon], T | None] | None = None) -> T:
        api, last = self._client(account)
        pacer = Pacer(self.clock)

        def once() -> T:
            pacer.wait(self.retry.max_delay)
            try:
                return self._mapped(lambda: work(api), account, last)
            finally:
                pacer.note(last["headers"])

        retry_check = None if before_retry is None else (
            lambda: self._mapped(lambda: before_retry(api), account, last))
        try:
            return with_retries(once, policy=self.retry, clock=self.clock, before_retry=retry_check)
        finally:
            api.session.close()

    def _mapped(self, call: Callable[[], U], account: Account, last: Mapping[str, Mapping[str, str]]) -> U:
        """Run one Mastodon.py call, turning its errors into ours (a refused token, a rate limit, a 5xx …)."""
        try:
            return call()
        except MastodonUnauthorizedError as exc:
            raise AccountNeedsReconnecting(f"the access token was refused ({_reason(exc)}): reconnect the "
                                           f"account {account.handle}", platform=self.platform) from None
        except MastodonRatelimitError:
            raise RateLimited("rate limited (HTTP 429)", platform=self.platform,
                              retry_after=delay_from_headers(last["headers"], self.clock.now())) from None
        except (MastodonServerError, MastodonNetworkError) as exc:
            raise PlatformUnavailable(f"{type(exc).__name__} {_reason(exc)}", platform=self.platform,
                                      retry_after=delay_from_headers(last["headers"], self.clock.now())) from None
        except MastodonNotFoundError as exc:
            raise Gone(f"not there any more: {_reason(exc)}", platform=self.platform) from None
        except MastodonAPIError as exc:
            if "Could not parse response as JSON" in str(exc):
                raise MalformedPayload("not JSON", platform=self.platform, field="body") from None
            raise PlatformError(f"refused: {_reason(exc)}", platform=self.platform) from None

    def fetch_comments(self, account: Account, cursor: str | None) -> CommentPage:
        """Mentions after ``cursor`` (a notification id), oldest page first; None starts at the oldest kept."""
        page = self._call(account, lambda api: api.notifications(types=["mention"], min_id=cursor or "0",
                                                                 limit=PAGE))
        if not isinstance(page, list):
            raise MalformedPayload("expected a list of notifications", platform=self.platform, field="body")
        comments, ids = [], []
        for index, item in enumerate(page):
            try:
                ids.append(str(field_of(item, "id", platform=self.platform, kind=(str, int))))
                if item.get("type") == "mention" and item.get("status") is not None:
                    comments.append(self._comment(item))
            except MalformedPayload as exc:  # name the notification's position in the answer
                raise MalformedPayload("missing or mistyped", platform=self.platform,
                                       field=f"[{index}].{exc.field}") from None
        prev = getattr(page, "_pagination_prev", None)
        next_cursor = cursor
        if isinstance(prev, Mapping) and prev.get("min_id") is not None:
            next_cursor = str(prev["min_id"])
        elif ids:
            next_cursor = max(ids, key=_id_key)
        comments.sort(key=lambda c: _id_key(c.platform_id))
        return CommentPage(comments=tuple(comments), cursor=next_cursor, more=len(page) >= PAGE)

    def _comment(self, item: Mapping[str, Any]) -> Comment:
        p = self.platform
        status = item["status"]
        return Comment(
            platform=p, platform_id=str(field_of(item, "status.id", platform=p, kind=(str, int))),
            text=html_to_text(field_of(item, "status.content", platform=p)),
            author_id=str(field_of(item, "status.account.id", platform=p, kind=(str, int))),
            author_name=str(status["account"].get("display_name") or field_of(item, "status.account.acct",
                                                                                platform=p)),
            created_at=parse_time(status.get("created_at"), platform=p, field="status.created_at"),
            url=optional_of(item, "status.url", platform=p),
            in_reply_to=None if status.get("in_reply_to_id") is None else str(status["in_reply_to_id"]),
            # a mention's thread root is not in the notification: its parent is the post it answers
            post_id=None if status.get("in_reply_to_id") is None else str(status["in_reply_to_id"]))

    def publish(self, account: Account, post: OutgoingPost) -> str:
        status = self._call(account, lambda api: api.status_post(post.body, visibility="public",
                                                                 idempotency_key=post.idempotency_key),
                            before_retry=lambda api: self._find(api, account, post))
        return str(field_of(status, "id", platform=self.platform, kind=(str, int)))

    def find_published(self, account: Account, post: OutgoingPost) -> str | None:
        return self._call(account, lambda api: self._find(api, account, post))

    def _find(self, api: Mastodon, account: Account, post: OutgoingPost) -> str | None:
        me = api.account_verify_credentials()
        for status in api.account_statuses(field_of(me, "id", platform=self.platform, kind=(str, int)), limit=40):
            created = status.get("created_at")
            when = None if created is None else parse_time(created, platform=self.platform, field="created_at")
            if same_text(html_to_text(str(status.get("content") or "")), post.body) \
                    and post.could_be(str(status["id"]), when):
                return str(status["id"])
        return None

    def reply(self, account: Account, target_id: str, post: OutgoingPost, *, on_post: bool = False) -> str:
        """A public reply; the instance deduplicates a retry on the idempotency key."""
        status = self._call(account, lambda api: api.status_post(post.body, in_reply_to_id=target_id,
                                                                 visibility="public",
                                                                 idempotency_key=post.idempotency_key))
        return str(field_of(status, "id", platform=self.platform, kind=(str, int)))

    def edit(self, account: Account, platform_id: str, post: OutgoingPost) -> None:
        """Mastodon 3.5+ edits a status in place and shows readers its edit history."""
        self._call(account, lambda api: api.status_update(platform_id, status=post.body))

    def delete_post(self, account: Account, platform_id: str) -> None:
        def delete(api: Mastodon) -> None:
            try:
                api.status_delete(platform_id)
            except MastodonNotFoundError:
                return  # already gone: the withdrawal is done
        self._call(account, delete)

    def engagement(self, account: Account, platform_ids: Sequence[str]) -> list[Engagement]:
        def read(api: Mastodon) -> list[Engagement]:
            found = []
            for pid in platform_ids:
                try:
                    status = api.status(pid)
                except MastodonNotFoundError:
                    continue  # deleted on the platform
                found.append(Engagement(post_id=pid, likes=_count(status, "favourites_count"),
                                        shares=_count(status, "reblogs_count"),
                                        replies=_count(status, "replies_count")))
            return found
        return self._call(account, read)

    def fetch_post(self, account: Account, platform_id: str) -> PlatformPost:
        status = self._call(account, lambda api: api.status(platform_id))
        p = self.platform
        return PlatformPost(platform_id=str(field_of(status, "id", platform=p, kind=(str, int))),
                            text=html_to_text(str(field_of(status, "content", platform=p))),
                            url=optional_of(status, "url", platform=p),
                            created_at=parse_time(status.get("created_at"), platform=p, field="created_at"))

    def block(self, account: Account, author_id: str) -> None:
        self._call(account, lambda api: api.account_block(author_id))

    def report(self, account: Account, comment_id: str, *, author_id: str, reason: str) -> None:
        self._call(account, lambda api: api.report(author_id, status_ids=[comment_id], comment=reason[:1000],
                                                   forward=False))

    def profile(self, account: Account) -> Profile:
        me = self._call(account, lambda api: api.account_verify_credentials())
        p = self.platform
        return Profile(platform=p, handle=str(field_of(me, "acct", platform=p)),
                       display_name=str(me.get("display_name") or ""),
                       bio=html_to_text(str(me.get("note") or "")), avatar_url=optional_of(me, "avatar", platform=p),
                       banner_url=optional_of(me, "header", platform=p), url=optional_of(me, "url", platform=p))


def _count(status: Mapping[str, Any], name: str) -> int:
    value = status.get(name)
    if not isinstance(value, int):
        raise MalformedPayload("missing or not a number", platform="mastodon", field=name)
    return value


def _reason(exc: Exception) -> str:
    parts = [str(a) for a in exc.args[1:] if a is not None]
    return " ".join(parts) if parts else str(exc)

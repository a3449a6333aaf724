"""YouTube Data API v3 over httpx against a loopback server: nextPageToken rounds, quota, 5xx, 401, bad payloads."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from socialwarden.connectors.base import Account, Capability, Credentials
from socialwarden.connectors.http import RetryPolicy
from socialwarden.connectors.youtube import YouTubeConnector
from socialwarden.exceptions import AccountNeedsReconnecting, MalformedPayload, PlatformUnavailable, RateLimited
from tests.connectors.fakes import FakeClock, json_response
from tests.connectors.fakes_graph import FakeYouTube, youtube_error


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeYouTube:
    return FakeYouTube().install(httpserver)  # type: ignore[return-value]


@pytest.fixture
def account(httpserver: HTTPServer) -> Account:
    return Account(id="4", platform="youtube", handle="@gosportbc", external_id="UCcouncil",
                   api_base_url=httpserver.url_for("").rstrip("/"),
                   credentials=Credentials({"access_token": "good-token"}))


@pytest.fixture
def conn(clock: FakeClock, retry: RetryPolicy) -> YouTubeConnector:
    return YouTubeConnector(retry=retry, clock=clock)


def drain(conn: YouTubeConnector, account: Account, cursor: str | None) -> tuple[list[str], str | None, int]:
    ids, calls = [], 0
    while True:
        page = conn.fetch_comments(account, cursor)
        calls += 1
        ids += [c.platform_id for c in page.comments]
        cursor = page.cursor
        if not page.more:
            return ids, cursor, calls


def test_rounds_page_until_they_meet_what_was_seen(conn: YouTubeConnector, account: Account,
                                                   fake: FakeYouTube) -> None:
    fake.add_threads(45, replies=1)
    ids, cursor, calls = drain(conn, account, None)
    assert calls == 3 and len(ids) == len(set(ids)) == 90
    fake.add_threads(3)
    new, cursor, calls = drain(conn, account, cursor)
    assert calls == 1  # stops on the first page: it reached a comment seen last round
    assert set(new) >= {"Ugy00045", "Ugy00046", "Ugy00047"} and len(new) <= 5  # only the newest edge re-read
    again, _, _ = drain(conn, account, cursor)
    assert set(again) <= {"Ugy00047"}


def test_reply_carries_its_thread(conn: YouTubeConnector, account: Account, fake: FakeYouTube) -> None:
    fake.add_threads(1, replies=2)
    page = conn.fetch_comments(account, None)
    top, *replies = page.comments
    assert top.in_reply_to == "vid0" and top.author_id == "UCviewer0" and top.url and "lc=Ugy00000" in top.url
    assert [r.in_reply_to for r in replies] == ["Ugy00000", "Ugy00000"]


def test_quota_exceeded_is_surfaced_with_the_reset_time(conn: YouTubeConnector, account: Account,
                                                        fake: FakeYouTube, clock: FakeClock) -> None:
    fake.fail_next("commentThreads", youtube_error(403, "quotaExceeded", "The request cannot be completed because "
                                                   "you have exceeded your quota."))
    with pytest.raises(RateLimited, match="quota") as caught:
        conn.fetch_comments(account, None)
    assert caught.value.retry_after is not None and 0 < caught.value.retry_after <= 86400
    assert clock.sleeps == []


def test_rate_limit_429_retry_after_then_ok(conn: YouTubeConnector, account: Account, fake: FakeYouTube,
                                            clock: FakeClock) -> None:
    fake.add_threads(1)
    fake.fail_next("commentThreads", json_response({"error": {"code": 429, "message": "slow down"}}, 429,
                                                   {"Retry-After": "7"}))
    fake.fail_next("commentThreads", youtube_error(403, "rateLimitExceeded", "Rate limit"))
    assert len(conn.fetch_comments(account, None).comments) == 1
    assert clock.sleeps == [7.0, 1.5]  # the header's 7 s, then backoff attempt 2 (2 s, half jittered)


def test_5xx_exhausts_bounded_attempts(conn: YouTubeConnector, account: Account, fake: FakeYouTube) -> None:
    fake.fail_next("commentThreads", json_response({"error": {"code": 503, "message": "backendError"}}, 503), times=9)
    with pytest.raises(PlatformUnavailable, match="backendError"):
        conn.fetch_comments(account, None)
    assert fake.calls("GET", "commentThreads") == 4


def test_401_needs_reconnecting(conn: YouTubeConnector, account: Account, fake: FakeYouTube) -> None:
    fake.token = "expired"
    with pytest.raises(AccountNeedsReconnecting, match="@gosportbc"):
        conn.fetch_comments(account, None)


def test_malformed_names_the_field(conn: YouTubeConnector, account: Account, fake: FakeYouTube) -> None:
    fake.add_threads(2)
    del fake.threads[0]["snippet"]["topLevelComment"]["snippet"]["publishedAt"]
    with pytest.raises(MalformedPayload, match=r"items\[1\]\.snippet\.topLevelComment\.snippet\.publishedAt"):
        conn.fetch_comments(account, None)
    fake.fail_next("commentThreads", json_response({"kind": "youtube#commentThreadListResponse"}))
    with pytest.raises(MalformedPayload, match="items: missing"):
        conn.fetch_comments(account, None)


def test_moderation_and_profile(conn: YouTubeConnector, account: Account, fake: FakeYouTube) -> None:
    conn.hide(account, "Ugy1")
    conn.delete(account, "Ugy2")
    assert fake.moderated == [("Ugy1", "heldForReview"), ("Ugy2", "rejected")]
    assert conn.profile(account).bio == "Official channel of the council"
    assert Capability.PUBLISH not in conn.capabilities

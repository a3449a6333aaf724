"""X API v2 through tweepy against a loopback server: next_token paging, 429 reset, 5xx, 401, bad payloads."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from socialwarden.connectors.base import Account, Capability, CommentPage, Credentials, OutgoingPost
from socialwarden.connectors.http import RetryPolicy
from socialwarden.connectors.x import XConnector
from socialwarden.exceptions import AccountNeedsReconnecting, MalformedPayload, PlatformUnavailable, RateLimited
from tests.connectors.fakes import FakeClock, FakeX, json_response


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeX:
    return FakeX().install(httpserver)  # type: ignore[return-value]


@pytest.fixture
def account(httpserver: HTTPServer) -> Account:
    return Account(id="2", platform="x", handle="@GosportBC", external_id="900",
                   api_base_url=httpserver.url_for("").rstrip("/"),
                   credentials=Credentials({"access_token": "good-token"}))


@pytest.fixture
def conn(clock: FakeClock, retry: RetryPolicy) -> XConnector:
    return XConnector(retry=retry, clock=clock)


def rounds(conn: XConnector, account: Account, cursor: str | None) -> tuple[list[CommentPage], str | None]:
    pages = []
    while True:
        page = conn.fetch_comments(account, cursor)
        pages.append(page)
        cursor = page.cursor
        if not page.more:
            return pages, cursor


def test_pages_with_next_token_and_resumes_after_newest(conn: XConnector, account: Account, fake: FakeX) -> None:
    fake.add_mentions(250)
    pages, cursor = rounds(conn, account, None)
    assert [len(p.comments) for p in pages] == [100, 100, 50]
    ids = [c.platform_id for p in pages for c in p.comments]
    assert sorted(ids) == sorted(t["id"] for t in fake.mentions) and len(set(ids)) == 250
    first = pages[0].comments[0]
    assert first.author_name.startswith("Resident") and first.in_reply_to == "1699999999999999999"
    assert "pagination_token=tok100" in fake.log[1][1]
    fake.add_mentions(2)
    new_pages, _ = rounds(conn, account, cursor)
    new_ids = [c.platform_id for p in new_pages for c in p.comments]
    assert new_ids == [fake.mentions[250]["id"], fake.mentions[251]["id"]]


def test_restart_mid_round_carries_on_from_the_saved_page(conn: XConnector, account: Account, fake: FakeX) -> None:
    fake.add_mentions(150)
    first = conn.fetch_comments(account, None)
    fake.add_mentions(1)  # arrives while we are paging: picked up next round, not lost
    second = conn.fetch_comments(account, first.cursor)  # e.g. after a restart with the saved cursor
    assert not second.more
    seen = {c.platform_id for c in first.comments + second.comments}
    assert len(seen) == 150
    later, _ = rounds(conn, account, second.cursor)
    assert [c.platform_id for p in later for c in p.comments] == [fake.mentions[150]["id"]]


def test_429_honours_x_rate_limit_reset(conn: XConnector, account: Account, fake: FakeX, clock: FakeClock) -> None:
    fake.add_mentions(1)
    fake.fail_next("/mentions", json_response({"title": "Too Many Requests", "status": 429}, 429,
                                              {"x-rate-limit-remaining": "0",
                                               "x-rate-limit-reset": str(int(clock.t) + 42)}))
    page = conn.fetch_comments(account, None)
    assert len(page.comments) == 1 and clock.sleeps == [42.0]


def test_429_beyond_max_delay_is_surfaced(account: Account, fake: FakeX, clock: FakeClock) -> None:
    conn = XConnector(retry=RetryPolicy(max_delay=60.0), clock=clock)
    fake.fail_next("/mentions", json_response({"title": "Too Many Requests"}, 429,
                                              {"x-rate-limit-reset": str(int(clock.t) + 900)}))
    with pytest.raises(RateLimited) as caught:
        conn.fetch_comments(account, None)
    assert caught.value.retry_after == 900.0 and clock.sleeps == []


def test_5xx_then_recovery(conn: XConnector, account: Account, fake: FakeX, clock: FakeClock) -> None:
    fake.fail_next("/mentions", json_response({"title": "Service Unavailable"}, 503), times=2)
    assert conn.fetch_comments(account, None).comments == ()
    assert clock.sleeps == [0.75, 1.5]
    fake.fail_next("/mentions", json_response({}, 500), times=4)
    with pytest.raises(PlatformUnavailable):
        conn.fetch_comments(account, None)


def test_401_needs_reconnecting(conn: XConnector, account: Account, fake: FakeX) -> None:
    fake.token = "revoked"
    with pytest.raises(AccountNeedsReconnecting, match="@GosportBC"):
        conn.fetch_comments(account, None)


def test_malformed_tweet_names_the_field(conn: XConnector, account: Account, fake: FakeX) -> None:
    fake.add_mentions(3)
    del fake.mentions[0]["created_at"]
    with pytest.raises(MalformedPayload, match=r"data\[2\]\.created_at"):
        conn.fetch_comments(account, None)


def test_publish_hide_profile(conn: XConnector, account: Account, fake: FakeX) -> None:
    post = OutgoingPost(post_id="9", text="Road closed on Monday", idempotency_key="post-9-v1")
    fake.fail_next("/2/tweets$", json_response({}, 503))
    tweet_id = conn.publish(account, post)
    assert fake.publish_count == 1 and conn.find_published(account, post) == tweet_id
    conn.hide(account, "1700000000000000001")
    assert fake.hidden == ["1700000000000000001"]
    assert conn.profile(account).bio == "Official account. Logo inside."
    assert Capability.BLOCK not in conn.capabilities


def test_publish_retry_finds_the_post_the_platform_created(conn: XConnector, account: Account, fake: FakeX,
                                                           httpserver: HTTPServer) -> None:
    """A 5xx after X created the tweet: the retry looks first and does not post twice."""
    post = OutgoingPost(post_id="10", text="Library hours change", idempotency_key="post-10-v1")
    original = fake.handle

    def create_then_fail(request):  # type: ignore[no-untyped-def]
        response = original(request)
        if request.path == "/2/tweets" and fake.publish_count == 1:
            return json_response({"title": "Service Unavailable"}, 503)
        return response

    fake.handle = create_then_fail  # type: ignore[method-assign]
    tweet_id = conn.publish(account, post)
    assert fake.publish_count == 1 and tweet_id == fake.tweets[0]["id"]

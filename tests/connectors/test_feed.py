"""The generic connector: RSS/Atom comment feeds (httpx + feedparser) and a signed, idempotent webhook."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from socialwarden.connectors.base import Account, Credentials, OutgoingPost, platforms
from socialwarden.connectors.feed import FeedConnector
from socialwarden.connectors.http import RetryPolicy
from socialwarden.exceptions import AccountNeedsReconnecting, MalformedPayload, PlatformUnavailable
from tests.connectors.fakes import FakeClock, json_response
from tests.connectors.fakes_blog import FakeBlog


@pytest.fixture(params=["rss", "atom"])
def fake(request: pytest.FixtureRequest, httpserver: HTTPServer) -> FakeBlog:
    return FakeBlog(atom=request.param == "atom").install(httpserver)  # type: ignore[return-value]


@pytest.fixture
def account(httpserver: HTTPServer) -> Account:
    return Account(id="5", platform="feed", handle="council blog", api_base_url=httpserver.url_for("/comments/feed/"),
                   credentials=Credentials({"webhook_url": httpserver.url_for("/hooks/publish"),
                                            "webhook_secret": "hook-secret"}))


@pytest.fixture
def conn(clock: FakeClock, retry: RetryPolicy) -> FeedConnector:
    return FeedConnector(retry=retry, clock=clock)


def test_reads_new_entries_only_and_uses_etags(conn: FeedConnector, account: Account, fake: FakeBlog) -> None:
    fake.add_entries(5)
    page = conn.fetch_comments(account, None)
    assert [c.text for c in page.comments][:2] == ["Comment 0 & a thought", "Comment 1 & a thought"]
    assert page.comments[0].author_name == "Reader 0" and page.comments[0].url
    unchanged = conn.fetch_comments(account, page.cursor)
    assert unchanged.comments == () and unchanged.cursor == page.cursor
    fake.add_entries(2)
    later = conn.fetch_comments(account, page.cursor)
    assert [c.platform_id for c in later.comments] == [fake.entries[5]["id"], fake.entries[6]["id"]]


def test_entries_in_the_same_second_are_neither_lost_nor_repeated(conn: FeedConnector, account: Account,
                                                                  fake: FakeBlog) -> None:
    fake.add_entries(2, same_time=True)
    first = conn.fetch_comments(account, None)
    fake.add_entries(1, same_time=True)
    second = conn.fetch_comments(account, first.cursor)
    assert len(first.comments) == 2 and [c.platform_id for c in second.comments] == [fake.entries[2]["id"]]


def test_garbage_is_malformed_naming_the_feed(conn: FeedConnector, account: Account, fake: FakeBlog) -> None:
    fake.fail_next("/comments/feed/", json_response({"not": "xml"}))
    with pytest.raises(MalformedPayload, match="feed: not a feed"):
        conn.fetch_comments(account, None)


def test_5xx_retried_and_401_surfaced(conn: FeedConnector, account: Account, fake: FakeBlog,
                                      clock: FakeClock) -> None:
    fake.add_entries(1)
    fake.fail_next("/comments/feed/", json_response({}, 502))
    assert len(conn.fetch_comments(account, None).comments) == 1 and clock.sleeps == [0.75]
    fake.fail_next("/comments/feed/", json_response({}, 503), times=4)
    with pytest.raises(PlatformUnavailable):
        conn.fetch_comments(account, None)
    fake.fail_next("/comments/feed/", json_response({}, 401))
    with pytest.raises(AccountNeedsReconnecting):
        conn.fetch_comments(account, None)


def test_webhook_is_signed_and_a_retry_never_posts_twice(conn: FeedConnector, account: Account,
                                                         fake: FakeBlog) -> None:
    post = OutgoingPost(post_id="12", text="New blog post: winter gritting", idempotency_key="post-12-v1",
                        link="https://blog.example/gritting")
    fake.fail_next("/hooks/publish", json_response({}, 500))
    first = conn.publish(account, post)
    second = conn.publish(account, post)
    assert first == second == "blog-1" and fake.publish_count == 1 and fake.bad_signatures == 0
    assert fake.received["post-12-v1"]["link"] == "https://blog.example/gritting"
    wrong = Account(id="5", platform="feed", handle="council blog", api_base_url=account.api_base_url,
                    credentials=Credentials({"webhook_url": account.credentials.get("webhook_url") or "",
                                             "webhook_secret": "not-the-secret"}))
    with pytest.raises(AccountNeedsReconnecting):
        conn.publish(wrong, OutgoingPost(post_id="13", text="x", idempotency_key="post-13-v1"))
    assert fake.bad_signatures == 1 and fake.publish_count == 1


def test_registry_lists_every_platform_with_its_capabilities() -> None:
    caps = platforms()
    assert set(caps) == {"facebook", "feed", "instagram", "linkedin", "mastodon", "tiktok", "x", "youtube"}
    assert "hide" in caps["youtube"] and "publish" not in caps["youtube"] and "block" in caps["facebook"]

"""Mastodon through Mastodon.py against a loopback instance: paging, 429, 5xx, expired token, bad payloads."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from socialwarden.connectors.base import Account, Capability, Credentials, OutgoingPost
from socialwarden.connectors.http import RetryPolicy
from socialwarden.connectors.mastodon import MastodonConnector
from socialwarden.exceptions import (
    AccountNeedsReconnecting,
    MalformedPayload,
    NotSupported,
    PlatformUnavailable,
)
from tests.connectors.fakes import FakeClock, FakeMastodon, json_response


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeMastodon:
    fake = FakeMastodon(base_url=httpserver.url_for("").rstrip("/"))
    fake.install(httpserver)
    return fake


@pytest.fixture
def account(fake: FakeMastodon) -> Account:
    return Account(id="1", platform="mastodon", handle="council@example.social", api_base_url=fake.base_url,
                   credentials=Credentials({"access_token": "good-token"}))


@pytest.fixture
def conn(clock: FakeClock, retry: RetryPolicy) -> MastodonConnector:
    return MastodonConnector(retry=retry, clock=clock)


def drain(conn: MastodonConnector, account: Account, cursor: str | None = None) -> tuple[list[str], str | None]:
    ids: list[str] = []
    while True:
        page = conn.fetch_comments(account, cursor)
        ids += [c.platform_id for c in page.comments]
        cursor = page.cursor
        if not page.more:
            return ids, cursor


def test_pages_through_every_mention_oldest_first_and_resumes(conn: MastodonConnector, account: Account,
                                                              fake: FakeMastodon) -> None:
    fake.add_mentions(95)
    first = conn.fetch_comments(account, None)
    assert [c.platform_id for c in first.comments] == [str(110000 + i) for i in range(40)]
    assert first.more and first.cursor == "1039"  # from the Link header's prev link
    c = first.comments[0]
    assert c.text == "@council comment number 0 about the bins" and c.author_name == "User 0"
    assert c.in_reply_to == "109999" and c.created_at.tzinfo is not None and c.url
    rest, cursor = drain(conn, account, first.cursor)
    assert rest == [str(110000 + i) for i in range(40, 95)]
    fake.add_mentions(3)  # new mentions after a restart with the saved cursor: exactly those
    new, _ = drain(conn, account, cursor)
    assert new == ["110095", "110096", "110097"]
    empty = conn.fetch_comments(account, "1097")
    assert empty.comments == () and not empty.more and empty.cursor == "1097"


def test_429_waits_for_the_reset_header_then_succeeds(conn: MastodonConnector, account: Account, fake: FakeMastodon,
                                                      clock: FakeClock) -> None:
    fake.add_mentions(2)
    reset = "2027-01-15T08:00:30.000Z"  # Mastodon sends an ISO time
    clock.t = 1_800_000_000.0  # 2027-01-15T08:00:00Z
    fake.fail_next("/notifications", json_response({"error": "Too many requests"}, 429,
                                                   {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}))
    page = conn.fetch_comments(account, None)
    assert len(page.comments) == 2
    assert clock.sleeps and 25 <= clock.sleeps[0] <= 31


def test_5xx_backs_off_exponentially_then_gives_up(conn: MastodonConnector, account: Account, fake: FakeMastodon,
                                                   clock: FakeClock) -> None:
    fake.fail_next("/notifications", json_response({"error": "oops"}, 503), times=4)
    with pytest.raises(PlatformUnavailable, match="mastodon"):
        conn.fetch_comments(account, None)
    assert clock.sleeps == [0.75, 1.5, 3.0]  # 1, 2, 4 with half of each jittered (rand=0.5)
    assert fake.calls("GET", "/notifications") == 4


def test_expired_token_is_surfaced_not_retried(conn: MastodonConnector, account: Account, fake: FakeMastodon) -> None:
    fake.token = "rotated"
    with pytest.raises(AccountNeedsReconnecting, match=r"reconnect the account council@example\.social"):
        conn.fetch_comments(account, None)
    assert fake.calls("GET", "/notifications") == 1


def test_malformed_payload_names_the_field(conn: MastodonConnector, account: Account, fake: FakeMastodon) -> None:
    fake.add_mentions(2)
    del fake.mentions[1]["status"]["account"]
    with pytest.raises(MalformedPayload, match=r"\[0\]\.status\.account"):
        conn.fetch_comments(account, None)
    fake.fail_next("/notifications", json_response({"not": "a list"}))
    with pytest.raises(MalformedPayload, match=r"malformed response: (body|\[0\]\.id)"):
        conn.fetch_comments(account, "5000")


def test_publish_is_idempotent_across_retries(conn: MastodonConnector, account: Account, fake: FakeMastodon) -> None:
    post = OutgoingPost(post_id="7", text="Bin collections move to Tuesday", idempotency_key="post-7-v1")
    fake.fail_next("/api/v1/statuses", json_response({"error": "bad gateway"}, 502))
    first = conn.publish(account, post)
    again = conn.publish(account, post)  # a retry after a crash: the instance deduplicates on the key
    assert first == again and fake.publish_count == 1
    assert conn.find_published(account, post) == first
    other = OutgoingPost(post_id="8", text="Something else entirely", idempotency_key="post-8-v1")
    assert conn.find_published(account, other) is None


def test_moderation_verbs_and_profile(conn: MastodonConnector, account: Account, fake: FakeMastodon) -> None:
    conn.block(account, "503")
    conn.report(account, "110003", author_id="503", reason="abusive reply")
    assert fake.blocks == ["503"] and len(fake.reports) == 1
    profile = conn.profile(account)
    assert profile.bio == "Official account of Gosport Borough Council" and profile.avatar_url
    assert Capability.HIDE not in conn.capabilities
    with pytest.raises(NotSupported, match="cannot hide"):
        conn.hide(account, "110003")


def test_credentials_never_show_in_reprs(account: Account) -> None:
    assert "good-token" not in repr(account) and "good-token" not in repr(account.credentials)

"""LinkedIn organisation pages over httpx against a loopback Community Management API: the round through posts and
comments (with restarts), publish with x-restli-id and a lookup after a lost answer, edits (PARTIAL_UPDATE),
deletes, replies, comment deletion, share statistics, errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pytest_httpserver import HTTPServer

from socialwarden.connectors.base import Account, Capability, Credentials, OutgoingPost
from socialwarden.connectors.http import RetryPolicy
from socialwarden.connectors.linkedin import LinkedInConnector, escape, unescape
from socialwarden.exceptions import (
    AccountNeedsReconnecting,
    MalformedPayload,
    NotSupported,
    PlatformUnavailable,
    RateLimited,
)
from tests.connectors.fakes import BASE_TIME, FakeClock, json_response
from tests.connectors.fakes_social import ORG, FakeLinkedIn, linkedin_error


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeLinkedIn:
    return FakeLinkedIn().install(httpserver)  # type: ignore[return-value]


@pytest.fixture
def account(httpserver: HTTPServer) -> Account:
    return Account(id="5", platform="linkedin", handle="ett", external_id="2414183",
                   api_base_url=httpserver.url_for("").rstrip("/"),
                   credentials=Credentials({"access_token": "good-token"}))


@pytest.fixture
def conn(clock: FakeClock, retry: RetryPolicy) -> LinkedInConnector:
    clock.t = BASE_TIME.timestamp() + 6 * 3600
    return LinkedInConnector(retry=retry, clock=clock)


def drain(conn: LinkedInConnector, account: Account, cursor: str | None) -> tuple[list[str], str | None]:
    ids: list[str] = []
    while True:
        page = conn.fetch_comments(account, cursor)
        ids += [c.platform_id for c in page.comments]
        cursor = page.cursor
        if not page.more:
            return ids, cursor


def post(text: str, key: str = "post-1-v1", **extra: object) -> OutgoingPost:
    return OutgoingPost(post_id="1", text=text, idempotency_key=key, **extra)  # type: ignore[arg-type]


def test_reads_every_comment_of_every_post_and_resumes(conn: LinkedInConnector, account: Account,
                                                       fake: FakeLinkedIn) -> None:
    urns = [fake.add_post(f"Update {n} (with brackets) #news", created=BASE_TIME - dt.timedelta(days=n))
            for n in range(60)]  # two listing pages of 50
    for n, urn in enumerate(urns):
        fake.add_comments(urn, 150 if n == 3 else 1)  # one post needs two comment pages of 100
    fake.add_comments(urns[0], 1, actor=ORG)  # our own reply is not a third-party comment
    first = conn.fetch_comments(account, None)
    state = json.loads(first.cursor or "{}")
    assert first.more and state["posts_start"] == 50
    assert {c.post_id for c in first.comments} == {urns[0]}
    rest, cursor = drain(conn, account, first.cursor)  # as a restarted process would, from the saved cursor
    ids = [c.platform_id for c in first.comments] + rest
    expected = [c["commentUrn"] for u in urns for c in fake.comments[u] if c["actor"] != ORG]
    assert sorted(ids) == sorted(expected) and len(ids) == len(set(ids)) == 59 + 150
    comment = conn.fetch_comments(account, None).comments[0]
    assert comment.text == "comment 0 on the post" and comment.post_text == "Update 0 (with brackets) #news"
    assert comment.in_reply_to == comment.post_id == urns[0] and comment.author_id.startswith("urn:li:person:")
    conn.clock.t += 3600  # type: ignore[attr-defined]
    fake.add_comments(urns[5], 2, start_minute=24 * 60)
    new, _ = drain(conn, account, cursor)
    assert new == [c["commentUrn"] for c in fake.comments[urns[5]][1:]]
    assert fake.bad_versions == 0  # every call carried LinkedIn-Version and the Rest.li protocol header


def test_posts_older_than_the_horizon_are_not_read(conn: LinkedInConnector, account: Account,
                                                   fake: FakeLinkedIn) -> None:
    old = fake.add_post("Last year's notice", created=BASE_TIME - dt.timedelta(days=400))
    new = fake.add_post("This week's notice")
    fake.add_comments(old, 1)
    fake.add_comments(new, 1)
    ids, _ = drain(conn, account, None)
    assert ids == [fake.comments[new][0]["commentUrn"]]


def test_publish_edit_fetch_delete(conn: LinkedInConnector, account: Account, fake: FakeLinkedIn) -> None:
    urn = conn.publish(account, post("Open day on Saturday (10am-2pm) #ETT", link="https://ett.example/open"))
    stored = fake.posts[urn]["commentary"]
    assert stored.startswith("Open day on Saturday \\(10am-2pm\\) \\#ETT") and "https://ett.example/open" in stored
    assert conn.fetch_post(account, urn).text.startswith("Open day on Saturday (10am-2pm) #ETT")
    conn.edit(account, urn, post("Open day on Sunday (10am-2pm) #ETT"))
    assert fake.posts[urn]["commentary"] == escape("Open day on Sunday (10am-2pm) #ETT")
    conn.delete_post(account, urn)
    conn.delete_post(account, urn)  # already gone: done
    assert urn not in fake.posts


def test_publish_after_a_lost_answer_does_not_post_twice(conn: LinkedInConnector, account: Account,
                                                         fake: FakeLinkedIn) -> None:
    original = fake.handle

    def post_then_fail(request):  # type: ignore[no-untyped-def]
        response = original(request)
        if request.method == "POST" and request.path == "/rest/posts":
            return linkedin_error(504, "Gateway timeout")
        return response

    fake.handle = post_then_fail  # type: ignore[method-assign]
    attempt = post("Term dates are out", not_before=BASE_TIME - dt.timedelta(minutes=1))
    urn = conn.publish(account, attempt)
    assert fake.publish_count == 1 and urn in fake.posts
    fake.handle = original  # type: ignore[method-assign]
    assert conn.find_published(account, attempt) == urn
    assert conn.find_published(account, post("Term dates are out", known_ids=frozenset({urn}))) is None
    assert conn.find_published(account, post("Term dates")) is None  # a prefix is another post


def test_reply_to_comment_and_to_post_and_delete_a_comment(conn: LinkedInConnector, account: Account,
                                                           fake: FakeLinkedIn) -> None:
    urn = fake.add_post("Consultation open")
    fake.add_comments(urn, 2)
    target = fake.comments[urn][1]
    reply = conn.reply(account, target["commentUrn"], post("Thanks, the form is at ett.example/form"))
    made = fake.comments[urn][-1]
    assert reply == made["commentUrn"] and made["parentComment"] == target["commentUrn"] and made["actor"] == ORG
    on_post = conn.reply(account, urn, post("Correction: it closes on the 12th"), on_post=True)
    assert "parentComment" not in fake.comments[urn][-1] and on_post.startswith("urn:li:comment:")
    conn.delete(account, target["commentUrn"])
    assert fake.deleted_comments == [(urn, target["id"], ORG)]
    conn.delete(account, target["commentUrn"])  # already gone


def test_engagement_from_share_statistics(conn: LinkedInConnector, account: Account, fake: FakeLinkedIn) -> None:
    share = fake.add_post("A share")
    ugc = fake.add_post("A ugc post", kind="ugcPost")
    fake.add_comments(share, 3)
    fake.stats[share] = {"likes": 7, "shares": 2, "views": 400}
    counts = {c.post_id: c for c in conn.engagement(account, [share, ugc, "urn:li:share:1"])}
    assert set(counts) == {share, ugc}
    assert (counts[share].likes, counts[share].shares, counts[share].replies, counts[share].views) == (7, 2, 3, 400)
    assert counts[ugc].total == 0


def test_errors_token_daily_throttle_5xx_and_bad_payloads(conn: LinkedInConnector, account: Account,
                                                          fake: FakeLinkedIn, clock: FakeClock) -> None:
    fake.add_post("x")
    fake.fail_next("/rest/posts", linkedin_error(429, "Resource level throttle APPLICATION DAY limit for calls to "
                                                      "this resource is reached."))
    with pytest.raises(RateLimited) as caught:
        conn.fetch_comments(account, None)
    assert caught.value.retry_after is not None and caught.value.retry_after > 600  # until midnight UTC
    assert clock.sleeps == []  # surfaced, not slept through
    fake.fail_next("/rest/posts", json_response({"message": "busy"}, 503), times=2)
    assert conn.fetch_comments(account, None) is not None and clock.sleeps == [0.75, 1.5]
    fake.fail_next("/comments", json_response({"paging": {}}))
    with pytest.raises(MalformedPayload, match="elements"):
        conn.fetch_comments(account, None)
    fake.fail_next("/rest/posts", json_response({}, 502), times=4)
    with pytest.raises(PlatformUnavailable):
        conn.fetch_comments(account, None)
    fake.token = "rotated"
    with pytest.raises(AccountNeedsReconnecting, match="reconnect the account ett"):
        conn.fetch_comments(account, None)


def test_what_linkedin_cannot_do(conn: LinkedInConnector, account: Account) -> None:
    assert "remove it" in (LinkedInConnector.cannot(Capability.HIDE) or "")
    with pytest.raises(NotSupported, match="cannot hide a comment"):
        conn.hide(account, "urn:li:comment:(urn:li:activity:1,2)")
    assert unescape(escape("a (b) [c] #d @e *f* _g_ ~h~ <i> {j} |k| \\l")) == \
        "a (b) [c] #d @e *f* _g_ ~h~ <i> {j} |k| \\l"

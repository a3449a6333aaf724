"""Facebook Pages and Instagram over the Graph API (httpx) against a loopback Graph: cursors, errors, verbs."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer

from socialwarden.connectors.base import Account, Credentials, OutgoingPost
from socialwarden.connectors.graph import FacebookConnector, GraphConnector, InstagramConnector
from socialwarden.connectors.http import RetryPolicy
from socialwarden.exceptions import (
    AccountNeedsReconnecting,
    MalformedPayload,
    NotSupported,
    PlatformUnavailable,
    RateLimited,
)
from tests.connectors.fakes import BASE_TIME, FakeClock, json_response
from tests.connectors.fakes_graph import FakeGraph, graph_error


@pytest.fixture(params=["facebook", "instagram"])
def setup(request: pytest.FixtureRequest, httpserver: HTTPServer, clock: FakeClock,
          retry: RetryPolicy) -> tuple[GraphConnector, Account, FakeGraph]:
    base = httpserver.url_for("").rstrip("/")
    instagram = request.param == "instagram"
    fake = FakeGraph(base_url=base, instagram=instagram)
    fake.install(httpserver)
    conn: GraphConnector = (InstagramConnector if instagram else FacebookConnector)(retry=retry, clock=clock)
    account = Account(id="3", platform=request.param, handle="thesociety", external_id="1234", api_base_url=base,
                      credentials=Credentials({"access_token": "good-token"}))
    return conn, account, fake


def drain(conn: GraphConnector, account: Account, cursor: str | None) -> tuple[list[str], str | None, int]:
    ids, calls = [], 0
    while True:
        page = conn.fetch_comments(account, cursor)
        calls += 1
        ids += [c.platform_id for c in page.comments]
        cursor = page.cursor
        if not page.more:
            return ids, cursor, calls


def test_reads_every_comment_of_every_post_through_paging_cursors(setup, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = setup
    for n in range(30):  # 30 posts: the post list itself needs two pages of 25
        fake.add_comments(f"p{n}", 3 if n != 5 else 60)
    clock.t = BASE_TIME.timestamp() + 2 * 3600
    ids, cursor, calls = drain(conn, account, None)
    expected = [c["id"] for comments in fake.posts.values() for c in comments]
    assert sorted(ids) == sorted(expected) and len(ids) == len(set(ids)) == 29 * 3 + 60
    assert calls == 30 + 2  # one call per post, two more for the 60-comment post (pages of 25)
    assert any(("after=Q000025" in p and "/feed" in p) or "/media" in p for _, p in fake.log)
    # next round: only what came since
    clock.t += 2 * 3600  # later comments only: the minute of overlap re-reads nothing old
    fake.add_comments("p5", 2, start_minute=120)
    new, _, _ = drain(conn, account, cursor)
    assert new == [c["id"] for c in fake.posts["p5"][60:]]


def test_restart_mid_round_resumes_inside_the_post(setup) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = setup
    fake.add_comments("only", 70)
    first = conn.fetch_comments(account, None)
    state = json.loads(first.cursor or "{}")
    assert first.more and [p[0] for p in state["posts"]] == ["only"] and state["after"] == "Q000025"
    assert {c.post_id for c in first.comments} == {"only"} and first.comments[0].post_text == "post only"
    rest, _, _ = drain(conn, account, first.cursor)  # a new connector process would do the same from the cursor
    assert [c.platform_id for c in first.comments] + rest == [c["id"] for c in fake.posts["only"]]


def test_expired_token_code_190(setup) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = setup
    fake.token = "new"
    with pytest.raises(AccountNeedsReconnecting, match="reconnect the account thesociety"):
        conn.fetch_comments(account, None)
    assert len(fake.log) == 1


def test_rate_limit_waits_for_business_use_case_usage(setup, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = setup
    fake.add_comments("p", 1)
    usage = json.dumps({"1234": [{"type": "pages", "call_count": 100, "total_cputime": 20, "total_time": 30,
                                  "estimated_time_to_regain_access": 2}]})
    fake.fail_next("/comments", graph_error(32, "Page request limit reached", 400,
                                            headers={"X-Business-Use-Case-Usage": usage}))
    page = conn.fetch_comments(account, None)
    assert len(page.comments) == 1 and clock.sleeps == [120.0]


def test_app_usage_at_100_percent_paces_the_next_call(setup, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = setup
    fake.add_comments("p", 1)
    usage = '{"call_count":100,"total_time":40,"total_cputime":9}'
    fake.fail_next("/feed|/media", json_response({"data": [{"id": "p"}]}, 200, {"X-App-Usage": usage}))
    conn.fetch_comments(account, None)
    assert clock.sleeps == [60.0]  # Graph gives no reset time: wait a minute before the next call


def test_rate_limit_code_4_gives_up_after_bounded_attempts(setup, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = setup
    fake.fail_next("/feed|/media", graph_error(4, "Application request limit reached"), times=4)
    with pytest.raises(RateLimited):
        conn.fetch_comments(account, None)
    assert clock.sleeps == [0.75, 1.5, 3.0]


def test_5xx_retried(setup, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = setup
    fake.add_comments("p", 2)
    fake.fail_next("/comments", json_response({"error": {"message": "Please retry", "code": 2,
                                                         "is_transient": True}}, 500))
    assert len(conn.fetch_comments(account, None).comments) == 2
    fake.fail_next("/comments", json_response({}, 502), times=4)
    with pytest.raises(PlatformUnavailable):
        conn.fetch_comments(account, None)


def test_malformed_comment_names_the_field(setup) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = setup
    fake.add_comments("p", 3)
    del fake.posts["p"][1]["timestamp" if fake.instagram else "created_time"]
    with pytest.raises(MalformedPayload, match=r"data\[1\]\.(timestamp|created_time)"):
        conn.fetch_comments(account, None)
    fake.fail_next("/comments", json_response({"paging": {}}))
    with pytest.raises(MalformedPayload, match="data: missing"):
        conn.fetch_comments(account, None)


def test_publish_hide_delete_profile(setup) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = setup
    post = OutgoingPost(post_id="5", text="Open day on Saturday", idempotency_key="post-5-v1",
                        media_urls=("https://cdn.example/open-day.jpg",))
    fake.fail_next("/feed$|/media_publish$", json_response({}, 503))
    post_id = conn.publish(account, post)
    assert fake.publish_count == 1 and conn.find_published(account, post) == post_id
    if fake.instagram:  # IG looks before making a new container
        assert conn.publish(account, post) == post_id and fake.publish_count == 1
    conn.hide(account, "c1")
    conn.delete(account, "c2")
    assert fake.hidden == ["c1"] and fake.deleted == ["c2"]
    profile = conn.profile(account)
    assert profile.avatar_url and "Official" in profile.bio
    if fake.instagram:
        with pytest.raises(NotSupported):
            conn.block(account, "170")
        with pytest.raises(NotSupported, match="without an image"):
            conn.publish(account, OutgoingPost(post_id="6", text="x", idempotency_key="k"))
    else:
        conn.block(account, "661")
        assert fake.blocked == ["661"]


def test_publish_after_5xx_that_did_post_does_not_post_twice(setup) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = setup
    post = OutgoingPost(post_id="11", text="Consultation closes Friday", idempotency_key="post-11-v1",
                        media_urls=("https://cdn.example/c.jpg",))
    original = fake.handle

    def post_then_fail(request):  # type: ignore[no-untyped-def]
        response = original(request)
        if request.method == "POST" and request.path.endswith(("/feed", "/media_publish")):
            return json_response({"error": {"message": "An unknown error occurred", "code": 1}}, 500)
        return response

    fake.handle = post_then_fail  # type: ignore[method-assign]
    assert conn.publish(account, post) == fake.published[0]["id"] and fake.publish_count == 1

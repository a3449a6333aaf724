"""The connectors' newer verbs against their loopback platforms: replies, edits, deleting our posts, unhiding,
engagement counts, fetching a post by id, finding a lost post by exact text after the attempt began, what each
platform cannot do (and says so before anyone clicks), and Facebook paging past the first 50 posts."""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_httpserver import HTTPServer

from socialwarden.connectors.base import Account, Capability, Credentials, OutgoingPost, connector_class
from socialwarden.connectors.graph import FacebookConnector, InstagramConnector
from socialwarden.connectors.http import RetryPolicy
from socialwarden.connectors.mastodon import MastodonConnector
from socialwarden.connectors.x import XConnector
from socialwarden.connectors.youtube import YouTubeConnector
from socialwarden.exceptions import NotSupported, PlatformUnavailable
from tests.connectors.fakes import BASE_TIME, FakeClock, FakeMastodon, FakeX, json_response
from tests.connectors.fakes_graph import FakeGraph, FakeYouTube


def outgoing(text: str, key: str = "k-1", **extra: object) -> OutgoingPost:
    return OutgoingPost(post_id="1", text=text, idempotency_key=key, **extra)  # type: ignore[arg-type]


# ---------------------------------------------------------------- Mastodon

@pytest.fixture
def masto(httpserver: HTTPServer, clock: FakeClock,
          retry: RetryPolicy) -> tuple[MastodonConnector, Account, FakeMastodon]:
    fake = FakeMastodon(base_url=httpserver.url_for("").rstrip("/"))
    fake.install(httpserver)
    account = Account(id="1", platform="mastodon", handle="council@example.social", api_base_url=fake.base_url,
                      credentials=Credentials({"access_token": "good-token"}))
    return MastodonConnector(retry=retry, clock=clock), account, fake


def test_mastodon_reply_edit_delete_counts_and_fetch(masto) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = masto
    pid = conn.publish(account, outgoing("Bins move to Tuesday", "post-1-v1"))
    reply_key = "reply-9"
    fake.fail_next("/api/v1/statuses$", json_response({"error": "bad gateway"}, 502))
    reply = conn.reply(account, "110003", outgoing("Thanks, we have passed this on", reply_key))
    assert conn.reply(account, "110003", outgoing("Thanks, we have passed this on", reply_key)) == reply
    assert fake.publish_count == 2  # the post and one reply: the retried reply was deduplicated on its key
    assert fake.statuses[1]["in_reply_to_id"] == "110003"
    conn.edit(account, pid, outgoing("Bins move to Wednesday (corrected)"))
    assert fake.edits == [pid] and conn.fetch_post(account, pid).text == "Bins move to Wednesday (corrected)"
    fake.statuses[0].update(favourites_count=4, reblogs_count=2, replies_count=1)
    counts = conn.engagement(account, [pid, "999999"])  # a post deleted on the instance is left out
    assert [(c.post_id, c.likes, c.shares, c.replies, c.total) for c in counts] == [(pid, 4, 2, 1, 7)]
    conn.delete_post(account, pid)
    conn.delete_post(account, pid)  # already gone: still done
    assert fake.deletes == [pid]


def test_mastodon_says_what_it_cannot_do_and_what_instead(masto) -> None:  # type: ignore[no-untyped-def]
    conn, account, _ = masto
    before = MastodonConnector.cannot(Capability.HIDE)
    assert before is not None and "Mastodon cannot hide a comment" in before and "block the author" in before
    assert MastodonConnector.cannot(Capability.REPLY) is None
    with pytest.raises(NotSupported, match="cannot hide a comment") as caught:
        conn.hide(account, "110003")
    assert caught.value.instead is not None and "report" in caught.value.instead


def test_mastodon_lost_post_is_found_only_by_exact_text_after_the_attempt(masto) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = masto
    fake.now = BASE_TIME - dt.timedelta(days=2)
    old = conn.publish(account, outgoing("Bins move to Tuesday", "post-1-v1"))
    fake.now = BASE_TIME
    conn.publish(account, outgoing("Bins move to Tuesday, and more", "post-2-v1"))
    wanted = outgoing("Bins move to Tuesday", "post-3-v1", not_before=BASE_TIME - dt.timedelta(minutes=1))
    assert conn.find_published(account, wanted) is None  # the older twin and the longer text are other posts
    fresh = conn.publish(account, outgoing("Bins move to Tuesday", "post-3-v1"))
    assert conn.find_published(account, wanted) == fresh
    assert conn.find_published(account, outgoing("Bins move to Tuesday", "x", known_ids=frozenset({fresh}))) == old


# ---------------------------------------------------------------- X

@pytest.fixture
def x(httpserver: HTTPServer, clock: FakeClock, retry: RetryPolicy) -> tuple[XConnector, Account, FakeX]:
    fake = FakeX().install(httpserver)
    account = Account(id="2", platform="x", handle="@GosportBC", external_id="900",
                      api_base_url=httpserver.url_for("").rstrip("/"),
                      credentials=Credentials({"access_token": "good-token"}))
    return XConnector(retry=retry, clock=clock), account, fake  # type: ignore[return-value]


def test_x_reply_delete_unhide_counts_and_fetch(x) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = x
    pid = conn.publish(account, outgoing("Road closed on Friday"))
    reply = conn.reply(account, pid, outgoing("Correction: the road is closed on Saturday"), on_post=True)
    assert fake.tweets[1]["in_reply_to"] == pid and reply == fake.tweets[1]["id"]
    fake.tweets[0]["public_metrics"].update(like_count=3, retweet_count=1, quote_count=1, reply_count=2)
    counts = conn.engagement(account, [pid, "1799999999999999999"])
    assert [(c.likes, c.shares, c.replies) for c in counts] == [(3, 2, 2)]
    assert conn.fetch_post(account, pid).text == "Road closed on Friday"
    conn.unhide(account, "1700000000000000003")
    assert fake.unhidden == ["1700000000000000003"]
    conn.delete_post(account, pid)
    conn.delete_post(account, pid)
    assert fake.deleted == [pid]
    with pytest.raises(NotSupported, match="reply to the original"):
        conn.edit(account, pid, outgoing("x"))


def test_x_comments_carry_the_post_they_answer(x) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = x
    fake.add_mentions(2)
    page = conn.fetch_comments(account, None)
    assert {(c.post_id, c.post_text) for c in page.comments} == {
        ("1699999999999999999", "Bin collections move to Tuesday next week")}


def test_x_lost_post_is_not_confused_with_an_earlier_one(x) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = x
    fake.now = BASE_TIME - dt.timedelta(hours=3)
    conn.publish(account, outgoing("Library open late tonight"))
    attempt = BASE_TIME - dt.timedelta(seconds=30)
    lost = outgoing("Library open late tonight", not_before=attempt)
    assert conn.find_published(account, lost) is None  # same text, but made before this attempt began
    fake.now = BASE_TIME
    made = conn.publish(account, lost)
    assert conn.find_published(account, lost) == made


# ---------------------------------------------------------------- Facebook and Instagram

@pytest.fixture(params=["facebook", "instagram"])
def graph(request: pytest.FixtureRequest, httpserver: HTTPServer, clock: FakeClock,
          retry: RetryPolicy) -> tuple[FacebookConnector | InstagramConnector, Account, FakeGraph]:
    base = httpserver.url_for("").rstrip("/")
    instagram = request.param == "instagram"
    fake = FakeGraph(base_url=base, instagram=instagram)
    fake.install(httpserver)
    conn = (InstagramConnector if instagram else FacebookConnector)(retry=retry, clock=clock)
    account = Account(id="3", platform=request.param, handle="thesociety", external_id="1234", api_base_url=base,
                      credentials=Credentials({"access_token": "good-token"}))
    return conn, account, fake


def test_graph_replies_unhides_counts_and_fetches(graph) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = graph
    fake.add_comments("p1", 3)
    fake.add_comments("p2", 1)
    fake.meta["p1"].update(likes=5, shares=2)
    reply = conn.reply(account, "p1_1", outgoing("We have passed this to the team"))
    on_post = conn.reply(account, "p1", outgoing("Correction: the fair is on Sunday"), on_post=True)
    edges = [(r["target"], r["edge"]) for r in fake.replies]
    assert edges == ([("p1_1", "replies"), ("p1", "comments")] if fake.instagram
                     else [("p1_1", "comments"), ("p1", "comments")])
    assert reply != on_post
    conn.unhide(account, "p1_2")
    assert fake.unhidden == ["p1_2"]
    counts = {c.post_id: c for c in conn.engagement(account, ["p1", "p2"])}
    assert counts["p1"].likes == 5 and counts["p1"].replies == 3 and counts["p2"].replies == 1
    assert counts["p1"].shares == (0 if fake.instagram else 2)
    fake.deleted_posts.append("p2")  # deleted on the platform: the batch is re-read one by one, p2 left out
    assert [c.post_id for c in conn.engagement(account, ["p1", "p2"])] == ["p1"]
    assert conn.fetch_post(account, "p1").text == "post p1"


def test_facebook_edits_and_deletes_our_posts_instagram_says_it_cannot(graph) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = graph
    post = outgoing("Open day on Saturday", media_urls=("https://cdn.example/a.jpg",))
    pid = conn.publish(account, post)
    fixed = outgoing("Open day on Sunday (corrected)")
    if fake.instagram:
        with pytest.raises(NotSupported, match="cannot change a caption"):
            conn.edit(account, pid, fixed)
        assert "delete it in the Instagram app" in (InstagramConnector.cannot(Capability.DELETE_POST) or "")
        return
    conn.edit(account, pid, fixed)
    assert fake.edits == [(pid, "Open day on Sunday (corrected)")]
    assert conn.fetch_post(account, pid).text == "Open day on Sunday (corrected)"
    conn.delete_post(account, pid)
    conn.delete_post(account, pid)  # Graph says it does not exist: already done
    assert fake.deleted_posts == [pid]


def test_graph_reply_after_5xx_is_not_sent_twice(graph) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = graph
    fake.add_comments("p1", 1)
    fake.fail_next("/comments$|/replies$", json_response({}, 502))
    with pytest.raises(PlatformUnavailable):
        conn.reply(account, "p1_0", outgoing("Thank you"))
    assert fake.calls("POST", "/comments") + fake.calls("POST", "/replies") == 1 and fake.replies == []


def test_graph_reads_posts_past_the_first_fifty(graph, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    conn, account, fake = graph
    for n in range(80):
        fake.add_comments(f"p{n:02d}", 1)
    clock.t = BASE_TIME.timestamp() + 3 * 3600
    seen, cursor, more = [], None, True
    while more:
        page = conn.fetch_comments(account, cursor)
        seen += [c.platform_id for c in page.comments]
        cursor, more = page.cursor, page.more
    assert len(seen) == len(set(seen)) == 80  # every post's comment, not only the newest 50 posts'
    assert any("/feed" in p or "/media" in p for _, p in fake.log if "after=Q000075" in p)


def test_facebook_skips_posts_nobody_commented_on_since_the_last_round(graph,  # type: ignore[no-untyped-def]
                                                                        clock: FakeClock) -> None:
    conn, account, fake = graph
    if fake.instagram:
        pytest.skip("Instagram media carry no updated time: every recent post is read")
    for n in range(5):
        fake.add_comments(f"q{n}", 1)
    clock.t = BASE_TIME.timestamp() + 3600
    page = conn.fetch_comments(account, None)
    while page.more:
        page = conn.fetch_comments(account, page.cursor)
    clock.t += 3 * 3600
    fake.add_comments("q2", 1, start_minute=200)
    before = fake.calls("GET", "/comments")
    page = conn.fetch_comments(account, page.cursor)
    assert [c.platform_id for c in page.comments] == ["q2_1"] and not page.more
    assert fake.calls("GET", "/comments") - before == 1  # only the post that moved


def test_graph_find_published_is_exact_and_skips_known_ids(graph) -> None:  # type: ignore[no-untyped-def]
    conn, account, _ = graph
    media = ("https://cdn.example/a.jpg",)
    first = conn.publish(account, outgoing("Consultation closes Friday at noon", media_urls=media))
    probe = outgoing("Consultation closes Friday", media_urls=media)
    assert conn.find_published(account, probe) is None  # a prefix is not the post
    same = outgoing("Consultation closes Friday at noon", media_urls=media, known_ids=frozenset({first}))
    assert conn.find_published(account, same) is None  # that one is another of our posts already


# ---------------------------------------------------------------- YouTube

def test_youtube_reply_unhide_counts_and_video_text(httpserver: HTTPServer, clock: FakeClock,
                                                    retry: RetryPolicy) -> None:
    fake = FakeYouTube().install(httpserver)
    account = Account(id="4", platform="youtube", handle="@gosportbc", external_id="UCcouncil",
                      api_base_url=httpserver.url_for("").rstrip("/"),
                      credentials=Credentials({"access_token": "good-token"}))
    conn = YouTubeConnector(retry=retry, clock=clock)
    fake.add_threads(2)  # type: ignore[attr-defined]
    page = conn.fetch_comments(account, None)
    assert {c.post_id for c in page.comments} == {"vid0", "vid1"}
    reply = conn.reply(account, "Ugy00001", outgoing("Thanks for watching"))
    top = conn.reply(account, "vid0", outgoing("Correction: the meeting is at 7pm"), on_post=True)
    assert reply and top and fake.inserted == [("comment", "Ugy00001"), ("thread", "vid0")]  # type: ignore[attr-defined]
    conn.unhide(account, "Ugy00001")
    assert fake.moderated[-1] == ("Ugy00001", "published")  # type: ignore[attr-defined]
    counts = conn.engagement(account, ["vid0", "gone"])
    assert [(c.post_id, c.likes, c.replies, c.shares) for c in counts] == [("vid0", 12, 1, 0)]
    assert conn.fetch_post(account, "vid0").text.startswith("Council meeting vid0")


def test_every_platform_declares_what_it_cannot_do_with_an_alternative() -> None:
    for name in ("mastodon", "x", "facebook", "instagram", "youtube", "linkedin", "tiktok"):
        cls = connector_class(name)
        for capability in (Capability.HIDE, Capability.EDIT, Capability.DELETE_POST, Capability.REPLY):
            said = cls.cannot(capability)
            if capability in cls.capabilities:
                assert said is None
            else:
                assert said is not None and ":" in said, (name, capability)  # what it can do instead

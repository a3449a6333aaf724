"""TikTok business accounts over httpx against a loopback API for Business: comments on our videos through video
and comment cursors (with restarts), replies, hide/unhide, delete, video counts, envelope errors, and what TikTok
cannot do here."""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_httpserver import HTTPServer

from socialwarden.connectors.base import Account, Capability, Credentials, OutgoingPost
from socialwarden.connectors.http import RetryPolicy
from socialwarden.connectors.tiktok import TikTokConnector
from socialwarden.exceptions import (
    AccountNeedsReconnecting,
    InputError,
    MalformedPayload,
    NotSupported,
    PlatformUnavailable,
    RateLimited,
)
from tests.connectors.fakes import BASE_TIME, FakeClock, json_response
from tests.connectors.fakes_social import FakeTikTok, tiktok_answer


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeTikTok:
    return FakeTikTok().install(httpserver)  # type: ignore[return-value]


@pytest.fixture
def account(httpserver: HTTPServer, fake: FakeTikTok) -> Account:
    return Account(id="6", platform="tiktok", handle="@ett", external_id=fake.business_id,
                   api_base_url=httpserver.url_for("").rstrip("/"),
                   credentials=Credentials({"access_token": "good-token"}))


@pytest.fixture
def conn(clock: FakeClock, retry: RetryPolicy) -> TikTokConnector:
    clock.t = BASE_TIME.timestamp() + 6 * 3600
    return TikTokConnector(retry=retry, clock=clock)


def drain(conn: TikTokConnector, account: Account, cursor: str | None) -> tuple[list[str], str | None]:
    ids: list[str] = []
    while True:
        page = conn.fetch_comments(account, cursor)
        ids += [c.platform_id for c in page.comments]
        cursor = page.cursor
        if not page.more:
            return ids, cursor


def reply(text: str) -> OutgoingPost:
    return OutgoingPost(post_id="r1", text=text, idempotency_key="reply-1")


def test_reads_every_comment_on_every_video_and_resumes(conn: TikTokConnector, account: Account,
                                                        fake: FakeTikTok) -> None:
    videos = [fake.add_video(f"Sports day {n}") for n in range(25)]  # two pages of 20 videos
    for n, vid in enumerate(videos):
        fake.add_comments(vid, 70 if n == 24 else 1)  # the newest video needs three pages of 30
    first = conn.fetch_comments(account, None)
    rest, cursor = drain(conn, account, first.cursor)  # a restarted worker carries on from the saved cursor
    ids = [c.platform_id for c in first.comments] + rest
    expected = [f"{vid}_{c['comment_id']}" for vid in videos for c in fake.comments[vid]]
    assert sorted(ids) == sorted(expected) and len(ids) == len(set(ids)) == 24 + 70
    comment = first.comments[0]
    assert comment.post_id == videos[-1] and comment.post_text == "Sports day 24"
    assert comment.author_name.startswith("Viewer") and comment.in_reply_to == videos[-1]
    conn.clock.t += 3600  # type: ignore[attr-defined]
    fake.add_comments(videos[3], 2, start_minute=24 * 60)
    new, _ = drain(conn, account, cursor)
    assert new == [f"{videos[3]}_{c['comment_id']}" for c in fake.comments[videos[3]][1:]]


def test_old_videos_and_our_own_comments_are_skipped(conn: TikTokConnector, account: Account,
                                                     fake: FakeTikTok) -> None:
    old = fake.add_video("Old clip", created=BASE_TIME - dt.timedelta(days=500))
    new = fake.add_video("New clip")
    fake.add_comments(old, 1)
    fake.add_comments(new, 2)
    fake.comments[new][1]["owner"] = True
    ids, _ = drain(conn, account, None)
    assert ids == [f"{new}_{fake.comments[new][0]['comment_id']}"]


def test_reply_hide_unhide_delete(conn: TikTokConnector, account: Account, fake: FakeTikTok) -> None:
    vid = fake.add_video("Open evening")
    fake.add_comments(vid, 1)
    target = f"{vid}_{fake.comments[vid][0]['comment_id']}"
    made = conn.reply(account, target, reply("Thank you! See you there"))
    assert fake.created[0]["parent"] == fake.comments[vid][0]["comment_id"] and made.startswith(f"{vid}_")
    conn.reply(account, vid, reply("Correction: doors open at 6pm"), on_post=True)
    assert fake.created[1]["parent"] is None
    with pytest.raises(InputError, match="at most 150 characters"):
        conn.reply(account, target, reply("x" * 151))
    conn.hide(account, target)
    conn.unhide(account, target)
    assert [h[2] for h in fake.hidden] == ["HIDE", "UNHIDE"]
    conn.delete(account, target)
    conn.delete(account, target)  # already gone (code 40010): done
    assert fake.deleted == [fake.comments[vid][0]["comment_id"]]


def test_counts_and_caption(conn: TikTokConnector, account: Account, fake: FakeTikTok) -> None:
    vid = fake.add_video("Exam results day")
    fake.add_comments(vid, 4)
    fake.videos[0].update(likes=30, shares=5, video_views=900)
    counts = conn.engagement(account, [vid, "404"])
    assert [(c.post_id, c.likes, c.shares, c.replies, c.views) for c in counts] == [(vid, 30, 5, 4, 900)]
    assert conn.fetch_post(account, vid).text == "Exam results day"


def test_envelope_errors(conn: TikTokConnector, account: Account, fake: FakeTikTok, clock: FakeClock) -> None:
    fake.add_video("v")
    fake.fail_next("/video/list/", tiktok_answer(code=40100, message="Requests too frequently"))
    assert conn.fetch_comments(account, None) is not None and clock.sleeps == [0.75]  # retried after backoff
    fake.fail_next("/video/list/", tiktok_answer(code=51000, message="Internal error"), times=4)
    with pytest.raises(PlatformUnavailable):
        conn.fetch_comments(account, None)
    fake.fail_next("/video/list/", json_response({"code": 0, "message": "OK", "data": {"videos": [{}]}}))
    with pytest.raises(MalformedPayload, match="item_id"):
        conn.fetch_comments(account, None)
    fake.fail_next("/video/list/", tiktok_answer(code=40100, message="slow down"), times=4)
    with pytest.raises(RateLimited):
        conn.fetch_comments(account, None)
    fake.token = "rotated"
    with pytest.raises(AccountNeedsReconnecting, match="reconnect the account @ett"):
        conn.fetch_comments(account, None)
    assert fake.calls("GET", "/video/list/") == 1 + 4 + 1 + 4 + 1 + 1  # the refused token was not retried


def test_what_tiktok_cannot_do(conn: TikTokConnector, account: Account) -> None:
    with pytest.raises(NotSupported, match="post them in TikTok"):
        conn.publish(account, reply("A text post"))
    assert "comment on the video with the correction" in (TikTokConnector.cannot(Capability.EDIT) or "")
    assert TikTokConnector.cannot(Capability.HIDE) is None

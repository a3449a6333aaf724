"""Engagement read on each sync and stored per post over time (both backends): counts of our published posts come
from the loopback platforms, a row is added only when they move, posts.engagement follows (audited), the rule
'never delete once anyone has engaged' can read it, and `warden connectors engagement` shows it per account."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from socialwarden.connectors import flows
from socialwarden.connectors.flows import sync_all
from socialwarden.connectors.http import RetryPolicy
from socialwarden.connectors.models import ConnectorLink
from socialwarden.connectors.pool import Connectors
from socialwarden.connectors.publishing import publish_cycle
from socialwarden.engagement import service as engagement
from socialwarden.engagement.models import PostEngagement
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import Policy
from socialwarden.posts.models import Post
from socialwarden.settings import Settings
from tests.connectors import org
from tests.connectors.fakes import FakeClock, FakeMastodon, FakeX
from tests.governance.helpers import actions, assert_chain_ok
from tests.policy.test_validate import run_cli
from tests.store.conftest import bare_engine, cli_env, db_url, engine, pg_database, settings

__all__ = ["bare_engine", "cli_env", "db_url", "engine", "pg_database", "settings"]


@pytest.fixture(scope="module")
def ett() -> Policy:
    return load_policy("ett")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def world(session: Session, settings: Settings, ett: Policy, httpserver: HTTPServer):  # type: ignore[no-untyped-def]
    import re

    base = httpserver.url_for("").rstrip("/")
    masto, x = FakeMastodon(base_url=base), FakeX()
    httpserver.expect_request(re.compile(".*")).respond_with_handler(
        lambda request: (x if request.path.startswith("/2/") else masto)._dispatch(request))
    people = org.crew(session, ett)
    m = org.live_account(session, settings=settings, policy=ett, ceo=people["ceo"], platform="mastodon",
                         handle="ett@example.social", secrets={"access_token": "good-token"}, api_base_url=base)
    t = org.live_account(session, settings=settings, policy=ett, ceo=people["ceo"], platform="x", handle="ETTrust",
                         secrets={"access_token": "good-token"}, external_id="900", api_base_url=base)
    p1 = org.due_post(session, policy=ett, author="staff", account=m, text="Open day on Saturday, 10am to 2pm.")
    p2 = org.due_post(session, policy=ett, author="staff", account=t, text="Term starts on 5 January.")
    publish_cycle(session, settings=settings, policy=ett, actor="ceo", connectors=pool())
    return masto, x, m, t, p1, p2


def pool() -> Connectors:
    return Connectors(retry=RetryPolicy(max_attempts=2), clock=FakeClock())


def rows(session: Session, post_id: int) -> int:
    return int(session.execute(select(func.count()).select_from(PostEngagement)
                               .where(PostEngagement.post_id == post_id)).scalar_one())


def test_counts_are_read_on_sync_and_kept_over_time(session: Session, settings: Settings, ett: Policy, world,  # type: ignore[no-untyped-def]
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    masto, x, _m, _t, p1, p2 = world
    masto.statuses[0].update(favourites_count=3, reblogs_count=1, replies_count=2)
    x.tweets[0]["public_metrics"].update(like_count=5, retweet_count=0, reply_count=0)
    reports = sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=pool())
    assert [(r.engagement_posts, r.engagement_changed) for r in reports] == [(1, 1), (1, 1)]
    first = engagement.latest(session, post_id=p1)
    assert first is not None and (first.likes, first.shares, first.replies, first.total) == (3, 1, 2, 6)
    post = session.get(Post, p1, populate_existing=True)
    assert post is not None and post.engagement == 6 and engagement.engaged(session, post_id=p1) == 6
    assert actions(session).count("post.engagement") == 2 and actions(session).count("engagement.read") == 2

    # within ENGAGEMENT_EVERY nothing is asked again; later, unchanged counts add no row, changed ones do
    calls = masto.calls("GET", "/api/v1/statuses/")
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=pool())
    assert masto.calls("GET", "/api/v1/statuses/") == calls
    monkeypatch.setattr(flows, "ENGAGEMENT_EVERY", dt.timedelta(0))
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=pool())
    assert masto.calls("GET", "/api/v1/statuses/") == calls + 1 and rows(session, p1) == 1
    masto.statuses[0]["favourites_count"] = 4
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=pool())
    history = engagement.history(session, post_id=p1)
    assert [h.likes for h in history] == [3, 4] and history[0].read_at <= history[1].read_at
    assert rows(session, p2) == 1

    summary = {a.account: a for a in engagement.by_account(session)}
    assert summary["mastodon:ett@example.social"].likes == 4 and summary["x:ETTrust"].likes == 5
    assert summary["x:ETTrust"].engaged_posts == 1 and summary["x:ETTrust"].posts == 1
    assert_chain_ok(session)


def test_a_post_deleted_on_the_platform_keeps_its_last_counts(session: Session, settings: Settings,  # type: ignore[no-untyped-def]
                                                              ett: Policy, world) -> None:
    masto, _x, _m, _t, p1, _p2 = world
    masto.statuses[0].update(favourites_count=2)
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=pool())
    masto.statuses[0]["deleted"] = True
    before = engagement.latest(session, post_id=p1)
    for link in session.execute(select(ConnectorLink)).scalars():
        link.engagement_read_at = None  # as if the wait were over
    session.commit()
    calls = masto.calls("GET", "/api/v1/statuses/")
    sync_all(session, settings=settings, policy=ett, actor="ceo", connectors=pool())
    assert masto.calls("GET", "/api/v1/statuses/") == calls + 1  # asked, and the instance said 404
    assert engagement.latest(session, post_id=p1) == before and engagement.engaged(session, post_id=p1) == 2


def test_cli_shows_engagement_per_account_and_per_post(session: Session, settings: Settings, ett: Policy, world,  # type: ignore[no-untyped-def]
                                                       cli_env: Settings, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    masto, _x, _m, _t, p1, _p2 = world
    masto.statuses[0].update(favourites_count=7, reblogs_count=2)
    code, output = run_cli(["sync", "--as", "ceo", "--policy", "ett"], monkeypatch, capsys)
    assert code == 0 and "counts of 1 post(s) read, 1 moved" in output, output
    code, output = run_cli(["connectors", "engagement", "--json"], monkeypatch, capsys)
    summary = {r["account"]: r for r in json.loads(output)}
    assert summary["mastodon:ett@example.social"]["likes"] == 7
    code, output = run_cli(["connectors", "engagement", "--post", str(p1)], monkeypatch, capsys)
    assert code == 0 and "7 likes, 2 shares, 0 replies" in output
    code, output = run_cli(["connectors", "platforms"], monkeypatch, capsys)
    assert "cannot hide a comment" in output and "report the reply to the instance" in output

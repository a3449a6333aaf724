"""Platform actions from the web inbox, in Debian's Chromium (Playwright) against the app on loopback and a
loopback Graph API (Facebook Pages) test double: hiding a comment on a linked Facebook page reaches the platform
and the page says "hidden on Facebook"; the same on an account with no connector linked (Instagram) says "recorded
here only — no connector linked", and says so before the click; on Mastodon the page says before the click that it
cannot hide a reply and what it can do instead."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.connectors.models import PlatformActionRecord
from socialwarden.moderation.models import Comment
from socialwarden.moderation.reader import IncomingComment
from socialwarden.moderation.service import store_batch
from socialwarden.people import service as people
from socialwarden.settings import Settings
from tests.connectors import org
from tests.connectors.fakes_graph import FakeGraph
from tests.web.browser import CHROMIUM, need_chromium, serve, shot
from tests.web.conftest import PASSWORD, build_env

playwright_sync = pytest.importorskip("playwright.sync_api")
TEXT = {"fb1": "Selling cheap phone chargers, message me for prices!!",
        "fb2": "Selling cheap phone chargers here too, message me!!",
        "m1": "Selling cheap phone chargers on Mastodon as well, message me!!"}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    need_chromium()
    with playwright_sync.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


def _hide(page: object, base: str, text: str) -> str:
    page.goto(f"{base}/inbox")  # type: ignore[attr-defined]
    page.get_by_role("link", name=re.compile(re.escape(text[:30]))).click()  # type: ignore[attr-defined]
    pane = page.locator("#detail")  # type: ignore[attr-defined]
    pane.get_by_label("Reason (kept with the action)").fill("spam: selling goods in our comments")
    exception = pane.get_by_label(re.compile("Exception: why hide or remove"))
    if exception.count():
        exception.fill("spam is not one of ETT's criteria; the CEO treats it as off-topic")
    pane.get_by_role("button", name="Hide", exact=True).click()
    return str(page.locator("#flash").inner_text())  # type: ignore[attr-defined]


def test_hide_from_the_inbox_reaches_facebook_or_says_it_did_not(browser: object, tmp_path: Path,
                                                                  httpserver: HTTPServer) -> None:
    graph = FakeGraph(base_url=httpserver.url_for("").rstrip("/")).install(httpserver)
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'w.db'}")
    env = build_env(settings, "ett")
    policy = env.app.state.warden.policy
    now = dt.datetime.now(dt.UTC)
    with Session(env.engine, expire_on_commit=False) as session:
        ceo = people.get_person(session, handle="chief-executive")
        org.live_account(session, settings=env.settings, policy=policy, ceo=ceo, platform="facebook",
                         handle="ettrust", secrets={"access_token": graph.token}, external_id=graph.node,
                         api_base_url=graph.base_url)
        org.live_account(session, settings=env.settings, policy=policy, ceo=ceo, platform="mastodon",
                         handle="ett@example.social", secrets={"access_token": "t"},
                         api_base_url="http://127.0.0.1:9")  # never called: Mastodon cannot hide
        unlinked = accounts.request_account(session, policy=policy, actor=ceo, platform="instagram",
                                            handle="ettevents", category="official", purpose="Events",
                                            owner=ceo, has_logo=True)
        accounts.activate_account(session, policy=policy, actor=ceo, account=unlinked)
        session.commit()
        store_batch(session, policy=policy, actor="chief-executive", source="test", items=[
            IncomingComment(line=1, platform="facebook", comment_id="1234_5678_1", text=TEXT["fb1"],
                            created_at=now - dt.timedelta(hours=2), author_id="661", author_name="Chris Seller",
                            account="facebook:ettrust"),
            IncomingComment(line=2, platform="instagram", comment_id="777_1", text=TEXT["fb2"],
                            created_at=now - dt.timedelta(hours=1), author_id="662", author_name="Chris Seller",
                            account="instagram:ettevents"),
            IncomingComment(line=3, platform="mastodon", comment_id="110000", text=TEXT["m1"],
                            created_at=now, author_id="501", author_name="Seller",
                            account="mastodon:ett@example.social")])
        session.commit()
    with serve(env.app) as base:
        page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()  # type: ignore[attr-defined]
        page.goto(f"{base}/login")
        page.get_by_label("Handle").fill("chief-executive")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

        # before the click: Mastodon cannot hide a reply, and the page says what it can do instead
        page.goto(f"{base}/inbox")
        page.get_by_role("link", name=re.compile(re.escape(TEXT["m1"][:30]))).click()
        note = page.locator("#detail .platform-notes [data-action=hide]").inner_text()
        assert "Mastodon cannot hide a comment through its API" in note and "block" in note, note
        shot(page, "inbox-platform-note-mastodon")

        # a linked Facebook page: the loopback Graph API receives the hide, and the page says so
        flash = _hide(page, base, TEXT["fb1"])
        assert graph.hidden == ["1234_5678_1"], graph.log
        assert graph.calls("POST", "/1234_5678_1") == 1
        assert "hidden on Facebook" in flash, flash
        shot(page, "inbox-hidden-on-facebook")

        # shown again: the Graph API receives the unhide too
        with Session(env.engine) as session:
            pk = session.execute(select(Comment.id).where(Comment.comment_id == "1234_5678_1")).scalar_one()
        page.goto(f"{base}/inbox?open={pk}")
        page.get_by_label("Why show it again").fill("hidden in error: the seller is a parent selling tickets")
        page.get_by_role("button", name="Unhide").click()
        assert "unhide — shown again on Facebook" in page.locator("#flash").inner_text()
        assert graph.unhidden == ["1234_5678_1"]

        # an account with no connector linked: the page says so before the click, and after it
        page.goto(f"{base}/inbox")
        page.get_by_role("link", name=re.compile(re.escape(TEXT["fb2"][:30]))).click()
        before = page.locator("#detail .platform-notes [data-action=hide]").inner_text()
        assert "recorded here only — no connector linked" in before, before
        calls = len(graph.log)
        flash = _hide(page, base, TEXT["fb2"])
        assert "recorded here only — no connector linked" in flash, flash
        assert len(graph.log) == calls and graph.hidden == ["1234_5678_1"]
        shot(page, "inbox-recorded-here-only")

    with Session(env.engine) as session:
        rows = {(r.target_id, r.verb): r for r in session.execute(select(PlatformActionRecord)).scalars()}
        assert rows["1234_5678_1", "hide"].outcome == "done"
        assert rows["1234_5678_1", "hide"].message == "hidden on Facebook"
        assert rows["1234_5678_1", "unhide"].message == "shown again on Facebook"
        assert rows["777_1", "hide"].outcome == "no_connector"
        hidden = session.execute(select(Comment.comment_id, Comment.visibility)).all()
        assert dict(hidden)["1234_5678_1"] == "visible" and dict(hidden)["777_1"] == "hidden"
    env.engine.dispose()

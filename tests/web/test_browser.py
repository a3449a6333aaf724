"""Browser tests: Debian's Chromium (Playwright) against the app served by uvicorn on loopback.

Sign in, check a draft and see the highlights, submit and approve a post as two people, act on an inbox item,
start and end an incident. Each test leaves a screenshot in test-output/.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.moderation.reader import IncomingComment
from socialwarden.moderation.service import store_batch
from socialwarden.people import service as people
from socialwarden.settings import Settings
from tests.governance.helpers import make_ready
from tests.web.browser import CHROMIUM, need_chromium, serve, shot
from tests.web.conftest import PASSWORD, WebEnv, build_env

playwright_sync = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    need_chromium()
    with playwright_sync.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


def _env(tmp_path: Path, pack: str) -> WebEnv:
    return build_env(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'w.db'}"), pack)


def _live_account(env: WebEnv, *, requester: str, approver: str, owner: str, category: str, handle: str) -> int:
    policy = env.app.state.warden.policy
    with Session(env.engine) as session:
        req = people.get_person(session, handle=requester)
        own = people.get_person(session, handle=owner)
        account = accounts.request_account(session, policy=policy, actor=req, platform="facebook", handle=handle,
                                           category=category, purpose="news and events", owner=own,
                                           profile_text=f"{handle} — Views are my own", has_logo=True)
        if account.status == "requested":
            accounts.approve_account(session, policy=policy, actor=people.get_person(session, handle=approver),
                                     account=account)
        make_ready(session, policy, account)
        accounts.activate_account(session, policy=policy, actor=own, account=account)
        session.commit()
        return account.id


def _sign_in(browser: object, base: str, handle: str) -> object:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()
    return page


def test_sign_in_and_check_a_draft_with_highlights(browser: object, tmp_path: Path) -> None:
    env = _env(tmp_path, "gosport")
    with serve(env.app) as base:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()  # type: ignore[attr-defined]
        page.goto(f"{base}/check")
        assert "/login" in page.url  # sent to sign in first
        page.get_by_label("Handle").fill("site-owner")
        page.get_by_label("Password").fill("wrong password here")
        page.get_by_role("button", name="Sign in").click()
        assert page.get_by_role("alert").inner_text().startswith("that handle and password do not match")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{base}/check")
        page.get_by_label("Draft text").press_sequentially("Call Jane on 07700 900123 about her care package.",
                                                           delay=5)
        marks = page.locator("#draft-marks mark")
        marks.first.wait_for(state="attached", timeout=10_000)  # highlighted as you type, no button pressed
        assert page.locator("#verdict [data-verdict]").get_attribute("data-verdict") == "block"
        assert "07700 900123" in " ".join(marks.all_inner_texts())
        assert page.locator("#verdict blockquote").count() >= 1  # the clauses cited beside the text
        shot(page, "check-draft-highlights")
        page.set_viewport_size({"width": 390, "height": 844})  # a phone
        shot(page, "check-draft-phone")


def test_submit_and_approve_a_post_as_two_people(browser: object, tmp_path: Path) -> None:
    env = _env(tmp_path, "society")
    _live_account(env, requester="trustee", approver="social-media-officer", owner="social-media-officer",
                  category="official", handle="TheSociety")
    with serve(env.app) as base:
        author = _sign_in(browser, base, "trustee")
        author.goto(f"{base}/posts")
        author.get_by_label("Text", exact=True).fill("Our annual lecture is on 12 March at 6pm; all members welcome.")
        author.get_by_role("button", name="Save and check").click()
        author.get_by_role("button", name="Submit post #1").click()
        assert "sent for approval" in author.locator("#flash").inner_text()
        shot(author, "post-submitted")
        approver = _sign_in(browser, base, "social-media-officer")
        approver.goto(f"{base}/approvals")
        assert "annual lecture" in approver.locator("#main").inner_text()
        shot(approver, "approval-queue")
        approver.locator("#ap-post-1").get_by_role("button", name="Approve").click()
        assert "Post #1 approved" in approver.locator("#flash").inner_text()
        shot(approver, "post-approved")
        author.goto(f"{base}/posts")
        assert "status: approved" in author.locator("#main").inner_text()
        author.get_by_label("Publish at (UK time)").fill("2031-03-12T09:30")
        author.get_by_role("button", name="Schedule post #1").click()
        assert "scheduled for 12 Mar 2031 09:30 UK time" in author.locator("#flash").inner_text()
        assert "Scheduled for 12 Mar 2031 09:30 GMT" in author.locator("#main").inner_text()  # GMT in March
        shot(author, "post-scheduled")


def test_act_on_an_inbox_item(browser: object, tmp_path: Path) -> None:
    env = _env(tmp_path, "gosport")
    account_id = _live_account(env, requester="officer", approver="head-of-it", owner="site-owner",
                               category="personal", handle="GosportBC")
    assert account_id
    policy = env.app.state.warden.policy
    now = dt.datetime.now(dt.UTC)
    with Session(env.engine) as session:
        store_batch(session, policy=policy, actor="site-owner", source="test", items=[
            IncomingComment(line=1, platform="facebook", comment_id="c1", created_at=now, author_name="Deals4U",
                            text="Earn £500 a day from home!!! Click here bit.ly/3xYz9", account="GosportBC"),
            IncomingComment(line=2, platform="facebook", comment_id="c2", created_at=now, author_name="Sue",
                            text="Lovely event on Saturday, thank you!", account="GosportBC")])
        session.commit()
    with serve(env.app) as base:
        page = _sign_in(browser, base, "site-owner")
        page.goto(f"{base}/inbox")
        assert page.locator("table.inbox-list tr[data-row]").count() == 2
        page.get_by_role("link", name=re.compile("Earn £500")).click()
        spam = page.locator("#detail")
        assert spam.locator("mark").count() >= 1
        spam.get_by_role("button", name="Remove", exact=True).click()
        assert "remove; evidence #" in page.locator("#flash").inner_text()
        assert page.locator("table.inbox-list tr[data-row]").count() == 1
        shot(page, "inbox-after-remove")


def test_start_and_end_an_incident(browser: object, tmp_path: Path) -> None:
    env = _env(tmp_path, "ett")
    _live_account(env, requester="chief-executive", approver="chief-executive", owner="staff",
                  category="individual_professional", handle="JaneAtETT")
    with serve(env.app) as base:
        page = _sign_in(browser, base, "chief-executive")
        page.goto(f"{base}/accounts")
        page.get_by_label("Reason for the incident switch").fill("Data breach: hold personal-professional accounts")
        page.get_by_role("button", name="Declare incident").click()
        assert "accounts suspended" in page.locator("#flash").inner_text()
        assert "suspended" in page.locator("table").inner_text()
        shot(page, "incident-started")
        page.get_by_label("Reason for the incident switch").fill("Breach contained")
        page.get_by_role("button", name="End incident").click()
        assert "ended" in page.locator("#flash").inner_text()
        assert "active" in page.locator("table").inner_text()
        shot(page, "incident-ended")


def test_demo_pages_render_without_console_errors(browser: object, tmp_path: Path) -> None:
    from socialwarden.cli.serve_cmd import prepare_demo
    from socialwarden.demo import site
    from socialwarden.web.app import create_app

    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'w.db'}", policy="gosport",
                        secret_key="b" * 40)
    prepare_demo(settings)
    creds = {row["handle"]: row["password"] for row in site.load_credentials(settings)}
    with serve(create_app(settings)) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(f"{base}/login")
        page.get_by_label("Handle").fill("head.of.it")
        page.get_by_label("Password").fill(creds["head.of.it"])
        page.keyboard.press("Enter")  # the form works from the keyboard
        page.wait_for_url(f"{base}/check")
        for name in ("dashboard", "audit", "accounts", "approvals", "people"):
            page.goto(f"{base}/{name}")
            assert page.locator("h1").count() == 1
            shot(page, f"demo-{name}")
        assert page.evaluate("document.activeElement.tagName") == "BODY"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"  # skip link first
        assert not errors, errors  # no CSP violations, no script errors

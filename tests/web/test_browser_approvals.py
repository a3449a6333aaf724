"""The approval workflow in a real browser (Debian's Chromium via Playwright, the app on loopback), Gosport pack.

An officer drafts a post the check warns on (the live counter shows X's 280) -> it waits for the site owner ->
one site owner returns it with a comment -> the officer edits and resubmits -> a second site owner approves ->
the officer schedules it -> the audit trail shows each step with who and when. Screenshots go to test-output/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.people import service as people
from socialwarden.settings import Settings
from tests.governance.helpers import make_ready
from tests.web.browser import CHROMIUM, need_chromium, serve, shot
from tests.web.conftest import PASSWORD, WebEnv, build_env

playwright_sync = pytest.importorskip("playwright.sync_api")

WARNED = "Our waste contractor has been useless this month; bins were missed across Alverstoke."
SOFTER = "Our waste contractor has been hopeless this month and bins were missed; we are sorry."


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    need_chromium()
    with playwright_sync.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


def _gosport(tmp_path: Path) -> WebEnv:
    env = build_env(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'w.db'}"), "gosport")
    policy = env.app.state.warden.policy
    with Session(env.engine) as session:
        hit = people.get_person(session, handle="head-of-it")
        officer = people.get_person(session, handle="officer")
        people.set_line_manager(session, policy=policy, actor=hit, person=officer,
                                line_manager=people.get_person(session, handle="line-manager"))
        second = people.add_person(session, policy=policy, actor=hit, handle="site-owner-2", name="Second Owner",
                                   roles=["site_owner"])
        second.password_hash = officer.password_hash
        account = accounts.request_account(session, policy=policy, actor=officer, platform="x", handle="GosportBC",
                                           category="official", purpose="Council news",
                                           owner=people.get_person(session, handle="site-owner"))
        for approver in ("head-of-it", "line-manager"):
            accounts.approve_account(session, policy=policy, actor=people.get_person(session, handle=approver),
                                     account=account)
        make_ready(session, policy, account)
        accounts.activate_account(session, policy=policy, actor=hit, account=account)
        session.commit()
    return env


def _sign_in(browser: object, base: str, handle: str, width: int = 1280) -> object:
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()  # type: ignore[attr-defined]
    page.goto(f"{base}/login")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()
    return page


def test_warned_post_returned_edited_and_approved_by_a_second_person(browser: object, tmp_path: Path) -> None:
    env = _gosport(tmp_path)
    with serve(env.app) as base:
        officer = _sign_in(browser, base, "officer")
        officer.goto(f"{base}/posts")
        officer.get_by_label("Text", exact=True).press_sequentially("Bins", delay=5)
        assert officer.locator("#post-text-count").inner_text() == "4 / 280 characters (x)"  # counted as you type
        officer.get_by_label("Text", exact=True).fill("x" * 290)
        officer.get_by_label("Text", exact=True).dispatch_event("input")
        assert "10 too many" in officer.locator("#post-text-count").inner_text()
        officer.get_by_label("Text", exact=True).fill(WARNED)
        officer.get_by_role("button", name="Save and check").click()
        post = officer.locator("#post-1")
        assert "check: warning" in post.inner_text()
        assert post.locator("p.text mark").count() >= 1  # the finding is marked in the text
        assert "Needs approval by Site owner: The check warned on this post" in post.locator(".need").inner_text()
        officer.get_by_role("button", name="Submit post #1").click()
        assert "Post #1 sent for approval" in officer.locator("#flash").inner_text()
        shot(officer, "approvals-1-submitted")

        first = _sign_in(browser, base, "site-owner")
        first.goto(f"{base}/approvals")
        item = first.locator("#ap-post-1")
        shown = item.inner_text()
        assert "bins were missed across Alverstoke" in shown and "You decide as Site owner" in shown
        shot(first, "approvals-2-queue")
        item.get_by_role("button", name="Return with comments").click()  # no comment yet: refused, nothing lost
        assert "say why in a comment" in first.locator("#main").inner_text()
        first.goto(f"{base}/approvals")
        first.locator("#ap-post-1").get_by_label("Comments on Post #1").fill("Please do not blame the contractor")
        first.locator("#ap-post-1").get_by_role("button", name="Return with comments").click()
        assert "Post #1 returned with your comments" in first.locator("#flash").inner_text()
        assert "Nothing is waiting for you" in first.locator("#main").inner_text()  # decided: gone from the queue

        officer.goto(f"{base}/posts")
        post = officer.locator("#post-1")
        assert "status: returned" in post.inner_text()
        assert "Returned with comments by site-owner" in post.inner_text()
        assert "Please do not blame the contractor" in post.inner_text()
        assert post.get_by_role("button", name="Submit post #1").count() == 0  # edit first
        shot(officer, "approvals-3-returned")
        post.get_by_label("New text for post #1").fill(SOFTER)
        post.get_by_role("button", name="Save version of post #1").click()
        assert "version 2 saved" in officer.locator("#flash").inner_text()
        officer.get_by_role("button", name="Submit post #1").click()
        assert "sent for approval" in officer.locator("#flash").inner_text()

        second = _sign_in(browser, base, "site-owner-2")
        second.goto(f"{base}/approvals")
        item = second.locator("#ap-post-1")
        assert "version 2" in item.inner_text() and "Please do not blame the contractor" in item.inner_text()
        item.get_by_role("button", name="Approve").click()
        assert "Post #1 approved" in second.locator("#flash").inner_text()
        shot(second, "approvals-4-approved")

        officer.goto(f"{base}/posts")
        assert "status: approved" in officer.locator("#post-1").inner_text()
        officer.get_by_label("Publish at (UK time)").fill("2031-07-01T09:30")
        officer.get_by_role("button", name="Schedule post #1").click()
        assert "scheduled for 01 Jul 2031 09:30 UK time" in officer.locator("#flash").inner_text()
        assert "Scheduled for 01 Jul 2031 09:30 BST" in officer.locator("#post-1").inner_text()
        officer.goto(f"{base}/posts/calendar?month=2031-07")
        assert "#1" in officer.locator("td[data-date='2031-07-01']").inner_text()
        shot(officer, "approvals-5-calendar")

        auditor = _sign_in(browser, base, "head-of-it")
        auditor.goto(f"{base}/audit?q=post")
        rows = auditor.locator("tbody tr").all_inner_texts()
        every = [(r.split("\t")[2], r.split("\t")[3]) for r in reversed(rows) if "post 1" in r]
        assert [who for who, what in every if what == "notification.create"] == ["officer", "officer"]  # told
        steps = [(who, what) for who, what in every if what != "notification.create"]
        assert steps == [("officer", "post.draft"), ("officer", "post.submit"), ("officer", "approval.request"),
                         ("site-owner", "post.return"), ("officer", "post.edit"), ("officer", "post.submit"),
                         ("officer", "approval.request"), ("site-owner-2", "post.approve"),
                         ("officer", "post.schedule")], steps
        assert all(re.search(r"\d\d \w{3} \d{4} \d\d:\d\d", r) for r in rows)  # each with when
        shot(auditor, "approvals-6-audit")

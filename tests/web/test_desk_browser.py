"""The desk in Debian's Chromium (Playwright) against the app on loopback, with a real SMTP server (aiosmtpd):
a threat comment arrives, the site owner escalates it from the inbox's detail pane, the Head of IT gets an e-mail,
finds it in Escalations on their start page, acknowledges and decides; the audit log shows every step with who
and when. Screenshots of the inbox list and detail pane at 1366 and 375 pixels go to test-output/."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.audit.models import AuditEvent
from socialwarden.moderation.reader import IncomingComment
from socialwarden.moderation.service import store_batch
from socialwarden.people import service as people
from socialwarden.settings import Settings
from tests.smtp import PASSWORD as SMTP_PASSWORD
from tests.smtp import USER as SMTP_USER
from tests.smtp import smtp_server
from tests.web.browser import CHROMIUM, need_chromium, serve, shot
from tests.web.conftest import PASSWORD, build_env

playwright_sync = pytest.importorskip("playwright.sync_api")
THREAT = "I know where you live. It would be a shame if something happened to your car."


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    need_chromium()
    with playwright_sync.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


def _sign_in(browser: object, base: str, handle: str, width: int = 1366, height: int = 900) -> object:
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    page.goto(f"{base}/login")
    page.get_by_label("Handle").fill(handle)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()
    return page


def test_threat_escalated_emailed_decided_and_audited(browser: object, tmp_path: Path) -> None:
    with smtp_server(tmp_path) as smtp:
        settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'w.db'}",
                            smtp_host=smtp.host, smtp_port=smtp.port, smtp_starttls=True, smtp_user=SMTP_USER,
                            smtp_password=SMTP_PASSWORD, smtp_ca_file=smtp.ca_file,
                            mail_from="socialwarden@gosport.example")
        env = build_env(settings, "gosport")
        policy = env.app.state.warden.policy
        now = dt.datetime.now(dt.UTC)
        with Session(env.engine) as session:
            people.get_person(session, handle="head-of-it").email = "helen.okafor@gosport.example"
            store_batch(session, policy=policy, actor="site-owner", source="facebook sync", items=[
                IncomingComment(line=1, platform="facebook", comment_id="c1", created_at=now - dt.timedelta(hours=2),
                                author_name="anon4471", text=THREAT, thread="post-1"),
                IncomingComment(line=2, platform="facebook", comment_id="c2", created_at=now - dt.timedelta(hours=1),
                                author_name="Sue Bright", text="Lovely event on Saturday, thank you!",
                                thread="post-1"),
                IncomingComment(line=3, platform="facebook", comment_id="c3", created_at=now,
                                author_name="Pat Jones", thread="post-1",
                                text="I want to make a complaint: my bin was missed again this week.")])
            session.commit()
        with serve(env.app) as base:
            env.app.state.warden = dataclasses.replace(env.app.state.warden, settings=dataclasses.replace(
                settings, base_url=base))
            owner = _sign_in(browser, base, "site-owner")
            owner.goto(f"{base}/inbox")
            rows = owner.locator("table.inbox-list tr[data-row]")
            assert rows.count() == 3
            assert "UTC" not in owner.locator("table.inbox-list").inner_text()  # due times in UK time
            shot(owner, "inbox-list-1366")
            owner.get_by_role("link", name=re.compile("I know where you live")).click()
            pane = owner.locator("#detail")
            assert pane.locator("mark").count() >= 1  # the findings marked in the text
            assert "§19" in pane.inner_text() and "Rules that fired" in pane.inner_text()
            shot(owner, "inbox-detail-1366")
            pane.get_by_label("Reason (kept with the action)").fill("Gosport 24: a threat; alert Head of IT and Legal")
            pane.get_by_role("button", name="Escalate", exact=True).click()
            flash = owner.locator("#flash").inner_text()
            assert "escalation #1 assigned to head_of_it, legal" in flash, flash
            # the Head of IT's e-mail, read from the SMTP server
            mail = smtp.inbox.wait_for(1)
            assert len(smtp.inbox.to("helen.okafor@gosport.example")) == 1, mail
            message = smtp.inbox.to("helen.okafor@gosport.example")[0]
            assert message["Subject"].startswith("[SocialWarden] Escalated to you: comment #")
            body = message.get_payload(decode=True).decode()
            link = re.search(r"Open it: (\S+)", body)
            assert link is not None and link.group(1) == f"{base}/escalations/1"
            # the Head of IT lands on Escalations (no moderate permission needed) and decides
            head = _sign_in(browser, base, "head-of-it")
            assert head.url == f"{base}/escalations"
            assert "I know where you live" in head.locator("#main").inner_text()
            assert "1" in head.locator(".bell .count").inner_text()
            head.goto(link.group(1))
            head.get_by_role("button", name="Acknowledge").click()
            assert "acknowledged" in head.locator("#flash").inner_text()
            head.get_by_label("Decision: why").fill("Threatening under 19; evidence kept for the police")
            head.get_by_role("button", name="Remove", exact=True).click()
            decided = head.locator("#flash").inner_text()
            assert "Decided: remove" in decided and "recorded here only — no connector linked" in decided, decided
            assert head.locator("[data-state]").get_attribute("data-state") == "decided"
            shot(head, "escalation-decided")
            head.goto(f"{base}/audit?action=comment.")
            audit_text = head.locator("table").inner_text()
            assert "site-owner" in audit_text and "head-of-it" in audit_text
            head.goto(f"{base}/audit?action=escalation.")
            assert "escalation.acknowledge" in head.locator("table").inner_text()
            shot(head, "escalation-audit")
            # phone width: the list, then the detail pane on its own
            phone = _sign_in(browser, base, "site-owner", width=375, height=812)
            phone.goto(f"{base}/inbox")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 375
            shot(phone, "inbox-list-375")
            phone.get_by_role("link", name=re.compile("my bin was missed")).click()
            assert phone.locator("#detail").is_visible()
            assert phone.evaluate("document.documentElement.scrollWidth") <= 375
            shot(phone, "inbox-detail-375")
            for pg in (owner, head, phone):
                assert not pg.console_errors, pg.console_errors  # type: ignore[attr-defined]
        with Session(env.engine) as session:
            trail = session.execute(select(AuditEvent.action, AuditEvent.actor).where(
                AuditEvent.subject_type.in_(["comment", "escalation"])).order_by(AuditEvent.seq)).all()
            assert [tuple(t) for t in trail] == [
                ("comment.escalate", "site-owner"), ("notification.create", "site-owner"),
                ("escalation.acknowledge", "head-of-it"), ("comment.remove", "head-of-it"),
                ("escalation.decide", "head-of-it"), ("platform.remove", "head-of-it")]
            times = session.execute(select(AuditEvent.at).where(AuditEvent.subject_type == "escalation")).scalars()
            assert all(t is not None for t in times)
        env.engine.dispose()


def test_inbox_keyboard_bulk_and_mine(browser: object, tmp_path: Path) -> None:
    env = build_env(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'w.db'}"), "gosport")
    policy = env.app.state.warden.policy
    now = dt.datetime.now(dt.UTC)
    with Session(env.engine) as session:
        store_batch(session, policy=policy, actor="site-owner", source="test", items=[
            IncomingComment(line=i, platform="facebook", comment_id=f"k{i}", created_at=now, author_name=f"P{i}",
                            text=text)
            for i, text in enumerate(["When does the pool reopen?", "Is the tip open on Sunday?",
                                      "Thanks for the fun day"], start=1)])
        session.commit()
    with serve(env.app) as base:
        page = _sign_in(browser, base, "site-owner")
        page.goto(f"{base}/inbox")
        page.keyboard.press("j")
        page.keyboard.press("x")
        page.keyboard.press("j")
        page.keyboard.press("x")
        assert page.locator("table.inbox-list input[type=checkbox]:checked").count() == 2
        page.get_by_role("button", name="Assign ticked to me").click()
        assert "2 comment(s) assigned to you" in page.locator("#flash").inner_text()
        assert page.locator("table.inbox-list tr[data-row]").count() == 2  # "assigned to me" is on
        page.locator("table.inbox-list input[type=checkbox]").first.check()
        page.locator("table.inbox-list input[type=checkbox]").nth(1).check()
        page.get_by_label("One reason for every ticked comment").fill("answered on the website FAQ")
        page.get_by_role("button", name="Keep ticked").click()
        assert "2 comment(s): keep — answered on the website FAQ" in page.locator("#flash").inner_text()
        assert page.locator("table.inbox-list tr[data-row]").count() == 1
        page.keyboard.press("j")
        page.keyboard.press("o")
        page.wait_for_url(re.compile(r"open=\d+"))
        assert page.locator("#detail").is_visible()
        page.keyboard.press("Escape")
        page.wait_for_url(re.compile(r"/inbox(\?done=.*)?$|/inbox\?$|/inbox$"))
        assert page.locator("#detail").count() == 0
        assert not page.console_errors  # type: ignore[attr-defined]
    env.engine.dispose()

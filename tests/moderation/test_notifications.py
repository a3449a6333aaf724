"""Notifications: recorded per person, e-mailed over SMTP to a real local server (aiosmtpd, STARTTLS + AUTH),
failures kept and retried, daily digests, reminders of what falls due within the next working hour, incidents,
approvals waiting and accounts needing reconnection."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.audit.models import AuditEvent
from socialwarden.connectors import service as links
from socialwarden.connectors.models import LinkHealth
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.incidents.service import declare_incident, end_incident
from socialwarden.moderation import service as desk
from socialwarden.notifications import service as notes
from socialwarden.notifications.flows import run_round
from socialwarden.notifications.mail import MailSettings, deliver, send_digests
from socialwarden.notifications.models import EmailChoice, EmailState, Notification, NotificationKind
from socialwarden.people import service as people
from socialwarden.policy.models import ModerationAction as A
from socialwarden.settings import Settings
from tests.moderation.test_escalations import ETT, GOSPORT, _store, gosport
from tests.posts.world import build
from tests.smtp import PASSWORD, USER, SmtpServer, smtp_server


@pytest.fixture
def smtp(tmp_path: Path) -> SmtpServer:
    with smtp_server(tmp_path) as server:
        yield server  # type: ignore[misc]


def mail_for(server: SmtpServer, password: str = PASSWORD) -> MailSettings:
    settings = Settings(data_dir=Path("."), database_url="sqlite://", smtp_host=server.host, smtp_port=server.port,
                        smtp_starttls=True, smtp_user=USER, smtp_password=password, smtp_ca_file=server.ca_file,
                        mail_from="warden@gosport.example", base_url="https://warden.gosport.example")
    mail = MailSettings.from_settings(settings)
    assert mail is not None
    return mail


def test_settings_come_from_the_environment_and_need_a_sender() -> None:
    env = {"WARDEN_SMTP_HOST": "smtp.example", "WARDEN_SMTP_PORT": "2525", "WARDEN_SMTP_STARTTLS": "0",
           "WARDEN_SMTP_USER": "u", "WARDEN_SMTP_PASSWORD": "s3cret-pw", "WARDEN_MAIL_FROM": "w@example.org"}
    settings = Settings.from_env(env)
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_starttls) == ("smtp.example", 2525, False)
    assert "s3cret-pw" not in repr(settings) and settings.smtp_password == "s3cret-pw"
    assert MailSettings.from_settings(Settings.from_env({})) is None  # no server: in-app only
    with pytest.raises(InputError, match="WARDEN_MAIL_FROM"):
        MailSettings.from_settings(dataclasses.replace(settings, mail_from=None))


def test_an_escalation_is_emailed_over_starttls_and_recorded(session: Session, smtp: SmtpServer) -> None:
    pks = gosport(session)
    out = desk.act(session, policy=GOSPORT, actor="sid", pk=pks["t1"], action=A.ESCALATE, reason="24: threat")
    session.commit()
    bad = deliver(session, policy=GOSPORT, mail=mail_for(smtp, password="wrong"))
    assert (bad.sent, bad.failed) == (0, 2) and "Authentication" in bad.errors[0]  # kept, never swallowed
    failed = session.execute(select(Notification)).scalars().all()
    assert {n.email_state for n in failed} == {EmailState.FAILED.value} and all(n.email_error for n in failed)
    report = deliver(session, policy=GOSPORT, mail=mail_for(smtp))  # retried once the settings are right
    assert (report.sent, report.failed) == (2, 0)
    messages = smtp.inbox.wait_for(2)
    helen = smtp.inbox.to("helen@gosport.example")
    assert len(messages) == 2 and len(helen) == 1
    body = helen[0].get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert helen[0]["Subject"] == f"[SocialWarden] Escalated to you: comment #{pks['t1']} from Author t1"
    assert helen[0]["From"] == "warden@gosport.example"
    assert f"https://warden.gosport.example/escalations/{out.escalation}" in body and "I know where you live" in body
    sent = session.execute(select(Notification).where(Notification.email_to == "helen@gosport.example")).scalar_one()
    assert sent.email_state == EmailState.SENT.value and sent.emailed_at is not None and sent.email_error is None
    audit = session.execute(select(AuditEvent.action, AuditEvent.actor).where(
        AuditEvent.action.like("notification.%")).order_by(AuditEvent.seq)).all()
    assert audit[0] == ("notification.create", "sid") and audit.count(("notification.email", "system:mailer")) == 4
    # nothing is sent twice
    assert deliver(session, policy=GOSPORT, mail=mail_for(smtp)).sent == 0


def test_digest_readers_get_one_mail_a_day(session: Session, smtp: SmtpServer) -> None:
    pks = gosport(session)
    hit, leah = people.get_person(session, handle="hit"), people.get_person(session, handle="leah")
    notes.set_choice(session, policy=GOSPORT, actor=hit, person=hit, email=EmailChoice.DIGEST)
    with pytest.raises(PermissionDenied, match="manage_people"):
        notes.set_choice(session, policy=GOSPORT, actor=leah, person=hit, email=EmailChoice.OFF)
    nobody = people.get_person(session, handle="olly")
    with pytest.raises(Conflict, match="no e-mail address: add one first"):
        notes.set_choice(session, policy=GOSPORT, actor=nobody, person=nobody, email=EmailChoice.DIGEST)
    desk.act(session, policy=GOSPORT, actor="sid", pk=pks["t1"], action=A.ESCALATE, reason="24")
    notes.notify(session, policy=GOSPORT, people=[hit], kind=NotificationKind.APPROVAL_WAITING, key="approval:x",
                 subject_type="post", subject_id=1, title="Post #1 waits for you", body="b", link="/approvals",
                 actor="olly")
    session.commit()
    assert deliver(session, policy=GOSPORT, mail=mail_for(smtp)).sent == 1  # Leah's, at once; Helen's wait
    early = dt.datetime(2026, 3, 10, 7, 30, tzinfo=dt.UTC)  # 07:30 UK: before the digest hour
    assert send_digests(session, policy=GOSPORT, mail=mail_for(smtp), now=early) == 0
    morning = dt.datetime(2026, 3, 10, 8, 30, tzinfo=dt.UTC)
    assert send_digests(session, policy=GOSPORT, mail=mail_for(smtp), now=morning) == 1
    assert send_digests(session, policy=GOSPORT, mail=mail_for(smtp), now=morning + dt.timedelta(hours=3)) == 0
    digest = smtp.inbox.wait_for(2) and smtp.inbox.to("helen@gosport.example")
    assert len(digest) == 1 and digest[0]["Subject"] == "[SocialWarden] Daily digest: 2 item(s)"
    text = digest[0].get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert "Escalated to you" in text and "Post #1 waits for you" in text and "/approvals" in text


def test_in_app_list_read_marks_and_links(session: Session) -> None:
    pks = gosport(session)
    desk.act(session, policy=GOSPORT, actor="sid", pk=pks["t1"], action=A.ESCALATE, reason="24")
    olly = people.get_person(session, handle="olly")  # no address: in the app only
    made = notes.notify(session, policy=GOSPORT, people=[olly], kind=NotificationKind.APPROVAL_WAITING,
                        key="k", subject_type="post", subject_id=3, title="t", body="b", link="/posts", actor="hit")
    assert made[0].email_state == EmailState.NONE.value
    assert notes.notify(session, policy=GOSPORT, people=[olly], kind=NotificationKind.APPROVAL_WAITING, key="k",
                        subject_type="post", subject_id=3, title="t", body="b", link="/posts", actor="hit") == []
    with pytest.raises(InputError, match="path"):
        notes.notify(session, policy=GOSPORT, people=[olly], kind=NotificationKind.APPROVAL_WAITING, key="k2",
                     subject_type="post", subject_id=3, title="t", body="b", link="https://evil.example/",
                     actor="hit")
    leah = people.get_person(session, handle="leah")
    assert notes.unread_count(session, person=leah) == 1
    mine = notes.list_for(session, person=leah)
    with pytest.raises(NotFound):
        notes.mark_read(session, policy=GOSPORT, actor=olly, ids=[mine[0].id])  # not yours
    assert notes.mark_read(session, policy=GOSPORT, actor=leah, ids=[mine[0].id]) == 1
    assert notes.unread_count(session, person=leah) == 0


def test_reminders_for_what_falls_due_within_the_next_working_hour(session: Session) -> None:
    build(session, ETT, {"ceo": ["chief_executive"], "sam": ["staff"], "tom": ["trustee"]},
          [("x", "ett", "official", "ceo", [], ["sam"])])
    pks = _store(session, "ett", "sam", {"q": "When does the careers fair open on Saturday?",
                                         "c": "I want to make a complaint about the booking process"}, "ett", "x")
    session.commit()
    due = desk.comment(session, pk=pks["q"]).due_at  # ETT 8b: one working day, Tuesday 10:00
    assert due == dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)
    too_early = dt.datetime(2026, 3, 9, 16, 30, tzinfo=dt.UTC)  # its next working hour ends Tuesday 09:30
    settings = Settings(data_dir=Path("."), database_url="sqlite://")
    assert run_round(session, policy=ETT, settings=settings, now=too_early).reminders == 0
    at = dt.datetime(2026, 3, 10, 9, 15, tzinfo=dt.UTC)
    first = run_round(session, policy=ETT, settings=settings, now=at)
    assert first.reminders >= 2 and not first.mail  # the question and the complaint's comment, to the moderators
    rows = session.execute(select(Notification).where(Notification.kind == NotificationKind.SLA_DUE.value)).scalars()
    by_link = {(n.link, n.person_id) for n in rows}
    moderators = {people.get_person(session, handle=h).id for h in ("ceo", "sam")}
    assert {pid for link, pid in by_link if link == f"/inbox?open={pks['q']}"} == moderators
    assert run_round(session, policy=ETT, settings=settings, now=at + dt.timedelta(minutes=10)).reminders == 0


def test_incidents_approvals_and_reconnects_notify(session: Session) -> None:
    world = build(session, ETT, {"ceo": ["chief_executive"], "sam": ["staff"], "tom": ["trustee"]},
                  [("x", "ett", "official", "ceo", [], ["sam"])])
    ceo = world.people["ceo"]
    incident = declare_incident(session, policy=ETT, actor=ceo, reason="data breach")
    end_incident(session, policy=ETT, actor=ceo, reason="contained")
    kinds = {(n.kind, n.person_id) for n in session.execute(select(Notification)).scalars()}
    for person in world.people.values():
        assert (NotificationKind.INCIDENT_STARTED.value, person.id) in kinds
        assert (NotificationKind.INCIDENT_ENDED.value, person.id) in kinds
    waiting = notes.approval_waiting(session, policy=ETT, roles=["chief_executive"], subject_type="post",
                                     subject_id=7, version=2, title="Post #7 v2 waits", link="/approvals",
                                     actor="sam", exclude=[world.people["sam"].id])
    assert [n.person_id for n in waiting] == [ceo.id]
    links.mark_failed(session, policy=ETT, actor="ceo", account_id=world.accounts["ett"].id,
                      health=LinkHealth.NEEDS_RECONNECTING, error="token revoked")
    told = session.execute(select(Notification).where(
        Notification.kind == NotificationKind.ACCOUNT_RECONNECT.value)).scalars().all()
    assert [n.person_id for n in told] == [ceo.id] and "token revoked" in told[0].body
    assert incident.id

"""E-mail over SMTP (STARTTLS, optional login) for notifications: sent now, or gathered in a daily digest.

``deliver`` and ``send_digests`` are flows: each message is committed as sent (or failed, with the server's
answer) straight after the SMTP exchange, so a crash re-sends at most the message in flight.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.acting import acting
from socialwarden.exceptions import InputError
from socialwarden.notifications.models import EmailChoice, EmailState, Notification, NotificationChoice
from socialwarden.people.models import Person, utc
from socialwarden.policy.models import Policy
from socialwarden.settings import Settings

UK = ZoneInfo("Europe/London")
BATCH = 200
MAILER = "system:mailer"
DIGEST_HOUR = 8


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    starttls: bool
    sender: str
    base_url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: Path | None = None
    timeout: float = 20.0

    @classmethod
    def from_settings(cls, settings: Settings) -> MailSettings | None:
        """None when no SMTP host is set (notifications stay in the app)."""
        if not settings.smtp_host:
            return None
        if not settings.mail_from:
            raise InputError("WARDEN_MAIL_FROM is not set: the address notification e-mails come from")
        if settings.smtp_user and not settings.smtp_password:
            raise InputError("WARDEN_SMTP_USER is set without WARDEN_SMTP_PASSWORD")
        base = settings.base_url or f"http://{settings.host}:{settings.port}"
        return cls(host=settings.smtp_host, port=settings.smtp_port, starttls=settings.smtp_starttls,
                   sender=settings.mail_from, base_url=base, user=settings.smtp_user,
                   password=settings.smtp_password, ca_file=settings.smtp_ca_file)


def send(mail: MailSettings, *, to: str, subject: str, body: str) -> str:
    """Send one plain-text message; returns its Message-ID. SMTP errors propagate (the caller records them)."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = mail.sender, to, subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=mail.sender.rpartition("@")[2] or None)
    message.set_content(body)
    with smtplib.SMTP(mail.host, mail.port, timeout=mail.timeout) as smtp:
        smtp.ehlo()
        if mail.starttls:
            context = ssl.create_default_context(cafile=str(mail.ca_file) if mail.ca_file else None)
            smtp.starttls(context=context)
            smtp.ehlo()
        if mail.user and mail.password:
            smtp.login(mail.user, mail.password)
        smtp.send_message(message)
    return str(message["Message-ID"])


def _uk(moment: dt.datetime) -> str:
    return utc(moment).astimezone(UK).strftime("%d %b %Y %H:%M %Z")


def body_of(mail: MailSettings, row: Notification) -> str:
    return (f"{row.body}\n\nOpen it: {mail.base_url}{row.link}\n\n"
            f"({row.kind.replace('_', ' ')}, {_uk(row.created_at)}; from SocialWarden — change how you get these "
            f"on {mail.base_url}/notifications)\n")


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int
    errors: tuple[str, ...]


def deliver(session: Session, *, policy: Policy, mail: MailSettings, now: dt.datetime | None = None,
            ids: list[int] | None = None) -> DeliveryReport:
    """Send every notification waiting for e-mail now (and retry failed ones); commits after each message."""
    states = [EmailState.PENDING.value, EmailState.FAILED.value]
    query = select(Notification).where(Notification.email_state.in_(states)).order_by(Notification.id).limit(BATCH)
    if ids is not None:
        query = query.where(Notification.id.in_(ids))
    sent, failed, errors = 0, 0, []
    for row in list(session.execute(query).scalars()):
        if not row.email_to:
            row.email_state = EmailState.NONE.value
            continue
        try:
            send(mail, to=row.email_to, subject=f"[SocialWarden] {row.title}", body=body_of(mail, row))
        except (smtplib.SMTPException, OSError) as exc:
            row.email_state, row.email_error = EmailState.FAILED.value, f"{type(exc).__name__}: {exc}"[:2000]
            failed += 1
            errors.append(f"notification #{row.id} to {row.email_to}: {row.email_error}")
        else:
            row.email_state, row.emailed_at, row.email_error = EmailState.SENT.value, now or _now(), None
            sent += 1
        acting(session, policy=policy, actor=MAILER, system=True).record(
            "notification.email", subject_type="notification",
                     subject_id=str(row.id), before=None,
                     after={"to": row.email_to, "state": row.email_state, "error": row.email_error})
        session.commit()
    return DeliveryReport(sent=sent, failed=failed, errors=tuple(errors))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def send_digests(session: Session, *, policy: Policy, mail: MailSettings, now: dt.datetime | None = None) -> int:
    """One e-mail per digest reader per UK day with everything gathered since their last one; returns how many."""
    at = now or _now()
    local = at.astimezone(UK)
    if local.hour < DIGEST_HOUR:
        return 0  # digests go out with the first round after 08:00 UK time
    today = local.date()
    sent = 0
    choices = session.execute(select(NotificationChoice).where(
        NotificationChoice.email == EmailChoice.DIGEST.value)).scalars().all()
    for choice in choices:
        if choice.last_digest_on is not None and choice.last_digest_on >= today:
            continue
        person = session.get(Person, choice.person_id)
        if person is None or not person.active or not person.email:
            continue
        rows = session.execute(select(Notification).where(
            Notification.person_id == person.id, Notification.email_state == EmailState.DIGEST.value)
            .order_by(Notification.created_at).limit(BATCH)).scalars().all()
        if not rows:
            continue
        body = f"Your SocialWarden digest for {today:%A %d %B %Y}: {len(rows)} item(s).\n\n" + "\n".join(
            f"- {r.title} ({_uk(r.created_at)})\n  {mail.base_url}{r.link}" for r in rows) + "\n"
        try:
            send(mail, to=person.email, subject=f"[SocialWarden] Daily digest: {len(rows)} item(s)", body=body)
        except (smtplib.SMTPException, OSError) as exc:
            acting(session, policy=policy, actor=MAILER, system=True).record(
                "notification.digest", subject_type="person",
                         subject_id=str(person.id), before=None,
                         after={"to": person.email, "state": "failed", "error": f"{type(exc).__name__}: {exc}"})
            session.commit()
            continue
        for row in rows:
            row.email_state, row.emailed_at = EmailState.SENT.value, at
        choice.last_digest_on = today
        acting(session, policy=policy, actor=MAILER, system=True).record("notification.digest", subject_type="person",
                     subject_id=str(person.id), before=None,
                     after={"to": person.email, "state": "sent", "notifications": [r.id for r in rows]})
        session.commit()
        sent += 1
    return sent

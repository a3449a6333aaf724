"""The notification round (``warden notifications run``, from cron every few minutes, or the worker): remind
what falls due within the next working hour, then send the e-mail waiting, then the daily digests due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from socialwarden.moderation.sla import remind_due_soon
from socialwarden.notifications.mail import DeliveryReport, MailSettings, deliver, send_digests
from socialwarden.policy.models import Policy
from socialwarden.settings import Settings

SYSTEM = "system:notifier"


@dataclass(frozen=True)
class RoundReport:
    reminders: int
    sent: int
    failed: int
    digests: int
    errors: tuple[str, ...]
    mail: bool  # False: no SMTP server is set, so only the in-app list was filled


def run_round(session: Session, *, policy: Policy, settings: Settings, now: dt.datetime | None = None) -> RoundReport:
    """One round; commits the reminders, then each e-mail as it is sent."""
    at = now or dt.datetime.now(dt.UTC)
    reminders = remind_due_soon(session, policy=policy, now=at, actor=SYSTEM)
    session.commit()
    mail = MailSettings.from_settings(settings)
    if mail is None:
        return RoundReport(len(reminders), 0, 0, 0, (), mail=False)
    report = deliver(session, policy=policy, mail=mail, now=at)
    digests = send_digests(session, policy=policy, mail=mail, now=at)
    return RoundReport(len(reminders), report.sent, report.failed, digests, report.errors, mail=True)


def send_now(session: Session, *, policy: Policy, settings: Settings,
             ids: list[int] | None = None) -> DeliveryReport | None:
    """E-mail what an edge just made (``ids``; None: everything waiting), when an SMTP server is set; None when
    none is. Commits per message; a failure stays on its row (shown in the app) for the next round to retry."""
    mail = MailSettings.from_settings(settings)
    if mail is None or (ids is not None and not ids):
        return None
    return deliver(session, policy=policy, mail=mail, ids=ids)

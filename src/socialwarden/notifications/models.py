"""Notifications sent to people (in-app, and by e-mail now or in a daily digest) and each person's choice."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from socialwarden.store.base import Base


class NotificationKind(StrEnum):
    ESCALATION = "escalation"  # a comment was flagged to your role
    APPROVAL_WAITING = "approval_waiting"  # a post or an account request waits for your approval
    SLA_DUE = "sla_due"  # a response falls due within the next working hour
    INCIDENT_STARTED = "incident_started"
    INCIDENT_ENDED = "incident_ended"
    ACCOUNT_RECONNECT = "account_reconnect"  # an account's platform token expired or was revoked


class EmailState(StrEnum):
    PENDING = "pending"  # to be sent now
    DIGEST = "digest"  # waits for the person's daily digest
    SENT = "sent"
    FAILED = "failed"  # the SMTP server refused or could not be reached: error kept, retried on the next send
    NONE = "none"  # the person has no e-mail address or chose in-app only


class EmailChoice(StrEnum):
    IMMEDIATE = "immediate"
    DIGEST = "digest"
    OFF = "off"


class Notification(Base):
    """One message to one person about one item; unique per (person, key) so a rerun never repeats it."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("person_id", "key", name="uq_notifications_person_id_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))  # e.g. escalation:4, sla:comment:7:2026-03-09T16:00
    kind: Mapped[str] = mapped_column(String(32))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(500))  # a path in the web app, e.g. /escalations/4
    created_by: Mapped[str] = mapped_column(String(80))  # who or what caused it (a handle or system:…)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    email_state: Mapped[str] = mapped_column(String(16), index=True)
    email_to: Mapped[str | None] = mapped_column(String(254))
    emailed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    email_error: Mapped[str | None] = mapped_column(Text)


class NotificationChoice(Base):
    """How a person wants e-mail: each notification at once (default), one daily digest, or none."""

    __tablename__ = "notification_choices"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    email: Mapped[str] = mapped_column(String(16))
    last_digest_on: Mapped[dt.date | None] = mapped_column(Date)


class NotificationOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    to: str
    kind: NotificationKind
    title: str
    body: str
    link: str
    created_by: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    email_state: EmailState
    email_to: str | None
    emailed_at: dt.datetime | None
    email_error: str | None

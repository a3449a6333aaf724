"""Sessions a person signed in with (browser or API token), recent sign-in attempts (the shared throttle) and
each person's recent requests (the per-person rate limit).

All live in the database so every web worker (and every machine) sees the same sessions and the same throttle.
A session row holds only the sha256 of its secret: the secret itself is in the signed cookie or bearer token, so
reading this table does not let anyone sign in as someone else.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from socialwarden.store.base import Base

_ID = BigInteger().with_variant(Integer(), "sqlite")


class SessionKind(enum.StrEnum):
    BROWSER = "browser"  # the web app's session cookie
    API = "api"  # a bearer token (POST /api/v1/session or `warden users token`)


class WebSession(Base):
    """One signed-in session; valid while not revoked, not expired, and the person's password is unchanged."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index("ix_web_sessions_person_live", "person_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(16))
    password_fp: Mapped[str] = mapped_column(String(16))  # a password change ends the session
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(200))
    revoked_reason: Mapped[str | None] = mapped_column(String(80))
    address: Mapped[str | None] = mapped_column(String(64))


class SignInAttempt(Base):
    """One sign-in attempt that reached the password check and has not (yet) succeeded, under one throttle key
    (``h:<normalised handle>`` or ``a:<address>``). Rows older than the throttle window are deleted."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index("ix_sign_in_attempts_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class ActionCount(Base):
    """How many requests of one kind (``key``: bucket and person) were let through, and how many refused, in one
    fixed time slot (``slot``: seconds since the epoch // the window). The limiter weighs the previous slot too
    (a sliding window), so a burst across a slot boundary is still counted."""

    __tablename__ = "action_counts"
    __table_args__ = (Index("ix_action_counts_slot", "slot"),)

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    slot: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)

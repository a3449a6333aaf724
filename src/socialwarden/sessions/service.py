"""Sessions and the sign-in throttle, both kept in the database so every web worker shares them.

A session is a random secret handed to the browser (inside the signed cookie) or the API client (inside the signed
bearer token); the table keeps only its sha256. A session is valid while it is not revoked, not expired, its person
is active and their password is the one it was started with. Signing out revokes it; changing a password and an
administrator's "sign out everywhere" revoke every session of that person; each revocation is audited.

The throttle counts attempts per normalised handle and per client address over a window. An attempt is written
(and committed) *before* the password is checked and counted after, so concurrent guesses cannot all slip in under
the limit; a successful sign-in deletes the handle's attempts, a refused attempt deletes its own rows (so
hammering a locked handle does not extend the lock).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.exceptions import TooManyAttempts
from socialwarden.people.models import Person, utc
from socialwarden.policy.models import Policy
from socialwarden.sessions.models import SessionKind, SignInAttempt, WebSession

__all__ = ["SignInThrottle", "end_all", "end_session", "find_session", "live_count", "normalise_handle",
           "revoke_all", "start_session", "token_hash"]

EXPIRED_KEPT = dt.timedelta(days=1)  # expired or revoked rows are deleted a day after they stop working


def normalise_handle(handle: str) -> str:
    """The one form of a handle that look-ups and the throttle both use: NFKC, every Unicode whitespace and
    invisible format character removed (anywhere), case-folded. ``"LEGAL\\u00a0"``, ``"\\tlegal"`` and
    ``"ｌｅｇａｌ"`` are all ``"legal"``."""
    text = unicodedata.normalize("NFKC", handle)
    text = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")
    return text.casefold()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def start_session(session: Session, *, person: Person, kind: SessionKind, hours: float, password_fp: str,
                  address: str | None) -> str:
    """Add a session for ``person`` (the caller commits, with its sign-in audit event); returns its secret."""
    now = _now()
    session.execute(delete(WebSession).where(or_(WebSession.expires_at < now - EXPIRED_KEPT,
                                                 WebSession.revoked_at < now - EXPIRED_KEPT)))
    secret = secrets.token_urlsafe(32)
    session.add(WebSession(token_hash=token_hash(secret), person_id=person.id, kind=kind.value,
                           password_fp=password_fp, created_at=now, expires_at=now + dt.timedelta(hours=hours),
                           address=(address or "")[:64] or None))
    return secret


def find_session(session: Session, *, token: str, kind: SessionKind) -> WebSession | None:
    """The live session for ``token`` (None when unknown, of another kind, revoked or expired)."""
    row = session.execute(select(WebSession).where(WebSession.token_hash == token_hash(token))).scalar_one_or_none()
    if row is None or row.kind != kind.value or row.revoked_at is not None or utc(row.expires_at) <= _now():
        return None
    return row


def end_session(session: Session, *, policy: Policy, row: WebSession, actor: Person, reason: str) -> None:
    """Revoke one session (signing out); audited. The caller commits."""
    if row.revoked_at is not None:
        return
    row.revoked_at, row.revoked_by, row.revoked_reason = _now(), actor.handle, reason[:80]
    audit.record(session, actor=actor.handle, action="session.sign_out", subject_type="person",
                 subject_id=str(row.person_id), before={"session": row.id, "kind": row.kind}, after={"revoked": True},
                 reason=reason, policy_id=policy.policy.id, policy_version=policy.policy.version)


def revoke_all(session: Session, *, person: Person, by: str, reason: str) -> int:
    """Revoke every live session and token of ``person``; the count (the caller audits and commits)."""
    now = _now()
    live = (WebSession.person_id == person.id, WebSession.revoked_at.is_(None), WebSession.expires_at > now)
    count = session.execute(select(func.count()).select_from(WebSession).where(*live)).scalar_one()
    session.execute(update(WebSession).where(*live).values(revoked_at=now, revoked_by=by[:200],
                                                           revoked_reason=reason[:80]))
    return int(count)


def end_all(session: Session, *, policy: Policy, person: Person, actor: Person | str, reason: str) -> int:
    """"Sign out everywhere": revoke every live session and token of ``person``, audited with the count."""
    by = actor.handle if isinstance(actor, Person) else actor
    count = revoke_all(session, person=person, by=by, reason=reason)
    audit.record(session, actor=by, action="person.sign_out_everywhere", subject_type="person",
                 subject_id=str(person.id), before={"live_sessions": count}, after={"live_sessions": 0},
                 reason=reason, policy_id=policy.policy.id, policy_version=policy.policy.version)
    return count


def live_count(session: Session, *, person: Person) -> int:
    now = _now()
    query = select(func.count()).select_from(WebSession).where(
        WebSession.person_id == person.id, WebSession.revoked_at.is_(None), WebSession.expires_at > now)
    return int(session.execute(query).scalar_one())


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt in progress: its rows, and the handle key a success clears."""

    ids: tuple[int, ...]
    handle_key: str


@dataclass(frozen=True)
class SignInThrottle:
    """``limit`` attempts per handle (``address_limit`` per address) in ``window`` seconds, shared through the
    database by every worker. Each call uses its own short transaction, independent of the request's."""

    engine: Engine
    limit: int = 5
    window: int = 900
    address_limit: int = 20  # one address trying many handles

    def begin(self, *, handle: str, address: str) -> Attempt:
        """Record the attempt, then refuse it (TooManyAttempts) if the handle or address is over its limit."""
        now = _now()
        since = now - dt.timedelta(seconds=self.window)
        keys = ((f"h:{normalise_handle(handle)}"[:300], self.limit), (f"a:{address}"[:300], self.address_limit))
        with Session(self.engine) as session:
            session.execute(delete(SignInAttempt).where(SignInAttempt.at < since))
            rows = [SignInAttempt(key=key, at=now) for key, _ in keys]
            session.add_all(rows)
            session.commit()
            ids = tuple(row.id for row in rows)
        with Session(self.engine) as session:
            for key, limit in keys:
                count, oldest = session.execute(
                    select(func.count(), func.min(SignInAttempt.at))
                    .where(SignInAttempt.key == key, SignInAttempt.at >= since)).one()
                if count > limit:
                    session.execute(delete(SignInAttempt).where(SignInAttempt.id.in_(ids)))
                    session.commit()
                    wait = max(1, int((utc(oldest) - since).total_seconds()) + 1)
                    raise TooManyAttempts(f"too many failed sign-ins: try again in {wait // 60 + 1} minutes",
                                          retry_after=wait)
        return Attempt(ids=ids, handle_key=keys[0][0])

    def succeeded(self, attempt: Attempt) -> None:
        """A correct password: forget the handle's failures and this attempt's address row."""
        with Session(self.engine) as session:
            session.execute(delete(SignInAttempt).where(or_(SignInAttempt.key == attempt.handle_key,
                                                            SignInAttempt.id.in_(attempt.ids))))
            session.commit()

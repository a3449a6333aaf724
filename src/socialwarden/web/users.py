"""Sign-in accounts for people: the password hash on a person, and the permissions their roles grant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.acting import roles_of
from socialwarden.audit import service as audit
from socialwarden.exceptions import InputError, NotFound, NotSignedIn
from socialwarden.people import service as people
from socialwarden.people.models import Person
from socialwarden.policy.models import Permission, Policy
from socialwarden.sessions import service as sessions
from socialwarden.sessions.models import SessionKind
from socialwarden.web.security import Signer, fingerprint, hash_password, verify_password

if TYPE_CHECKING:
    from socialwarden.web.state import AppState


@dataclass(frozen=True)
class User:
    """A person as the web app sees them: who, which roles, and what those roles permit under the policy."""

    id: int
    handle: str
    name: str
    roles: tuple[str, ...]
    permissions: frozenset[Permission]
    active: bool
    password_hash: str | None  # kept only to fingerprint sessions; never rendered

    @property
    def can_sign_in(self) -> bool:
        return self.active and self.password_hash is not None

    def __repr__(self) -> str:  # the hash stays out of logs and tracebacks
        return f"User(handle={self.handle!r}, roles={self.roles!r})"


def _manages_anyone(session: Session, person: Person) -> bool:
    query = select(Person.id).where(Person.line_manager_id == person.id, Person.active.is_(True)).limit(1)
    return session.execute(query).first() is not None


def route_permissions(session: Session, *, policy: Policy, person: Person) -> tuple[tuple[str, ...],
                                                                                       frozenset[Permission]]:
    """The roles and permissions that open routes: the person's own, plus relative roles (a line manager's) if
    they manage anyone. The services still check the relation on each record (only *their* report's request)."""
    roles = set(roles_of(policy=policy, person=person))
    if person.active and _manages_anyone(session, person):
        roles |= {rid for rid, role in policy.roles.items() if role.relative_to_requester}
    ordered = tuple(r for r in policy.roles if r in roles)
    return ordered, frozenset(p for r in ordered for p in policy.roles[r].permissions)


def _person(session: Session, handle: str) -> Person | None:
    """The person whose handle matches ``handle`` normalised exactly as the throttle keys it (handles are stored
    lower-case ASCII, so "LEGAL\u00a0" and "\tlegal" both find legal, and are throttled as legal)."""
    query = select(Person).where(Person.handle == sessions.normalise_handle(handle))
    return session.execute(query).scalars().first()


def to_user(session: Session, person: Person, policy: Policy) -> User:
    roles, permissions = route_permissions(session, policy=policy, person=person)
    return User(id=person.id, handle=person.handle, name=person.name, roles=roles, permissions=permissions,
                active=bool(person.active), password_hash=person.password_hash)


def find(session: Session, *, policy: Policy, handle: str) -> User | None:
    """The person with this handle (case-insensitive), or None."""
    person = _person(session, handle)
    return None if person is None else to_user(session, person, policy)


def token_fingerprint(user: User) -> str:
    return fingerprint(user.password_hash)


@dataclass(frozen=True)
class SignedIn:
    """A successful sign-in: who, and the new session's secret (for the cookie or the bearer token)."""

    user: User
    secret: str


def sign_in(session: Session, *, state: AppState, handle: str, password: str, address: str, via: str,
            kind: SessionKind, hours: float) -> SignedIn:
    """Check a handle and password (throttled, shared by every worker); start a server-side session and audit
    the sign-in (the caller commits); NotSignedIn on any mismatch."""
    attempt = state.throttle.begin(handle=handle, address=address)
    person = _person(session, handle)
    stored = person.password_hash if person is not None and person.active else None
    if not verify_password(stored, password) or person is None:
        raise NotSignedIn("that handle and password do not match an account that may sign in")
    state.throttle.succeeded(attempt)
    policy = state.policy
    secret = sessions.start_session(session, person=person, kind=kind, hours=hours,
                                    password_fp=fingerprint(person.password_hash), address=address)
    audit.record(session, actor=person.handle, action="session.sign_in", subject_type="person",
                 subject_id=str(person.id), before=None, after={"via": via}, reason=None,
                 policy_id=policy.policy.id, policy_version=policy.policy.version)
    return SignedIn(user=to_user(session, person, policy), secret=secret)


def issue_token(session: Session, *, policy: Policy, signer: Signer, person: Person, hours: float, actor: str,
                address: str | None = None) -> str:
    """A bearer token for ``person`` backed by a new API session (audited; the caller commits)."""
    if not person.active or person.password_hash is None:
        raise InputError(f"{person.handle!r} cannot sign in: set a password first (warden users create)")
    secret = sessions.start_session(session, person=person, kind=SessionKind.API, hours=hours,
                                    password_fp=fingerprint(person.password_hash), address=address)
    audit.record(session, actor=actor, action="session.token_issued", subject_type="person",
                 subject_id=str(person.id), before=None, after={"hours": hours}, reason=None,
                 policy_id=policy.policy.id, policy_version=policy.policy.version)
    return api_token(signer, secret, hours)


def api_token(signer: Signer, secret: str, hours: float) -> str:
    """The bearer token carrying an API session's secret (signed, expiring with the session)."""
    return signer.sign({"sid": secret}, purpose="api", ttl=int(hours * 3600))


def set_password(session: Session, *, policy: Policy, actor: Person | None, handle: str, password: str) -> User:
    """Set (or replace) a person's password; every session and token they held is revoked.

    ``actor`` None is the bootstrap (the CLI, before anyone can sign in): the change is then the person's own.
    """
    person = _person(session, handle)
    if person is None:
        raise NotFound(f"no person with handle {handle!r}: add them first (warden people add)")
    if not person.active:
        raise InputError(f"{person.handle} is not active: reactivate them before giving them a password")
    people.set_password_hash(session, policy=policy, actor=actor or person, person=person,
                             password_hash=hash_password(password))
    sessions.revoke_all(session, person=person, by=(actor or person).handle, reason="password changed")
    return to_user(session, person, policy)

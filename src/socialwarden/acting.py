"""The kernel every service uses for "who is acting, may they, record it" (and "lock it first").

A service turns whatever its edge gave it (a ``Person``, a handle, or a ``system:…`` name where the service allows
one) into an :class:`Actor` with :func:`acting`, asks ``actor.require(...)`` before it changes anything, and calls
``actor.record(...)`` for every state change, in the caller's transaction (the edge or flow commits once)::

    actor = acting(session, policy=policy, actor=handle)
    actor.require(Permission.DRAFT_POST, doing="draft posts")
    post = locked(session, Post, post_id)          # write lock, then the row, fresh
    ...
    actor.record("post.edit", subject_type="post", subject_id=post.id, before=..., after=...)

Who may do what is read from the policy only: a person's roles (policy role ids) grant the role's permissions;
relative roles (``relative_to_requester``, e.g. Gosport's line manager) are held by the requester's recorded line
manager for that request only. Refusals name the permission and the roles that grant it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.exceptions import InputError, NotFound, PermissionDenied
from socialwarden.people.models import Person
from socialwarden.policy.models import Permission, Policy
from socialwarden.store.base import Base

__all__ = ["BOOTSTRAP", "SYSTEM", "Actor", "ActorLike", "acting", "grantors", "locked", "now_utc", "permissions_of",
           "roles_of"]

SYSTEM = "system:"  # names of actors that are not people (the scheduler, the bootstrap)
BOOTSTRAP = "system:bootstrap"
Row = TypeVar("Row", bound=Base)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def roles_of(*, policy: Policy, person: Person, requester: Person | None = None) -> frozenset[str]:
    """The policy roles a person holds, plus relative roles (the requester's line manager) when a requester is given."""
    if not person.active:
        return frozenset()
    held = {role for role in person.roles if role in policy.roles}
    if requester is not None and requester.id != person.id and requester.line_manager_id == person.id:
        held |= {rid for rid, role in policy.roles.items() if role.relative_to_requester}
    return frozenset(held)


def permissions_of(*, policy: Policy, person: Person, requester: Person | None = None) -> frozenset[Permission]:
    """What a person may do: the union of their roles' permissions in the policy, and nothing else."""
    return frozenset(p for role in roles_of(policy=policy, person=person, requester=requester)
                     for p in policy.roles[role].permissions)


def grantors(policy: Policy, permission: Permission) -> list[str]:
    """The roles of the policy that grant a permission."""
    return [rid for rid, role in policy.roles.items() if permission in role.permissions]


@dataclass(frozen=True)
class Actor:
    """Someone (or a ``system:…`` process) acting under a policy, in one session."""

    session: Session
    policy: Policy
    person: Person | None  # None for a system actor
    name: str  # the handle, or the system actor's name, as the audit trail shows it

    @property
    def id(self) -> int | None:
        return self.person.id if self.person is not None else None

    def as_person(self) -> Person:
        """The person acting; PermissionDenied for a system actor (what needs a person's name on it)."""
        if self.person is None:
            raise PermissionDenied(f"{self.name} is not a person: this needs someone's handle (--as HANDLE)")
        return self.person

    def is_(self, person_id: int | None) -> bool:
        """Whether this actor is the person with this id."""
        return self.person is not None and person_id is not None and self.person.id == person_id

    def roles(self, requester: Person | None = None) -> frozenset[str]:
        if self.person is None:
            return frozenset()
        return roles_of(policy=self.policy, person=self.person, requester=requester)

    def permissions(self, requester: Person | None = None) -> frozenset[Permission]:
        if self.person is None:
            return frozenset()
        return permissions_of(policy=self.policy, person=self.person, requester=requester)

    def may(self, *permissions: Permission, requester: Person | None = None) -> bool:
        """Whether the actor holds any one of ``permissions``."""
        return bool(self.permissions(requester) & set(permissions))

    def require(self, *permissions: Permission, doing: str, requester: Person | None = None) -> None:
        """PermissionDenied naming the permission(s) and the roles granting them, unless the actor holds one."""
        if not permissions:
            raise ValueError("require needs at least one permission")
        if self.may(*permissions, requester=requester):
            return
        roles = sorted({r for p in permissions for r in grantors(self.policy, p)})
        needs = " or ".join(p.value for p in permissions)
        pid = self.policy.policy.id
        who = (f"which policy {pid} grants to: {', '.join(roles)}" if roles
               else f"which no role in policy {pid} grants")
        state = "" if self.person is None or self.person.active else f" ({self.name} is inactive)"
        raise PermissionDenied(f"{self.name} may not {doing}{state}: that needs the {needs} permission, {who}")

    def record(self, action: str, *, subject_type: str, subject_id: object, before: object, after: object,
               reason: str | None = None) -> None:
        """Append the audit event for a change this actor made, stamped with the policy's id and version."""
        audit.record(self.session, actor=self.name, action=action, subject_type=subject_type,
                     subject_id=str(subject_id), before=before, after=after, reason=reason,
                     policy_id=self.policy.policy.id, policy_version=self.policy.policy.version)


ActorLike = Person | str | Actor  # what services accept as ``actor``: a Person, a handle, or an Actor already made


def acting(session: Session, *, policy: Policy, actor: ActorLike, system: bool = False) -> Actor:
    """The actor for a service call: a Person as given, a handle looked up (it must be an active person), or,
    where the caller allows it (``system=True``), a ``system:…`` name."""
    if isinstance(actor, Actor):
        return actor
    if isinstance(actor, Person):
        return Actor(session=session, policy=policy, person=actor, name=actor.handle)
    name = actor.strip()
    if name.startswith(SYSTEM):
        if not system:
            raise InputError(f"{name!r} is a system actor; this needs a person (--as HANDLE)")
        return Actor(session=session, policy=policy, person=None, name=name)
    found = session.execute(select(Person).where(Person.handle == name)).scalar_one_or_none()
    if found is None or not found.active:
        raise NotFound(f"no active person with handle {name!r}")
    return Actor(session=session, policy=policy, person=found, name=found.handle)


def locked(session: Session, model: type[Row], key: int, *, what: str | None = None) -> Row:
    """Take the write lock, then read the row fresh (PostgreSQL: ``SELECT … FOR UPDATE``; SQLite: the row read
    under ``BEGIN IMMEDIATE``), so a check made on it holds until this transaction commits.

    The audit chain's lock comes first on both databases, as every audited write takes it anyway: taking the row
    after it keeps one lock order everywhere, so two writers can never deadlock on a row and the chain head."""
    audit.lock(session)
    key_column = model.__mapper__.primary_key[0]
    session.execute(select(key_column).where(key_column == key).with_for_update())  # the row alone, no joins
    row = session.get(model, key, populate_existing=True)
    if row is None:
        raise NotFound(f"no {what or model.__tablename__.rstrip('s')} #{key}")
    return row

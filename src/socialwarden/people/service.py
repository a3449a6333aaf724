"""People services: add and find people, set their roles and line managers (who may do what is ``acting``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialwarden.acting import BOOTSTRAP, ActorLike, acting
from socialwarden.audit import service as audit
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.people.models import Person
from socialwarden.policy.checks import suggest
from socialwarden.policy.models import Permission, Policy

__all__ = ["BOOTSTRAP_ACTOR", "add_person", "get_person", "handles", "list_people", "set_active", "set_email",
           "set_line_manager", "set_password_hash", "set_roles", "snapshot"]

BOOTSTRAP_ACTOR = BOOTSTRAP
_HANDLE = re.compile(r"^[a-z0-9][a-z0-9._\-]{0,79}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def snapshot(person: Person) -> dict[str, Any]:
    """The audited view of a person (never the password hash)."""
    return {"handle": person.handle, "name": person.name, "job_title": person.job_title, "email": person.email,
            "roles": list(person.roles), "line_manager_id": person.line_manager_id, "active": person.active}


def _check_roles(policy: Policy, roles: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for role in roles:
        role = role.strip()
        if role not in policy.roles:
            hint = suggest(role, list(policy.roles))
            extra = f"; did you mean {hint!r}?" if hint else ""
            raise InputError(f"role {role!r} is not defined in policy {policy.policy.id} "
                             f"(roles: {', '.join(policy.roles)}){extra}")
        if policy.roles[role].relative_to_requester:
            raise InputError(f"role {role!r} ({policy.roles[role].title}) is held relative to a requester, not "
                             "assigned: set the requester's line manager instead")
        if role not in cleaned:
            cleaned.append(role)
    return cleaned


def _check_handle(handle: str) -> str:
    handle = handle.strip()
    if not _HANDLE.match(handle):
        raise InputError(f"handle {handle!r}: use 1-80 lower-case letters, digits, '.', '_' or '-', "
                         "starting with a letter or digit")
    return handle


def add_person(session: Session, *, policy: Policy, actor: ActorLike | None, handle: str, name: str,
               roles: Iterable[str] = (), email: str | None = None, job_title: str | None = None,
               line_manager: Person | None = None) -> Person:
    """Add a person (actor None only while nobody is registered yet: the bootstrap, audited as system:bootstrap)."""
    audit.lock(session)  # the bootstrap check and the handle check must see every committed person
    if actor is None:
        if session.execute(select(func.count()).select_from(Person)).scalar_one():
            raise PermissionDenied("only the first person can be added without an actor; give --as HANDLE "
                                   "(someone with the manage_people permission)")
        who = acting(session, policy=policy, actor=BOOTSTRAP, system=True)
    else:
        who = acting(session, policy=policy, actor=actor)
        who.require(Permission.MANAGE_PEOPLE, doing="add people")
    handle = _check_handle(handle)
    if not name.strip():
        raise InputError("name must not be empty")
    if email is not None and not _EMAIL.match(email.strip()):
        raise InputError(f"email {email!r} is not an email address")
    if session.execute(select(Person.id).where(Person.handle == handle)).first() is not None:
        raise Conflict(f"a person with handle {handle!r} already exists")
    person = Person(handle=handle, name=name.strip(), email=email.strip() if email else None,
                    job_title=job_title.strip() if job_title and job_title.strip() else None,
                    roles=_check_roles(policy, roles), line_manager_id=line_manager.id if line_manager else None,
                    active=True, created_at=dt.datetime.now(dt.UTC))
    session.add(person)
    session.flush()
    who.record("person.add", subject_type="person", subject_id=person.id, before=None, after=snapshot(person))
    return person


def get_person(session: Session, *, person_id: int | None = None, handle: str | None = None) -> Person:
    """One person by id or handle; NotFound when there is none."""
    if (person_id is None) == (handle is None):
        raise InputError("give exactly one of person_id or handle")
    person = (session.get(Person, person_id) if person_id is not None else
              session.execute(select(Person).where(Person.handle == (handle or "").strip())).scalar_one_or_none())
    if person is None:
        raise NotFound(f"no person with id {person_id}" if person_id is not None
                       else f"no person with handle {handle!r}")
    return person


def list_people(session: Session, *, active_only: bool = False) -> list[Person]:
    """Everyone registered, by handle."""
    query = select(Person).order_by(Person.handle)
    if active_only:
        query = query.where(Person.active.is_(True))
    return list(session.execute(query).scalars())


def set_roles(session: Session, *, policy: Policy, actor: ActorLike, person: Person, roles: Iterable[str],
              reason: str | None = None) -> Person:
    """Replace a person's roles with roles the policy defines."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.MANAGE_PEOPLE, doing="change people's roles")
    before = snapshot(person)
    person.roles = _check_roles(policy, roles)
    who.record("person.set_roles", subject_type="person", subject_id=person.id, before=before,
               after=snapshot(person), reason=reason)
    return person


def set_line_manager(session: Session, *, policy: Policy, actor: ActorLike, person: Person,
                     line_manager: Person | None, reason: str | None = None) -> Person:
    """Record who a person's line manager is (they approve what the policy asks a line manager to)."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.MANAGE_PEOPLE, doing="change line managers")
    if line_manager is not None and line_manager.id == person.id:
        raise InputError(f"{person.handle} cannot be their own line manager")
    before = snapshot(person)
    person.line_manager_id = line_manager.id if line_manager else None
    who.record("person.set_line_manager", subject_type="person", subject_id=person.id, before=before,
               after=snapshot(person), reason=reason)
    return person


def set_email(session: Session, *, policy: Policy, actor: ActorLike, person: Person, email: str | None) -> Person:
    """Record (or clear, with None) a person's e-mail address, where notifications go: self or manage_people."""
    who = acting(session, policy=policy, actor=actor)
    if not who.is_(person.id):
        who.require(Permission.MANAGE_PEOPLE, doing="change other people's e-mail addresses")
    address = email.strip() if email and email.strip() else None
    if address is not None and (len(address) > 254 or not _EMAIL.match(address)):
        raise InputError(f"email: {email!r} is not an e-mail address")
    before = snapshot(person)
    person.email = address
    who.record("person.set_email", subject_type="person", subject_id=person.id, before=before,
               after=snapshot(person))
    return person


def set_active(session: Session, *, policy: Policy, actor: ActorLike, person: Person, active: bool,
               reason: str | None = None) -> Person:
    """Deactivate (a leaver: no permissions any more) or reactivate a person."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.MANAGE_PEOPLE, doing="deactivate people")
    if who.is_(person.id) and not active:
        raise Conflict("you cannot deactivate yourself")
    before = snapshot(person)
    person.active = active
    who.record("person.activate" if active else "person.deactivate", subject_type="person", subject_id=person.id,
               before=before, after=snapshot(person), reason=reason)
    return person


def set_password_hash(session: Session, *, policy: Policy, actor: ActorLike, person: Person,
                      password_hash: str | None) -> Person:
    """Store a login password hash made by the web app (argon2); audited without the hash. Self or manage_people."""
    who = acting(session, policy=policy, actor=actor)
    if not who.is_(person.id):
        who.require(Permission.MANAGE_PEOPLE, doing="set other people's passwords")
    had = person.password_hash is not None
    person.password_hash = password_hash
    who.record("person.set_password", subject_type="person", subject_id=person.id, before={"has_password": had},
               after={"has_password": password_hash is not None})
    return person


def handles(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """People's handles by id (for showing who did what)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(Person.id, Person.handle).where(Person.id.in_(wanted))).all()
    return {int(r.id): str(r.handle) for r in rows}

"""Notify people: one row per person per item (unique key, so a rerun never repeats it), recorded in the audit
trail, shown in the app, and e-mailed now or in the person's daily digest (``mail.py`` sends).

Services never commit; the edge or flow does. Other domains call ``notify`` / ``notify_roles`` in the same
transaction as the change they announce, so a notification exists exactly when its change does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from socialwarden.acting import acting, roles_of
from socialwarden.exceptions import Conflict, InputError, NotFound
from socialwarden.notifications.models import (
    EmailChoice,
    EmailState,
    Notification,
    NotificationChoice,
    NotificationKind,
    NotificationOut,
)
from socialwarden.people.models import Person, utc, utc_or_none
from socialwarden.policy.models import Permission, Policy

MAX_LIST = 200


def holders(session: Session, *, policy: Policy, roles: Iterable[str], requester: Person | None = None) -> list[Person]:
    """Active people holding any of ``roles`` (relative roles: the requester's line manager), by handle."""
    wanted = {r for r in roles if r in policy.roles}
    if not wanted:
        return []
    found = []
    for person in session.execute(select(Person).where(Person.active.is_(True)).order_by(Person.handle)).scalars():
        if roles_of(policy=policy, person=person, requester=requester) & wanted:
            found.append(person)
    return found


def choice_of(session: Session, person: Person) -> EmailChoice:
    row = session.get(NotificationChoice, person.id)
    return EmailChoice(row.email) if row is not None else EmailChoice.IMMEDIATE


def notify(session: Session, *, policy: Policy, people: Sequence[Person], kind: NotificationKind, key: str,
           subject_type: str, subject_id: object, title: str, body: str, link: str, actor: str,
           now: dt.datetime | None = None) -> list[Notification]:
    """Tell each of ``people`` about one item (once per person per ``key``); audited as one event naming them."""
    if not link.startswith("/"):
        raise InputError(f"a notification links to a page of the app (a path), not {link!r}")
    at = now or dt.datetime.now(dt.UTC)
    ids = [p.id for p in people]
    if not ids:
        return []
    have = set(session.execute(select(Notification.person_id).where(Notification.key == key[:200],
                                                                    Notification.person_id.in_(ids))).scalars())
    made: list[Notification] = []
    for person in people:
        if person.id in have or not person.active:
            continue
        choice = choice_of(session, person)
        state = (EmailState.NONE if not person.email or choice is EmailChoice.OFF else
                 EmailState.DIGEST if choice is EmailChoice.DIGEST else EmailState.PENDING)
        row = Notification(person_id=person.id, key=key[:200], kind=kind.value, subject_type=subject_type,
                           subject_id=str(subject_id), title=title[:300], body=body, link=link, created_by=actor,
                           created_at=at, read_at=None, email_state=state.value, email_to=person.email,
                           emailed_at=None, email_error=None)
        session.add(row)
        made.append(row)
        have.add(person.id)
    if made:
        session.flush()
        acting(session, policy=policy, actor=actor, system=True).record(
            "notification.create", subject_type=subject_type,
                     subject_id=str(subject_id), before=None,
                     after={"kind": kind.value, "title": title, "link": link,
                            "to": [{"person": next(p.handle for p in people if p.id == n.person_id),
                                    "notification": n.id, "email": n.email_state} for n in made]})
    return made


def notify_roles(session: Session, *, policy: Policy, roles: Iterable[str], kind: NotificationKind, key: str,
                 subject_type: str, subject_id: object, title: str, body: str, link: str, actor: str,
                 requester: Person | None = None, also: Sequence[Person] = (),
                 now: dt.datetime | None = None) -> list[Notification]:
    """``notify`` everyone holding one of ``roles`` (and ``also``), each once."""
    people = {p.id: p for p in [*holders(session, policy=policy, roles=roles, requester=requester), *also]}
    return notify(session, policy=policy, people=list(people.values()), kind=kind, key=key,
                  subject_type=subject_type, subject_id=subject_id, title=title, body=body, link=link,
                  actor=actor, now=now)


def approval_waiting(session: Session, *, policy: Policy, roles: Iterable[str], subject_type: str,
                     subject_id: object, version: int | None, title: str, link: str, actor: str,
                     requester: Person | None = None, exclude: Iterable[int] = ()) -> list[Notification]:
    """The hook the approvals service calls when an item starts waiting for ``roles``: each approver is told once
    per version (``exclude``: person ids who may not approve it, e.g. its author)."""
    skip = set(exclude)
    people = [p for p in holders(session, policy=policy, roles=roles, requester=requester) if p.id not in skip]
    key = f"approval:{subject_type}:{subject_id}" + (f":v{version}" if version is not None else "")
    return notify(session, policy=policy, people=people, kind=NotificationKind.APPROVAL_WAITING, key=key,
                  subject_type=subject_type, subject_id=subject_id, title=title,
                  body=f"{title}. It waits for your approval.", link=link, actor=actor)


def made_for(session: Session, *, key: str) -> list[int]:
    """The notifications made about one item (``key``, e.g. ``escalation:7``): what an edge e-mails at once."""
    session.flush()
    return [int(i) for i in session.execute(select(Notification.id).where(Notification.key == key[:200])).scalars()]


def out(row: Notification, handle: str) -> NotificationOut:
    return NotificationOut(id=row.id, to=handle, kind=NotificationKind(row.kind), title=row.title, body=row.body,
                           link=row.link, created_by=row.created_by, created_at=utc(row.created_at),
                           read_at=utc_or_none(row.read_at), email_state=EmailState(row.email_state),
                           email_to=row.email_to, emailed_at=utc_or_none(row.emailed_at),
                           email_error=row.email_error)


def list_for(session: Session, *, person: Person, unread_only: bool = False,
             limit: int = MAX_LIST) -> list[NotificationOut]:
    """A person's notifications, newest first."""
    query = (select(Notification).where(Notification.person_id == person.id)
             .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(min(limit, MAX_LIST)))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return [out(r, person.handle) for r in session.execute(query).scalars()]


def unread_count(session: Session, *, person: Person) -> int:
    query = select(func.count()).select_from(Notification).where(Notification.person_id == person.id,
                                                                 Notification.read_at.is_(None))
    return int(session.execute(query).scalar_one())


def mark_read(session: Session, *, policy: Policy, actor: Person, ids: Sequence[int] | None = None,
              now: dt.datetime | None = None) -> int:
    """Mark the actor's own notifications read (``ids``, or all of them); audited with how many."""
    at = now or dt.datetime.now(dt.UTC)
    query = update(Notification).where(Notification.person_id == actor.id, Notification.read_at.is_(None))
    if ids is not None:
        if not ids:
            return 0
        mine = set(session.execute(select(Notification.id).where(Notification.id.in_(ids),
                                                                 Notification.person_id == actor.id)).scalars())
        if mine != set(ids):
            raise NotFound("no such notification of yours: " + ", ".join(str(i) for i in sorted(set(ids) - mine)))
        query = query.where(Notification.id.in_(ids))
    changed = len(session.execute(query.values(read_at=at).returning(Notification.id)).all())
    if changed:
        acting(session, policy=policy, actor=actor.handle, system=True).record(
            "notification.read", subject_type="person",
                     subject_id=str(actor.id), before=None, after={"read": changed, "ids": list(ids or [])})
    return changed


def set_choice(session: Session, *, policy: Policy, actor: Person, person: Person, email: EmailChoice) -> None:
    """How ``person`` gets e-mail: each at once, a daily digest, or none (self, or someone who manages people)."""
    if actor.id != person.id:
        acting(session, policy=policy, actor=actor).require(Permission.MANAGE_PEOPLE,
                                                            doing="change other people's notification choices")
    if email is not EmailChoice.OFF and not person.email:
        raise Conflict(f"{person.handle} has no e-mail address: add one first (the notifications page, "
                       f"`warden people set-email`, PUT /api/v1/people/{person.handle}/email)")
    row = session.get(NotificationChoice, person.id)
    before = row.email if row is not None else EmailChoice.IMMEDIATE.value
    if row is None:
        row = NotificationChoice(person_id=person.id, email=email.value, last_digest_on=None)
        session.add(row)
    row.email = email.value
    waiting = EmailState.DIGEST if email is EmailChoice.DIGEST else EmailState.PENDING
    if email is EmailChoice.OFF:
        waiting = EmailState.NONE
    session.execute(update(Notification).where(Notification.person_id == person.id,
                                               Notification.email_state.in_([EmailState.PENDING.value,
                                                                             EmailState.DIGEST.value]))
                    .values(email_state=waiting.value))
    acting(session, policy=policy, actor=actor.handle, system=True).record("notification.choice", subject_type="person",
                 subject_id=str(person.id), before={"email": before}, after={"email": email.value})

"""Helpers the publishing and moderation services share: people and accounts by handle, permissions, views."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account, AccountMember
from socialwarden.audit import service as audit
from socialwarden.exceptions import NotFound
from socialwarden.incidents.models import Incident
from socialwarden.incidents.service import can_publish
from socialwarden.people import service as people
from socialwarden.people.models import Person, utc, utc_or_none
from socialwarden.people.service import permissions_of
from socialwarden.policy.models import Permission, Policy
from socialwarden.posts.models import (
    ApprovalOut,
    MediaOut,
    Post,
    PostOut,
    PostStatus,
    PostVersion,
    VersionOut,
)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def person(session: Session, handle: str) -> Person:
    """The active person with this handle (NotFound otherwise)."""
    found = session.execute(select(Person).where(Person.handle == handle)).scalar_one_or_none()
    if found is None or not found.active:
        raise NotFound(f"no active person with handle {handle!r}")
    return found


def account(session: Session, ref: str | int) -> Account:
    """An account by id, or by handle (``platform:handle`` when the handle is on several platforms)."""
    if isinstance(ref, int) or str(ref).isdigit():
        found = session.get(Account, int(ref))
    else:
        platform, _, handle = str(ref).rpartition(":")
        query = select(Account).where(Account.handle == handle)
        if platform:
            query = query.where(Account.platform == platform)
        rows = session.execute(query).scalars().all()
        if len(rows) > 1:
            raise NotFound(f"account {ref!r} is on several platforms: write platform:handle")
        found = rows[0] if rows else None
    if found is None:
        raise NotFound(f"no account {ref!r}")
    return found


def permissions(policy: Policy, who: Person) -> set[Permission]:
    """Everything ``who``'s roles grant under ``policy``."""
    return set(permissions_of(policy=policy, person=who))


def require(policy: Policy, who: Person, permission: Permission, doing: str) -> None:
    """PermissionDenied naming the permission and the roles that grant it."""
    people.require(policy=policy, person=who, permission=permission, reason=doing)


def has_access(session: Session, acct: Account, who: Person) -> bool:
    """The owner, a deputy or someone on the account's access list."""
    if acct.owner_id == who.id:
        return True
    row = session.execute(select(AccountMember).where(AccountMember.account_id == acct.id,
                                                      AccountMember.person_id == who.id)).first()
    return row is not None


def incident_active(session: Session) -> Incident | None:
    return session.execute(select(Incident).where(Incident.ended_at.is_(None)).limit(1)).scalar_one_or_none()


def publish_block_reason(session: Session, policy: Policy, acct: Account) -> str | None:
    """Why this account cannot publish now (incident mode, suspended, closed, not live), or None."""
    ok, why = can_publish(session, policy=policy, account=acct)
    return None if ok else why


def record(session: Session, policy: Policy, *, actor: str, action: str, subject_type: str, subject_id: object,
           before: object, after: object, reason: str | None = None) -> None:
    audit.record(session, actor=actor, action=action, subject_type=subject_type, subject_id=str(subject_id),
                 before=before, after=after, reason=reason, policy_id=policy.policy.id,
                 policy_version=policy.policy.version)


def current(post: Post) -> PostVersion:
    return post.versions[-1]


def handles(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Person.id, Person.handle).where(Person.id.in_(ids))).all()
    return {int(r.id): str(r.handle) for r in rows}


def post_out(session: Session, post: Post) -> PostOut:
    """The post as edges show it."""
    acct = session.get(Account, post.account_id)
    ids = {post.author_id, *(v.created_by_id for v in post.versions), *(a.approver_id for a in post.approvals)}
    names = handles(session, ids)
    latest = current(post)
    return PostOut(
        id=post.id, account_id=post.account_id, account=f"{acct.platform}:{acct.handle}" if acct else "?",
        author=names.get(post.author_id, "?"), kind=post.kind, status=PostStatus(post.status), version=post.version,
        approved_version=post.approved_version, text=latest.text, verdict=latest.verdict,
        scheduled_at=utc_or_none(post.scheduled_at), published_at=utc_or_none(post.published_at),
        platform_post_id=post.platform_post_id, attempts=post.attempts,
        next_attempt_at=utc_or_none(post.next_attempt_at), last_error=post.last_error,
        versions=[VersionOut(number=v.number, text=v.text, reason=v.reason, note=v.note, diff=v.diff,
                             created_by=names.get(v.created_by_id, "?"), created_at=utc(v.created_at),
                             verdict=v.verdict, approvers=list(v.approvers)) for v in post.versions],
        approvals=[ApprovalOut(version=a.version, approver=names.get(a.approver_id, "?"), role=a.role,
                               comment=a.comment, at=utc(a.at)) for a in post.approvals],
        media=[MediaOut(ref=m.ref, identifiable_people=m.identifiable_people, consent_ref=m.consent_ref,
                        source=m.source, licence=m.licence) for m in post.media],
    )

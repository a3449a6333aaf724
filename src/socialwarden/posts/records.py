"""Reading posts: by id (or under the write lock), their current version, status moves, and the edge's view."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.acting import locked
from socialwarden.approvals import service as approvals
from socialwarden.connectors.models import PlatformActionOut, PlatformActionRecord
from socialwarden.exceptions import Conflict, NotFound
from socialwarden.people.models import Person, utc, utc_or_none
from socialwarden.policy.models import ApprovalRule, ApprovalSubject, Policy
from socialwarden.posts.limits import length, limit_for
from socialwarden.posts.models import TRANSITIONS, MediaOut, Post, PostOut, PostStatus, PostVersion, VersionOut

SUBJECT = ApprovalSubject.POST


def load_post(session: Session, post_id: int) -> Post:
    """A post by id (no lock: for reading, or for work done before the lock is taken)."""
    found = session.get(Post, post_id)
    if found is None:
        raise NotFound(f"no post #{post_id}")
    return found


def lock_post(session: Session, post_id: int) -> Post:
    """The post under the write lock, read fresh: what is checked on it holds until the transaction commits."""
    post = locked(session, Post, post_id, what="post")
    session.refresh(post, attribute_names=["versions", "media", "publish_log"])
    return post


def account_of(session: Session, post: Post) -> Account:
    acct = session.get(Account, post.account_id)
    if acct is None:  # the foreign key makes this impossible short of a broken store
        raise NotFound(f"post #{post.id}'s account {post.account_id} is missing")
    return acct


def current(post: Post) -> PostVersion:
    return post.versions[-1]


def move(post: Post, to: PostStatus) -> PostStatus:
    """Change the post's status if the move is allowed (``TRANSITIONS``); returns the status it had."""
    was = PostStatus(post.status)
    if to not in TRANSITIONS[was]:
        allowed = ", ".join(sorted(TRANSITIONS[was])) or f"nothing ({was} is final)"
        raise Conflict(f"post #{post.id} is {was} and cannot become {to}; from {was} it can become: {allowed}")
    post.status = to
    return was


def rules_of(policy: Policy, version: PostVersion) -> list[ApprovalRule]:
    """The approval rules this exact version needs (worked out when it was checked, kept with it)."""
    return approvals.stored_rules(version.approval)


def _handles(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Person.id, Person.handle).where(Person.id.in_(ids))).all()
    return {int(r.id): str(r.handle) for r in rows}


def post_out(session: Session, policy: Policy, post: Post) -> PostOut:
    """The post as edges show it (people by handle; the approval need and decisions from the approvals service)."""
    acct = session.get(Account, post.account_id)
    names = _handles(session, {post.author_id, *(v.created_by_id for v in post.versions)})
    latest = current(post)
    rules = rules_of(policy, latest)
    state = approvals.approval_state(session, rules=rules, subject_type=SUBJECT, subject_id=post.id,
                                     version=post.version)
    category = acct.category if acct else ""
    personal = "personal" in category and category in policy.account_categories
    need = approvals.post_need(policy, rules=rules, exempted=approvals.stored_exempted(latest.approval),
                               category=category, personal=personal)
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
        approvals=state.history,
        media=[MediaOut(ref=m.ref, identifiable_people=m.identifiable_people, consent_ref=m.consent_ref,
                        source=m.source, licence=m.licence) for m in post.media],
        need=need, check=latest.decision, limit=limit_for(acct.platform) if acct else None,
        length=length(latest.text), on_platform=_on_platform(session, post.id))


def _on_platform(session: Session, post_id: int) -> list[PlatformActionOut]:
    rows = session.execute(select(PlatformActionRecord).where(PlatformActionRecord.subject_type == "post",
                                                              PlatformActionRecord.subject_id == post_id)
                           .order_by(PlatformActionRecord.id)).scalars()
    return [PlatformActionOut.model_validate(r) for r in rows]


def approved_for_publishing(session: Session, policy: Policy, post: Post) -> str | None:
    """Why this post's current version may not go out (None when it may): it must be the approved version and,
    where its check asked for approval, carry every approval on that exact version."""
    if post.approved_version is None or post.approved_version != post.version:
        return (f"version {post.version} of post #{post.id} is not the approved version "
                f"(approved: {post.approved_version or 'none'})")
    rules = rules_of(policy, current(post))
    if rules:
        state = approvals.approval_state(session, rules=rules, subject_type=SUBJECT, subject_id=post.id,
                                         version=post.version)
        if not state.complete:
            return f"version {post.version} of post #{post.id} still needs approval by {', '.join(state.missing)}"
    if current(post).verdict == "block":
        return f"version {post.version} of post #{post.id} is blocked by the policy"
    return None

"""Changes after publication: corrections (Gosport 25, 27), withdrawal and deletion as the policy allows,
engagement counts and legal holds. Services never commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from socialwarden.engine.decision import Verdict
from socialwarden.engine.engine import Engine
from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.policy.models import Permission, Policy
from socialwarden.posts.checking import check_version, diff, load_post, post_text
from socialwarden.posts.common import current, now_utc, person, post_out, record, require
from socialwarden.posts.models import PostOut, PostStatus, PostVersion


def correct(session: Session, *, policy: Policy, actor: str, post_id: int, text: str, note: str,
            engine: Engine | None = None) -> PostOut:
    """Correct a published post (Gosport 25, 27): a new version keeps the original and shows what changed."""
    post = load_post(session, post_id)
    who = person(session, actor)
    require(policy, who, Permission.CORRECT_POST, "correct posts")
    if post.status not in (PostStatus.PUBLISHED, PostStatus.CORRECTED):
        raise Conflict(f"post #{post_id} is {post.status}: only a published post is corrected")
    if not note.strip():
        raise InputError("say what the correction fixes (--note)")
    old = current(post)
    number = post.version + 1
    version = PostVersion(number=number, text=post_text(text), reason="correction", note=note, created_by_id=who.id,
                          created_at=now_utc(), diff=diff(old.text, text, f"v{old.number} (published)",
                                                          f"v{number} (corrected)"), approvers=[])
    post.versions.append(version)
    post.version = number
    decision = check_version(session, policy, post, version, engine)
    if decision.verdict is Verdict.BLOCK:
        raise Conflict(f"the correction to post #{post_id} is blocked by the policy: "
                       + "; ".join(r.title for r in decision.rules if r.verdict is Verdict.BLOCK))
    post.status = PostStatus.AWAITING_APPROVAL if version.approvers else PostStatus.CORRECTED
    if post.status == PostStatus.CORRECTED:
        post.approved_version = number
    post.updated_at = now_utc()
    record(session, policy, actor=actor, action="post.correct", subject_type="post", subject_id=post.id,
           before={"version": old.number, "text": old.text}, after={"version": number, "text": text,
                                                                    "status": post.status}, reason=note)
    return post_out(session, post)


def _strict_deletion(policy: Policy) -> bool:
    # Gosport 27: never delete a post, except the poster fixing an error before anyone liked or commented. The
    # schema has no deletion rule yet, so the pack's guidance item switches it on.
    return any(g.id.endswith(".no-deleting-posts") for g in policy.guidance)


def withdraw(session: Session, *, policy: Policy, actor: str, post_id: int, reason: str) -> PostOut:
    """Withdraw a post; a published one only as the policy allows deletion. Its versions are always kept."""
    post = load_post(session, post_id)
    who = person(session, actor)
    if not reason.strip():
        raise InputError("give a reason for withdrawing the post")
    if post.status == PostStatus.WITHDRAWN:
        raise Conflict(f"post #{post_id} is already withdrawn")
    if post.platform_post_id is None:
        if who.id != post.author_id:
            require(policy, who, Permission.DELETE_POST, "withdraw other people's posts")
    else:
        require(policy, who, Permission.DELETE_POST, "delete published posts")
        if _strict_deletion(policy):
            if who.id != post.author_id:
                raise PermissionDenied(f"policy {policy.policy.id}: only its poster may delete post #{post_id}")
            if post.engagement > 0:
                raise Conflict(f"policy {policy.policy.id}: post #{post_id} has {post.engagement} likes/comments "
                               "and cannot be deleted; correct it publicly instead")
    before = post.status
    post.status, post.scheduled_at, post.updated_at = PostStatus.WITHDRAWN, None, now_utc()
    record(session, policy, actor=actor, action="post.withdraw", subject_type="post", subject_id=post.id,
           before={"status": before}, after={"status": post.status}, reason=reason)
    return post_out(session, post)


def record_engagement(session: Session, *, policy: Policy, actor: str, post_id: int, count: int) -> PostOut:
    """Record how many likes/comments the published post has (connectors report it)."""
    post = load_post(session, post_id)
    person(session, actor)
    if count < 0:
        raise InputError("engagement count must not be negative")
    before, post.engagement = post.engagement, count
    record(session, policy, actor=actor, action="post.engagement", subject_type="post", subject_id=post.id,
           before={"engagement": before}, after={"engagement": count})
    return post_out(session, post)


def set_legal_hold(session: Session, *, policy: Policy, actor: str, post_id: int, hold: bool, reason: str) -> None:
    """Put a post under legal hold (retention will not purge it) or release it."""
    post = load_post(session, post_id)
    require(policy, person(session, actor), Permission.EXPORT_DATA, "place legal holds")
    before, post.legal_hold = post.legal_hold, hold
    record(session, policy, actor=actor, action="post.legal_hold", subject_type="post", subject_id=post.id,
           before={"legal_hold": before}, after={"legal_hold": hold}, reason=reason)

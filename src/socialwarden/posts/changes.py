"""Changes after publication: corrections (Gosport 25, 27), withdrawal and deletion as the policy allows,
engagement counts and legal holds. Each takes the post's row lock before its checks. Services never commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from socialwarden.acting import ActorLike, acting, now_utc
from socialwarden.approvals import service as approvals
from socialwarden.engine.engine import Engine
from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.people.models import Person
from socialwarden.policy.models import Permission, Policy
from socialwarden.posts import access
from socialwarden.posts.checking import blocked_reasons, check, diff, keep_check, media_of, post_text
from socialwarden.posts.models import Post, PostOut, PostStatus, PostVersion
from socialwarden.posts.records import SUBJECT, account_of, current, load_post, lock_post, move, post_out, rules_of


def correct(session: Session, *, policy: Policy, actor: ActorLike, post_id: int, text: str, note: str,
            engine: Engine | None = None) -> PostOut:
    """Correct a published post (Gosport 25, 27): a new version keeps the original and shows what changed; it is
    approved as the policy says before it counts. Its author, the account's owner or a deputy, or an approver."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.CORRECT_POST, doing="correct posts")
    if not note.strip():
        raise InputError("say what the correction fixes (--note)")
    text = post_text(text)
    seen = load_post(session, post_id)
    acct = account_of(session, seen)
    access.require_on_list(session, policy, who, acct, "correct posts")
    access.require_manager(who, seen, acct, "correct")
    author = session.get(Person, seen.author_id)
    assert author is not None and who.person is not None  # foreign key; acting() gave a person
    first = check(session, policy, acct=acct, author=author, kind=seen.kind, media=media_of(seen), text=text,
                  engine=engine)
    post = lock_post(session, post_id)
    access.require_manager(who, post, acct, "correct")
    access.require_on_list(session, policy, who, acct, "correct posts")
    if post.platform_post_id is None or post.status not in (PostStatus.PUBLISHED, PostStatus.CORRECTED,
                                                            PostStatus.RETURNED):
        raise Conflict(f"post #{post_id} is {post.status}: only a published post is corrected")
    checked = check(session, policy, acct=acct, author=author, kind=post.kind, media=media_of(post), text=text,
                    engine=engine, before=first)
    old = current(post)
    number = post.version + 1
    version = PostVersion(number=number, text=text, reason="correction", note=note.strip(),
                          created_by_id=who.person.id, created_at=now_utc(),
                          diff=diff(old.text, text, f"v{old.number}", f"v{number} (corrected)"), approvers=[],
                          approval={})
    keep_check(policy, version, checked)
    blocked = blocked_reasons(version)
    if blocked:
        raise Conflict(f"the correction to post #{post_id} is blocked by the policy: {blocked}")
    post.versions.append(version)
    post.version = number
    rules = rules_of(policy, version)
    if rules:
        move(post, PostStatus.AWAITING_APPROVAL)
    else:
        move(post, PostStatus.CORRECTED)
        post.approved_version = number
    post.updated_at = now_utc()
    who.record("post.correct", subject_type="post", subject_id=post.id,
               before={"version": old.number, "text": old.text},
               after={"version": number, "text": text, "status": post.status,
                      "approved_version": post.approved_version}, reason=note)
    if rules:
        approvals.request(who, subject_type=SUBJECT, subject_id=post.id, version=number, rules=rules,
                          title=f"correction to post #{post.id}: {text[:120]}")
    return post_out(session, policy, post)


def _strict_deletion(policy: Policy) -> bool:
    # Gosport 27: never delete a post, except the poster fixing an error before anyone liked or commented. The
    # schema has no deletion rule yet, so the pack's guidance item switches it on.
    return any(g.id.endswith(".no-deleting-posts") for g in policy.guidance)


def _engagement(session: Session, post: Post) -> tuple[int, int]:
    """Gosport 27's test, from what is stored: the post's likes, shares and replies as last read from its platform,
    and the comments on it the desk has stored."""
    from sqlalchemy import func, or_, select

    from socialwarden.engagement.service import engaged
    from socialwarden.moderation.models import Comment

    pid = post.platform_post_id
    comments = 0 if pid is None else int(session.execute(select(func.count()).select_from(Comment).where(
        Comment.account_id == post.account_id, or_(Comment.post_id == pid, Comment.thread == pid,
                                                   Comment.parent_id == pid))).scalar_one())
    return engaged(session, post_id=post.id), comments


def withdraw(session: Session, *, policy: Policy, actor: ActorLike, post_id: int, reason: str) -> PostOut:
    """Withdraw a post; a published one only as the policy allows deletion. Its versions are always kept."""
    who = acting(session, policy=policy, actor=actor)
    if not reason.strip():
        raise InputError("give a reason for withdrawing the post")
    post = lock_post(session, post_id)
    if post.status == PostStatus.WITHDRAWN:
        raise Conflict(f"post #{post_id} is already withdrawn")
    acct = account_of(session, post)
    if not who.is_(post.author_id):  # someone else's post: only those who manage it, and on the access list
        access.require_on_list(session, policy, who, acct, "withdraw posts")
        access.require_manager(who, post, acct, "withdraw")
    if post.platform_post_id is None:
        if not who.is_(post.author_id):
            who.require(Permission.DELETE_POST, doing="withdraw other people's posts")
    else:
        who.require(Permission.DELETE_POST, doing="delete published posts")
        if _strict_deletion(policy):
            if not who.is_(post.author_id):
                raise PermissionDenied(f"policy {policy.policy.id}: only its poster may delete post #{post_id}")
            likes, comments = _engagement(session, post)
            if likes or comments:
                raise Conflict(f"policy {policy.policy.id}: post #{post_id} has {likes} likes, shares and replies "
                               f"as last read from the platform and {comments} comments stored here, so it cannot "
                               "be deleted (Gosport 27); correct it publicly instead")
    before = move(post, PostStatus.WITHDRAWN)
    post.scheduled_at, post.updated_at = None, now_utc()
    who.record("post.withdraw", subject_type="post", subject_id=post.id, before={"status": before},
               after={"status": post.status}, reason=reason)
    return post_out(session, policy, post)


def record_engagement(session: Session, *, policy: Policy, actor: ActorLike, post_id: int, count: int) -> PostOut:
    """Record how many likes/comments the published post has (connectors report it)."""
    who = acting(session, policy=policy, actor=actor)
    if count < 0:
        raise InputError("engagement count must not be negative")
    post = lock_post(session, post_id)
    access.require_manager(who, post, account_of(session, post), "record engagement on")
    before, post.engagement = post.engagement, count
    who.record("post.engagement", subject_type="post", subject_id=post.id, before={"engagement": before},
               after={"engagement": count})
    return post_out(session, policy, post)


def set_legal_hold(session: Session, *, policy: Policy, actor: ActorLike, post_id: int, hold: bool,
                   reason: str) -> None:
    """Put a post under legal hold (retention will not purge it) or release it."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.EXPORT_DATA, doing="place legal holds")
    post = lock_post(session, post_id)
    before, post.legal_hold = post.legal_hold, hold
    who.record("post.legal_hold", subject_type="post", subject_id=post.id, before={"legal_hold": before},
               after={"legal_hold": hold}, reason=reason)

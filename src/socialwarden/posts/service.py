"""The publishing workflow: draft -> checked -> awaiting_approval -> approved -> scheduled -> published ->
corrected / withdrawn. Every text is checked by the engine and the decision is kept with its version; who must
approve comes from the decision (the policy's approval rules minus exemptions). Services never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.engine.decision import Verdict
from socialwarden.engine.engine import Engine
from socialwarden.engine.stored import StoredDecision
from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.policy.models import Permission, Policy
from socialwarden.posts.changes import correct, record_engagement, set_legal_hold, withdraw
from socialwarden.posts.checking import Media, check_version, diff, election_clash, load_post, post_text
from socialwarden.posts.common import (
    account,
    current,
    now_utc,
    permissions,
    person,
    post_out,
    publish_block_reason,
    record,
    require,
)
from socialwarden.posts.models import Post, PostApproval, PostMedia, PostOut, PostStatus, PostVersion
from socialwarden.posts.publishing import Publisher, PublishResult, publish_due

__all__ = [
    "Media",
    "PublishResult",
    "Publisher",
    "approve",
    "correct",
    "draft",
    "edit",
    "get",
    "list_posts",
    "publish_due",
    "record_engagement",
    "schedule",
    "set_legal_hold",
    "submit",
    "withdraw",
]

_EDITABLE = {PostStatus.DRAFT, PostStatus.CHECKED, PostStatus.AWAITING_APPROVAL, PostStatus.APPROVED,
             PostStatus.SCHEDULED, PostStatus.FAILED}


def draft(session: Session, *, policy: Policy, actor: str, account_ref: str | int, text: str,
          kind: str | None = None, media: Sequence[Media] = (), engine: Engine | None = None) -> PostOut:
    """Create a post, check it with the engine and keep the decision with the text (status checked)."""
    author = person(session, actor)
    require(policy, author, Permission.DRAFT_POST, "draft posts")
    acct = account(session, account_ref)
    at = now_utc()
    post = Post(account_id=acct.id, author_id=author.id, kind=kind, status=PostStatus.DRAFT, version=1,
                attempts=0, engagement=0, legal_hold=False, created_at=at, updated_at=at)
    version = PostVersion(number=1, text=post_text(text), reason="draft", created_by_id=author.id, created_at=at,
                          approvers=[])
    post.versions.append(version)
    for item in media:
        post.media.append(PostMedia(ref=item.ref, identifiable_people=item.identifiable_people,
                                    consent_ref=item.consent_ref, source=item.source, licence=item.licence,
                                    recorded_by_id=author.id, recorded_at=at))
    session.add(post)
    session.flush()
    decision = check_version(session, policy, post, version, engine)
    record(session, policy, actor=actor, action="post.draft", subject_type="post", subject_id=post.id, before=None,
           after={"account": acct.id, "kind": kind, "verdict": decision.verdict.value, "media": len(media)})
    return post_out(session, post)


def edit(session: Session, *, policy: Policy, actor: str, post_id: int, text: str, note: str | None = None,
         engine: Engine | None = None) -> PostOut:
    """A new text before publication: re-checked, and any approval is void (it must be approved again)."""
    post = load_post(session, post_id)
    who = person(session, actor)
    if who.id != post.author_id:
        raise PermissionDenied(f"{actor} is not the author of post #{post_id}; only the author edits a draft")
    if post.status not in _EDITABLE:
        raise Conflict(f"post #{post_id} is {post.status}: a published post is changed with `correct`")
    before = {"status": post.status, "version": post.version, "approved_version": post.approved_version}
    old = current(post)
    number = post.version + 1
    version = PostVersion(number=number, text=post_text(text), reason="edit", note=note, created_by_id=who.id,
                          created_at=now_utc(), diff=diff(old.text, text, f"v{old.number}", f"v{number}"),
                          approvers=[])
    post.versions.append(version)
    post.version, post.approved_version, post.scheduled_at = number, None, None
    decision = check_version(session, policy, post, version, engine)
    post.updated_at = now_utc()
    record(session, policy, actor=actor, action="post.edit", subject_type="post", subject_id=post.id, before=before,
           after={"status": post.status, "version": number, "verdict": decision.verdict.value}, reason=note)
    return post_out(session, post)


def submit(session: Session, *, policy: Policy, actor: str, post_id: int) -> PostOut:
    """Send a checked post on: blocked => refused; needs approval => awaiting the named roles; else approved."""
    post = load_post(session, post_id)
    who = person(session, actor)
    if who.id != post.author_id:
        raise PermissionDenied(f"{actor} is not the author of post #{post_id}")
    if post.status != PostStatus.CHECKED:
        raise Conflict(f"post #{post_id} is {post.status}, not checked")
    version = current(post)
    if version.verdict == Verdict.BLOCK:
        reasons = "; ".join(f"{r.title} ({r.citation.section})"
                            for r in StoredDecision.read(version.decision).rules_with_verdict(Verdict.BLOCK))
        raise Conflict(f"post #{post_id} is blocked by the policy and cannot be submitted: {reasons}")
    post.status = PostStatus.AWAITING_APPROVAL if version.approvers else PostStatus.APPROVED
    if post.status == PostStatus.APPROVED:
        post.approved_version = post.version
    post.updated_at = now_utc()
    record(session, policy, actor=actor, action="post.submit", subject_type="post", subject_id=post.id,
           before={"status": PostStatus.CHECKED}, after={"status": post.status, "approvers": version.approvers})
    return post_out(session, post)


def approve(session: Session, *, policy: Policy, actor: str, post_id: int, comment: str | None = None) -> PostOut:
    """Approve the current version: the approver holds a named role and is not the author."""
    post = load_post(session, post_id)
    who = person(session, actor)
    if post.status != PostStatus.AWAITING_APPROVAL:
        raise Conflict(f"post #{post_id} is {post.status}, not awaiting approval")
    if who.id == post.author_id:
        raise PermissionDenied(f"{actor} wrote post #{post_id} and cannot approve their own post")
    require(policy, who, Permission.APPROVE_POST, "approve posts")
    needed = current(post).approvers
    role = next((r for r in who.roles if r in needed), None)
    if role is None:
        titles = ", ".join(policy.roles[r].title if r in policy.roles else r for r in needed)
        raise PermissionDenied(f"post #{post_id} must be approved by: {titles}; {actor} holds none of these roles")
    at = now_utc()
    post.approvals.append(PostApproval(version=post.version, approver_id=who.id, role=role, comment=comment, at=at))
    corrected = post.platform_post_id is not None
    post.status = PostStatus.CORRECTED if corrected else PostStatus.APPROVED
    post.approved_version, post.updated_at = post.version, at
    record(session, policy, actor=actor, action="post.approve", subject_type="post", subject_id=post.id,
           before={"status": PostStatus.AWAITING_APPROVAL}, after={"status": post.status, "version": post.version,
                                                                   "role": role}, reason=comment)
    return post_out(session, post)


def schedule(session: Session, *, policy: Policy, actor: str, post_id: int, at: dt.datetime) -> PostOut:
    """Queue an approved post for ``at`` (UTC); refused while its account cannot publish."""
    post = load_post(session, post_id)
    who = person(session, actor)
    if not permissions(policy, who) & {Permission.SCHEDULE_POST, Permission.PUBLISH_POST}:
        require(policy, who, Permission.SCHEDULE_POST, "schedule posts")
    if post.status != PostStatus.APPROVED or post.approved_version != post.version:
        raise Conflict(f"post #{post_id} is {post.status}: only an approved post is scheduled")
    if at.tzinfo is None:
        raise InputError("schedule time needs a time zone (e.g. 2026-03-09T10:00:00+00:00)")
    acct = session.get(Account, post.account_id)
    assert acct is not None
    reason = publish_block_reason(session, policy, acct)
    if reason:
        raise Conflict(f"post #{post_id} cannot be scheduled: {reason}")
    clash = election_clash(session, policy, post, current(post), at) if policy.election_periods else None
    if clash:
        raise Conflict(f"post #{post_id} cannot be scheduled then: {clash}")
    post.status, post.scheduled_at, post.next_attempt_at = PostStatus.SCHEDULED, at.astimezone(dt.UTC), None
    post.attempts, post.last_error, post.updated_at = 0, None, now_utc()
    record(session, policy, actor=actor, action="post.schedule", subject_type="post", subject_id=post.id,
           before={"status": PostStatus.APPROVED}, after={"status": post.status, "at": post.scheduled_at})
    return post_out(session, post)


def get(session: Session, *, post_id: int) -> PostOut:
    """One post with its versions, approvals and media."""
    return post_out(session, load_post(session, post_id))


def list_posts(session: Session, *, status: PostStatus | None = None, author: str | None = None,
               limit: int = 200) -> list[PostOut]:
    """Posts, newest first, optionally by status or author handle."""
    query = select(Post).order_by(Post.id.desc()).limit(limit)
    if status is not None:
        query = query.where(Post.status == status)
    if author is not None:
        query = query.where(Post.author_id == person(session, author).id)
    return [post_out(session, p) for p in session.execute(query).scalars()]

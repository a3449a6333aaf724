"""The publishing workflow: draft -> checked -> awaiting_approval -> approved -> scheduled -> published ->
corrected / withdrawn. Every text is checked by the engine and the decision is kept with its version; who must
approve comes from the decision (the policy's approval rules minus exemptions). Services never commit.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import Decision, Verdict
from socialwarden.engine.engine import Engine
from socialwarden.engine.service import engine_for
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.people.models import Person
from socialwarden.policy.models import ApprovalSubject, Permission, Policy
from socialwarden.posts.common import (
    account,
    current,
    has_access,
    incident_active,
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

MAX_TEXT = 10_000
_EDITABLE = {PostStatus.DRAFT, PostStatus.CHECKED, PostStatus.AWAITING_APPROVAL, PostStatus.APPROVED,
             PostStatus.SCHEDULED, PostStatus.FAILED}


@dataclass(frozen=True)
class Media:
    """An attachment and its records: consent for identifiable people (GEN, ETT 7e), source/licence (ETT 7f)."""

    ref: str
    identifiable_people: bool = False
    consent_ref: str | None = None
    source: str | None = None
    licence: str | None = None


def _post(session: Session, post_id: int) -> Post:
    found = session.get(Post, post_id)
    if found is None:
        raise NotFound(f"no post #{post_id}")
    return found


def _author_role(policy: Policy, who: Person, kind: str | None) -> str | None:
    """The author's role the check runs as: one an approval exemption names for this kind of post, else the first."""
    for rule in policy.approvals:
        if rule.subject is not ApprovalSubject.POST:
            continue
        for ex in rule.exemptions:
            if (not ex.post_kinds or kind in ex.post_kinds) and (role := next(
                    (r for r in who.roles if r in ex.roles), None)):
                return role
    return next((r for r in who.roles if r in policy.roles), None)


def _context(session: Session, policy: Policy, post: Post, acct: Account, author: Person) -> Context:
    media = post.media
    category = policy.account_categories.get(acct.category)
    return Context(
        direction=Direction.OUTBOUND, author_role=_author_role(policy, author, post.kind),
        account_category=acct.category, personal="personal" in acct.category and category is not None,
        incident=incident_active(session) is not None, media_attached=bool(media),
        consent_recorded=all(m.consent_ref for m in media if m.identifiable_people),
        licence_recorded=all(m.source and m.licence for m in media), post_kind=post.kind,
        has_account_access=has_access(session, acct, author))


def _check(session: Session, policy: Policy, post: Post, version: PostVersion, engine: Engine | None) -> Decision:
    acct = session.get(Account, post.account_id)
    author = session.get(Person, post.author_id)
    assert acct is not None and author is not None  # foreign keys
    decision = (engine or engine_for(policy)).check(version.text, _context(session, policy, post, acct, author))
    version.decision = json.loads(json.dumps(decision.to_json()))
    version.verdict = decision.verdict.value
    version.approvers = list(decision.approvers) if decision.verdict is Verdict.NEEDS_APPROVAL else []
    version.policy_version = policy.policy.version
    post.status = PostStatus.CHECKED
    return decision


def _text(text: str) -> str:
    if not text.strip():
        raise InputError("post text must not be empty")
    if len(text) > MAX_TEXT:
        raise InputError(f"post text is longer than {MAX_TEXT} characters")
    return text


def diff(old: str, new: str, old_label: str, new_label: str) -> str:
    """A unified diff that shows what a new version changed."""
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=old_label, tofile=new_label, n=2)) or "(text unchanged)"


def draft(session: Session, *, policy: Policy, actor: str, account_ref: str | int, text: str,
          kind: str | None = None, media: Sequence[Media] = (), engine: Engine | None = None) -> PostOut:
    """Create a post, check it with the engine and keep the decision with the text (status checked)."""
    author = person(session, actor)
    require(policy, author, Permission.DRAFT_POST, "draft posts")
    acct = account(session, account_ref)
    at = now_utc()
    post = Post(account_id=acct.id, author_id=author.id, kind=kind, status=PostStatus.DRAFT, version=1,
                attempts=0, engagement=0, legal_hold=False, created_at=at, updated_at=at)
    version = PostVersion(number=1, text=_text(text), reason="draft", created_by_id=author.id, created_at=at,
                          approvers=[])
    post.versions.append(version)
    for item in media:
        post.media.append(PostMedia(ref=item.ref, identifiable_people=item.identifiable_people,
                                    consent_ref=item.consent_ref, source=item.source, licence=item.licence,
                                    recorded_by_id=author.id, recorded_at=at))
    session.add(post)
    session.flush()
    decision = _check(session, policy, post, version, engine)
    record(session, policy, actor=actor, action="post.draft", subject_type="post", subject_id=post.id, before=None,
           after={"account": acct.id, "kind": kind, "verdict": decision.verdict.value, "media": len(media)})
    return post_out(session, post)


def edit(session: Session, *, policy: Policy, actor: str, post_id: int, text: str, note: str | None = None,
         engine: Engine | None = None) -> PostOut:
    """A new text before publication: re-checked, and any approval is void (it must be approved again)."""
    post = _post(session, post_id)
    who = person(session, actor)
    if who.id != post.author_id:
        raise PermissionDenied(f"{actor} is not the author of post #{post_id}; only the author edits a draft")
    if post.status not in _EDITABLE:
        raise Conflict(f"post #{post_id} is {post.status}: a published post is changed with `correct`")
    before = {"status": post.status, "version": post.version, "approved_version": post.approved_version}
    old = current(post)
    number = post.version + 1
    version = PostVersion(number=number, text=_text(text), reason="edit", note=note, created_by_id=who.id,
                          created_at=now_utc(), diff=diff(old.text, text, f"v{old.number}", f"v{number}"),
                          approvers=[])
    post.versions.append(version)
    post.version, post.approved_version, post.scheduled_at = number, None, None
    decision = _check(session, policy, post, version, engine)
    post.updated_at = now_utc()
    record(session, policy, actor=actor, action="post.edit", subject_type="post", subject_id=post.id, before=before,
           after={"status": post.status, "version": number, "verdict": decision.verdict.value}, reason=note)
    return post_out(session, post)


def submit(session: Session, *, policy: Policy, actor: str, post_id: int) -> PostOut:
    """Send a checked post on: blocked => refused; needs approval => awaiting the named roles; else approved."""
    post = _post(session, post_id)
    who = person(session, actor)
    if who.id != post.author_id:
        raise PermissionDenied(f"{actor} is not the author of post #{post_id}")
    if post.status != PostStatus.CHECKED:
        raise Conflict(f"post #{post_id} is {post.status}, not checked")
    version = current(post)
    if version.verdict == Verdict.BLOCK:
        reasons = "; ".join(r["title"] + f" ({r['citation']['section']})"
                            for r in (version.decision or {}).get("rules", []) if r["verdict"] == "block")
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
    post = _post(session, post_id)
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
    post = _post(session, post_id)
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
    post.status, post.scheduled_at, post.next_attempt_at = PostStatus.SCHEDULED, at.astimezone(dt.UTC), None
    post.attempts, post.last_error, post.updated_at = 0, None, now_utc()
    record(session, policy, actor=actor, action="post.schedule", subject_type="post", subject_id=post.id,
           before={"status": PostStatus.APPROVED}, after={"status": post.status, "at": post.scheduled_at})
    return post_out(session, post)


def correct(session: Session, *, policy: Policy, actor: str, post_id: int, text: str, note: str,
            engine: Engine | None = None) -> PostOut:
    """Correct a published post (Gosport 25, 27): a new version keeps the original and shows what changed."""
    post = _post(session, post_id)
    who = person(session, actor)
    require(policy, who, Permission.CORRECT_POST, "correct posts")
    if post.status not in (PostStatus.PUBLISHED, PostStatus.CORRECTED):
        raise Conflict(f"post #{post_id} is {post.status}: only a published post is corrected")
    if not note.strip():
        raise InputError("say what the correction fixes (--note)")
    old = current(post)
    number = post.version + 1
    version = PostVersion(number=number, text=_text(text), reason="correction", note=note, created_by_id=who.id,
                          created_at=now_utc(), diff=diff(old.text, text, f"v{old.number} (published)",
                                                          f"v{number} (corrected)"), approvers=[])
    post.versions.append(version)
    post.version = number
    decision = _check(session, policy, post, version, engine)
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
    post = _post(session, post_id)
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
    post = _post(session, post_id)
    person(session, actor)
    if count < 0:
        raise InputError("engagement count must not be negative")
    before, post.engagement = post.engagement, count
    record(session, policy, actor=actor, action="post.engagement", subject_type="post", subject_id=post.id,
           before={"engagement": before}, after={"engagement": count})
    return post_out(session, post)


def set_legal_hold(session: Session, *, policy: Policy, actor: str, post_id: int, hold: bool, reason: str) -> None:
    """Put a post under legal hold (retention will not purge it) or release it."""
    post = _post(session, post_id)
    require(policy, person(session, actor), Permission.EXPORT_DATA, "place legal holds")
    before, post.legal_hold = post.legal_hold, hold
    record(session, policy, actor=actor, action="post.legal_hold", subject_type="post", subject_id=post.id,
           before={"legal_hold": before}, after={"legal_hold": hold}, reason=reason)


def get(session: Session, *, post_id: int) -> PostOut:
    """One post with its versions, approvals and media."""
    return post_out(session, _post(session, post_id))


def list_posts(session: Session, *, status: PostStatus | None = None, author: str | None = None,
               limit: int = 200) -> list[PostOut]:
    """Posts, newest first, optionally by status or author handle."""
    query = select(Post).order_by(Post.id.desc()).limit(limit)
    if status is not None:
        query = query.where(Post.status == status)
    if author is not None:
        query = query.where(Post.author_id == person(session, author).id)
    return [post_out(session, p) for p in session.execute(query).scalars()]

"""The publishing workflow: draft -> checked -> awaiting_approval -> approved -> scheduled -> published ->
corrected / withdrawn, with returned (edit and submit again) and rejected (final) on the way. Every text is checked
by the engine and the decision kept with its version; who must approve comes from that decision (the policy's
approval rules minus exemptions), through the one ``approvals`` service. An approval is for one version: an edit
voids it, and scheduling or publishing checks ``approved_version == version`` under the post's row lock.
Services never commit.
"""

from __future__ import annotations

import calendar as cal
import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from socialwarden.accounts.service import find_account
from socialwarden.acting import Actor, ActorLike, acting, now_utc
from socialwarden.approvals import service as approvals
from socialwarden.approvals.models import Verdict as Decided
from socialwarden.audit import service as audit
from socialwarden.engine.engine import Engine
from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.incidents.service import can_publish
from socialwarden.people.models import Person
from socialwarden.policy.models import Permission, Policy
from socialwarden.posts import access
from socialwarden.posts.changes import correct, record_engagement, set_legal_hold, withdraw
from socialwarden.posts.checking import (
    Media,
    blocked_reasons,
    check,
    diff,
    election_clash,
    keep_check,
    media_of,
    personal,
    post_text,
)
from socialwarden.posts.limits import check_length
from socialwarden.posts.models import CalendarDay, Post, PostMedia, PostOut, PostStatus, PostVersion
from socialwarden.posts.publishing import Publisher, PublishResult, publish_due
from socialwarden.posts.records import (
    SUBJECT,
    account_of,
    approved_for_publishing,
    current,
    load_post,
    lock_post,
    move,
    post_out,
    rules_of,
)

__all__ = ["Media", "PublishResult", "Publisher", "approve", "calendar", "correct", "decide", "draft", "edit",
           "get", "list_posts", "publish_due", "record_engagement", "reject", "return_post", "schedule",
           "set_legal_hold", "submit", "withdraw"]

UK = ZoneInfo("Europe/London")
PAST_GRACE = dt.timedelta(minutes=1)  # "now" typed a moment ago is not the past
_EDITABLE = {PostStatus.CHECKED, PostStatus.AWAITING_APPROVAL, PostStatus.RETURNED, PostStatus.APPROVED,
             PostStatus.SCHEDULED, PostStatus.FAILED}


def _author(who: Actor) -> Person:
    if who.person is None:
        raise PermissionDenied(f"{who.name} is not a person and cannot write posts")
    return who.person


def draft(session: Session, *, policy: Policy, actor: ActorLike, account_ref: str | int, text: str,
          kind: str | None = None, media: Sequence[Media] = (), engine: Engine | None = None) -> PostOut:
    """Create a post, check it with the engine and keep the decision with the text (status checked)."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.DRAFT_POST, doing="draft posts")
    author = _author(who)
    acct = find_account(session, account_ref)
    if personal(policy, acct) and not access.has_access(session, acct, author.id):
        raise PermissionDenied(f"{who.name} may not post on {acct.platform}:{acct.handle}: it is a personal "
                               "account, and only its holder and those on its access list post on it")
    text = post_text(text)
    kind = (kind or "").strip() or None
    first = check(session, policy, acct=acct, author=author, kind=kind, media=media, text=text, engine=engine)
    audit.lock(session)  # the check above ran without the lock; only the writes below hold it
    checked = check(session, policy, acct=acct, author=author, kind=kind, media=media, text=text, engine=engine,
                    before=first)
    at = now_utc()
    post = Post(account_id=acct.id, author_id=author.id, kind=kind, status=PostStatus.DRAFT, version=1,
                attempts=0, engagement=0, legal_hold=False, created_at=at, updated_at=at)
    version = PostVersion(number=1, text=text, reason="draft", created_by_id=author.id, created_at=at,
                          approvers=[], approval={})
    keep_check(policy, version, checked)
    post.versions.append(version)
    for item in media:
        post.media.append(PostMedia(ref=item.ref, identifiable_people=item.identifiable_people,
                                    consent_ref=item.consent_ref, source=item.source, licence=item.licence,
                                    recorded_by_id=author.id, recorded_at=at))
    move(post, PostStatus.CHECKED)
    session.add(post)
    session.flush()
    who.record("post.draft", subject_type="post", subject_id=post.id, before=None,
               after={"account": acct.id, "kind": kind, "verdict": version.verdict, "version": 1,
                      "media": len(media)})
    return post_out(session, policy, post)


def edit(session: Session, *, policy: Policy, actor: ActorLike, post_id: int, text: str, note: str | None = None,
         engine: Engine | None = None) -> PostOut:
    """A new text before publication: re-checked, and any approval is void (it must be approved again)."""
    who = acting(session, policy=policy, actor=actor)
    text = post_text(text)
    seen = load_post(session, post_id)
    if not who.is_(seen.author_id):
        raise PermissionDenied(f"{who.name} is not the author of post #{post_id}; only the author edits a draft")
    author, acct = _author(who), account_of(session, seen)
    first = check(session, policy, acct=acct, author=author, kind=seen.kind, media=media_of(seen), text=text,
                  engine=engine)
    post = lock_post(session, post_id)  # from here on nobody else changes the post until we commit
    if post.status not in _EDITABLE or post.platform_post_id is not None:
        raise Conflict(f"post #{post_id} is {post.status}: "
                       + ("a published post is changed with `correct`" if post.platform_post_id is not None
                          else "it can no longer be edited"))
    checked = check(session, policy, acct=acct, author=author, kind=post.kind, media=media_of(post), text=text,
                    engine=engine, before=first)
    before = {"status": post.status, "version": post.version, "approved_version": post.approved_version,
              "scheduled_at": post.scheduled_at}
    old = current(post)
    number = post.version + 1
    at = now_utc()
    version = PostVersion(number=number, text=text, reason="edit", note=(note or "").strip() or None,
                          created_by_id=author.id, created_at=at,
                          diff=diff(old.text, text, f"v{old.number}", f"v{number}"), approvers=[], approval={})
    keep_check(policy, version, checked)
    post.versions.append(version)
    post.version, post.approved_version, post.scheduled_at, post.next_attempt_at = number, None, None, None
    move(post, PostStatus.CHECKED)
    post.updated_at = at
    who.record("post.edit", subject_type="post", subject_id=post.id, before=before,
               after={"status": post.status, "version": number, "approved_version": None,
                      "verdict": version.verdict}, reason=note)
    return post_out(session, policy, post)


def submit(session: Session, *, policy: Policy, actor: ActorLike, post_id: int) -> PostOut:
    """Send a checked post on: blocked => refused; needs approval => awaiting the named roles; else approved."""
    who = acting(session, policy=policy, actor=actor)
    post = lock_post(session, post_id)
    if not who.is_(post.author_id):
        raise PermissionDenied(f"{who.name} is not the author of post #{post_id}")
    if post.status == PostStatus.RETURNED:
        raise Conflict(f"post #{post_id} was returned with comments: edit it, then submit the new version")
    if post.status != PostStatus.CHECKED:
        raise Conflict(f"post #{post_id} is {post.status}, not checked")
    version = current(post)
    blocked = blocked_reasons(version)
    if blocked:
        raise Conflict(f"post #{post_id} is blocked by the policy and cannot be submitted: {blocked}")
    acct = account_of(session, post)
    check_length(version.text, acct.platform)
    rules = rules_of(policy, version)
    if rules:
        move(post, PostStatus.AWAITING_APPROVAL)
    else:
        move(post, PostStatus.APPROVED)
        post.approved_version = post.version
    post.updated_at = now_utc()
    who.record("post.submit", subject_type="post", subject_id=post.id, before={"status": PostStatus.CHECKED},
               after={"status": post.status, "version": post.version, "approvers": approvals.rule_roles(rules),
                      "approved_version": post.approved_version})
    if rules:
        approvals.request(who, subject_type=SUBJECT, subject_id=post.id, version=post.version, rules=rules,
                          title=f"post #{post.id} on {acct.platform}:{acct.handle}: {version.text[:120]}")
    return post_out(session, policy, post)


def decide(session: Session, *, policy: Policy, actor: ActorLike, post_id: int, verdict: Decided,
           comment: str | None = None) -> PostOut:
    """Approve, return (with comments) or reject the current version, as a role the post's rules name."""
    who = acting(session, policy=policy, actor=actor)
    verb = {Decided.APPROVE: "approve", Decided.RETURN: "return", Decided.REJECT: "reject"}[verdict]
    if who.is_(load_post(session, post_id).author_id):
        raise PermissionDenied(f"{who.name} wrote post #{post_id} and cannot {verb} their own post")
    who.require(Permission.APPROVE_POST, doing=f"{verb} posts")
    post = lock_post(session, post_id)  # two approvers at once: the second waits here, then sees the first
    if post.status != PostStatus.AWAITING_APPROVAL:
        raise Conflict(f"post #{post_id} is {post.status}, not awaiting approval")
    author = session.get(Person, post.author_id)
    assert author is not None  # foreign key
    rules = rules_of(policy, current(post))
    approval, state = approvals.decide(session, policy=policy, actor=who, requester=author, rules=rules,
                                       subject_type=SUBJECT, subject_id=post.id, version=post.version,
                                       verdict=verdict, comment=comment)
    before = {"status": post.status, "version": post.version, "approved_version": post.approved_version}
    action = f"post.{verdict.value}"
    if verdict is Decided.APPROVE:
        if state.complete:
            move(post, PostStatus.CORRECTED if post.platform_post_id is not None else PostStatus.APPROVED)
            post.approved_version = post.version
        else:
            action = "post.approval"  # one of several approvals the rules need
    else:
        move(post, PostStatus.RETURNED if verdict is Decided.RETURN else PostStatus.REJECTED)
    post.updated_at = approval.at
    who.record(action, subject_type="post", subject_id=post.id, before=before,
               after={"status": post.status, "version": post.version, "approved_version": post.approved_version,
                      "role": approval.role, "rule": approval.rule_id, "missing": state.missing},
               reason=approval.comment)
    return post_out(session, policy, post)


def approve(session: Session, *, policy: Policy, actor: ActorLike, post_id: int,
            comment: str | None = None) -> PostOut:
    """Approve the current version (a role the decision names; never your own post)."""
    return decide(session, policy=policy, actor=actor, post_id=post_id, verdict=Decided.APPROVE, comment=comment)


def return_post(session: Session, *, policy: Policy, actor: ActorLike, post_id: int, comment: str) -> PostOut:
    """Send the current version back to its author with comments (they edit it and submit again)."""
    return decide(session, policy=policy, actor=actor, post_id=post_id, verdict=Decided.RETURN, comment=comment)


def reject(session: Session, *, policy: Policy, actor: ActorLike, post_id: int, comment: str) -> PostOut:
    """Refuse the post for good, saying why."""
    return decide(session, policy=policy, actor=actor, post_id=post_id, verdict=Decided.REJECT, comment=comment)


def schedule(session: Session, *, policy: Policy, actor: ActorLike, post_id: int, at: dt.datetime,
             now: dt.datetime | None = None) -> PostOut:
    """Queue the approved version for ``at`` (aware; not in the past); refused while its account cannot publish."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.SCHEDULE_POST, Permission.PUBLISH_POST, doing="schedule posts")
    if at.tzinfo is None:
        raise InputError("schedule time needs a time zone (e.g. 2026-03-09T10:00:00+00:00)")
    at = at.astimezone(dt.UTC)
    moment = (now or now_utc()).astimezone(dt.UTC)
    if at < moment - PAST_GRACE:
        raise InputError(f"{at:%Y-%m-%d %H:%M} UTC is in the past (it is now {moment:%Y-%m-%d %H:%M} UTC): "
                         "choose a time from now on")
    seen = load_post(session, post_id)  # an election period's check runs before the lock, as every check does
    clash_of = (seen.version, election_clash(session, policy, seen, current(seen), at)
                if policy.election_periods else None)
    post = lock_post(session, post_id)  # the approval checked below cannot change until we commit
    acct = account_of(session, post)
    access.require_manager(who, post, acct, "schedule")
    access.require_on_list(session, policy, who, acct, "publish")  # who schedules it, and whose name it goes out in
    author = session.get(Person, post.author_id)
    refusal = access.list_refusal(session, policy, author, acct, "publish")
    if refusal is not None:
        raise PermissionDenied(f"post #{post_id} cannot be scheduled: {refusal}")
    if post.status not in (PostStatus.APPROVED, PostStatus.SCHEDULED, PostStatus.FAILED):
        raise Conflict(f"post #{post_id} is {post.status}: only an approved post is scheduled")
    why = approved_for_publishing(session, policy, post)
    if why:
        raise Conflict(f"post #{post_id} cannot be scheduled: {why}")
    ok, reason = can_publish(session, policy=policy, account=acct)
    if not ok:
        raise Conflict(f"post #{post_id} cannot be scheduled: {reason}")
    clash = clash_of[1] if clash_of[0] == post.version else (
        election_clash(session, policy, post, current(post), at) if policy.election_periods else None)
    if clash:
        raise Conflict(f"post #{post_id} cannot be scheduled then: {clash}")
    before = {"status": post.status, "at": post.scheduled_at}
    move(post, PostStatus.SCHEDULED)
    post.scheduled_at, post.next_attempt_at, post.attempts, post.last_error = at, None, 0, None
    post.updated_at = now_utc()
    who.record("post.schedule", subject_type="post", subject_id=post.id, before=before,
               after={"status": post.status, "at": post.scheduled_at, "version": post.version})
    return post_out(session, policy, post)


def get(session: Session, *, policy: Policy, viewer: ActorLike, post_id: int) -> PostOut:
    """One post with its versions, decisions and media (for those who may see it)."""
    who = acting(session, policy=policy, actor=viewer)
    post = load_post(session, post_id)
    access.require_visible(policy, who, post, account_of(session, post))
    return post_out(session, policy, post)


def list_posts(session: Session, *, policy: Policy, viewer: ActorLike, status: PostStatus | None = None,
               author: str | None = None, limit: int = 200) -> list[PostOut]:
    """The posts ``viewer`` may see, newest first, optionally by status or author handle."""
    who = acting(session, policy=policy, actor=viewer)
    query = select(Post).order_by(Post.id.desc()).limit(limit)
    seen = access.visible_filter(session, policy, who)
    if seen is not None:
        query = query.where(seen)
    if status is not None:
        query = query.where(Post.status == status)
    if author is not None:
        query = query.where(Post.author_id == acting(session, policy=policy, actor=author).id)
    return [post_out(session, policy, p) for p in session.execute(query).scalars()]


def calendar(session: Session, *, policy: Policy, viewer: ActorLike, year: int, month: int) -> list[CalendarDay]:
    """Every day of the month (UK time) with the posts scheduled for it or published on it that ``viewer`` sees."""
    if not 1 <= month <= 12 or not 2000 <= year <= 2999:
        raise InputError(f"no such month: {year}-{month:02d}")
    who = acting(session, policy=policy, actor=viewer)
    first = dt.datetime(year, month, 1, tzinfo=UK)
    days = cal.monthrange(year, month)[1]
    end = first + dt.timedelta(days=days)
    start_utc, end_utc = first.astimezone(dt.UTC), end.astimezone(dt.UTC)
    query = select(Post).where(or_(
        and_(Post.status.in_([PostStatus.SCHEDULED, PostStatus.FAILED]), Post.scheduled_at >= start_utc,
             Post.scheduled_at < end_utc),
        and_(Post.published_at.is_not(None), Post.published_at >= start_utc, Post.published_at < end_utc)))
    seen = access.visible_filter(session, policy, who)
    if seen is not None:
        query = query.where(seen)
    by_day: dict[dt.date, list[PostOut]] = {first.date() + dt.timedelta(days=i): [] for i in range(days)}
    rows = [post_out(session, policy, p) for p in session.execute(query.order_by(Post.id)).scalars()]
    for row in rows:
        moment = row.published_at or row.scheduled_at
        if moment is not None:
            by_day.setdefault(moment.astimezone(UK).date(), []).append(row)
    for posts_of_day in by_day.values():
        posts_of_day.sort(key=lambda p: p.published_at or p.scheduled_at or dt.datetime.max.replace(tzinfo=dt.UTC))
    return [CalendarDay(day=day, posts=rows_of_day) for day, rows_of_day in sorted(by_day.items())
            if first.date() <= day < end.date()]

"""Publishing scheduled posts through a connector, at most once each.

``publish_due`` is a flow, not a plain service: each due post is taken under its row lock and checked again (the
exact approved version, its approvals complete, its account able to publish), and the attempt is committed
*before* calling the platform, so a crash
mid-call leaves a "started" attempt behind. A run within IN_FLIGHT of it leaves the post alone (another runner may
be mid-call); a later run never retries it (it may be live already): it marks the attempt unknown and the post
failed, and asks the author to check the platform. Failures retry with
exponential backoff (base_delay × 2^(n-1)) up to max_attempts, and the last error is shown on the post.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.acting import Actor, ActorLike, acting, locked
from socialwarden.exceptions import InputError, NoConnector
from socialwarden.incidents.service import can_publish
from socialwarden.people.models import Person, utc
from socialwarden.policy.models import Permission, Policy
from socialwarden.posts.access import list_refusal
from socialwarden.posts.models import AttemptOutcome, Post, PostOut, PostStatus, PublishAttempt
from socialwarden.posts.records import approved_for_publishing, move, post_out

MAX_ERROR = 2000
# a started attempt younger than this may still be in flight in another runner; older ones were interrupted
IN_FLIGHT = dt.timedelta(minutes=10)


class Publisher(Protocol):
    """A platform connector: publish the post's current text and return the platform's id for it."""

    def publish(self, post: PostOut) -> str: ...


@dataclass(frozen=True)
class PublishResult:
    post_id: int
    outcome: str  # published | retry | failed | held | unknown | no_connector
    platform_post_id: str | None
    error: str | None
    next_attempt_at: dt.datetime | None


def _due(session: Session, now: dt.datetime, limit: int) -> list[int]:
    query = (select(Post.id).where(Post.status == PostStatus.SCHEDULED, Post.scheduled_at <= now,
                                   or_(Post.next_attempt_at.is_(None), Post.next_attempt_at <= now))
             .order_by(Post.scheduled_at, Post.id).limit(limit))
    return list(session.execute(query).scalars())


def _fail(session: Session, who: Actor, post: Post, message: str, outcome: str) -> PublishResult:
    before = move(post, PostStatus.FAILED)
    post.last_error, post.next_attempt_at = message, None
    who.record("post.publish_failed", subject_type="post", subject_id=post.id, before={"status": before},
               after={"status": PostStatus.FAILED, "error": message})
    session.commit()
    return PublishResult(post.id, outcome, None, message, None)


def _one(session: Session, policy: Policy, who: Actor, post: Post, publisher: Publisher, now: dt.datetime,
         max_attempts: int, base_delay: dt.timedelta) -> PublishResult | None:
    acct = session.get(Account, post.account_id)
    assert acct is not None
    unapproved = approved_for_publishing(session, policy, post)
    if unapproved:  # checked again under the row lock: only the exact approved version goes out
        return _fail(session, who, post, f"not published: {unapproved}", "refused")
    off_list = list_refusal(session, policy, session.get(Person, post.author_id), acct, "publish")
    if off_list:  # the author was taken off the account's access list since it was scheduled
        return _fail(session, who, post, f"not published: {off_list}", "refused")
    ok, reason = can_publish(session, policy=policy, account=acct)
    if not ok:  # incident mode or a closed account: held, and the author sees why
        if post.last_error != reason:
            post.last_error = reason
            who.record("post.publish_held", subject_type="post", subject_id=post.id, before=None,
                       after={"reason": reason})
        session.commit()
        return PublishResult(post.id, "held", None, reason, None)
    started = [a for a in post.publish_log if a.version == post.version and a.outcome == AttemptOutcome.STARTED]
    if any(utc(a.started_at) > now - IN_FLIGHT for a in started):
        session.commit()  # let go of the row lock
        return None  # another runner may be mid-call right now: leave it alone
    interrupted = started
    if interrupted:
        for attempt in interrupted:
            attempt.outcome, attempt.finished_at = AttemptOutcome.UNKNOWN, now
        return _fail(session, who, post, "an earlier publishing attempt was interrupted and may have "
                     "gone out: check the platform, then schedule again if it is not there", "unknown")
    number = post.attempts + 1  # since it was last scheduled: the backoff and max_attempts count these
    earlier = max((a.attempt for a in post.publish_log if a.version == post.version), default=0)
    attempt = PublishAttempt(post_id=post.id, version=post.version, attempt=max(number, earlier + 1), started_at=now,
                             outcome=AttemptOutcome.STARTED)
    post.attempts = number
    session.add(attempt)
    who.record("post.publish_attempt", subject_type="post", subject_id=post.id, before=None,
               after={"version": post.version, "attempt": number})
    try:
        session.commit()  # the attempt is durable before the platform hears of it
    except IntegrityError:  # another runner claimed this attempt first
        session.rollback()
        return None
    try:
        platform_id = publisher.publish(post_out(session, policy, post))
    except NoConnector as exc:  # nothing was sent anywhere: never claimed as published, never retried blindly
        attempt.outcome, attempt.error = AttemptOutcome.NO_CONNECTOR, exc.message[:MAX_ERROR]
        attempt.finished_at = dt.datetime.now(dt.UTC)
        return _fail(session, who, post, exc.message, "no_connector")
    except Exception as exc:  # any connector failure is recorded and retried, never swallowed silently
        message = f"{type(exc).__name__}: {exc}"[:MAX_ERROR]
        attempt.outcome, attempt.error = AttemptOutcome.FAILED, message
        attempt.finished_at = dt.datetime.now(dt.UTC)
        if number >= max_attempts:
            return _fail(session, who, post, f"gave up after {number} attempts: {message}", "failed")
        post.last_error = message
        post.next_attempt_at = now + base_delay * (2 ** (number - 1))
        who.record("post.publish_retry", subject_type="post", subject_id=post.id, before=None,
                   after={"attempt": number, "error": message, "next_attempt_at": post.next_attempt_at})
        session.commit()
        return PublishResult(post.id, "retry", None, message, post.next_attempt_at)
    done = dt.datetime.now(dt.UTC)
    attempt.outcome, attempt.platform_post_id, attempt.finished_at = AttemptOutcome.PUBLISHED, platform_id, done
    move(post, PostStatus.PUBLISHED)
    post.platform_post_id, post.published_at = platform_id, done
    post.last_error, post.next_attempt_at, post.updated_at = None, None, done
    acct.last_post_at = done
    who.record("post.publish", subject_type="post", subject_id=post.id, before={"status": PostStatus.SCHEDULED},
               after={"status": PostStatus.PUBLISHED, "platform_post_id": platform_id, "version": post.version})
    session.commit()
    return PublishResult(post.id, "published", platform_id, None, None)


def publish_due(session: Session, *, policy: Policy, actor: ActorLike, now: dt.datetime, publisher: Publisher,
                max_attempts: int = 5, base_delay: dt.timedelta = dt.timedelta(minutes=1),
                limit: int = 100) -> list[PublishResult]:
    """Publish every scheduled post that is due at ``now``, committing each step (see the module docstring)."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.PUBLISH_POST, Permission.SCHEDULE_POST, doing="publish scheduled posts")
    if now.tzinfo is None:
        raise InputError("now must be an aware time (UTC)")
    now = now.astimezone(dt.UTC)  # SQLite compares stored UTC text: the bound value must be UTC too
    results = []
    for post_id in _due(session, now, limit):
        session.commit()  # end the read transaction: each post is taken under its own lock
        post = locked(session, Post, post_id, what="post")
        session.refresh(post, attribute_names=["versions", "publish_log"])
        scheduled_at = utc(post.scheduled_at) if post.scheduled_at is not None else None
        if (post.status != PostStatus.SCHEDULED or scheduled_at is None or scheduled_at > now
                or (post.next_attempt_at is not None and utc(post.next_attempt_at) > now)):
            session.commit()  # changed since the due list was read (edited, withdrawn, rescheduled)
            continue
        result = _one(session, policy, who, post, publisher, now, max_attempts, base_delay)
        if result is not None:
            results.append(result)
    return results

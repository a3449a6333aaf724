"""Recording a review of the policy (``warden policy review``) and where its review stands, for the review duty.

The last review is the latest recorded here for the policy's id, or the file's ``policy.review.last_reviewed``
date when that is later (a review done before SocialWarden); the next is due ``every_months`` after it.
"""

from __future__ import annotations

import calendar
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.acting import ActorLike, acting, now_utc
from socialwarden.exceptions import InputError
from socialwarden.people.models import utc
from socialwarden.policy.models import Permission, Policy
from socialwarden.policy_reviews.models import DueState, Outcome, PolicyReview, ReviewOut, ReviewStatus

__all__ = ["WARNING_DAYS", "record_review", "review_status", "reviews"]

WARNING_DAYS = 30  # how far ahead a coming review is announced
MAX_NOTES = 4000


def _out(row: PolicyReview) -> ReviewOut:
    return ReviewOut(id=row.id, policy_id=row.policy_id, policy_version=row.policy_version,
                     outcome=Outcome(row.outcome), notes=row.notes, reviewed_by=row.reviewed_by.handle,
                     reviewed_at=utc(row.reviewed_at))


def reviews(session: Session, *, policy: Policy, limit: int = 50) -> list[ReviewOut]:
    """The reviews recorded for this policy, newest first."""
    query = (select(PolicyReview).where(PolicyReview.policy_id == policy.policy.id)
             .order_by(PolicyReview.reviewed_at.desc(), PolicyReview.id.desc()).limit(limit))
    return [_out(r) for r in session.execute(query).scalars()]


def record_review(session: Session, *, policy: Policy, actor: ActorLike, outcome: Outcome,
                  notes: str | None = None, at: dt.datetime | None = None) -> ReviewOut:
    """Record that the policy was reviewed (needs review_policy: e.g. GEN's Communications Committee)."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.REVIEW_POLICY, doing="record a review of the policy")
    text = (notes or "").strip() or None
    if text is not None and len(text) > MAX_NOTES:
        raise InputError(f"the notes are longer than {MAX_NOTES} characters")
    if outcome is Outcome.CHANGES_RECOMMENDED and text is None:
        raise InputError("say which changes the review recommends (--notes)")
    when = utc(at) if at is not None else now_utc()
    if when > now_utc() + dt.timedelta(minutes=5):
        raise InputError("a review cannot be recorded in the future")
    row = PolicyReview(policy_id=policy.policy.id, policy_version=policy.policy.version, outcome=outcome.value,
                       notes=text, reviewed_by_id=who.as_person().id, reviewed_at=when)
    row.reviewed_by = who.as_person()
    session.add(row)
    session.flush()
    who.record("policy.review", subject_type="policy", subject_id=policy.policy.id, before=None,
               after={"version": policy.policy.version, "outcome": outcome.value, "at": when}, reason=text)
    return _out(row)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_status(session: Session, *, policy: Policy, now: dt.datetime | None = None) -> ReviewStatus:
    """The last review and the next due date, and whether it is due, soon due, or never recorded."""
    review = policy.policy.review
    recorded = reviews(session, policy=policy)
    cite = f"{review.cite.section}: \"{review.cite.quote}\"" if review and review.cite else None
    last = recorded[0].reviewed_at.date() if recorded else None
    by = recorded[0].reviewed_by if recorded else None
    if review is not None and review.last_reviewed is not None and (last is None or review.last_reviewed > last):
        last, by = review.last_reviewed, "policy file"
    if review is None:
        return ReviewStatus(policy_id=policy.policy.id, every_months=None, owner=None, last_reviewed=last,
                            last_by=by, due=None, state=DueState.NONE, cite=None, reviews=recorded)
    today = (now or now_utc()).date()
    due = _add_months(last, review.every_months) if last is not None else None
    if due is None:
        state = DueState.NEVER
    elif today >= due:
        state = DueState.DUE
    elif (due - today).days <= WARNING_DAYS:
        state = DueState.SOON
    else:
        state = DueState.OK
    return ReviewStatus(policy_id=policy.policy.id, every_months=review.every_months, owner=review.owner,
                        last_reviewed=last, last_by=by, due=due, state=state, cite=cite, reviews=recorded)

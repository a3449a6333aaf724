"""Retention: purge each record type once the policy's keep_days have passed, except what is under legal hold.

Runs as the ``retention`` duty (`warden duties run`). Every rule's purge is one audit event naming the rule, the
cut-off, how many rows went and how many were held back (legal hold; for complaints also those still open past
the cut-off: a complaint goes only once it is closed and its period has run from the closing). The audit trail
itself is never purged here: it is append-only by design (database triggers refuse deletes), so its rule is
reported as kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from socialwarden.acting import acting
from socialwarden.complaints.models import Complaint
from socialwarden.duties.models import Notice
from socialwarden.duties.registry import Duty, DutyContext
from socialwarden.moderation.models import Comment, Escalation, EscalationEvent, Evidence, ModerationActionRecord
from socialwarden.policy.models import Policy, RecordType, RetentionRule
from socialwarden.posts.models import Post, PostMedia
from socialwarden.store.db import CheckRecord

BATCH = 500


@dataclass(frozen=True)
class PurgeResult:
    rule_id: str
    record: RecordType
    cutoff: dt.datetime
    purged: int
    held: int
    note: str | None = None


def _ids(session: Session, query: object) -> list[int]:
    return [int(i) for i in session.execute(query).scalars()]  # type: ignore[call-overload]


def _posts(session: Session, cutoff: dt.datetime) -> tuple[int, int]:
    old = Post.updated_at < cutoff
    held = len(_ids(session, select(Post.id).where(old, Post.legal_hold.is_(True))))
    purged = 0
    for post_id in _ids(session, select(Post.id).where(old, Post.legal_hold.is_(False))):
        post = session.get(Post, post_id)
        if post is not None:
            session.delete(post)  # versions, approvals, media and attempts go with it
            purged += 1
    return purged, held


def _comments(session: Session, cutoff: dt.datetime) -> tuple[int, int]:
    old = Comment.posted_at < cutoff
    held = len(_ids(session, select(Comment.id).where(old, Comment.legal_hold.is_(True))))
    ids = _ids(session, select(Comment.id).where(old, Comment.legal_hold.is_(False)))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        session.execute(delete(ModerationActionRecord).where(ModerationActionRecord.comment_pk.in_(chunk)))
        escalated = select(Escalation.id).where(Escalation.comment_pk.in_(chunk))
        session.execute(delete(EscalationEvent).where(EscalationEvent.escalation_id.in_(escalated)))
        session.execute(delete(Escalation).where(Escalation.comment_pk.in_(chunk)))
        session.execute(update(Complaint).where(Complaint.comment_pk.in_(chunk)).values(comment_pk=None))
        session.execute(delete(Comment).where(Comment.id.in_(chunk)))
    return len(ids), held  # evidence is its own record type and outlives the comment


def _evidence(session: Session, cutoff: dt.datetime) -> tuple[int, int]:
    old = Evidence.captured_at < cutoff
    held = len(_ids(session, select(Evidence.id).where(old, Evidence.legal_hold.is_(True))))
    result = session.execute(delete(Evidence).where(old, Evidence.legal_hold.is_(False)).returning(Evidence.id))
    return len(result.all()), held


def _complaints(session: Session, cutoff: dt.datetime) -> tuple[int, int]:
    """Closed complaints whose closing is older than the cut-off; open ones and held ones stay (counted held)."""
    old = Complaint.closed_at < cutoff
    held = len(_ids(session, select(Complaint.id).where(old, Complaint.legal_hold.is_(True))))
    held += len(_ids(session, select(Complaint.id).where(Complaint.closed_at.is_(None),
                                                         Complaint.received_at < cutoff)))
    result = session.execute(delete(Complaint).where(old, Complaint.legal_hold.is_(False)).returning(Complaint.id))
    return len(result.all()), held


def _decisions(session: Session, cutoff: dt.datetime) -> tuple[int, int]:
    result = session.execute(delete(CheckRecord).where(CheckRecord.created_at < cutoff).returning(CheckRecord.id))
    return len(result.all()), 0


def _consent(session: Session, cutoff: dt.datetime) -> tuple[int, int]:
    held_posts = select(Post.id).where(Post.legal_hold.is_(True))
    old = (PostMedia.recorded_at < cutoff) & PostMedia.consent_ref.is_not(None)
    held = len(_ids(session, select(PostMedia.id).where(old, PostMedia.post_id.in_(held_posts))))
    result = session.execute(update(PostMedia).where(old, PostMedia.post_id.not_in(held_posts))
                             .values(consent_ref=None).returning(PostMedia.id))
    return len(result.all()), held


_PURGERS = {RecordType.POSTS: _posts, RecordType.COMMENTS: _comments,
            RecordType.MODERATION_EVIDENCE: _evidence, RecordType.DECISIONS: _decisions,
            RecordType.CONSENT_RECORDS: _consent, RecordType.COMPLAINTS: _complaints}
_NOT_PURGED = {RecordType.AUDIT: "the audit trail is append-only and is never purged by software"}


def purge(session: Session, *, policy: Policy, now: dt.datetime, actor: str) -> list[PurgeResult]:
    """Apply every retention rule of the policy at ``now``; audited per rule; the caller commits."""
    results = []
    for rule in policy.retention:
        results.append(_apply(session, policy, rule, now, actor))
    return results


def _apply(session: Session, policy: Policy, rule: RetentionRule, now: dt.datetime, actor: str) -> PurgeResult:
    cutoff = now.astimezone(dt.UTC) - dt.timedelta(days=rule.keep_days)
    purger = _PURGERS.get(rule.record)
    if purger is None:
        return PurgeResult(rule.id, rule.record, cutoff, 0, 0, _NOT_PURGED.get(rule.record))
    purged, held = purger(session, cutoff)
    session.flush()
    if purged or held:
        acting(session, policy=policy, actor=actor, system=True).record(
            "retention.purge", subject_type="retention_rule", subject_id=rule.id, before=None, reason=rule.text,
            after={"record": rule.record.value, "keep_days": rule.keep_days, "cutoff": cutoff, "purged": purged,
                   "held": held})
    return PurgeResult(rule.id, rule.record, cutoff, purged, held)


def _duty(ctx: DutyContext) -> list[Notice]:
    notices = []
    for result in purge(ctx.session, policy=ctx.policy, now=ctx.now, actor=ctx.actor):
        if result.purged or result.held:
            notices.append(Notice(kind="retention_purge", subject_type="retention_rule", subject_id=result.rule_id,
                                  recipient=None, cite=None,
                                  message=f"{result.record.value}: purged {result.purged} older than "
                                          f"{result.cutoff:%Y-%m-%d}; {result.held} kept under legal hold"))
    return notices


DUTY = Duty("retention", "Retention: purge records past the policy's period (legal holds kept)", _duty)

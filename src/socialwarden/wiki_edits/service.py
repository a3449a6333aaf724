"""Wiki edits (council officers: "Prior to altering any wiki site entry about the Council ... They should also
seek advice from the Communications Team"): asked for, then approved (go ahead), returned with comments (amend it)
or rejected (do not make it) by the roles the policy's ``wiki_edit`` approval rules name, through the one
``approvals`` service. The record of that advice is the sign-off. Services never commit.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.acting import ActorLike, acting, locked, now_utc
from socialwarden.approvals import service as approvals
from socialwarden.approvals.models import ApprovalState, Verdict
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.people.models import utc, utc_or_none
from socialwarden.policy.models import ApprovalRule, ApprovalSubject, Policy
from socialwarden.wiki_edits.models import WikiEdit, WikiEditOut, WikiEditStatus

__all__ = ["amend_wiki_edit", "decide_wiki_edit", "get_wiki_edit", "list_wiki_edits", "request_wiki_edit",
           "wiki_edit_out", "wiki_rules", "withdraw_wiki_edit"]

SUBJECT = ApprovalSubject.WIKI_EDIT
MAX_TEXT = 4000


def wiki_rules(policy: Policy) -> list[ApprovalRule]:
    """The policy's approval rules for wiki edits; Conflict when it names none."""
    rules = approvals.applicable_rules(policy, subject=SUBJECT)
    if not rules:
        raise Conflict(f"policy {policy.policy.id} asks for no advice before wiki edits (no approval rule with "
                       "subject: wiki_edit)")
    return rules


def _state(session: Session, policy: Policy, row: WikiEdit) -> ApprovalState:
    return approvals.approval_state(session, rules=wiki_rules(policy), subject_type=SUBJECT, subject_id=row.id,
                                    version=row.revision)


def wiki_edit_out(session: Session, *, policy: Policy, row: WikiEdit) -> WikiEditOut:
    return WikiEditOut(id=row.id, page=row.page, change=row.change, reason=row.reason,
                       conflict_of_interest=row.conflict_of_interest, requested_by=row.requested_by.handle,
                       requested_at=utc(row.requested_at), status=WikiEditStatus(row.status), revision=row.revision,
                       decided_at=utc_or_none(row.decided_at), approvals=_state(session, policy, row))


def _text(name: str, value: str, limit: int = MAX_TEXT) -> str:
    value = value.strip()
    if not value:
        raise InputError(f"{name} must not be empty")
    if len(value) > limit:
        raise InputError(f"{name} is longer than {limit} characters")
    return value


def _snapshot(row: WikiEdit) -> dict[str, object]:
    return {"page": row.page, "change": row.change, "reason": row.reason, "status": row.status,
            "revision": row.revision, "conflict_of_interest": row.conflict_of_interest}


def request_wiki_edit(session: Session, *, policy: Policy, actor: ActorLike, page: str, change: str, reason: str,
                      conflict_of_interest: bool = False) -> WikiEdit:
    """Ask for advice before editing a wiki entry (anyone registered may ask)."""
    rules = wiki_rules(policy)
    who = acting(session, policy=policy, actor=actor)
    person = who.as_person()
    row = WikiEdit(page=_text("page", page, 500), change=_text("change", change), reason=_text("reason", reason),
                   conflict_of_interest=conflict_of_interest, requested_by_id=person.id, requested_at=now_utc(),
                   status=WikiEditStatus.REQUESTED, revision=1)
    row.requested_by = person
    session.add(row)
    session.flush()
    who.record("wiki_edit.request", subject_type="wiki_edit", subject_id=row.id, before=None, after=_snapshot(row))
    approvals.request(who, subject_type=SUBJECT, subject_id=row.id, version=row.revision, rules=rules,
                      title=f"wiki edit {row.id}: {row.page[:120]}")
    return row


def get_wiki_edit(session: Session, *, edit_id: int) -> WikiEdit:
    row = session.get(WikiEdit, edit_id)
    if row is None:
        raise NotFound(f"no wiki edit #{edit_id}")
    return row


def list_wiki_edits(session: Session, *, status: WikiEditStatus | None = None, limit: int = 200) -> list[WikiEdit]:
    """Wiki edits, newest first."""
    query = select(WikiEdit).order_by(WikiEdit.id.desc()).limit(limit)
    if status is not None:
        query = query.where(WikiEdit.status == status)
    return list(session.execute(query).scalars())


def decide_wiki_edit(session: Session, *, policy: Policy, actor: ActorLike, edit_id: int, verdict: Verdict,
                     comment: str | None = None) -> ApprovalState:
    """Advise on a wiki edit: approve (go ahead), return with comments, or reject (do not make it)."""
    who = acting(session, policy=policy, actor=actor)
    row = locked(session, WikiEdit, edit_id, what="wiki edit")
    if row.status != WikiEditStatus.REQUESTED:
        raise Conflict(f"wiki edit #{edit_id} is {row.status}, not waiting for advice")
    approval, state = approvals.decide(session, policy=policy, actor=who, requester=row.requested_by,
                                       rules=wiki_rules(policy), subject_type=SUBJECT, subject_id=row.id,
                                       version=row.revision, verdict=verdict, comment=comment)
    before = _snapshot(row)
    if verdict is Verdict.RETURN:
        row.status = WikiEditStatus.RETURNED
    elif verdict is Verdict.REJECT:
        row.status, row.decided_at = WikiEditStatus.REJECTED, approval.at
    elif state.complete:
        row.status, row.decided_at = WikiEditStatus.APPROVED, approval.at
    action = f"wiki_edit.{verdict.value}" if verdict is not Verdict.APPROVE or state.complete else "wiki_edit.approval"
    who.record(action, subject_type="wiki_edit", subject_id=row.id, before=before,
               after={**_snapshot(row), "role": approval.role, "missing": state.missing}, reason=approval.comment)
    return state


def amend_wiki_edit(session: Session, *, policy: Policy, actor: ActorLike, edit_id: int, change: str,
                    reason: str | None = None) -> WikiEdit:
    """The requester changes a returned edit; the new revision is advised on afresh."""
    who = acting(session, policy=policy, actor=actor)
    row = locked(session, WikiEdit, edit_id, what="wiki edit")
    if not who.is_(row.requested_by_id):
        raise PermissionDenied(f"{who.name} did not ask for wiki edit #{edit_id}; only its requester amends it")
    if row.status not in (WikiEditStatus.RETURNED, WikiEditStatus.REQUESTED):
        raise Conflict(f"wiki edit #{edit_id} is {row.status}: only one waiting or returned is amended")
    before = _snapshot(row)
    row.change = _text("change", change)
    if reason is not None:
        row.reason = _text("reason", reason)
    row.revision += 1
    row.status = WikiEditStatus.REQUESTED
    who.record("wiki_edit.amend", subject_type="wiki_edit", subject_id=row.id, before=before, after=_snapshot(row))
    approvals.request(who, subject_type=SUBJECT, subject_id=row.id, version=row.revision, rules=wiki_rules(policy),
                      title=f"wiki edit {row.id}: {row.page[:120]}")
    return row


def withdraw_wiki_edit(session: Session, *, policy: Policy, actor: ActorLike, edit_id: int,
                       reason: str) -> WikiEdit:
    """The requester no longer means to make the edit."""
    who = acting(session, policy=policy, actor=actor)
    row = locked(session, WikiEdit, edit_id, what="wiki edit")
    if not who.is_(row.requested_by_id):
        raise PermissionDenied(f"{who.name} did not ask for wiki edit #{edit_id}; only its requester withdraws it")
    if row.status in (WikiEditStatus.WITHDRAWN, WikiEditStatus.REJECTED):
        raise Conflict(f"wiki edit #{edit_id} is already {row.status}")
    before = _snapshot(row)
    row.status = WikiEditStatus.WITHDRAWN
    who.record("wiki_edit.withdraw", subject_type="wiki_edit", subject_id=row.id, before=before,
               after=_snapshot(row), reason=_text("reason", reason))
    return row

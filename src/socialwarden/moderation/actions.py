"""Doing one thing to a comment: the checks every path shares (the criteria it met, removals outside them, a
removed comment) and the change itself, with evidence kept first. The desk (``service.act``) and an escalation's
decision (``escalations.decide``) both call ``apply``; who may act is decided by each caller.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.acting import acting, now_utc, permissions_of
from socialwarden.engine.decision import FiredRule, Verdict
from socialwarden.engine.stored import StoredDecision
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.moderation.ingest import content_hash
from socialwarden.moderation.models import (
    ActionOut,
    Comment,
    CommentState,
    Evidence,
    ModerationActionRecord,
    Visibility,
)
from socialwarden.people.models import Person, utc
from socialwarden.policy.models import ModerationAction, Permission, Policy

SPECIAL = {ModerationAction.BLOCK_AUTHOR: Permission.BLOCK_AUTHOR,
           ModerationAction.REPORT_TO_PLATFORM: Permission.REPORT_TO_PLATFORM,
           ModerationAction.REFER_TO_POLICE: Permission.REFER_TO_POLICE}
EVIDENCE = {ModerationAction.HIDE, ModerationAction.REMOVE, ModerationAction.BLOCK_AUTHOR,
            ModerationAction.REPORT_TO_PLATFORM, ModerationAction.REFER_TO_POLICE, ModerationAction.ESCALATE}
ALWAYS_ALLOWED = {ModerationAction.KEEP, ModerationAction.REPLY, ModerationAction.ESCALATE}
ON_THE_COMMENT = {ModerationAction.KEEP, ModerationAction.REPLY, ModerationAction.HIDE, ModerationAction.REMOVE}
TAKES_DOWN = {ModerationAction.HIDE, ModerationAction.REMOVE}
THREAD_CONTEXT = 50
_TAKEDOWN_VERDICTS = frozenset({Verdict.HIDE, Verdict.REMOVE, Verdict.ESCALATE})


def get_comment(session: Session, pk: int) -> Comment:
    found = session.get(Comment, pk)
    if found is None:
        raise NotFound(f"no comment #{pk}")
    return found


def stored(row: Comment) -> StoredDecision:
    return StoredDecision.read(row.decision)


def allowed_actions(policy: Policy, row: Comment) -> set[ModerationAction] | None:
    """The actions the fired moderation criteria allow (None: no criterion fired, or none restricts)."""
    fired = stored(row).criteria
    allowed: set[ModerationAction] = set()
    for crit in policy.moderation.criteria:
        if crit.id in fired:
            if not crit.allowed_actions:
                return None
            allowed.update(crit.allowed_actions)
    return allowed or None


def criteria_sections(policy: Policy) -> str:
    sections = sorted({c.cite.section for c in policy.moderation.criteria})
    return ("§" + ", §".join(sections)) if sections else "its moderation criteria"


def check_special(policy: Policy, who: Person, action: ModerationAction) -> None:
    """Blocking, reporting and referring to the police need their own permission (where the pack grants it)."""
    special = SPECIAL.get(action)
    if special is not None and special not in permissions_of(policy=policy, person=who):
        raise PermissionDenied(f"{who.handle} may not {action.value.replace('_', ' ')}: no role with the "
                               f"{special.value} permission in policy {policy.policy.id}")


def check_allowed(policy: Policy, row: Comment, action: ModerationAction) -> None:
    allowed = allowed_actions(policy, row)
    if allowed is not None and action not in allowed | ALWAYS_ALLOWED:
        raise PermissionDenied(f"the moderation criteria comment #{row.id} meets allow only: "
                               + ", ".join(sorted(a.value for a in allowed)))


def grounds(row: Comment) -> list[FiredRule]:
    """The fired rules that make the comment a candidate for taking down: a moderation criterion it met, or a
    content rule asking to hide, remove or escalate it (including one held for a person to confirm)."""
    return [r for r in stored(row).rules
            if r.kind == "criterion" or r.verdict in _TAKEDOWN_VERDICTS or r.held]


def exception_needed(policy: Policy, row: Comment, action: ModerationAction, exception: str | None) -> str | None:
    """Hiding or removing a comment that meets no moderation criterion is an exception (Gosport 27: "I will not
    delete comments unless they do not meet the requirements of this policy"): it needs its own recorded reason."""
    if action not in TAKES_DOWN or grounds(row):
        return None
    if not exception or not exception.strip():
        raise InputError(f"comment #{row.id} meets none of policy {policy.policy.id}'s moderation criteria "
                         f"({criteria_sections(policy)}): to {action.value} it anyway is an exception; say why "
                         "(--exception REASON), and it is shown as an exception in the audit and the dashboard")
    return exception.strip()


def _thread(session: Session, row: Comment) -> list[dict[str, Any]]:
    if not row.thread:
        return []
    query = (select(Comment).where(Comment.platform == row.platform, Comment.thread == row.thread,
                                   Comment.id != row.id).order_by(Comment.posted_at).limit(THREAD_CONTEXT))
    return [{"comment_id": c.comment_id, "author_name": c.author_name, "posted_at": utc(c.posted_at).isoformat(),
             "text": c.text} for c in session.execute(query).scalars()]


def keep_evidence(session: Session, row: Comment, action: ModerationAction, actor: str, reason: str) -> Evidence:
    digest = content_hash(row.platform, row.comment_id, row.text, row.author_id, utc(row.posted_at))
    if digest != row.content_hash:
        raise Conflict(f"comment #{row.id} no longer matches the hash taken when it arrived: evidence refused")
    item = Evidence(platform=row.platform, comment_id=row.comment_id, text=row.text, author_id=row.author_id,
                    author_name=row.author_name, posted_at=row.posted_at, url=row.url,
                    thread_context=_thread(session, row), content_hash=digest, action=action.value, taken_by=actor,
                    reason=reason, decision=row.decision, captured_at=now_utc(), legal_hold=False)
    session.add(item)
    session.flush()
    return item


def handoff_for(policy: Policy, row: Comment) -> str | None:
    """The address a reply hands off to: the route follows what fired, a complaint rule (Gosport 22, ETT 9b) or a
    complaint shown, else a media enquiry."""
    cats = {c.value for c in stored(row).raised}
    contacts = policy.contacts
    return (contacts.complaints_email if "complaint" in cats else
            contacts.media_email if "media_enquiry" in cats else None)


def apply(session: Session, *, policy: Policy, who: Person, row: Comment, action: ModerationAction, reason: str,
          at: dt.datetime, reply_text: str | None = None, roles: list[str] | None = None,
          exception: str | None = None, audit_extra: dict[str, Any] | None = None) -> ActionOut:
    """Change the comment, keep evidence first where the action takes something down, record and audit it.
    Escalation keeps the comment open; any other action answers it (stops the response clock) and closes it."""
    if not reason.strip():
        raise InputError("say why (--reason): the reason is kept with the action and any evidence")
    if row.visibility == Visibility.REMOVED and action in ON_THE_COMMENT:
        raise Conflict(f"comment #{row.id} was removed already; only actions about its author remain")
    handoff = None
    if action is ModerationAction.REPLY:
        if not reply_text or not reply_text.strip():
            raise InputError("a reply needs its text (--reply)")
        handoff = handoff_for(policy, row)
    before = {"state": row.state, "visibility": row.visibility}
    kept = keep_evidence(session, row, action, who.handle, reason) if action in EVIDENCE else None
    if action is ModerationAction.HIDE:
        row.visibility = Visibility.HIDDEN.value
    elif action is ModerationAction.REMOVE:
        row.visibility = Visibility.REMOVED.value
    if action is not ModerationAction.ESCALATE and row.answered_at is None:
        row.answered_at = at
    row.state = (CommentState.OPEN if action is ModerationAction.ESCALATE else CommentState.DONE).value
    session.add(ModerationActionRecord(comment_pk=row.id, action=action.value, actor_id=who.id, reason=reason,
                                       escalate_to=list(roles or []), reply_text=reply_text, at=at,
                                       exception=exception))
    name = f"comment.{action.value}" + (".exception" if exception else "")
    acting(session, policy=policy, actor=who.handle, system=True).record(
        name, subject_type="comment", subject_id=row.id,
           before=before, reason=reason,
           after={"state": row.state, "visibility": row.visibility, "escalate_to": list(roles or []),
                  "evidence": kept.id if kept else None, **({"exception": exception} if exception else {}),
                  **(audit_extra or {})})
    return ActionOut(comment=row.id, action=action.value, actor=who.handle, reason=reason,
                     escalate_to=list(roles or []), reply_text=reply_text, at=at,
                     evidence_id=kept.id if kept else None, handoff=handoff, exception=exception)

"""The moderation desk: the queue, actions on comments (with evidence kept first), due times and breaches.

Services never commit; the edge does. Importing files is the flow in ``ingest.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.acting import acting, now_utc
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.service import engine_for
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.moderation.guidance import CommentKind, ResponseGuidance, assess
from socialwarden.moderation.ingest import content_hash, import_file, store_batch
from socialwarden.moderation.models import ActionOut, Comment, CommentOut, Evidence, ModerationActionRecord
from socialwarden.people.models import utc, utc_or_none
from socialwarden.policy.models import ModerationAction, Permission, Policy

__all__ = ["act", "breaches", "comment", "evidence", "guidance_for", "import_file", "queue", "set_legal_hold",
           "store_batch"]

_PERMISSION = {ModerationAction.BLOCK_AUTHOR: Permission.BLOCK_AUTHOR,
               ModerationAction.REPORT_TO_PLATFORM: Permission.REPORT_TO_PLATFORM,
               ModerationAction.REFER_TO_POLICE: Permission.REFER_TO_POLICE}
_EVIDENCE = {ModerationAction.HIDE, ModerationAction.REMOVE, ModerationAction.BLOCK_AUTHOR,
             ModerationAction.REPORT_TO_PLATFORM, ModerationAction.REFER_TO_POLICE, ModerationAction.ESCALATE}
_ALWAYS_ALLOWED = {ModerationAction.KEEP, ModerationAction.REPLY, ModerationAction.ESCALATE}
THREAD_CONTEXT = 50
_SEVERITY = ("escalate", "remove", "hide", "respond", "monitor", "keep")
_ON_THE_COMMENT = {ModerationAction.KEEP, ModerationAction.REPLY, ModerationAction.HIDE,
                   ModerationAction.REMOVE}


def _comment(session: Session, pk: int) -> Comment:
    found = session.get(Comment, pk)
    if found is None:
        raise NotFound(f"no comment #{pk}")
    return found


def _breached(row: Comment, now: dt.datetime) -> bool:
    if row.due_at is None:
        return False
    when = utc(row.answered_at) if row.answered_at is not None else now
    return when > utc(row.due_at)


def comment_out(row: Comment, now: dt.datetime | None = None) -> CommentOut:
    """A comment as edges show it."""
    findings: list[dict[str, Any]] = list(row.decision.get("findings", []))
    return CommentOut(id=row.id, platform=row.platform, comment_id=row.comment_id, account_id=row.account_id,
                      text=row.text, author_id=row.author_id, author_name=row.author_name, url=row.url,
                      thread=row.thread, posted_at=utc(row.posted_at), verdict=row.verdict,
                      recommended=row.recommended, escalate_to=list(row.escalate_to), findings=findings,
                      state=row.state, visibility=row.visibility, due_at=utc_or_none(row.due_at),
                      answered_at=utc_or_none(row.answered_at), breached=_breached(row, now or now_utc()))


def comment(session: Session, *, pk: int) -> CommentOut:
    """One comment with its triage."""
    return comment_out(_comment(session, pk))


def queue(session: Session, *, state: str | None = "open", verdict: str | None = None,
          limit: int = 200) -> list[CommentOut]:
    """The desk's queue, most serious first, then oldest first."""
    severity = case({v: i for i, v in enumerate(_SEVERITY)}, value=Comment.verdict, else_=len(_SEVERITY))
    query = select(Comment).order_by(severity, Comment.posted_at, Comment.id).limit(limit)
    if state:
        query = query.where(Comment.state == state)
    if verdict:
        query = query.where(Comment.verdict == verdict)
    now = now_utc()
    return [comment_out(r, now) for r in session.execute(query).scalars()]


def breaches(session: Session, *, now: dt.datetime) -> list[CommentOut]:
    """Comments past their response due time: unanswered at ``now``, or answered late."""
    if now.tzinfo is None:
        raise InputError("now must be an aware time (UTC)")
    now = now.astimezone(dt.UTC)  # SQLite compares stored UTC text
    query = select(Comment).where(Comment.due_at.is_not(None), Comment.due_at < now).order_by(Comment.due_at)
    return [c for c in (comment_out(r, now) for r in session.execute(query).scalars()) if c.breached]


def guidance_for(session: Session, *, policy: Policy, pk: int, kind: CommentKind | None = None) -> ResponseGuidance:
    """Response guidance for a stored comment (re-checked: the stored decision is JSON, not a Decision);
    ``kind`` is the moderator's own assessment (e.g. misguided), else the one the findings suggest."""
    row = _comment(session, pk)
    acct = session.get(Account, row.account_id) if row.account_id is not None else None
    ctx = Context(direction=Direction.INBOUND, account_category=acct.category if acct else None)
    return assess(engine_for(policy).check(row.text, ctx), policy, kind=kind)


def _allowed(policy: Policy, row: Comment) -> set[ModerationAction] | None:
    """The actions the fired moderation criteria allow (None: no criterion fired, or none restricts)."""
    fired = {r["id"] for r in row.decision.get("rules", []) if r.get("kind") == "criterion"}
    allowed: set[ModerationAction] = set()
    for crit in policy.moderation.criteria:
        if crit.id in fired:
            if not crit.allowed_actions:
                return None
            allowed.update(crit.allowed_actions)
    return allowed or None


def _thread(session: Session, row: Comment) -> list[dict[str, Any]]:
    if not row.thread:
        return []
    query = (select(Comment).where(Comment.platform == row.platform, Comment.thread == row.thread,
                                   Comment.id != row.id).order_by(Comment.posted_at).limit(THREAD_CONTEXT))
    return [{"comment_id": c.comment_id, "author_name": c.author_name, "posted_at": utc(c.posted_at).isoformat(),
             "text": c.text} for c in session.execute(query).scalars()]


def _keep_evidence(session: Session, row: Comment, action: ModerationAction, actor: str, reason: str) -> Evidence:
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


def act(session: Session, *, policy: Policy, actor: str, pk: int, action: ModerationAction, reason: str,
        reply_text: str | None = None, escalate_to: list[str] | None = None,
        now: dt.datetime | None = None) -> ActionOut:
    """Do one moderation action on a comment; hiding, removing or reporting keeps evidence first.

    Any action but escalation stops the response clock (the comment has been dealt with)."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.MODERATE, doing="moderate comments")
    special = _PERMISSION.get(action)
    if special is not None and not who.may(special):
        raise PermissionDenied(f"{actor} may not {action.value.replace('_', ' ')}: no role with the "
                               f"{special.value} permission in policy {policy.policy.id}")
    if not reason.strip():
        raise InputError("say why (--reason): the reason is kept with the action and any evidence")
    row = _comment(session, pk)
    if row.visibility == "removed" and action in _ON_THE_COMMENT:
        raise Conflict(f"comment #{pk} was removed already; only actions about its author remain")
    allowed = _allowed(policy, row)
    if allowed is not None and action not in allowed | _ALWAYS_ALLOWED:
        raise PermissionDenied(f"the moderation criteria comment #{pk} meets allow only: "
                               + ", ".join(sorted(a.value for a in allowed)))
    roles: list[str] = []
    if action is ModerationAction.ESCALATE:
        roles = escalate_to or list(row.escalate_to)
        unknown = [r for r in roles if r not in policy.roles]
        if not roles or unknown:
            raise InputError(f"escalate to which role? unknown: {', '.join(unknown)}; the policy has: "
                             + ", ".join(policy.roles) if unknown else "escalate needs a role (--to)")
    handoff = None
    if action is ModerationAction.REPLY:
        if not reply_text or not reply_text.strip():
            raise InputError("a reply needs its text (--reply)")
        cats = {f.get("category") for f in row.decision.get("findings", [])}
        contacts = policy.contacts
        handoff = (contacts.complaints_email if "complaint" in cats else
                   contacts.media_email if "media_enquiry" in cats else None)
    before = {"state": row.state, "visibility": row.visibility}
    kept = _keep_evidence(session, row, action, actor, reason) if action in _EVIDENCE else None
    at = now or now_utc()
    if action is ModerationAction.HIDE:
        row.visibility = "hidden"
    elif action is ModerationAction.REMOVE:
        row.visibility = "removed"
    if action is not ModerationAction.ESCALATE and row.answered_at is None:
        row.answered_at = at
    row.state = "open" if action is ModerationAction.ESCALATE else "done"
    session.add(ModerationActionRecord(comment_pk=row.id, action=action.value, actor_id=who.as_person().id,
                                       reason=reason, escalate_to=roles, reply_text=reply_text, at=at))
    who.record(f"comment.{action.value}", subject_type="comment", subject_id=row.id, before=before, reason=reason,
               after={"state": row.state, "visibility": row.visibility, "escalate_to": roles,
                      "evidence": kept.id if kept else None})
    return ActionOut(comment=row.id, action=action.value, actor=actor, reason=reason, escalate_to=roles,
                     reply_text=reply_text, at=at, evidence_id=kept.id if kept else None, handoff=handoff)


def evidence(session: Session, *, platform: str, comment_id: str) -> list[dict[str, Any]]:
    """Every piece of evidence kept for a comment, oldest first (it outlives the comment itself)."""
    query = (select(Evidence).where(Evidence.platform == platform, Evidence.comment_id == comment_id)
             .order_by(Evidence.id))
    return [{"id": e.id, "platform": e.platform, "comment_id": e.comment_id, "text": e.text,
             "author_id": e.author_id, "author_name": e.author_name, "posted_at": utc(e.posted_at).isoformat(),
             "url": e.url, "thread_context": e.thread_context, "content_hash": e.content_hash, "action": e.action,
             "taken_by": e.taken_by, "reason": e.reason, "captured_at": utc(e.captured_at).isoformat()}
            for e in session.execute(query).scalars()]


def set_legal_hold(session: Session, *, policy: Policy, actor: str, pk: int, hold: bool, reason: str) -> None:
    """Hold a comment and its evidence from retention purges (or release them)."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.EXPORT_DATA, doing="place legal holds")
    row = _comment(session, pk)
    before, row.legal_hold = row.legal_hold, hold
    for item in session.execute(select(Evidence).where(Evidence.platform == row.platform,
                                                       Evidence.comment_id == row.comment_id)).scalars():
        item.legal_hold = hold
    who.record("comment.legal_hold", subject_type="comment", subject_id=row.id,
           before={"legal_hold": before}, after={"legal_hold": hold}, reason=reason)

"""The moderation desk: the queue, assignment, actions on comments (with evidence kept first), escalations, due
times and breaches. Every reading of a comment's triage goes through its stored decision (``StoredDecision``):
nothing here runs the engine again.

Services never commit; the edge does. Importing files is the flow in ``ingest.py``; escalation steps are in
``escalations.py``; the change to a comment itself is ``actions.apply``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from socialwarden.acting import acting, now_utc, permissions_of
from socialwarden.engine.decision import FiredRule, GuidanceNote, Verdict
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.moderation import actions, escalations
from socialwarden.moderation.guidance import CommentKind, ResponseGuidance, assess
from socialwarden.moderation.ingest import import_file, store_batch
from socialwarden.moderation.models import (
    OPEN_ESCALATION,
    ActionOut,
    Comment,
    CommentOut,
    Escalation,
    Evidence,
    ModerationActionRecord,
    Visibility,
)
from socialwarden.people.models import Person, utc, utc_or_none
from socialwarden.people.service import handles
from socialwarden.policy.models import ModerationAction, Permission, Policy
from socialwarden.posts.models import Post

__all__ = ["act", "act_many", "assign", "breaches", "comment", "evidence", "guidance_for", "history",
           "import_file", "queue", "set_legal_hold", "store_batch"]

_SEVERITY = ("escalate", "remove", "hide", "respond", "monitor", "keep")
MAX_BULK = 100


def _breached(row: Comment, now: dt.datetime) -> bool:
    if row.due_at is None:
        return False
    when = utc(row.answered_at) if row.answered_at is not None else now
    return when > utc(row.due_at)


def comment_out(row: Comment, now: dt.datetime | None = None, *, names: dict[int, str] | None = None,
                escalation: int | None = None) -> CommentOut:
    """A comment as edges show it (findings: only those a person must look at)."""
    decision = actions.stored(row)
    return CommentOut(id=row.id, platform=row.platform, comment_id=row.comment_id, account_id=row.account_id,
                      text=row.text, author_id=row.author_id, author_name=row.author_name, url=row.url,
                      thread=row.thread, posted_at=utc(row.posted_at), verdict=row.verdict,
                      recommended=row.recommended, escalate_to=list(row.escalate_to),
                      findings=decision.findings_json(), state=row.state, visibility=row.visibility,
                      due_at=utc_or_none(row.due_at), answered_at=utc_or_none(row.answered_at),
                      breached=_breached(row, now or now_utc()), categories=decision.category_names(),
                      assigned_to=(names or {}).get(row.assigned_to_id) if row.assigned_to_id else None,
                      escalation=escalation, post_id=row.post_id, post_text=row.post_text)


def _outs(session: Session, rows: Sequence[Comment], now: dt.datetime) -> list[CommentOut]:
    names = handles(session, {r.assigned_to_id for r in rows if r.assigned_to_id})
    pks = [r.id for r in rows]
    open_esc: dict[int, int] = {}
    if pks:
        query = select(Escalation.comment_pk, Escalation.id).where(Escalation.comment_pk.in_(pks),
                                                                   Escalation.state.in_(OPEN_ESCALATION))
        open_esc = {int(c): int(e) for c, e in session.execute(query)}
    return [comment_out(r, now, names=names, escalation=open_esc.get(r.id)) for r in rows]


def comment(session: Session, *, pk: int) -> CommentOut:
    """One comment with its triage."""
    return _outs(session, [actions.get_comment(session, pk)], now_utc())[0]


def queue(session: Session, *, state: str | None = "open", verdict: str | None = None, assigned_to: int | None = None,
          limit: int = 200) -> list[CommentOut]:
    """The desk's queue, most serious first, then oldest first (``assigned_to``: a person's id)."""
    severity = case({v: i for i, v in enumerate(_SEVERITY)}, value=Comment.verdict, else_=len(_SEVERITY))
    query = select(Comment).order_by(severity, Comment.posted_at, Comment.id).limit(limit)
    if state:
        query = query.where(Comment.state == state)
    if verdict:
        query = query.where(Comment.verdict == verdict)
    if assigned_to is not None:
        query = query.where(Comment.assigned_to_id == assigned_to)
    return _outs(session, list(session.execute(query).scalars()), now_utc())


def breaches(session: Session, *, now: dt.datetime) -> list[CommentOut]:
    """Comments past their response due time: unanswered at ``now``, or answered late."""
    if now.tzinfo is None:
        raise InputError("now must be an aware time (UTC)")
    now = now.astimezone(dt.UTC)  # SQLite compares stored UTC text
    query = select(Comment).where(Comment.due_at.is_not(None), Comment.due_at < now).order_by(Comment.due_at)
    return [c for c in _outs(session, list(session.execute(query).scalars()), now) if c.breached]


def guidance_for(session: Session, *, policy: Policy, pk: int, kind: CommentKind | None = None) -> ResponseGuidance:
    """Response guidance for a stored comment, from its stored decision (no second check of the text);
    ``kind`` is the moderator's own assessment (e.g. misguided), else the one the findings suggest."""
    row = actions.get_comment(session, pk)
    notes = {g.id: GuidanceNote(id=g.id, text=g.text, citation=g.cite) for g in policy.guidance}
    return assess(actions.stored(row).decision(notes), policy, kind=kind)


def act(session: Session, *, policy: Policy, actor: str, pk: int, action: ModerationAction, reason: str,
        reply_text: str | None = None, escalate_to: list[str] | None = None, exception: str | None = None,
        now: dt.datetime | None = None) -> ActionOut:
    """Do one moderation action on a comment; hiding, removing or reporting keeps evidence first.

    Escalating assigns the comment to the roles the rule names (``escalations.py``). A comment the policy says
    must be flagged (its decision names roles to alert) cannot be closed before it has been escalated. Hiding or
    removing a comment that meets no criterion needs ``exception``. Someone an open escalation is assigned to
    may decide it here too (which closes the escalation); any action but escalation stops the response clock."""
    who = acting(session, policy=policy, actor=actor).as_person()
    row = actions.get_comment(session, pk)
    pending = escalations.open_for(session, row.id)
    handler = pending is not None and escalations.may_handle(policy, who, pending)
    if not handler:
        acting(session, policy=policy, actor=who).require(Permission.MODERATE, doing="moderate comments")
    actions.check_special(policy, who, action)
    if not reason.strip():
        raise InputError("say why (--reason): the reason is kept with the action and any evidence")
    actions.check_allowed(policy, row, action)
    at = now or now_utc()
    if action is ModerationAction.ESCALATE:
        roles = escalate_to or list(row.escalate_to)
        unknown = [r for r in roles if r not in policy.roles]
        if not roles or unknown:
            raise InputError(f"escalate to which role? unknown: {', '.join(unknown)}; the policy has: "
                             + ", ".join(policy.roles) if unknown else "escalate needs a role (--to)")
        _, done = escalations.raise_escalation(session, policy=policy, who=who, row=row, roles=roles,
                                               reason=reason, at=at)
        return done
    flagged = must_flag(row)
    if flagged and not escalations.ever_raised(session, row.id):
        roles = sorted({role for r in flagged for role in r.roles})
        cited = "; ".join(f"§{r.citation.section} {r.title}" for r in flagged)
        raise Conflict(f"comment #{pk} must be flagged to {', '.join(roles)} under policy {policy.policy.id} "
                       f"({cited}): escalate it first; the people it goes to decide or hand it back")
    noted = actions.exception_needed(policy, row, action, exception)
    done = actions.apply(session, policy=policy, who=who, row=row, action=action, reason=reason, at=at,
                         reply_text=reply_text, exception=noted)
    if pending is not None and handler and action in escalations.DECISIONS:
        escalations.close(session, esc=pending, who=who, outcome=action.value, at=at)
        acting(session, policy=policy, actor=who.handle, system=True).record(
            "escalation.decide", subject_type="escalation",
               subject_id=pending.id, before={"state": "open"},
               after={"state": pending.state, "outcome": action.value, "comment": row.id}, reason=reason)
        done = done.model_copy(update={"escalation": pending.id})
    return done


def unhide(session: Session, *, policy: Policy, actor: str, pk: int, reason: str,
           now: dt.datetime | None = None) -> ActionOut:
    """Show a hidden comment again (a hide made in error, or reversed on review); recorded and audited."""
    who = acting(session, policy=policy, actor=actor).as_person()
    acting(session, policy=policy, actor=who).require(Permission.MODERATE, doing="unhide comments")
    if not reason.strip():
        raise InputError("say why (--reason): the reason is kept with the action")
    row = actions.get_comment(session, pk)
    if row.visibility != Visibility.HIDDEN:
        raise Conflict(f"comment #{pk} is {row.visibility}, not hidden: only a hidden comment is shown again")
    at = now or now_utc()
    row.visibility = Visibility.VISIBLE.value
    session.add(ModerationActionRecord(comment_pk=row.id, action="unhide", actor_id=who.id, reason=reason,
                                       escalate_to=[], reply_text=None, at=at, exception=None))
    acting(session, policy=policy, actor=who).record("comment.unhide", subject_type="comment", subject_id=row.id,
                                                     before={"visibility": Visibility.HIDDEN.value},
                                                     after={"visibility": row.visibility}, reason=reason)
    return ActionOut(comment=row.id, action="unhide", actor=who.handle, reason=reason, escalate_to=[],
                     reply_text=None, at=at, evidence_id=None, handoff=None)


def stored_rules(session: Session, *, pk: int) -> tuple[FiredRule, ...]:
    """The rules that fired for a comment, with their clauses, from its stored decision."""
    return actions.stored(actions.get_comment(session, pk)).rules


def must_flag(row: Comment) -> list[FiredRule]:
    """The fired rules whose action is to escalate to named roles: the comment cannot be closed until then."""
    return [r for r in actions.stored(row).rules if r.verdict is Verdict.ESCALATE and r.roles]


def act_many(session: Session, *, policy: Policy, actor: str, pks: Sequence[int], action: ModerationAction,
             reason: str, exception: str | None = None, now: dt.datetime | None = None) -> list[ActionOut]:
    """The same action with one reason on several comments: all of them, or (on the first refusal, which names
    the comment) none — the caller rolls back."""
    unique = list(dict.fromkeys(pks))
    if not unique:
        raise InputError("choose at least one comment")
    if len(unique) > MAX_BULK:
        raise InputError(f"at most {MAX_BULK} comments at once")
    if action is ModerationAction.REPLY:
        raise InputError("replies are written one by one")
    done = []
    for pk in unique:
        try:
            done.append(act(session, policy=policy, actor=actor, pk=pk, action=action, reason=reason,
                            exception=exception, now=now))
        except (Conflict, InputError, PermissionDenied, NotFound) as exc:
            raise type(exc)(f"comment #{pk}: {exc.message} (nothing was changed)") from exc
    return done


def assign(session: Session, *, policy: Policy, actor: str, pks: Sequence[int], to: str | None) -> list[int]:
    """Assign comments to a moderator (``to`` a handle; None to unassign); audited per comment."""
    who = acting(session, policy=policy, actor=actor).as_person()
    acting(session, policy=policy, actor=who).require(Permission.MODERATE, doing="assign comments")
    target: Person | None = None
    if to is not None:
        target = acting(session, policy=policy, actor=to).as_person()
        if Permission.MODERATE not in permissions_of(policy=policy, person=target):
            raise PermissionDenied(f"{target.handle} cannot be assigned comments: they hold no role with the "
                                   f"moderate permission in policy {policy.policy.id}")
    changed = []
    for pk in dict.fromkeys(pks):
        row = actions.get_comment(session, pk)
        before = row.assigned_to_id
        row.assigned_to_id = target.id if target else None
        if before != row.assigned_to_id:
            acting(session, policy=policy, actor=who.handle, system=True).record(
                "comment.assign", subject_type="comment",
                   subject_id=row.id, before={"assigned_to": before},
                   after={"assigned_to": target.handle if target else None})
            changed.append(row.id)
    return changed


def history(session: Session, *, pk: int) -> list[dict[str, Any]]:
    """What was done to a comment, oldest first: moderation actions and escalation steps, with who and when."""
    row = actions.get_comment(session, pk)
    acts = session.execute(select(ModerationActionRecord).where(ModerationActionRecord.comment_pk == row.id)
                           .order_by(ModerationActionRecord.at, ModerationActionRecord.id)).scalars().all()
    escs = session.execute(select(Escalation).where(Escalation.comment_pk == row.id)).scalars().all()
    steps = [(e.id, s) for e in escs for s in escalations.escalation_out(session, e).steps]
    names = handles(session, {a.actor_id for a in acts})
    items: list[dict[str, Any]] = [
        {"at": utc(a.at), "actor": names.get(a.actor_id, "?"), "what": a.action, "text": a.reason,
         "exception": a.exception, "reply": a.reply_text} for a in acts]
    items += [{"at": s.at, "actor": s.actor, "what": f"escalation #{eid} {s.kind.replace('_', ' ')}", "text": s.text,
               "exception": None, "reply": None} for eid, s in steps if s.kind not in ("raised",)]
    return sorted(items, key=lambda i: i["at"])


def thread(session: Session, *, pk: int, limit: int = actions.THREAD_CONTEXT) -> dict[str, Any]:
    """The comment's parent (when stored) and the other comments in its thread, oldest first."""
    row = actions.get_comment(session, pk)
    parent = None
    if row.parent_id:
        parent = session.execute(select(Comment).where(Comment.platform == row.platform,
                                                       Comment.comment_id == row.parent_id)).scalar_one_or_none()
    others: list[Comment] = []
    if row.thread:
        others = list(session.execute(select(Comment).where(Comment.platform == row.platform,
                                                            Comment.thread == row.thread, Comment.id != row.id)
                                      .order_by(Comment.posted_at).limit(limit)).scalars())
    post = None  # the post replied to, when it is one of ours
    ref = row.post_id or row.thread
    if ref:
        post = session.execute(select(Post).where(Post.platform_post_id == ref).limit(1)).scalar_one_or_none()
    shown = ({"id": post.id, "text": post.versions[-1].text} if post is not None and post.versions else
             {"id": None, "platform_id": row.post_id, "text": row.post_text} if row.post_text else None)
    return {"parent": _brief(parent) if parent else None, "comments": [_brief(c) for c in others], "post": shown}


def _brief(row: Comment) -> dict[str, Any]:
    return {"id": row.id, "author": row.author_name or row.author_id or "?", "at": utc(row.posted_at),
            "text": row.text}


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
    acting(session, policy=policy, actor=actor).require(Permission.EXPORT_DATA, doing="place legal holds")
    row = actions.get_comment(session, pk)
    before, row.legal_hold = row.legal_hold, hold
    for item in session.execute(select(Evidence).where(Evidence.platform == row.platform,
                                                       Evidence.comment_id == row.comment_id)).scalars():
        item.legal_hold = hold
    acting(session, policy=policy, actor=actor, system=True).record(
        "comment.legal_hold", subject_type="comment", subject_id=row.id,
           before={"legal_hold": before}, after={"legal_hold": hold}, reason=reason)


def exceptions(session: Session, *, since: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Comments hidden or removed outside the moderation criteria, newest first (for the dashboard)."""
    query = select(ModerationActionRecord).where(ModerationActionRecord.exception.is_not(None))
    if since is not None:
        query = query.where(ModerationActionRecord.at >= since)
    rows = session.execute(query.order_by(ModerationActionRecord.at.desc()).limit(200)).scalars().all()
    names = handles(session, {r.actor_id for r in rows})
    return [{"comment": r.comment_pk, "action": r.action, "actor": names.get(r.actor_id, "?"), "at": utc(r.at),
             "reason": r.reason, "exception": r.exception} for r in rows]

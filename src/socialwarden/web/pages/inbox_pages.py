"""The moderation inbox (a compact list with a detail pane, filters, "assigned to me", bulk actions with one
reason, keyboard shortcuts), the Escalations queue of the roles a rule names, the complaints register and each
person's notifications. Every page reads the stored decision; none runs the engine."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.acting import grantors, permissions_of
from socialwarden.complaints import service as complaints
from socialwarden.complaints.models import MOVES, ComplaintState
from socialwarden.connectors.moderation import (
    act_on_platform,
    after_desk,
    decide_on_platform,
    unhide_note,
    unhide_on_platform,
)
from socialwarden.connectors.moderation import notes as platform_notes
from socialwarden.connectors.pool import Connectors
from socialwarden.engine.stored import StoredDecision
from socialwarden.exceptions import InputError
from socialwarden.moderation import actions as moderation_actions
from socialwarden.moderation import escalations
from socialwarden.moderation import service as moderation
from socialwarden.moderation.models import Comment, CommentOut, Escalation
from socialwarden.moderation.views import SEVERITY, filtered
from socialwarden.notifications import service as notifications
from socialwarden.notifications.flows import send_now
from socialwarden.notifications.models import EmailChoice
from socialwarden.people import service as people
from socialwarden.policy.models import ModerationAction, Permission
from socialwarden.web import auth
from socialwarden.web.actor import actor
from socialwarden.web.pages.common import done, page

router = APIRouter(include_in_schema=False)
Db = Annotated[Session, Depends(auth.db)]
FILTERS = ("category", "severity", "account_id", "due", "mine")
GUIDANCE_FIRST = 3  # bullets shown before "more"


def _send_now(request: Request, session: Session, ids: list[int]) -> None:
    """E-mail the notifications a step just made, when an SMTP server is set (failures stay on the rows, shown
    on the notifications page and retried by `warden notifications run`)."""
    state = auth.state_of(request)
    send_now(session, policy=state.policy, settings=state.settings, ids=ids)


def _query(filters: dict[str, str], **extra: str | int) -> str:
    values = {k: v for k, v in filters.items() if v}
    values.update({k: str(v) for k, v in extra.items() if v != ""})
    return "/inbox" + (f"?{urlencode(values)}" if values else "")


@router.get("/inbox", name="page.inbox", response_class=HTMLResponse)
def inbox(request: Request, session: Db, category: Annotated[str, Query(max_length=40)] = "",
          severity: Literal["high", "medium", "low", ""] = "", account_id: Annotated[str, Query(max_length=12)] = "",
          due: Literal["", "overdue", "today", "week"] = "", mine: Literal["", "1"] = "",
          open: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None, done: str | None = None) -> Response:
    """The list (text, author, account, category, verdict, due in UK time) and the open comment's detail."""
    policy = auth.state_of(request).policy
    me = actor(request, session)
    now = dt.datetime.now(dt.UTC)
    due_before = {"overdue": now, "today": now + dt.timedelta(days=1), "week": now + dt.timedelta(days=7)}.get(due)
    account = int(account_id) if account_id.isdigit() else None
    rows = filtered(session, state="open", category=category or None, severity=severity or None,
                    account_id=account, due_before=due_before)
    if mine:
        rows = [c for c in rows if c.assigned_to == me.handle]
    rows = rows[:100]
    filters = {"category": category, "severity": severity, "account_id": account_id, "due": due, "mine": mine}
    names = {a.id: f"{a.platform} {a.handle}" for a in accounts.list_accounts(session)}
    detail = _detail(request, session, open) if open is not None else None
    cats = sorted({c for row in rows for c in row.categories} | ({category} if category else set()))
    return page(request, "inbox.html", {
        "comments": rows, "severity_of": SEVERITY, "filters": filters, "categories": cats, "accounts": names,
        "detail": detail, "now": now, "done": done, "query": lambda **extra: _query(filters, **extra),
        "bulk_actions": [ModerationAction.KEEP, ModerationAction.HIDE, ModerationAction.REMOVE,
                         ModerationAction.ESCALATE], "me": me.handle, "policy_id": policy.policy.id})


def _detail(request: Request, session: Session, pk: int) -> dict[str, object]:
    policy = auth.state_of(request).policy
    me = actor(request, session)
    row = moderation_actions.get_comment(session, pk)
    shown: CommentOut = moderation.comment(session, pk=pk)
    decision = StoredDecision.read(row.decision)
    guidance = moderation.guidance_for(session, policy=policy, pk=pk)
    held = permissions_of(policy=policy, person=me)
    extra = [a for a, perm in moderation_actions.SPECIAL.items() if perm in held]
    allowed = moderation_actions.allowed_actions(policy, row)
    buttons = [a for a in [ModerationAction.KEEP, ModerationAction.REPLY, ModerationAction.HIDE,
                           ModerationAction.REMOVE, ModerationAction.ESCALATE, *extra]
               if allowed is None or a in allowed | moderation_actions.ALWAYS_ALLOWED]
    flagged = moderation.must_flag(row)
    return {"comment": shown, "platform_notes": platform_notes(session, row, buttons),
            "unhide_note": unhide_note(session, row) if row.visibility == "hidden" else None,
            "rules": decision.rules, "guidance": guidance, "first": GUIDANCE_FIRST,
            "thread": moderation.thread(session, pk=pk), "history": moderation.history(session, pk=pk),
            "evidence": moderation.evidence(session, platform=row.platform, comment_id=row.comment_id),
            "buttons": buttons, "no_criterion": not moderation_actions.grounds(row), "must_flag": flagged,
            "escalated": escalations.ever_raised(session, row.id)}


@router.post("/inbox/{comment_id:int}", name="page.inbox.act")
def act(comment_id: int, request: Request, session: Db, action: Annotated[ModerationAction, Form()],
        reason: Annotated[str, Form(min_length=1, max_length=2000)],
        reply_text: Annotated[str | None, Form(max_length=5000)] = None,
        exception: Annotated[str | None, Form(max_length=2000)] = None,
        back: Annotated[str, Form(max_length=500)] = "/inbox") -> Response:
    """One action on one comment (the reason is required and kept with any evidence); hiding, removing, replying,
    blocking and reporting are then carried out on the platform, and the message says what became of it there."""
    state = auth.state_of(request)
    with Connectors().closing() as connectors:
        moderated = act_on_platform(session, settings=state.settings, policy=state.policy,
                                    actor=actor(request, session), pk=comment_id, action=action, reason=reason,
                                    connectors=connectors, reply_text=reply_text or None,
                                    exception=exception or None)
    out = moderated.desk
    made = _notified(session, out.escalation) if action is ModerationAction.ESCALATE else []
    session.commit()
    _send_now(request, session, made)
    extra = f"; evidence #{out.evidence_id} kept" if out.evidence_id else ""
    extra += f"; escalation #{out.escalation} assigned to {', '.join(out.escalate_to)}" if out.escalation and \
        action is ModerationAction.ESCALATE else ""
    extra += f" — {moderated.said}" if moderated.platform is not None else ""
    target = back if back.startswith("/inbox") and not back.startswith("//") else "/inbox"
    return done(target, f"Comment #{comment_id}: {action.value.replace('_', ' ')}{extra}")


@router.post("/inbox/{comment_id:int}/unhide", name="page.inbox.unhide")
def unhide(comment_id: int, request: Request, session: Db,
           reason: Annotated[str, Form(min_length=1, max_length=2000)],
           back: Annotated[str, Form(max_length=500)] = "/inbox") -> Response:
    """Show a hidden comment again, here and on the platform (the message says which)."""
    state = auth.state_of(request)
    with Connectors().closing() as connectors:
        moderated = unhide_on_platform(session, settings=state.settings, policy=state.policy,
                                       actor=actor(request, session), pk=comment_id, reason=reason,
                                       connectors=connectors)
    target = back if back.startswith("/inbox") and not back.startswith("//") else "/inbox"
    return done(target, f"Comment #{comment_id}: unhide — {moderated.said}")


def _notified(session: Session, escalation: int | None) -> list[int]:
    return [] if escalation is None else notifications.made_for(session, key=f"escalation:{escalation}")


@router.post("/inbox/bulk", name="page.inbox.bulk")
def bulk(request: Request, session: Db, reason: Annotated[str, Form(max_length=2000)] = "",
         action: Annotated[str, Form(max_length=40)] = "", ids: Annotated[list[int] | None, Form()] = None,
         exception: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    """The same action, with one reason, on every ticked comment (all or none); or assign them to me."""
    chosen = ids or []
    me = actor(request, session)
    policy = auth.state_of(request).policy
    if not chosen:
        raise InputError("tick at least one comment first")
    if action == "assign_me":
        changed = moderation.assign(session, policy=policy, actor=me.handle, pks=chosen, to=me.handle)
        session.commit()
        return done("/inbox?mine=1", f"{len(changed)} comment(s) assigned to you")
    try:
        chosen_action = ModerationAction(action)
    except ValueError:
        raise InputError(f"action: {action!r} is not a moderation action") from None
    if not reason.strip():
        raise InputError("reason: one reason is kept with every comment in the batch")
    out = moderation.act_many(session, policy=policy, actor=me.handle, pks=chosen, action=chosen_action,
                              reason=reason, exception=exception or None)
    made = [n for o in out for n in _notified(session, o.escalation)]
    session.commit()
    _send_now(request, session, made)
    with Connectors().closing() as connectors:
        carried = [after_desk(session, settings=auth.state_of(request).settings, policy=policy, actor=me, done=o,
                              connectors=connectors) for o in out]
    said = "; ".join(f"#{m.desk.comment} {m.said}" for m in carried if m.platform is not None)
    return done("/inbox", f"{len(out)} comment(s): {chosen_action.value.replace('_', ' ')} — {reason}"
                + (f" ({said})" if said else ""))


@router.get("/escalations", name="page.escalations", response_class=HTMLResponse)
def escalation_queue(request: Request, session: Db, done: str | None = None,
                     show: Literal["open", "all"] = "open") -> Response:
    """The escalations assigned to the caller's roles (or to them by name)."""
    me = actor(request, session)
    policy = auth.state_of(request).policy
    rows = escalations.queue_for(session, policy=policy, who=me, open_only=show == "open")
    comments = {e.comment: moderation.comment(session, pk=e.comment) for e in rows}
    return page(request, "escalations.html", {"escalations": rows, "comments": comments, "done": done,
                                              "show": show, "titles": {k: r.title for k, r in policy.roles.items()}})


@router.get("/escalations/{escalation_id}", name="page.escalations.show", response_class=HTMLResponse)
def escalation(escalation_id: int, request: Request, session: Db, done: str | None = None) -> Response:
    """One escalation: the comment, why it came to you, its steps, and what you can do."""
    me = actor(request, session)
    policy = auth.state_of(request).policy
    esc = escalations.get(session, policy=policy, who=me, pk=escalation_id)
    row: Comment = moderation_actions.get_comment(session, esc.comment)
    decision = StoredDecision.read(row.decision)
    held = permissions_of(policy=policy, person=me)
    choices = [a for a in escalations.DECISIONS if a not in moderation_actions.SPECIAL
               or moderation_actions.SPECIAL[a] in held]
    allowed = moderation_actions.allowed_actions(policy, row)
    choices = [a for a in choices if allowed is None or a in allowed | {ModerationAction.KEEP}]
    orm = session.get(Escalation, esc.id)
    return page(request, "escalation.html", {
        "esc": esc, "comment": moderation.comment(session, pk=esc.comment), "rules": decision.rules,
        "guidance": moderation.guidance_for(session, policy=policy, pk=esc.comment), "first": GUIDANCE_FIRST,
        "thread": moderation.thread(session, pk=esc.comment), "choices": choices, "done": done,
        "platform_notes": platform_notes(session, row, choices),
        "mine": orm is not None and escalations.may_handle(policy, me, orm),
        "no_criterion": not moderation_actions.grounds(row),
        "titles": {k: r.title for k, r in policy.roles.items()},
        "evidence": moderation.evidence(session, platform=row.platform, comment_id=row.comment_id)})


@router.post("/escalations/{escalation_id}/{step}", name="page.escalations.step")
def escalation_step(escalation_id: int, step: Literal["acknowledge", "comment", "decide", "hand_back"],
                    request: Request, session: Db, text: Annotated[str, Form(max_length=5000)] = "",
                    action: Annotated[str, Form(max_length=40)] = "",
                    exception: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    """Acknowledge, comment, decide or hand back."""
    me = actor(request, session)
    policy = auth.state_of(request).policy
    path = f"/escalations/{escalation_id}"
    if step == "acknowledge":
        escalations.acknowledge(session, policy=policy, who=me, pk=escalation_id, note=text or None)
        message = f"Escalation #{escalation_id} acknowledged: the others assigned see you have it"
    elif step == "comment":
        escalations.add_comment(session, policy=policy, who=me, pk=escalation_id, text=text)
        message = "Comment added"
    elif step == "decide":
        try:
            chosen = ModerationAction(action)
        except ValueError:
            raise InputError(f"action: {action!r} is not a decision") from None
        with Connectors().closing() as connectors:
            decided = decide_on_platform(session, settings=auth.state_of(request).settings, policy=policy,
                                         actor=me, pk=escalation_id, action=chosen, reason=text,
                                         connectors=connectors, exception=exception or None)
        out = decided.desk
        message = f"Decided: {chosen.value.replace('_', ' ')}" + (
            f" — {decided.said}" if decided.platform is not None else "") + (
            f"; evidence #{out.evidence_id} kept" if out.evidence_id else "")
    else:
        escalations.hand_back(session, policy=policy, who=me, pk=escalation_id, reason=text)
        message = "Handed back to the desk"
    session.commit()
    return done(path, message)


@router.get("/complaints", name="page.complaints", response_class=HTMLResponse)
def complaints_page(request: Request, session: Db, done: str | None = None,
                    show: Literal["open", "all"] = "open") -> Response:
    """The complaints register, oldest due first."""
    rows = complaints.register_list(session, open_only=show == "open")
    policy = auth.state_of(request).policy
    roles = {r for p in (Permission.MODERATE, Permission.INVESTIGATE_COMPLAINTS) for r in grantors(policy, p)}
    handlers = [p.handle for p in notifications.holders(session, policy=policy, roles=roles)]
    return page(request, "complaints.html", {"complaints": rows, "moves": MOVES, "done": done, "show": show,
                                             "handlers": handlers})


@router.post("/complaints/{complaint_id}", name="page.complaints.move")
def move_complaint(complaint_id: int, request: Request, session: Db, to: Annotated[ComplaintState, Form()],
                   note: Annotated[str, Form(max_length=2000)] = "",
                   assign: Annotated[str, Form(max_length=80)] = "") -> Response:
    """Move a complaint on, with a note of what was done (and, optionally, who deals with it now)."""
    complaints.move(session, policy=auth.state_of(request).policy, actor=actor(request, session).handle,
                    pk=complaint_id, to=to, note=note, assign=assign or None)
    session.commit()
    return done("/complaints", f"Complaint #{complaint_id}: {to.value}")


@router.get("/notifications", name="page.notifications", response_class=HTMLResponse)
def notifications_page(request: Request, session: Db, done: str | None = None) -> Response:
    """Your notifications (newest first), each linking to its item, and how you get e-mail."""
    me = actor(request, session)
    return page(request, "notifications.html", {
        "items": notifications.list_for(session, person=me), "choice": notifications.choice_of(session, me),
        "choices": list(EmailChoice), "email": me.email, "done": done})


@router.post("/notifications/read", name="page.notifications.read")
def read_notifications(request: Request, session: Db, ids: Annotated[list[int] | None, Form()] = None,
                       go: Annotated[str, Form(max_length=500)] = "") -> Response:
    """Mark notifications read (the ones given, or all); optionally go on to the item."""
    me = actor(request, session)
    count = notifications.mark_read(session, policy=auth.state_of(request).policy, actor=me, ids=ids)
    session.commit()
    if go.startswith("/") and not go.startswith("//"):
        return RedirectResponse(go, status_code=303)
    return done("/notifications", f"{count} marked read")


@router.post("/notifications/choice", name="page.notifications.choice")
def notification_choice(request: Request, session: Db, email: Annotated[EmailChoice, Form()]) -> Response:
    """Each notification by e-mail at once, one daily digest, or none."""
    me = actor(request, session)
    notifications.set_choice(session, policy=auth.state_of(request).policy, actor=me, person=me, email=email)
    session.commit()
    return done("/notifications", f"E-mail: {email.value}")



@router.post("/notifications/email", name="page.notifications.email")
def notification_email(request: Request, session: Db,
                       email: Annotated[str, Form(max_length=254)] = "") -> Response:
    """Your e-mail address, where notifications go (empty: none, in the app only)."""
    me = actor(request, session)
    people.set_email(session, policy=auth.state_of(request).policy, actor=me, person=me, email=email or None)
    session.commit()
    return done("/notifications", f"E-mail address: {me.email or 'none'}")

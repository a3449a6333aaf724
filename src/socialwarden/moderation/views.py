"""API routes for the moderation desk: the queue (with filters), one comment with guidance, act on it (one or
many with one reason), assignment; and the escalations queue with its steps (acknowledge, comment, decide, hand
back). The same services the pages and ``warden inbox`` / ``warden escalations`` call; e-mail for escalations
goes at once when an SMTP server is set."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.moderation import escalations
from socialwarden.moderation import service as moderation
from socialwarden.moderation.models import ActionOut, CommentOut, EscalationOut
from socialwarden.notifications import service as notifications
from socialwarden.notifications.flows import send_now
from socialwarden.policy.models import ModerationAction
from socialwarden.web import auth
from socialwarden.web.actor import actor
from socialwarden.web.auth import require_caller

router = APIRouter(tags=["moderation"])
Db = Annotated[Session, Depends(auth.db)]
CommentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
EscalationId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Ids = Annotated[list[Annotated[int, Field(ge=1, le=2**31 - 1)]], Field(min_length=1, max_length=moderation.MAX_BULK)]
Note = Annotated[str, Field(min_length=1, max_length=escalations.MAX_TEXT)]
Severity = Literal["high", "medium", "low"]
SEVERITY: dict[str, Severity] = {"escalate": "high", "remove": "high", "hide": "medium", "respond": "medium",
                                 "monitor": "low", "keep": "low"}


class ActIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: ModerationAction
    reason: Annotated[str, Field(min_length=1, max_length=2000)]
    reply_text: Annotated[str | None, Field(max_length=5000)] = None
    escalate_to: Annotated[list[Annotated[str, Field(max_length=80)]] | None, Field(max_length=10)] = None
    exception: Annotated[str | None, Field(max_length=2000)] = None  # hiding/removing outside the criteria: why


class BulkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: Ids
    action: ModerationAction
    reason: Annotated[str, Field(min_length=1, max_length=2000, description="One reason, kept with every one.")]
    exception: Annotated[str | None, Field(max_length=2000)] = None


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: Ids
    to: Annotated[str | None, Field(max_length=80, description="A moderator's handle; null to unassign.")]


class AssignedOut(BaseModel):
    assigned: list[int]
    to: str | None


class AckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Annotated[str | None, Field(max_length=escalations.MAX_TEXT)] = None


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Note


class DecideIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: ModerationAction = Field(description="keep, hide, remove, report_to_platform or refer_to_police")
    reason: Note
    exception: Annotated[str | None, Field(max_length=2000)] = None


class HandBackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Note


class CommentDetail(BaseModel):
    comment: CommentOut
    guidance: dict[str, Any]


class EscalationDetail(BaseModel):
    """An escalation with what the people it is assigned to need to decide it (they may hold no moderate
    permission, so the comment comes with it): the comment, the rules that fired with their clauses, guidance."""

    escalation: EscalationOut
    comment: CommentOut
    rules: list[dict[str, Any]]
    guidance: dict[str, Any]


def filtered(session: Session, *, state: str | None, category: str | None, severity: str | None,
             account_id: int | None, due_before: dt.datetime | None, verdict: str | None = None) -> list[CommentOut]:
    """The queue narrowed by category, severity, account and due time (the desk's filters)."""
    rows = moderation.queue(session, state=state, verdict=verdict, limit=500)
    if category:
        rows = [c for c in rows if any(f.get("category") == category for f in c.findings)]
    if severity:
        rows = [c for c in rows if SEVERITY.get(c.verdict, "low") == severity]
    if account_id is not None:
        rows = [c for c in rows if c.account_id == account_id]
    if due_before is not None:
        limit = due_before if due_before.tzinfo else due_before.replace(tzinfo=dt.UTC)
        rows = [c for c in rows if c.due_at is not None and c.due_at <= limit]
    return rows


@router.get("/moderation/queue", name="api.moderation.queue", response_model=list[CommentOut])
def queue(session: Db, state: Literal["open", "done"] | None = "open",
          category: Annotated[str | None, Query(max_length=40)] = None, severity: Severity | None = None,
          account_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
          due_before: dt.datetime | None = None) -> list[CommentOut]:
    """Comments waiting for the desk, most serious and oldest first."""
    return filtered(session, state=state, category=category, severity=severity, account_id=account_id,
                    due_before=due_before)


@router.get("/moderation/comments/{comment_id}", name="api.moderation.show", response_model=CommentDetail)
def show(comment_id: CommentId, request: Request, session: Db) -> CommentDetail:
    """One comment, its triage and the response guidance for it."""
    policy = auth.state_of(request).policy
    return CommentDetail(comment=moderation.comment(session, pk=comment_id),
                         guidance=moderation.guidance_for(session, policy=policy, pk=comment_id).to_json())


@router.post("/moderation/comments/{comment_id}/actions", name="api.moderation.act", response_model=ActionOut,
             status_code=201)
def act(comment_id: CommentId, body: ActIn, request: Request, session: Db) -> ActionOut:
    """Act on a comment (keep, reply, hide, remove, block, report, escalate, refer to police); evidence kept. Hiding,
    removing, replying, blocking and reporting are then carried out on the platform: ``platform`` says what
    happened there (done, not supported, failed with the platform's error, or no connector linked)."""
    from socialwarden.connectors.moderation import act_on_platform
    from socialwarden.connectors.pool import Connectors

    state = auth.state_of(request)
    with Connectors().closing() as connectors:
        moderated = act_on_platform(session, settings=state.settings, policy=state.policy,
                                    actor=actor(request, session), pk=comment_id, action=body.action,
                                    reason=body.reason, reply_text=body.reply_text, escalate_to=body.escalate_to,
                                    exception=body.exception, connectors=connectors)
    out = moderated.desk
    made = _notified(session, [out])
    session.commit()
    _mail(request, session, made)
    return moderated.out


def _notified(session: Session, done: list[ActionOut]) -> list[int]:
    """The notifications the escalations among ``done`` made (to e-mail once committed)."""
    return [n for o in done if o.action == ModerationAction.ESCALATE.value and o.escalation is not None
            for n in notifications.made_for(session, key=f"escalation:{o.escalation}")]


def _mail(request: Request, session: Session, ids: list[int]) -> None:
    state = auth.state_of(request)
    send_now(session, policy=state.policy, settings=state.settings, ids=ids)


@router.post("/moderation/bulk", name="api.moderation.bulk", response_model=list[ActionOut], status_code=201)
def bulk(body: BulkIn, request: Request, session: Db) -> list[ActionOut]:
    """The same action with one reason on several comments: all of them, or none (the refusal names the one)."""
    from socialwarden.connectors.moderation import after_desk
    from socialwarden.connectors.pool import Connectors

    state = auth.state_of(request)
    out = moderation.act_many(session, policy=state.policy, actor=require_caller(request).user.handle,
                              pks=body.ids, action=body.action, reason=body.reason, exception=body.exception)
    made = _notified(session, out)
    session.commit()
    _mail(request, session, made)
    me = actor(request, session)
    with Connectors().closing() as connectors:  # then each on its platform, as the inbox page does
        carried = [after_desk(session, settings=state.settings, policy=state.policy, actor=me, done=o,
                              connectors=connectors) for o in out]
    return [m.out for m in carried]


@router.post("/moderation/assign", name="api.moderation.assign", response_model=AssignedOut)
def assign(body: AssignIn, request: Request, session: Db) -> AssignedOut:
    """Assign comments to a moderator (their "assigned to me"), or unassign them (``to``: null)."""
    changed = moderation.assign(session, policy=auth.state_of(request).policy,
                                actor=require_caller(request).user.handle, pks=body.ids, to=body.to)
    session.commit()
    return AssignedOut(assigned=changed, to=body.to)


@router.get("/escalations", name="api.escalations.queue", response_model=list[EscalationOut])
def escalation_queue(request: Request, session: Db,
                     show: Literal["open", "all"] = "open") -> list[EscalationOut]:
    """The escalations assigned to your roles (or to you by name), oldest due first."""
    return escalations.queue_for(session, policy=auth.state_of(request).policy, who=actor(request, session),
                                 open_only=show == "open")


@router.get("/escalations/{escalation_id}", name="api.escalations.show", response_model=EscalationDetail)
def escalation(escalation_id: EscalationId, request: Request, session: Db) -> EscalationDetail:
    """One escalation with its steps, the comment, the rules that fired and the guidance (for the people it is
    assigned to, and the moderators)."""
    policy = auth.state_of(request).policy
    esc = escalations.get(session, policy=policy, who=actor(request, session), pk=escalation_id)
    return EscalationDetail(escalation=esc, comment=moderation.comment(session, pk=esc.comment),
                            rules=[r.to_json() for r in moderation.stored_rules(session, pk=esc.comment)],
                            guidance=moderation.guidance_for(session, policy=policy, pk=esc.comment).to_json())


@router.post("/escalations/{escalation_id}/acknowledge", name="api.escalations.acknowledge",
             response_model=EscalationOut)
def acknowledge(escalation_id: EscalationId, body: AckIn, request: Request, session: Db) -> EscalationOut:
    """Say you have it: the others assigned see who is dealing with it."""
    out = escalations.acknowledge(session, policy=auth.state_of(request).policy, who=actor(request, session),
                                  pk=escalation_id, note=body.note)
    session.commit()
    return out


@router.post("/escalations/{escalation_id}/comments", name="api.escalations.comment", response_model=EscalationOut,
             status_code=201)
def escalation_comment(escalation_id: EscalationId, body: NoteIn, request: Request, session: Db) -> EscalationOut:
    """A note for the others assigned (kept and audited)."""
    out = escalations.add_comment(session, policy=auth.state_of(request).policy, who=actor(request, session),
                                  pk=escalation_id, text=body.text)
    session.commit()
    return out


@router.post("/escalations/{escalation_id}/decision", name="api.escalations.decide", response_model=ActionOut)
def escalation_decide(escalation_id: EscalationId, body: DecideIn, request: Request, session: Db) -> ActionOut:
    """Decide the escalated comment (evidence kept first); the escalation is closed."""
    from socialwarden.connectors.moderation import decide_on_platform
    from socialwarden.connectors.pool import Connectors

    state = auth.state_of(request)
    with Connectors().closing() as connectors:
        moderated = decide_on_platform(session, settings=state.settings, policy=state.policy,
                                       actor=actor(request, session), pk=escalation_id, action=body.action,
                                       reason=body.reason, exception=body.exception, connectors=connectors)
    session.commit()
    return moderated.out


@router.post("/escalations/{escalation_id}/hand-back", name="api.escalations.hand_back",
             response_model=EscalationOut)
def hand_back(escalation_id: EscalationId, body: HandBackIn, request: Request, session: Db) -> EscalationOut:
    """Hand the comment back to the desk (it is not for your role); it stays open for the moderators."""
    out = escalations.hand_back(session, policy=auth.state_of(request).policy, who=actor(request, session),
                                pk=escalation_id, reason=body.reason)
    session.commit()
    return out

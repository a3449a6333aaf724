"""API routes for the moderation desk: the queue (with filters), one comment with guidance, act on it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.exceptions import NotSignedIn
from socialwarden.moderation import service as moderation
from socialwarden.moderation.models import ActionOut, CommentOut
from socialwarden.policy.models import ModerationAction
from socialwarden.web import auth
from socialwarden.web.auth import require_caller

router = APIRouter(prefix="/moderation", tags=["moderation"])
Db = Annotated[Session, Depends(auth.db)]
CommentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
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


class CommentDetail(BaseModel):
    comment: CommentOut
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


@router.get("/queue", name="api.moderation.queue", response_model=list[CommentOut])
def queue(session: Db, state: Literal["open", "done"] | None = "open",
          category: Annotated[str | None, Query(max_length=40)] = None, severity: Severity | None = None,
          account_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
          due_before: dt.datetime | None = None) -> list[CommentOut]:
    """Comments waiting for the desk, most serious and oldest first."""
    return filtered(session, state=state, category=category, severity=severity, account_id=account_id,
                    due_before=due_before)


@router.get("/comments/{comment_id}", name="api.moderation.show", response_model=CommentDetail)
def show(comment_id: CommentId, request: Request, session: Db) -> CommentDetail:
    """One comment, its triage and the response guidance for it."""
    policy = auth.state_of(request).policy
    return CommentDetail(comment=moderation.comment(session, pk=comment_id),
                         guidance=moderation.guidance_for(session, policy=policy, pk=comment_id).to_json())


@router.post("/comments/{comment_id}/actions", name="api.moderation.act", response_model=ActionOut,
             status_code=201)
def act(comment_id: CommentId, body: ActIn, request: Request, session: Db) -> ActionOut:
    """Act on a comment (keep, reply, hide, remove, block, report, escalate, refer to police); evidence kept. Hiding,
    removing, replying, blocking and reporting are then carried out on the platform: ``platform`` says what
    happened there (done, not supported, failed with the platform's error, or no connector linked)."""
    from socialwarden.connectors.moderation import act_on_platform
    from socialwarden.connectors.pool import Connectors
    from socialwarden.people.models import Person

    state = auth.state_of(request)
    person = session.get(Person, require_caller(request).user.id)
    if person is None:
        raise NotSignedIn("your person record no longer exists: sign in again")
    with Connectors().closing() as connectors:
        moderated = act_on_platform(session, settings=state.settings, policy=state.policy, actor=person,
                                    pk=comment_id, action=body.action, reason=body.reason,
                                    reply_text=body.reply_text, escalate_to=body.escalate_to,
                                    exception=body.exception, connectors=connectors)
    session.commit()
    return moderated.desk.model_copy(update={"platform": moderated.platform})

"""API routes for the approval queue: what the caller can decide now, across posts, accounts, exceptions and wiki
edits, and deciding any of them (the same flow as the approvals page and ``warden approvals decide``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.approvals.flows import Decided, QueueItem, after_decision, decide, queue_for
from socialwarden.approvals.models import Verdict
from socialwarden.policy.models import ApprovalSubject
from socialwarden.web import auth
from socialwarden.web.actor import actor

router = APIRouter(prefix="/approvals", tags=["approvals"])
Db = Annotated[Session, Depends(auth.db)]


@router.get("", name="api.approvals.queue", response_model=list[QueueItem])
def queue(request: Request, session: Db) -> list[QueueItem]:
    """Items whose current version you can still decide (never your own, never one you already decided)."""
    return queue_for(session, policy=auth.state_of(request).policy, person=actor(request, session))


class DecideIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: Verdict
    comment: Annotated[str | None, Field(max_length=2000, description="Needed to return or reject.")] = None


@router.post("/{subject}/{subject_id}", name="api.approvals.decide", response_model=Decided)
def decide_item(subject: ApprovalSubject, subject_id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: DecideIn,
                request: Request, session: Db) -> Decided:
    """Approve, return with comments, or reject one item (post, account, exception or wiki_edit) for its current
    version; who may decide it is worked out from the policy's approval rules."""
    state, who = auth.state_of(request), actor(request, session)
    out = decide(session, policy=state.policy, actor=who, subject_type=subject, subject_id=subject_id,
                 verdict=body.decision, comment=body.comment)
    session.commit()
    return after_decision(session, settings=state.settings, policy=state.policy, actor=who, made=out)

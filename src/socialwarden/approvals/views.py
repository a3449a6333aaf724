"""API route for the approval queue: what the caller can decide now, across posts, accounts, exceptions, wiki."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from socialwarden.approvals.flows import QueueItem, queue_for
from socialwarden.web import auth
from socialwarden.web.actor import actor

router = APIRouter(prefix="/approvals", tags=["approvals"])
Db = Annotated[Session, Depends(auth.db)]


@router.get("", name="api.approvals.queue", response_model=list[QueueItem])
def queue(request: Request, session: Db) -> list[QueueItem]:
    """Items whose current version you can still decide (never your own, never one you already decided)."""
    return queue_for(session, policy=auth.state_of(request).policy, person=actor(request, session))

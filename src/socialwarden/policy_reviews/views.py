"""API routes for the policy review: where it stands (last review, next due, the reviews on record) and recording
one (needs review_policy) — the same service as the policy review page and ``warden policy review``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.policy_reviews import service as reviews
from socialwarden.policy_reviews.models import Outcome, ReviewOut, ReviewStatus
from socialwarden.web import auth
from socialwarden.web.actor import actor

router = APIRouter(prefix="/policy/reviews", tags=["policy"])
Db = Annotated[Session, Depends(auth.db)]


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Outcome
    notes: Annotated[str | None, Field(max_length=4000, description="The changes recommended, anything else.")] = None


@router.get("", name="api.policy.reviews", response_model=ReviewStatus)
def status(request: Request, session: Db) -> ReviewStatus:
    """When the policy was last reviewed, when the next review is due, and the reviews on record."""
    return reviews.review_status(session, policy=auth.state_of(request).policy)


@router.post("", name="api.policy.review", response_model=ReviewOut, status_code=201)
def record(body: ReviewIn, request: Request, session: Db) -> ReviewOut:
    """Record a review of the policy (the review duty reads it)."""
    row = reviews.record_review(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                outcome=body.outcome, notes=body.notes)
    session.commit()
    return row

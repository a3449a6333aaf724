"""API route for checking a text under the organisation's policy."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.engine.context import Context, Direction
from socialwarden.engine.service import check as run_check
from socialwarden.exceptions import InputError
from socialwarden.moderation.guidance import assess
from socialwarden.policy.models import Policy
from socialwarden.web import auth

router = APIRouter(tags=["check"])
MAX_TEXT = 20_000


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Annotated[str, Field(max_length=MAX_TEXT)]
    direction: Literal["outbound", "inbound"] = "outbound"
    account_category: Annotated[str | None, Field(max_length=80)] = None
    author_role: Annotated[str | None, Field(max_length=80)] = None
    personal: bool = False
    media_attached: bool = False
    consent_recorded: bool = False
    licence_recorded: bool = False
    post_kind: Annotated[str | None, Field(max_length=80)] = None
    on: dt.date | None = None  # the day it appears (an election period may be in force); default today


def context_for(policy: Policy, body: CheckIn, *, incident: bool = False) -> Context:
    """The engine context for a request, refusing role or account ids the policy does not define."""
    if body.author_role is not None and body.author_role not in policy.roles:
        raise InputError(f"author_role: unknown role {body.author_role!r} (roles: {', '.join(policy.roles)})")
    if body.account_category is not None and body.account_category not in policy.account_categories:
        raise InputError(f"account_category: unknown category {body.account_category!r} "
                         f"(categories: {', '.join(policy.account_categories)})")
    return Context(direction=Direction(body.direction), author_role=body.author_role,
                   account_category=body.account_category, personal=body.personal, incident=incident,
                   media_attached=body.media_attached, consent_recorded=body.consent_recorded,
                   licence_recorded=body.licence_recorded, post_kind=body.post_kind, on=body.on)


def incident_on(session: Session) -> bool:
    from socialwarden.incidents.service import current_incident  # governance imports the engine; import at use

    return current_incident(session) is not None


@router.post("/check", name="api.check")
def check(body: CheckIn, request: Request, session: Session = Depends(auth.db)) -> dict[str, Any]:  # noqa: B008
    """Check a text: the verdict, the findings a person must look at (spans index the text), the clauses cited,
    the next steps, and (inbound) the response guidance; ``signals`` holds what was seen but not acted on."""
    policy = auth.state_of(request).policy
    decision = run_check(body.text, policy, context_for(policy, body, incident=incident_on(session)))
    out = decision.to_json()
    if decision.direction is Direction.INBOUND:
        out["response"] = assess(decision, policy).to_json()
    return out

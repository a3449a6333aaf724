"""API routes for incident mode: status, start (suspends the categories the policy names), end."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.incidents import service as incidents
from socialwarden.incidents.models import IncidentOut
from socialwarden.web import auth
from socialwarden.web.actor import actor

router = APIRouter(prefix="/incident", tags=["incident"])
Db = Annotated[Session, Depends(auth.db)]


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class IncidentStatus(BaseModel):
    active: bool
    incident: IncidentOut | None
    procedure: str | None  # the policy's incident text, when it has one


@router.get("", name="api.incident.status", response_model=IncidentStatus)
def status(request: Request, session: Db) -> IncidentStatus:
    """Whether an incident is in force, and the policy's procedure."""
    policy = auth.state_of(request).policy
    current = incidents.current_incident(session)
    return IncidentStatus(active=current is not None,
                          incident=incidents.incident_out(current) if current else None,
                          procedure=policy.incident.text if policy.incident else None)


@router.post("/start", name="api.incident.start", response_model=IncidentOut, status_code=201)
def start(body: ReasonIn, request: Request, session: Db) -> IncidentOut:
    """Declare an incident: the accounts the policy names are suspended until it ends."""
    incident = incidents.declare_incident(session, policy=auth.state_of(request).policy,
                                          actor=actor(request, session), reason=body.reason)
    session.commit()
    return incidents.incident_out(incident)


@router.post("/end", name="api.incident.end", response_model=IncidentOut)
def end(body: ReasonIn, request: Request, session: Db) -> IncidentOut:
    """End the incident: exactly the accounts it suspended are reactivated."""
    incident = incidents.end_incident(session, policy=auth.state_of(request).policy,
                                      actor=actor(request, session), reason=body.reason)
    session.commit()
    return incidents.incident_out(incident)

"""API routes for people: list, add, roles, line manager, e-mail address, deactivate / reactivate, and set a
sign-in password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.people import service as people
from socialwarden.people.models import PersonOut
from socialwarden.web import auth, users
from socialwarden.web.actor import actor

router = APIRouter(prefix="/people", tags=["people"])
Db = Annotated[Session, Depends(auth.db)]


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    handle: Annotated[str, Field(min_length=1, max_length=80)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    roles: Annotated[list[Annotated[str, Field(max_length=80)]], Field(max_length=20)] = []
    email: Annotated[str | None, Field(max_length=254)] = None
    line_manager: Annotated[str | None, Field(max_length=80, description="The line manager's handle.")] = None


class RolesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    roles: Annotated[list[Annotated[str, Field(max_length=80)]], Field(max_length=20)]
    reason: Annotated[str | None, Field(max_length=2000)] = None


class ManagerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    line_manager: Annotated[str | None, Field(max_length=80, description="The manager's handle; null to clear.")]


class EmailIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: Annotated[str | None, Field(max_length=254, description="Where notifications go; null to clear.")]


class ActiveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    active: bool
    reason: Annotated[str | None, Field(max_length=2000)] = None


class PasswordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: Annotated[str, Field(min_length=1, max_length=1024)]


@router.get("", name="api.people.list", response_model=list[PersonOut])
def list_people(session: Db) -> list[PersonOut]:
    """Everyone registered, with their roles."""
    return [PersonOut.model_validate(p) for p in people.list_people(session)]


@router.post("", name="api.people.create", response_model=PersonOut, status_code=201)
def create(body: PersonIn, request: Request, session: Db) -> PersonOut:
    """Add a person with roles the policy defines."""
    policy = auth.state_of(request).policy
    manager = people.get_person(session, handle=body.line_manager) if body.line_manager else None
    person = people.add_person(session, policy=policy, actor=actor(request, session), handle=body.handle,
                               name=body.name, roles=body.roles, email=body.email, line_manager=manager)
    session.commit()
    return PersonOut.model_validate(person)


@router.put("/{handle}/roles", name="api.people.roles", response_model=PersonOut)
def set_roles(handle: Annotated[str, PathParam(max_length=80)], body: RolesIn, request: Request,
              session: Db) -> PersonOut:
    """Replace a person's roles with roles the policy defines."""
    person = people.set_roles(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                              person=people.get_person(session, handle=handle), roles=body.roles, reason=body.reason)
    session.commit()
    return PersonOut.model_validate(person)


@router.put("/{handle}/line-manager", name="api.people.line_manager", response_model=PersonOut)
def set_line_manager(handle: Annotated[str, PathParam(max_length=80)], body: ManagerIn, request: Request,
                     session: Db) -> PersonOut:
    """Record who a person's line manager is (they approve what the policy asks a line manager to)."""
    manager = people.get_person(session, handle=body.line_manager) if body.line_manager else None
    person = people.set_line_manager(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                     person=people.get_person(session, handle=handle), line_manager=manager)
    session.commit()
    return PersonOut.model_validate(person)


@router.put("/{handle}/email", name="api.people.email", response_model=PersonOut)
def set_email(handle: Annotated[str, PathParam(max_length=80)], body: EmailIn, request: Request,
              session: Db) -> PersonOut:
    """Record where a person's notifications are e-mailed: your own, or anyone's with manage_people."""
    person = people.set_email(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                              person=people.get_person(session, handle=handle), email=body.email)
    session.commit()
    return PersonOut.model_validate(person)


@router.put("/{handle}/active", name="api.people.active", response_model=PersonOut)
def set_active(handle: Annotated[str, PathParam(max_length=80)], body: ActiveIn, request: Request,
               session: Db) -> PersonOut:
    """Deactivate a leaver (no permissions; every session and token stops working) or reactivate them."""
    person = people.set_active(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                               person=people.get_person(session, handle=handle), active=body.active,
                               reason=body.reason)
    session.commit()
    return PersonOut.model_validate(person)


@router.put("/{handle}/password", name="api.people.password", status_code=204)
def set_password(handle: Annotated[str, PathParam(max_length=80)], body: PasswordIn, request: Request,
                 session: Db) -> None:
    """Set a person's sign-in password (at least 12 characters); their sessions and tokens end."""
    users.set_password(session, policy=auth.state_of(request).policy, actor=actor(request, session), handle=handle,
                       password=body.password)
    session.commit()

"""API routes for exceptions to the policy: the register (state as of now), asking for one, withdrawing one.
Deciding goes through ``POST /api/v1/approvals/exception/{id}`` like every other approval."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.exceptions import InputError
from socialwarden.policy_exceptions import service as exceptions
from socialwarden.policy_exceptions.models import ExceptionOut, ExceptionState
from socialwarden.web import auth
from socialwarden.web.actor import actor

router = APIRouter(prefix="/exceptions", tags=["exceptions"])
Db = Annotated[Session, Depends(auth.db)]


class ExceptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, Field(min_length=1, max_length=200)]
    reason: Annotated[str, Field(min_length=1, max_length=4000)]
    expires: dt.date = Field(description="The last day it applies (UTC).")
    clause: Annotated[str | None, Field(max_length=80, description="The policy item it departs from.")] = None
    account_id: Annotated[int | None, Field(ge=1, le=2**31 - 1)] = None


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


@router.get("", name="api.exceptions.list", response_model=list[ExceptionOut])
def register(request: Request, session: Db, state: ExceptionState | None = None) -> list[ExceptionOut]:
    """The register, newest first (requested, in force, expired, rejected, withdrawn as of now)."""
    now, policy = dt.datetime.now(dt.UTC), auth.state_of(request).policy
    return [exceptions.exception_out(session, policy=policy, exc=e, now=now)
            for e in exceptions.list_exceptions(session, now=now, state=state)]


@router.post("", name="api.exceptions.request", response_model=ExceptionOut, status_code=201)
def request_exception(body: ExceptionIn, request: Request, session: Db) -> ExceptionOut:
    """Ask for an exception; it applies once the roles the policy names have approved it, until it expires."""
    now, policy = dt.datetime.now(dt.UTC), auth.state_of(request).policy
    if body.expires > dt.date(9998, 12, 31):
        raise InputError("expires: too far in the future")
    until = dt.datetime(body.expires.year, body.expires.month, body.expires.day, tzinfo=dt.UTC) + dt.timedelta(days=1)
    exc = exceptions.request_exception(session, policy=policy, actor=actor(request, session), title=body.title,
                                       reason=body.reason, expires_at=until, now=now, clause=body.clause,
                                       account_id=body.account_id)
    session.commit()
    return exceptions.exception_out(session, policy=policy, exc=exc, now=now)


@router.post("/{exception_id}/withdraw", name="api.exceptions.withdraw", response_model=ExceptionOut)
def withdraw(exception_id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: ReasonIn, request: Request,
             session: Db) -> ExceptionOut:
    """Withdraw an exception early (its requester, or anyone who may approve exceptions)."""
    policy = auth.state_of(request).policy
    exc = exceptions.get_exception(session, exception_id=exception_id)
    exceptions.withdraw_exception(session, policy=policy, actor=actor(request, session), exc=exc, reason=body.reason)
    session.commit()
    return exceptions.exception_out(session, policy=policy, exc=exc, now=dt.datetime.now(dt.UTC))

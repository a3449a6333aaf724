"""API routes about the caller: sign in for a bearer token, sign out, who am I; and an administrator's
"sign out everywhere" for a person."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.people import service as people
from socialwarden.sessions import service as sessions
from socialwarden.sessions.models import SessionKind, WebSession
from socialwarden.web import auth, users
from socialwarden.web.actor import actor

router = APIRouter(tags=["session"])
TOKEN_HOURS = 12


class SignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    handle: Annotated[str, Field(min_length=1, max_length=200)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class TokenOut(BaseModel):
    token: str
    token_type: str = "bearer"
    expires_in: int
    handle: str


class MeOut(BaseModel):
    handle: str
    name: str
    roles: list[str]
    permissions: list[str]


class RevokedOut(BaseModel):
    handle: str
    revoked: int


@router.post("/session", name="api.session.create", response_model=TokenOut, status_code=201)
def create_session(body: SignIn, request: Request, session: Session = Depends(auth.db)) -> TokenOut:  # noqa: B008
    """Exchange a handle and password for a bearer token (throttled after repeated failures); the token is a
    server-side session: DELETE /api/v1/session ends it."""
    state = auth.state_of(request)
    done = users.sign_in(session, state=state, handle=body.handle, password=body.password,
                         address=request.client.host if request.client else "?", via="api", kind=SessionKind.API,
                         hours=TOKEN_HOURS)
    session.commit()
    return TokenOut(token=users.api_token(state.signer, done.secret, TOKEN_HOURS), expires_in=TOKEN_HOURS * 3600,
                    handle=done.user.handle)


@router.delete("/session", name="api.session.delete", status_code=204)
def delete_session(request: Request, session: Session = Depends(auth.db)) -> None:  # noqa: B008
    """Sign out: the session this request is signed in with (bearer token or cookie) stops working at once."""
    caller = auth.require_caller(request)
    row = session.get(WebSession, caller.session_id)
    if row is not None:
        sessions.end_session(session, policy=auth.state_of(request).policy, row=row, actor=actor(request, session),
                             reason="signed out")
        session.commit()


@router.get("/me", name="api.me", response_model=MeOut)
def me(request: Request) -> MeOut:
    """The signed-in person, their roles and what those roles let them do."""
    user = auth.require_caller(request).user
    return MeOut(handle=user.handle, name=user.name, roles=list(user.roles),
                 permissions=sorted(p.value for p in user.permissions))


@router.delete("/people/{handle}/sessions", name="api.people.sessions.revoke", response_model=RevokedOut)
def revoke_sessions(handle: Annotated[str, PathParam(max_length=80)], request: Request,
                    session: Session = Depends(auth.db)) -> RevokedOut:  # noqa: B008
    """Sign a person out everywhere: every browser session and API token they hold stops working at once."""
    person = people.get_person(session, handle=handle)
    count = sessions.end_all(session, policy=auth.state_of(request).policy, person=person,
                             actor=actor(request, session), reason="signed out everywhere by an administrator")
    session.commit()
    return RevokedOut(handle=person.handle, revoked=count)

"""API routes about the caller: sign in for a bearer token, and who am I."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.web import auth, users

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


@router.post("/session", name="api.session.create", response_model=TokenOut, status_code=201)
def create_session(body: SignIn, request: Request, session: Session = Depends(auth.db)) -> TokenOut:  # noqa: B008
    """Exchange a handle and password for a bearer token (throttled after repeated failures)."""
    state = auth.state_of(request)
    user = users.sign_in(session, state=state, handle=body.handle, password=body.password,
                         address=request.client.host if request.client else "?", via="api")
    session.commit()
    ttl = TOKEN_HOURS * 3600
    token = state.signer.sign({"h": user.handle, "fp": users.token_fingerprint(user)}, purpose="api", ttl=ttl)
    return TokenOut(token=token, expires_in=ttl, handle=user.handle)


@router.get("/me", name="api.me", response_model=MeOut)
def me(request: Request) -> MeOut:
    """The signed-in person, their roles and what those roles let them do."""
    user = auth.require_caller(request).user
    return MeOut(handle=user.handle, name=user.name, roles=list(user.roles),
                 permissions=sorted(p.value for p in user.permissions))

"""API routes for the complaints register: the list (oldest due first) and moving a complaint on, with a note
and optionally who deals with it. The same service as the complaints page and ``warden complaints``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.complaints import service as complaints
from socialwarden.complaints.models import ComplaintOut, ComplaintState
from socialwarden.web import auth
from socialwarden.web.actor import actor

router = APIRouter(prefix="/complaints", tags=["complaints"])
Db = Annotated[Session, Depends(auth.db)]


class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to: ComplaintState
    note: Annotated[str, Field(min_length=1, max_length=2000, description="What was done (kept with it).")]
    assign: Annotated[str | None, Field(max_length=80, description="Who deals with it (a handle).")] = None


@router.get("", name="api.complaints.list", response_model=list[ComplaintOut])
def register(session: Db, show: Literal["open", "all"] = "open",
             state: ComplaintState | None = None) -> list[ComplaintOut]:
    """The register, oldest due first: open ones (not closed), all, or those in one state."""
    return complaints.register_list(session, state=state, open_only=show == "open")


@router.post("/{complaint_id}/move", name="api.complaints.move", response_model=ComplaintOut)
def move(complaint_id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: MoveIn, request: Request,
         session: Db) -> ComplaintOut:
    """Move a complaint on (received -> redirected / investigating -> resolved -> closed)."""
    out = complaints.move(session, policy=auth.state_of(request).policy, actor=actor(request, session).handle,
                          pk=complaint_id, to=body.to, note=body.note, assign=body.assign)
    session.commit()
    return out

"""API routes for wiki edits (council officers editing Wikipedia about the council ask the Communications Team
first): the list, asking for advice, amending a returned edit, withdrawing one. Advice itself (approve, return,
reject) goes through ``POST /api/v1/approvals/wiki_edit/{id}`` like every other approval."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.web import auth
from socialwarden.web.actor import actor
from socialwarden.wiki_edits import service as wiki
from socialwarden.wiki_edits.models import WikiEditOut, WikiEditStatus

router = APIRouter(prefix="/wiki-edits", tags=["wiki edits"])
Db = Annotated[Session, Depends(auth.db)]
EditId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class WikiEditIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    page: Annotated[str, Field(min_length=1, max_length=500, description="The entry's address or title.")]
    change: Annotated[str, Field(min_length=1, max_length=4000)]
    reason: Annotated[str, Field(min_length=1, max_length=4000)]
    conflict_of_interest: bool = False


class AmendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    change: Annotated[str, Field(min_length=1, max_length=4000)]
    reason: Annotated[str | None, Field(max_length=4000)] = None


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


@router.get("", name="api.wiki.list", response_model=list[WikiEditOut])
def list_edits(request: Request, session: Db, status: WikiEditStatus | None = None) -> list[WikiEditOut]:
    """Wiki edits asked for, newest first, with the advice given."""
    policy = auth.state_of(request).policy
    return [wiki.wiki_edit_out(session, policy=policy, row=r) for r in wiki.list_wiki_edits(session, status=status)]


@router.post("", name="api.wiki.request", response_model=WikiEditOut, status_code=201)
def request_edit(body: WikiEditIn, request: Request, session: Db) -> WikiEditOut:
    """Ask the roles the policy names for advice on an edit."""
    policy = auth.state_of(request).policy
    row = wiki.request_wiki_edit(session, policy=policy, actor=actor(request, session), page=body.page,
                                 change=body.change, reason=body.reason,
                                 conflict_of_interest=body.conflict_of_interest)
    session.commit()
    return wiki.wiki_edit_out(session, policy=policy, row=row)


@router.post("/{edit_id}/amend", name="api.wiki.amend", response_model=WikiEditOut)
def amend(edit_id: EditId, body: AmendIn, request: Request, session: Db) -> WikiEditOut:
    """Change a returned edit (yours); it is advised on afresh."""
    policy = auth.state_of(request).policy
    row = wiki.amend_wiki_edit(session, policy=policy, actor=actor(request, session), edit_id=edit_id,
                               change=body.change, reason=body.reason)
    session.commit()
    return wiki.wiki_edit_out(session, policy=policy, row=row)


@router.post("/{edit_id}/withdraw", name="api.wiki.withdraw", response_model=WikiEditOut)
def withdraw(edit_id: EditId, body: ReasonIn, request: Request, session: Db) -> WikiEditOut:
    """Withdraw an edit you asked for."""
    policy = auth.state_of(request).policy
    row = wiki.withdraw_wiki_edit(session, policy=policy, actor=actor(request, session), edit_id=edit_id,
                                  reason=body.reason)
    session.commit()
    return wiki.wiki_edit_out(session, policy=policy, row=row)

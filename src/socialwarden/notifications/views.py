"""API routes for the caller's notifications: the list (newest first), marking read, how they get e-mail (an
administrator may set it for someone else). The same services as the notifications page and
``warden notifications``; the round cron runs (reminders, retries, digests) stays ``warden notifications run``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.notifications import service as notifications
from socialwarden.notifications.models import EmailChoice, NotificationOut
from socialwarden.people import service as people
from socialwarden.web import auth
from socialwarden.web.actor import actor

router = APIRouter(prefix="/notifications", tags=["notifications"])
Db = Annotated[Session, Depends(auth.db)]


class ReadIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: Annotated[list[Annotated[int, Field(ge=1, le=2**31 - 1)]] | None,
                   Field(max_length=notifications.MAX_LIST, description="Which ones; null for all.")] = None


class ReadOut(BaseModel):
    read: int


class ChoiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: EmailChoice
    person: Annotated[str | None, Field(max_length=80, description="Someone else (needs manage_people).")] = None


class ChoiceOut(BaseModel):
    person: str
    email: EmailChoice


@router.get("", name="api.notifications.list", response_model=list[NotificationOut])
def list_notifications(request: Request, session: Db, unread: bool = False) -> list[NotificationOut]:
    """Your notifications, newest first, each with the page it links to and its e-mail state."""
    return notifications.list_for(session, person=actor(request, session), unread_only=unread)


@router.post("/read", name="api.notifications.read", response_model=ReadOut)
def read(body: ReadIn, request: Request, session: Db) -> ReadOut:
    """Mark your notifications read (the ones given, or all)."""
    count = notifications.mark_read(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                    ids=body.ids)
    session.commit()
    return ReadOut(read=count)


@router.get("/choice", name="api.notifications.choice.show", response_model=ChoiceOut)
def show_choice(request: Request, session: Db) -> ChoiceOut:
    """How you get e-mail: each notification at once, one daily digest, or none."""
    me = actor(request, session)
    return ChoiceOut(person=me.handle, email=notifications.choice_of(session, me))


@router.put("/choice", name="api.notifications.choice", response_model=ChoiceOut)
def set_choice(body: ChoiceIn, request: Request, session: Db) -> ChoiceOut:
    """Choose how you (or, with manage_people, someone else) get e-mail."""
    me = actor(request, session)
    person = people.get_person(session, handle=body.person) if body.person else me
    notifications.set_choice(session, policy=auth.state_of(request).policy, actor=me, person=person,
                             email=body.email)
    session.commit()
    return ChoiceOut(person=person.handle, email=body.email)

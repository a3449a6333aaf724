"""API routes for publishing: create (checked at once), edit, submit, approve / return / reject, schedule, correct,
withdraw, list, show, calendar. Who may see and act on which post is checked by the services (record ownership)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.connectors.post_changes import push_change
from socialwarden.people.models import Person
from socialwarden.posts import service as posts
from socialwarden.posts.checking import MAX_TEXT
from socialwarden.posts.models import CalendarDay, PostOut, PostStatus
from socialwarden.web import auth
from socialwarden.web.auth import require_caller

router = APIRouter(prefix="/posts", tags=["posts"])
Db = Annotated[Session, Depends(auth.db)]
PostId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


class MediaIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ref: Annotated[str, Field(min_length=1, max_length=500)]
    identifiable_people: bool = False
    consent_ref: Annotated[str | None, Field(max_length=500)] = None
    source: Annotated[str | None, Field(max_length=500)] = None
    licence: Annotated[str | None, Field(max_length=200)] = None


class PostIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    account_id: Annotated[int, Field(ge=1, le=2**31 - 1)]
    text: Text
    kind: Annotated[str | None, Field(max_length=80, description="e.g. job_advert, for exemptions")] = None
    media: Annotated[list[MediaIn], Field(max_length=20)] = []


class TextIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Text
    note: Annotated[str | None, Field(max_length=2000)] = None


class CorrectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Text
    note: Annotated[str, Field(min_length=1, max_length=2000, description="What the correction fixes.")]


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: Annotated[str | None, Field(max_length=2000)] = None


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: Annotated[str, Field(min_length=1, max_length=2000, description="What to change, or why not.")]


class WithdrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class ScheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    at: dt.datetime = Field(description="When to publish, with a time zone.")


def _who(request: Request) -> str:
    return require_caller(request).user.handle


def _pushed(request: Request, session: Session, post_id: int, out: PostOut) -> PostOut:
    """Carry out on the platform what the change made due (an approved correction, a deletion); the post's
    ``on_platform`` then says what happened there."""
    state = auth.state_of(request)
    caller = session.get(Person, require_caller(request).user.id)
    if caller is None:
        return out
    if push_change(session, settings=state.settings, policy=state.policy, actor=caller, post_id=post_id) is None:
        return out
    return posts.get(session, policy=state.policy, viewer=caller, post_id=post_id)


@router.get("", name="api.posts.list", response_model=list[PostOut])
def list_posts(request: Request, session: Db, status: PostStatus | None = None,
               limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[PostOut]:
    """The posts you may see, newest first (drafts: yours, and those you approve or the policy names you for)."""
    return posts.list_posts(session, policy=auth.state_of(request).policy, viewer=_who(request), status=status,
                            limit=limit)


@router.get("/calendar/{year}/{month}", name="api.posts.calendar", response_model=list[CalendarDay])
def calendar(year: Annotated[int, Path(ge=2000, le=2999)], month: Annotated[int, Path(ge=1, le=12)],
             request: Request, session: Db) -> list[CalendarDay]:
    """Each day of a month (UK time) with the posts scheduled for it or published on it."""
    return posts.calendar(session, policy=auth.state_of(request).policy, viewer=_who(request), year=year,
                          month=month)


@router.get("/{post_id}", name="api.posts.show", response_model=PostOut)
def show(post_id: PostId, request: Request, session: Db) -> PostOut:
    """One post with its versions (and each version's decision), decisions and media."""
    return posts.get(session, policy=auth.state_of(request).policy, viewer=_who(request), post_id=post_id)


@router.post("", name="api.posts.create", response_model=PostOut, status_code=201)
def create(body: PostIn, request: Request, session: Db) -> PostOut:
    """Draft a post: it is checked at once and the decision kept with the text."""
    media = [posts.Media(**m.model_dump()) for m in body.media]
    out = posts.draft(session, policy=auth.state_of(request).policy, actor=_who(request), account_ref=body.account_id,
                      text=body.text, kind=body.kind, media=media)
    session.commit()
    return out


@router.put("/{post_id}/text", name="api.posts.edit", response_model=PostOut)
def edit(post_id: PostId, body: TextIn, request: Request, session: Db) -> PostOut:
    """A new text before publication (re-checked; any approval is void)."""
    out = posts.edit(session, policy=auth.state_of(request).policy, actor=_who(request), post_id=post_id,
                     text=body.text, note=body.note)
    session.commit()
    return out


@router.post("/{post_id}/submit", name="api.posts.submit", response_model=PostOut)
def submit(post_id: PostId, request: Request, session: Db) -> PostOut:
    """Send a checked post for approval (or straight to approved when the policy needs none)."""
    out = posts.submit(session, policy=auth.state_of(request).policy, actor=_who(request), post_id=post_id)
    session.commit()
    return out


@router.post("/{post_id}/approve", name="api.posts.approve", response_model=PostOut)
def approve(post_id: PostId, body: CommentIn, request: Request, session: Db) -> PostOut:
    """Approve the current version (by a role the decision names; never your own post)."""
    out = posts.approve(session, policy=auth.state_of(request).policy, actor=_who(request), post_id=post_id,
                        comment=body.comment)
    session.commit()
    return _pushed(request, session, post_id, out)


@router.post("/{post_id}/return", name="api.posts.return", response_model=PostOut)
def return_post(post_id: PostId, body: ReasonIn, request: Request, session: Db) -> PostOut:
    """Send the current version back to its author with comments."""
    out = posts.return_post(session, policy=auth.state_of(request).policy, actor=_who(request), post_id=post_id,
                            comment=body.comment)
    session.commit()
    return out


@router.post("/{post_id}/reject", name="api.posts.reject", response_model=PostOut)
def reject(post_id: PostId, body: ReasonIn, request: Request, session: Db) -> PostOut:
    """Refuse the post for good, saying why."""
    out = posts.reject(session, policy=auth.state_of(request).policy, actor=_who(request), post_id=post_id,
                       comment=body.comment)
    session.commit()
    return out


@router.post("/{post_id}/withdraw", name="api.posts.withdraw", response_model=PostOut)
def withdraw(post_id: PostId, body: WithdrawIn, request: Request, session: Db) -> PostOut:
    """Withdraw a post (a published one only as the policy allows deleting it)."""
    out = posts.withdraw(session, policy=auth.state_of(request).policy, actor=_who(request), post_id=post_id,
                         reason=body.reason)
    session.commit()
    return _pushed(request, session, post_id, out)


@router.post("/{post_id}/schedule", name="api.posts.schedule", response_model=PostOut)
def schedule(post_id: PostId, body: ScheduleIn, request: Request, session: Db) -> PostOut:
    """Queue an approved post for a time (refused while its account cannot publish)."""
    out = posts.schedule(session, policy=auth.state_of(request).policy, actor=_who(request), post_id=post_id,
                         at=body.at)
    session.commit()
    return out


@router.post("/{post_id}/correct", name="api.posts.correct", response_model=PostOut)
def correct(post_id: PostId, body: CorrectIn, request: Request, session: Db) -> PostOut:
    """Correct a published post: a new version that keeps the original and shows what changed."""
    out = posts.correct(session, policy=auth.state_of(request).policy, actor=_who(request), post_id=post_id,
                        text=body.text, note=body.note)
    session.commit()
    return _pushed(request, session, post_id, out)

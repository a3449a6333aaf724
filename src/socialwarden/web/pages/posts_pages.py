"""The posts pages: write a post (live character count for the account's platform), see each post's latest check
(findings marked in the text, the rules and their clauses, whether and from whom it needs approval, or the clause
that exempts it, and what approvers said), edit a draft or a returned post, submit, schedule, withdraw; and a
calendar of scheduled and published posts. Times are UK time."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.accounts.models import AccountStatus
from socialwarden.connectors.post_changes import push_change
from socialwarden.exceptions import InputError
from socialwarden.posts import service as posts
from socialwarden.posts.checking import MAX_TEXT
from socialwarden.posts.limits import limit_for
from socialwarden.posts.models import PostStatus
from socialwarden.web import auth
from socialwarden.web.actor import actor
from socialwarden.web.pages.common import done, page

router = APIRouter(include_in_schema=False)
UK = ZoneInfo("Europe/London")
Db = Annotated[Session, Depends(auth.db)]
PostId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Text = Annotated[str, Form(min_length=1, max_length=MAX_TEXT)]
EDITABLE = {PostStatus.CHECKED, PostStatus.AWAITING_APPROVAL, PostStatus.RETURNED, PostStatus.APPROVED,
            PostStatus.SCHEDULED, PostStatus.FAILED}


@router.get("/posts", name="page.posts", response_class=HTMLResponse)
def my_posts(request: Request, session: Db, done: str | None = None) -> Response:
    """The caller's posts, each with its latest check and what approvers said, and a form to write a new one."""
    policy = auth.state_of(request).policy
    me = actor(request, session)
    live = accounts.list_accounts(session, status=AccountStatus.ACTIVE)
    mine = posts.list_posts(session, policy=policy, viewer=me, author=me.handle, limit=50)
    return page(request, "posts.html", {"posts": mine, "accounts": live, "limits": {a.id: limit_for(a.platform)
                                                                                   for a in live},
                                        "editable": EDITABLE, "done": done, "uk": UK,
                                        "titles": {k: r.title for k, r in policy.roles.items()}})


@router.post("/posts", name="page.posts.create")
def create_post(request: Request, session: Db, account_id: Annotated[int, Form(ge=1, le=2**31 - 1)], text: Text,
                kind: Annotated[str | None, Form(max_length=80)] = None) -> Response:
    """Draft a post (checked at once)."""
    out = posts.draft(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                      account_ref=account_id, text=text, kind=kind or None)
    session.commit()
    return done("/posts", f"Post #{out.id} saved and checked: {out.verdict}")


@router.post("/posts/{post_id}/edit", name="page.posts.edit")
def edit_post(post_id: PostId, request: Request, session: Db, text: Text,
              note: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    """Save a new version of a draft or returned post (checked again; any approval must be given again)."""
    out = posts.edit(session, policy=auth.state_of(request).policy, actor=actor(request, session), post_id=post_id,
                     text=text, note=note or None)
    session.commit()
    return done("/posts", f"Post #{out.id} version {out.version} saved and checked: {out.verdict}")


@router.post("/posts/{post_id}/submit", name="page.posts.submit")
def submit_post(post_id: PostId, request: Request, session: Db) -> Response:
    """Send a checked post on for approval (or straight to approved when the policy needs none)."""
    out = posts.submit(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                       post_id=post_id)
    session.commit()
    status = "sent for approval" if out.status == PostStatus.AWAITING_APPROVAL else f"now {out.status}"
    return done("/posts", f"Post #{out.id} {status}")


@router.post("/posts/{post_id}/withdraw", name="page.posts.withdraw")
def withdraw_post(post_id: PostId, request: Request, session: Db,
                  reason: Annotated[str, Form(min_length=1, max_length=2000)]) -> Response:
    """Withdraw a post (its versions are kept)."""
    state, who = auth.state_of(request), actor(request, session)
    out = posts.withdraw(session, policy=state.policy, actor=who, post_id=post_id, reason=reason)
    session.commit()
    pushed = push_change(session, settings=state.settings, policy=state.policy, actor=who, post_id=post_id)
    return done("/posts", f"Post #{out.id} withdrawn" + (f" — {pushed.message}" if pushed is not None else ""))


@router.post("/posts/{post_id}/schedule", name="page.posts.schedule")
def schedule_post(post_id: PostId, request: Request, session: Db,
                  at: Annotated[str, Form(min_length=16, max_length=32)]) -> Response:
    """Queue the approved version; the form's time is UK local time (the policies are UK organisations')."""
    try:
        local = dt.datetime.fromisoformat(at)
    except ValueError:
        raise InputError(f"at: {at!r} is not a date and time") from None
    when = local if local.tzinfo else local.replace(tzinfo=UK)
    out = posts.schedule(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                         post_id=post_id, at=when)
    session.commit()
    return done("/posts", f"Post #{out.id} scheduled for {when.astimezone(UK):%d %b %Y %H:%M} UK time")


@router.get("/posts/calendar", name="page.posts.calendar", response_class=HTMLResponse)
def calendar(request: Request, session: Db, month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$")] = "") -> Response:
    """A month of scheduled and published posts (UK time), Monday first."""
    today = dt.datetime.now(UK).date()
    try:
        year, number = (int(p) for p in month.split("-")) if month else (today.year, today.month)
        first = dt.date(year, number, 1)
    except ValueError:
        raise InputError(f"month: {month!r} is not a month (YYYY-MM)") from None
    days = posts.calendar(session, policy=auth.state_of(request).policy, viewer=actor(request, session),
                          year=first.year, month=first.month)
    weeks: list[list[object]] = [[None] * first.weekday()]
    for day in days:
        if len(weeks[-1]) == 7:
            weeks.append([])
        weeks[-1].append(day)
    weeks[-1] += [None] * (7 - len(weeks[-1]))
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return page(request, "calendar.html", {"first": first, "weeks": weeks, "today": today, "uk": UK,
                                           "previous": f"{previous:%Y-%m}", "following": f"{following:%Y-%m}",
                                           "count": sum(len(d.posts) for d in days)})

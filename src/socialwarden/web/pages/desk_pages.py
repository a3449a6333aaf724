"""Posts (write, submit) and the approval queue (posts and account requests); the inbox is ``inbox_pages``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.accounts.models import AccountStatus
from socialwarden.exceptions import InputError
from socialwarden.posts import service as posts
from socialwarden.posts.checking import MAX_TEXT
from socialwarden.posts.models import PostOut, PostStatus, PostVersion
from socialwarden.web import auth
from socialwarden.web.actor import actor
from socialwarden.web.auth import require_caller
from socialwarden.web.pages.common import page

router = APIRouter(include_in_schema=False)
UK = ZoneInfo("Europe/London")
Db = Annotated[Session, Depends(auth.db)]


def done(path: str, message: str) -> RedirectResponse:
    """Post/redirect/get, with a one-line notice for the next page."""
    from urllib.parse import quote

    return RedirectResponse(f"{path}{'&' if '?' in path else '?'}done={quote(message)}", status_code=303)


@router.get("/posts", name="page.posts", response_class=HTMLResponse)
def my_posts(request: Request, session: Db, done: str | None = None) -> Response:
    """The caller's posts and a form to write a new one."""
    me = require_caller(request).user.handle
    live = accounts.list_accounts(session, status=AccountStatus.ACTIVE)
    return page(request, "posts.html", {"posts": posts.list_posts(session, author=me, limit=50), "accounts": live,
                                        "done": done})


@router.post("/posts", name="page.posts.create")
def create_post(request: Request, session: Db, account_id: Annotated[int, Form(ge=1)],
                text: Annotated[str, Form(min_length=1, max_length=MAX_TEXT)],
                kind: Annotated[str | None, Form(max_length=80)] = None) -> Response:
    """Draft a post (checked at once)."""
    out = posts.draft(session, policy=auth.state_of(request).policy, actor=require_caller(request).user.handle,
                      account_ref=account_id, text=text, kind=kind or None)
    session.commit()
    return done("/posts", f"Post #{out.id} saved and checked: {out.verdict}")


@router.post("/posts/{post_id}/submit", name="page.posts.submit")
def submit_post(post_id: int, request: Request, session: Db) -> Response:
    """Send a checked post on for approval."""
    out = posts.submit(session, policy=auth.state_of(request).policy, actor=require_caller(request).user.handle,
                       post_id=post_id)
    session.commit()
    status = "sent for approval" if out.status == PostStatus.AWAITING_APPROVAL else f"now {out.status}"
    return done("/posts", f"Post #{out.id} {status}")


@router.post("/posts/{post_id}/schedule", name="page.posts.schedule")
def schedule_post(post_id: int, request: Request, session: Db,
                  at: Annotated[str, Form(min_length=16, max_length=32)]) -> Response:
    """Queue an approved post; the form's time is UK local time (the policies are UK organisations')."""
    try:
        local = dt.datetime.fromisoformat(at)
    except ValueError:
        raise InputError(f"at: {at!r} is not a date and time") from None
    when = local if local.tzinfo else local.replace(tzinfo=UK)
    out = posts.schedule(session, policy=auth.state_of(request).policy, actor=require_caller(request).user.handle,
                         post_id=post_id, at=when)
    session.commit()
    return done("/posts", f"Post #{out.id} scheduled for {when:%d %b %Y %H:%M} UK time")


@router.get("/approvals", name="page.approvals", response_class=HTMLResponse)
def approvals(request: Request, session: Db, done: str | None = None) -> Response:
    """Posts awaiting approval and account requests, for the people who approve them."""
    policy = auth.state_of(request).policy
    waiting = posts.list_posts(session, status=PostStatus.AWAITING_APPROVAL)
    requested = accounts.list_accounts(session, status=AccountStatus.REQUESTED)
    states = {a.id: accounts.approval_state(session, policy=policy, account=a) for a in requested}
    return page(request, "approvals.html", {"posts": waiting, "requested": requested, "states": states,
                                            "decisions": stored_decisions(session, waiting), "done": done,
                                            "titles": {k: r.title for k, r in policy.roles.items()}})


def stored_decisions(session: Session, waiting: list[PostOut]) -> dict[int, dict[str, Any]]:
    """The engine decision kept with each post's current version (what the approver is asked to weigh)."""
    wanted = {(p.id, p.version) for p in waiting}
    if not wanted:
        return {}
    query = select(PostVersion.post_id, PostVersion.number, PostVersion.decision).where(
        PostVersion.post_id.in_([post_id for post_id, _ in wanted]))
    return {post_id: decision or {} for post_id, number, decision in session.execute(query)
            if (post_id, number) in wanted}


@router.post("/approvals/posts/{post_id}", name="page.approvals.post")
def approve_post(post_id: int, request: Request, session: Db,
                 comment: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    """Approve a post's current version."""
    posts.approve(session, policy=auth.state_of(request).policy, actor=require_caller(request).user.handle,
                  post_id=post_id, comment=comment or None)
    session.commit()
    return done("/approvals", f"Post #{post_id} approved")


@router.post("/approvals/accounts/{account_id}", name="page.approvals.account")
def approve_account(account_id: int, request: Request, session: Db,
                    comment: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    """Give one approval an account request needs."""
    account = accounts.get_account(session, account_id=account_id)
    state = accounts.approve_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                     account=account, comment=comment or None)
    session.commit()
    left = ", ".join(state.missing) if not state.complete else "none: approved"
    return done("/approvals", f"Approval recorded for account #{account_id}; still needed: {left}")

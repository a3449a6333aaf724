"""Rendering a page: the template context every page shares (caller, CSRF token, navigation, policy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialwarden.notifications.models import Notification
from socialwarden.policy.models import ApprovalSubject
from socialwarden.policy.models import Permission as P
from socialwarden.web import auth
from socialwarden.web.routes import RULES, allows

# (label, route name, path): shown only to people whose roles pass the route's rule
NAV = [("Draft checker", "page.check", "/check"), ("My posts", "page.posts", "/posts"),
       ("Approvals", "page.approvals", "/approvals"),
       ("Inbox", "page.inbox", "/inbox"), ("Escalations", "page.escalations", "/escalations"),
       ("Complaints", "page.complaints", "/complaints"), ("Accounts", "page.accounts", "/accounts"),
       ("Wiki edits", "page.wiki", "/wiki"), ("Policy review", "page.policy.review", "/policy/review"),
       ("People", "page.people", "/people"), ("Audit log", "page.audit", "/audit"),
       ("Dashboard", "page.dashboard", "/dashboard")]


def _approver(request: Request) -> bool:
    """Someone the policy's approval rules could ask (a role they name, or a permission to approve)."""
    caller = request.state.caller
    named = {r for rule in auth.state_of(request).policy.approvals for r in [*rule.all_of, *rule.any_of]}
    return bool(set(caller.user.roles) & named) or bool(
        caller.permissions & {P.APPROVE_POST, P.APPROVE_ACCOUNT, P.APPROVE_EXCEPTION})


# pages open to everyone signed in, but only worth a link where the policy gives them a use
_SHOWN_WHEN: dict[str, Callable[[Request], bool]] = {
    "page.approvals": _approver,
    "page.wiki": lambda request: any(r.subject is ApprovalSubject.WIKI_EDIT
                                     for r in auth.state_of(request).policy.approvals),
    "page.policy.review": lambda request: auth.state_of(request).policy.policy.review is not None,
}


def can(request: Request, route_name: str) -> bool:
    """Whether the caller passes ``route_name``'s rule (to show or hide links and buttons)."""
    caller = getattr(request.state, "caller", None)
    rule = RULES.get(route_name)
    if caller is None or rule is None or not allows(rule, caller.permissions):
        return False
    shown = _SHOWN_WHEN.get(route_name)
    return shown is None or shown(request)


def done(path: str, message: str) -> RedirectResponse:
    """Post/redirect/get, with a one-line notice for the next page."""
    return RedirectResponse(f"{path}{'&' if '?' in path else '?'}done={quote(message)}", status_code=303)


def _unread(request: Request, caller: object) -> int:
    """How many notifications the caller has not read (shown beside the bell in the header)."""
    if caller is None:
        return 0
    with Session(auth.state_of(request).engine) as session:
        query = select(func.count()).select_from(Notification).where(
            Notification.person_id == caller.user.id, Notification.read_at.is_(None))  # type: ignore[attr-defined]
        return int(session.execute(query).scalar_one())


def page(request: Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200,
         headers: dict[str, str] | None = None) -> HTMLResponse:
    """Render ``template`` with the shared context."""
    state = auth.state_of(request)
    nav = [(label, path, request.url.path.startswith(path)) for label, name, path in NAV
           if name in RULES and can(request, name)]
    caller = getattr(request.state, "caller", None)
    base = {"caller": caller, "csrf": auth.csrf_token(request), "nav": nav, "policy": state.policy,
            "can": lambda name: can(request, name), "unread": _unread(request, caller)}
    return state.templates.TemplateResponse(request, template, {**base, **(context or {})}, status_code=status,
                                            headers=headers)

"""Rendering a page: the template context every page shares (caller, CSRF token, navigation, policy)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialwarden.notifications.models import Notification
from socialwarden.web import auth
from socialwarden.web.routes import RULES, allows

# (label, route name, path): shown only to people whose roles pass the route's rule
NAV = [("Draft checker", "page.check", "/check"), ("My posts", "page.posts", "/posts"),
       ("Approvals", "page.approvals", "/approvals"),
       ("Inbox", "page.inbox", "/inbox"), ("Escalations", "page.escalations", "/escalations"),
       ("Complaints", "page.complaints", "/complaints"), ("Accounts", "page.accounts", "/accounts"),
       ("People", "page.people", "/people"), ("Audit log", "page.audit", "/audit"),
       ("Dashboard", "page.dashboard", "/dashboard")]


def can(request: Request, route_name: str) -> bool:
    """Whether the caller passes ``route_name``'s rule (to show or hide links and buttons)."""
    caller = getattr(request.state, "caller", None)
    rule = RULES.get(route_name)
    return caller is not None and rule is not None and allows(rule, caller.permissions)


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

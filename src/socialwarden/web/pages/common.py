"""Rendering a page: the template context every page shares (caller, CSRF token, navigation, policy)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from socialwarden.web import auth
from socialwarden.web.routes import RULES, allows

# (label, route name, path): shown only to people whose roles pass the route's rule
NAV = [("Draft checker", "page.check", "/check"), ("My posts", "page.posts", "/posts"),
       ("Approvals", "page.approvals", "/approvals"),
       ("Inbox", "page.inbox", "/inbox"), ("Accounts", "page.accounts", "/accounts"),
       ("People", "page.people", "/people"), ("Audit log", "page.audit", "/audit"),
       ("Dashboard", "page.dashboard", "/dashboard")]


def can(request: Request, route_name: str) -> bool:
    """Whether the caller passes ``route_name``'s rule (to show or hide links and buttons)."""
    caller = getattr(request.state, "caller", None)
    rule = RULES.get(route_name)
    return caller is not None and rule is not None and allows(rule, caller.permissions)


def page(request: Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200,
         headers: dict[str, str] | None = None) -> HTMLResponse:
    """Render ``template`` with the shared context."""
    state = auth.state_of(request)
    nav = [(label, path, request.url.path.startswith(path)) for label, name, path in NAV
           if name in RULES and can(request, name)]
    base = {"caller": getattr(request.state, "caller", None), "csrf": auth.csrf_token(request), "nav": nav,
            "policy": state.policy, "can": lambda name: can(request, name)}
    return state.templates.TemplateResponse(request, template, {**base, **(context or {})}, status_code=status,
                                            headers=headers)

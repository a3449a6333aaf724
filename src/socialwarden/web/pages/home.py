"""Sign in, sign out, and the home page (which sends each person to the first page they may use)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from socialwarden.exceptions import NotSignedIn, TooManyAttempts
from socialwarden.moderation import escalations
from socialwarden.web import auth, users
from socialwarden.web.actor import actor
from socialwarden.web.pages.common import NAV, can, page
from socialwarden.web.security import new_csrf

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a signed-in person to another site."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/", name="page.home")
def home(request: Request, session: Session = Depends(auth.db)) -> Response:  # noqa: B008
    """Send the person to their open escalations when they have any, else the first page their roles allow."""
    if can(request, "page.escalations"):
        me = actor(request, session)
        if escalations.open_count(session, policy=auth.state_of(request).policy, who=me):
            return RedirectResponse("/escalations", status_code=303)
    for _label, name, path in NAV:
        if can(request, name):
            return RedirectResponse(path, status_code=303)
    return page(request, "nothing.html")


@router.get("/login", name="page.login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> Response:
    """The sign-in form."""
    if getattr(request.state, "caller", None) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return page(request, "login.html", {"next": _safe_next(next), "error": None, "handle": ""})


@router.post("/login", name="page.login.submit", response_class=HTMLResponse)
def login(request: Request, handle: Annotated[str, Form(max_length=200)],
          password: Annotated[str, Form(max_length=1024)], next: Annotated[str, Form(max_length=2000)] = "/",
          session: Session = Depends(auth.db)) -> Response:  # noqa: B008
    """Check the password; on success start a fresh session (new CSRF token) and go on."""
    state = auth.state_of(request)
    try:
        user = users.sign_in(session, state=state, handle=handle, password=password,
                             address=request.client.host if request.client else "?", via="browser")
    except (NotSignedIn, TooManyAttempts) as exc:
        status = 429 if isinstance(exc, TooManyAttempts) else 401
        return page(request, "login.html", {"next": _safe_next(next), "error": exc.message, "handle": handle},
                    status=status)
    session.commit()
    request.state.browser = {"csrf": new_csrf(), "h": user.handle, "fp": users.token_fingerprint(user)}
    request.state.browser_dirty = True
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", name="page.logout")
def logout(request: Request) -> Response:
    """End the session: the cookie is replaced by a signed-out one."""
    request.state.browser = {"csrf": new_csrf(), "h": None, "fp": None}
    request.state.browser_dirty = True
    return RedirectResponse("/login", status_code=303)

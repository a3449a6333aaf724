"""Sign in, sign out, and the home page (which sends each person to the first page they may use)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from socialwarden.exceptions import NotSignedIn, TooManyAttempts
from socialwarden.moderation import escalations
from socialwarden.people import service as people
from socialwarden.sessions import service as sessions
from socialwarden.sessions.models import SessionKind, WebSession
from socialwarden.web import auth, users
from socialwarden.web.actor import actor
from socialwarden.web.pages.common import NAV, can, done, page
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
        signed = users.sign_in(session, state=state, handle=handle, password=password,
                               address=request.client.host if request.client else "?", via="browser",
                               kind=SessionKind.BROWSER, hours=state.settings.session_hours)
    except (NotSignedIn, TooManyAttempts) as exc:
        status = 429 if isinstance(exc, TooManyAttempts) else 401
        return page(request, "login.html", {"next": _safe_next(next), "error": exc.message, "handle": handle},
                    status=status)
    session.commit()
    request.state.browser = {"csrf": new_csrf(), "sid": signed.secret}
    request.state.browser_dirty = True
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", name="page.logout")
def logout(request: Request, everywhere: Annotated[str, Form(max_length=5)] = "",
           session: Session = Depends(auth.db)) -> Response:  # noqa: B008
    """End the session on the server (a copied cookie stops working too); with ``everywhere``, every session and
    token of the person. The browser's cookie is replaced by a signed-out one."""
    caller = auth.require_caller(request)
    policy = auth.state_of(request).policy
    me = actor(request, session)
    if everywhere:
        sessions.end_all(session, policy=policy, person=me, actor=me, reason="signed out everywhere")
    else:
        row = session.get(WebSession, caller.session_id)
        if row is not None:
            sessions.end_session(session, policy=policy, row=row, actor=me, reason="signed out")
    session.commit()
    request.state.browser = {"csrf": new_csrf(), "sid": None}
    request.state.browser_dirty = True
    return RedirectResponse("/login", status_code=303)


@router.post("/people/{handle}/sessions/revoke", name="page.people.signout")
def sign_out_everywhere(handle: Annotated[str, PathParam(max_length=80)], request: Request,
                        session: Session = Depends(auth.db)) -> Response:  # noqa: B008
    """An administrator signs a person out everywhere (every browser session and API token)."""
    person = people.get_person(session, handle=handle)
    count = sessions.end_all(session, policy=auth.state_of(request).policy, person=person,
                             actor=actor(request, session), reason="signed out everywhere by an administrator")
    session.commit()
    return done("/people", f"{person.handle} signed out everywhere ({count} sessions ended)")

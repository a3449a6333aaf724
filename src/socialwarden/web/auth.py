"""Who is calling: the session cookie or a bearer token, checked against the route table on every request."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from socialwarden.exceptions import NotSignedIn, PermissionDenied
from socialwarden.people.models import Person
from socialwarden.policy.models import Permission
from socialwarden.sessions import service as sessions
from socialwarden.sessions.limits import Bucket
from socialwarden.sessions.models import SessionKind
from socialwarden.web import users
from socialwarden.web.routes import COMPUTE_ONLY, CSRF_EXEMPT, NOT_RATE_LIMITED, RULES, Access, allows
from socialwarden.web.security import fingerprint, new_csrf, same_token
from socialwarden.web.state import AppState

SESSION_COOKIE = "warden_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Caller:
    """The signed-in person for this request, with the permissions their roles grant under the policy."""

    user: users.User
    via: str  # "cookie" or "bearer"
    session_id: int  # the server-side session (web_sessions row) this request is signed in with

    @property
    def permissions(self) -> frozenset[Permission]:
        return self.user.permissions


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.warden
    return state


def db(request: Request) -> Iterator[Session]:
    """One database session per request; the route commits once when it changes something."""
    with Session(state_of(request).engine) as session:
        yield session


def browser_session(request: Request) -> dict[str, Any]:
    """The (signed) cookie payload for this request, made on first use with a fresh CSRF token."""
    current: dict[str, Any] | None = getattr(request.state, "browser", None)
    if current is None:
        current = {"csrf": new_csrf(), "sid": None}
        request.state.browser = current
        request.state.browser_dirty = True
    return current


def csrf_token(request: Request) -> str:
    return str(browser_session(request)["csrf"])


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _identify(request: Request, session: Session) -> Caller | None:
    """The caller from a bearer token or the cookie, through their server-side session: a revoked, expired or
    unknown session, an inactive person or a changed password all mean signed out (a bearer token: 401)."""
    state = state_of(request)
    token = _bearer(request)
    if token is not None:
        payload = state.signer.unsign(token, purpose="api")
        via, kind, secret = "bearer", SessionKind.API, (payload or {}).get("sid")
        if not isinstance(secret, str):
            raise NotSignedIn("the bearer token is invalid or expired: sign in again (POST /api/v1/session)")
    else:
        cookie = getattr(request.state, "browser", None) or {}
        via, kind, secret = "cookie", SessionKind.BROWSER, cookie.get("sid")
        if not isinstance(secret, str):
            return None
    row = sessions.find_session(session, token=secret, kind=kind)
    person = session.get(Person, row.person_id) if row is not None else None
    if row is None or person is None or not person.active or person.password_hash is None \
            or fingerprint(person.password_hash) != row.password_fp:
        if via == "bearer":
            raise NotSignedIn("the bearer token has been revoked or has expired, or its person can no longer sign "
                              "in: sign in again")
        return None  # signed out, revoked, expired, password changed or person deactivated
    return Caller(user=users.to_user(session, person, state.policy), via=via, session_id=row.id)


async def _check_csrf(request: Request, name: str) -> None:
    if request.method not in UNSAFE or name in CSRF_EXEMPT or _bearer(request) is not None:
        return
    expected = browser_session(request)["csrf"]
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # cached by Starlette, so the route's Form() fields still read it
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not same_token(expected, sent):
        raise PermissionDenied("the form's security token is missing or out of date: reload the page and try again")


async def authorise(request: Request, session: Session = Depends(db)) -> Caller | None:  # noqa: B008
    """The one gate every route passes: identify the caller, check CSRF, then the route's rule from the table."""
    route = request.scope.get("route")
    name = getattr(route, "name", None)
    rule = RULES.get(name) if isinstance(name, str) else None
    if rule is None:  # create_app refuses such routes; this is the belt to its braces
        raise PermissionDenied("this route has no authorisation rule")
    # the look-ups are blocking database calls: run them off the event loop, which must stay free to finish the
    # requests that hold pooled connections (on the loop, a wait for a connection would stall every request)
    caller = await run_in_threadpool(_identify, request, session)
    request.state.caller = caller
    if caller is None and rule is not Access.PUBLIC:
        raise NotSignedIn("sign in first")
    await _check_csrf(request, str(name))
    if caller is None or rule is Access.PUBLIC:
        return caller
    if not allows(rule, caller.permissions):
        roles = ", ".join(caller.user.roles) or "no roles"
        raise PermissionDenied(f"{caller.user.handle} ({roles}) may not do this: it needs the {rule} permission")
    if request.method in UNSAFE and name not in NOT_RATE_LIMITED:
        state = state_of(request)
        bucket = Bucket.CHECK if name in COMPUTE_ONLY else Bucket.WRITE
        await run_in_threadpool(state.limiter.take, policy=state.policy, person_id=caller.user.id,
                                handle=caller.user.handle, bucket=bucket, what=f"{request.method} {request.url.path}")
    return caller


def require_caller(request: Request) -> Caller:
    """The signed-in caller (for routes whose rule already demanded one)."""
    caller: Caller | None = getattr(request.state, "caller", None)
    if caller is None:
        raise NotSignedIn("sign in first")
    return caller

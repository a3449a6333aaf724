"""The web app factory: ``create_app(settings)`` builds the FastAPI app (JSON API under /api/v1 and the pages)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.datastructures import MutableHeaders
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import socialwarden
from socialwarden.exceptions import InputError
from socialwarden.policy.loader import load_policy
from socialwarden.sessions.limits import ActionLimiter, Limits
from socialwarden.sessions.service import SignInThrottle
from socialwarden.settings import Settings
from socialwarden.store.db import open_store
from socialwarden.web import auth, errors, render
from socialwarden.web.middleware import BodyLimit, ErrorGuard, RequestLog
from socialwarden.web.routes import RULES, Access
from socialwarden.web.security import Signer, load_secret
from socialwarden.web.state import AppState

API_PREFIX = "/api/v1"
# Inline scripts and styles are refused: every script is a file under /static (htmx included), so an injected
# <script> cannot run even if escaping were ever missed.
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def _routers() -> list[tuple[object, str]]:
    from socialwarden.accounts import views as accounts_views
    from socialwarden.approvals import views as approvals_views
    from socialwarden.audit import views as audit_views
    from socialwarden.complaints import views as complaints_views
    from socialwarden.engine import views as engine_views
    from socialwarden.exports import views as export_views
    from socialwarden.incidents import views as incident_views
    from socialwarden.moderation import views as moderation_views
    from socialwarden.notifications import views as notifications_views
    from socialwarden.people import views as people_views
    from socialwarden.policy import views as policy_views
    from socialwarden.policy_exceptions import views as exception_views
    from socialwarden.policy_reviews import views as review_views
    from socialwarden.posts import views as posts_views
    from socialwarden.web import api as session_api
    from socialwarden.web import health
    from socialwarden.web.pages import (
        approval_pages,
        audit_pages,
        check_pages,
        dashboard,
        home,
        inbox_pages,
        posts_pages,
        registry_pages,
    )
    from socialwarden.wiki_edits import views as wiki_views

    api = [session_api, engine_views, policy_views, audit_views, people_views, accounts_views, incident_views,
           posts_views, approvals_views, moderation_views, complaints_views, notifications_views, exception_views,
           export_views, review_views, wiki_views]
    pages = [health, home, check_pages, posts_pages, approval_pages, inbox_pages, registry_pages, audit_pages,
             dashboard]
    return [(m.router, API_PREFIX) for m in api] + [(m.router, "") for m in pages]


def all_routes(app: FastAPI) -> list[tuple[str, BaseRoute]]:
    """Every (full path, route) the app serves, with included routers flattened."""
    found: list[tuple[str, BaseRoute]] = []
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)  # FastAPI's lazily included routers
        if contexts is None:
            found.append((str(getattr(route, "path", "?")), route))
        else:
            found.extend((str(c.path), c.original_route) for c in contexts())
    return found


def unruled_routes(app: FastAPI) -> list[str]:
    """Routes with no entry in the authorisation table, or framework routes that are not public."""
    missing = []
    for path, route in all_routes(app):
        name = getattr(route, "name", None) or path
        rule = RULES.get(name)
        if rule is None or (not isinstance(route, APIRoute) and rule is not Access.PUBLIC):
            missing.append(f"{path} ({name})")
    return missing


def _templates() -> Jinja2Templates:
    env = Environment(loader=PackageLoader("socialwarden.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True), auto_reload=False)
    render.register(env)
    return Jinja2Templates(env=env)


def create_app(settings: Settings) -> FastAPI:
    """Build the app for ``settings``: opens the store (schema must be current) and loads the policy once."""
    if not settings.policy:
        raise InputError("WARDEN_POLICY is not set: name the organisation's policy (a pack such as gosport, "
                         "or a YAML file)")
    policy = load_policy(settings.policy)
    engine = open_store(settings)
    state = AppState(settings=settings, engine=engine, policy=policy, signer=Signer(load_secret(settings)),
                     throttle=SignInThrottle(engine), templates=_templates(),
                     limiter=ActionLimiter(engine, Limits(write=settings.write_limit, check=settings.check_limit,
                                                          window=settings.rate_window)))
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title="SocialWarden", lifespan=lifespan, version=socialwarden.__version__, docs_url=None,
                  redoc_url=None,
                  description=f"The HTTP API of SocialWarden for {policy.organisation.name} "
                              f"(policy {policy.policy.id} {policy.policy.version}). Authenticate with a bearer "
                              "token from POST /api/v1/session, or the browser's session cookie plus an "
                              "X-CSRF-Token header on unsafe calls.",
                  dependencies=[Depends(auth.authorise)])
    app.state.warden = state
    errors.install(app)
    for router, prefix in _routers():
        app.include_router(router, prefix=prefix)  # type: ignore[arg-type]
    app.mount("/static", StaticFiles(packages=[("socialwarden.web", "static")]), name="static")
    missing = unruled_routes(app)
    if missing:
        raise RuntimeError("routes without an authorisation rule in web/routes.py: " + ", ".join(missing))
    # outermost last: the body limit sees the request first; the guard answers anything that escapes, inside
    # the layer that adds the cookie and security headers (so its 500 page has them too)
    app.add_middleware(ErrorGuard, render=errors.escaped)
    app.add_middleware(CookiesAndHeaders, state=state)
    app.add_middleware(BodyLimit, body_limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes,
                       cookie_name=auth.SESSION_COOKIE)
    app.add_middleware(RequestLog)  # outermost: every answer, even a 413, carries the request id and is logged
    return app


def app_from_env() -> FastAPI:
    """The app for one of `warden serve --workers N`'s processes: settings from the environment (and the file
    WARDEN_SETTINGS_FILE names), which `warden serve` sets before starting them."""
    return create_app(Settings.load())


class CookiesAndHeaders:
    """Pure ASGI: reads the signed cookie into ``request.state.browser`` before the app runs, and on the way out
    re-signs it when a route changed it, and adds the security headers (CSP, nosniff, frame and referrer
    policies, HSTS over https, no-store). Pure ASGI so the request body streams through untouched."""

    def __init__(self, app: ASGIApp, *, state: AppState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        raw = request.cookies.get(auth.SESSION_COOKIE)
        request.state.browser = self.state.signer.unsign(raw, purpose="session") if raw else None
        request.state.browser_dirty = False
        https = request.url.scheme == "https"
        static = request.url.path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if request.state.browser_dirty and request.state.browser is not None:
                    headers.append("set-cookie", self._cookie(request.state.browser, https))
                for name, value in _HEADERS:
                    if name not in headers:
                        headers[name] = value
                if https and "strict-transport-security" not in headers:
                    headers["strict-transport-security"] = "max-age=31536000"
                if not static and "cache-control" not in headers:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _cookie(self, payload: dict[str, object], https: bool) -> str:
        settings = self.state.settings
        ttl = settings.session_hours * 3600
        value = self.state.signer.sign(payload, purpose="session", ttl=ttl)
        carrier = Response()
        carrier.set_cookie(auth.SESSION_COOKIE, value, max_age=ttl, httponly=True, samesite="lax", path="/",
                           secure=https if settings.cookie_secure is None else settings.cookie_secure)
        return carrier.headers["set-cookie"]


_HEADERS = (("content-security-policy", _CSP), ("x-content-type-options", "nosniff"),
            ("referrer-policy", "same-origin"), ("x-frame-options", "DENY"))

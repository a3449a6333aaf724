"""Errors rendered once, at the web edge: RFC 7807 problem details under /api, a friendly page elsewhere."""

from __future__ import annotations

import logging
from http import HTTPStatus
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from socialwarden.exceptions import PolicyInvalid, TooManyAttempts, WardenError

log = logging.getLogger("socialwarden.web")
PROBLEM = "application/problem+json"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(request: Request, status: int, detail: str, **extra: object) -> Response:
    """A problem+json response for the API, or the error page for the browser."""
    headers = {}
    retry = extra.pop("retry_after", None)
    if retry is not None:
        headers["Retry-After"] = str(retry)
    if _is_api(request):
        body = {"type": "about:blank", "title": _title(status), "status": status, "detail": detail,
                "instance": request.url.path, **extra}
        return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("hx-request"):  # htmx: send the whole page to sign in, not into a panel
            target = request.headers.get("hx-current-url", "/")
            target = urlsplit(target).path or "/"
            return Response(status_code=401, headers={"HX-Redirect": f"/login?next={quote(target, safe='')}"})
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    from socialwarden.web.pages.common import page  # pages import this module's callers; import at use

    context = {"status": status, "title": _title(status), "detail": detail, "issues": extra.get("issues", [])}
    response = page(request, "error.html", context, status=status, headers=headers)
    if request.headers.get("hx-request"):
        response.headers["HX-Retarget"] = "#flash"  # htmx: show the error where messages go, not in the target
        response.headers["HX-Reswap"] = "innerHTML"
    return response


async def _warden(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WardenError)
    extra: dict[str, object] = {}
    if isinstance(exc, PolicyInvalid):
        extra["issues"] = [{"file": i.file, "line": i.line, "column": i.column, "field": i.field,
                            "message": i.message, "suggestion": i.suggestion} for i in exc.issues]
    if isinstance(exc, TooManyAttempts):
        extra["retry_after"] = exc.retry_after
    if exc.status >= 500:
        log.error("server error on %s: %s", request.url.path, exc.message)
    return problem(request, exc.status, exc.message, **extra)


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [{"field": ".".join(str(part) for part in err.get("loc", ())), "message": str(err.get("msg", ""))}
              for err in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5]) or "the request is not valid"
    status = 422 if _is_api(request) else 400
    return problem(request, status, detail, errors=errors)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else _title(exc.status_code)
    if exc.status_code == 404:
        detail = "there is nothing at this address"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed here"
    elif exc.status_code == 413:
        detail = exc.detail if isinstance(exc.detail, str) else "the request body is too large"
    return problem(request, exc.status_code, detail)


MAX_DB_INT = 2**63 - 1  # the largest id either database can hold (BIGINT; SQLite's INTEGER)


def _too_big(value: object) -> bool:
    text = str(value).strip().lstrip("+-")
    return text.isdigit() and int(text) > MAX_DB_INT


async def _out_of_range(request: Request, exc: Exception) -> Response:
    """A number the database cannot hold (an id >= 2**63, SQLite's OverflowError, PostgreSQL's numeric out of
    range) or a value it refuses (PostgreSQL DataError): the request's fault, so 404 for an id in the path (there
    is no such record) and 400 otherwise; the connection stays open."""
    if any(_too_big(v) for v in request.path_params.values()):
        return problem(request, 404, "there is nothing at this address")
    log.info("refused out-of-range value on %s %s: %s", request.method, request.url.path, exc.__class__.__name__)
    return problem(request, 400, "a value in the request is out of range (numbers must be below 2^63, dates "
                                 "within 0001-9999)")


async def escaped(request: Request, exc: Exception) -> Response:
    """Render an exception that escaped the app's handlers (``middleware.ErrorGuard``)."""
    if isinstance(exc, StarletteHTTPException):
        return await _http(request, exc)
    if isinstance(exc, WardenError):
        return await _warden(request, exc)
    if isinstance(exc, OverflowError | DataError):
        return await _out_of_range(request, exc)
    return await _unexpected(request, exc)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(request, 500, "something went wrong on our side; it has been logged")


def install(app: FastAPI) -> None:
    """Register the handlers: ours, validation, HTTP (404/405) and anything unexpected (never a traceback)."""
    app.add_exception_handler(WardenError, _warden)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(DataError, _out_of_range)
    app.add_exception_handler(Exception, _unexpected)

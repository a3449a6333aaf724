"""The draft checker: type or paste, findings marked in place as you type (htmx), verdict and clauses beside it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from socialwarden.engine.context import Direction
from socialwarden.engine.service import check as run_check
from socialwarden.engine.views import MAX_TEXT, CheckIn, context_for, incident_on
from socialwarden.exceptions import InputError
from socialwarden.moderation.guidance import assess
from socialwarden.web import auth
from socialwarden.web.pages.common import page

router = APIRouter(include_in_schema=False)


def _first_category(request: Request) -> str | None:
    return next(iter(auth.state_of(request).policy.account_categories), None)


def result_context(request: Request, body: CheckIn, session: Session) -> dict[str, Any]:
    """Run the check (in incident mode while an incident is in force) and shape what the templates need."""
    policy = auth.state_of(request).policy
    context = context_for(policy, body, incident=incident_on(session))
    checked = run_check(body.text, policy, context) if body.text.strip() else None
    decision = checked.to_json() if checked is not None else None
    response = assess(checked, policy) if checked is not None and checked.direction is Direction.INBOUND else None
    approvers = decision["approvers"] if decision else []
    titles = [policy.roles[r].title if r in policy.roles else r for r in approvers]  # type: ignore[attr-defined]
    said = {a.text for a in response.advice} if response is not None else set()
    notes = [g.to_json() for g in (checked.guidance if checked is not None else ()) if g.text not in said]
    tied = [g for g in notes if g.get("tied")][:3]
    return {"text": body.text, "decision": decision, "approver_titles": titles, "response": response,
            "notes_first": tied, "notes_more": [g for g in notes if g not in tied],
            "findings": decision["findings"] if decision else [], **body.model_dump(exclude={"text"})}


def _day(value: str | None) -> dt.date | None:
    """The form's "goes out on" date (empty: today)."""
    if not value or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"on: {value!r} is not a date (YYYY-MM-DD)") from None


@router.get("/check", name="page.check", response_class=HTMLResponse)
def checker(request: Request, session: Session = Depends(auth.db)) -> Response:  # noqa: B008
    """The empty checker."""
    body = CheckIn(text="", account_category=_first_category(request))
    return page(request, "check.html", result_context(request, body, session))


@router.post("/check/preview", name="page.check.preview", response_class=HTMLResponse)
def preview(request: Request, text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
            direction: Annotated[Literal["outbound", "inbound"], Form()] = "outbound",
            account_category: Annotated[str | None, Form(max_length=80)] = None,
            media_attached: Annotated[bool, Form()] = False, consent_recorded: Annotated[bool, Form()] = False,
            licence_recorded: Annotated[bool, Form()] = False,
            on: Annotated[str | None, Form(max_length=10)] = None,
            session: Session = Depends(auth.db)) -> Response:  # noqa: B008
    """The verdict panel (and, out of band, the marks under the text); the whole page without JavaScript."""
    body = CheckIn(text=text, direction=direction, account_category=account_category or _first_category(request),
                   media_attached=media_attached, consent_recorded=consent_recorded,
                   licence_recorded=licence_recorded, on=_day(on))
    context = result_context(request, body, session)
    if request.headers.get("hx-request"):
        return page(request, "_check_result.html", {**context, "oob": True})
    return page(request, "check.html", context)

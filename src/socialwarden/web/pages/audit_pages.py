"""The audit log page: search, export, and a badge saying whether the hash chain verifies."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.audit.views import export_response
from socialwarden.web import auth
from socialwarden.web.pages.common import page

router = APIRouter(include_in_schema=False)


@router.get("/audit", name="page.audit", response_class=HTMLResponse)
def audit_log(request: Request, session: Session = Depends(auth.db),  # noqa: B008
              q: Annotated[str | None, Query(max_length=200)] = None,
              action: Annotated[str | None, Query(max_length=80)] = None,
              before_seq: Annotated[int | None, Query(ge=1, le=2**62)] = None) -> Response:
    """The newest events (filtered), 50 a page, with the chain's verification state."""
    events = audit.search(session, text=q, action=action, before_seq=before_seq, limit=50)
    report = audit.verify(session)
    return page(request, "audit.html", {"events": events, "report": report, "q": q or "", "action": action or "",
                                        "older": events[-1].seq if len(events) == 50 else None})


@router.get("/audit/export", name="page.audit.export")
def audit_export(request: Request, start: dt.date | None = None, end: dt.date | None = None,
                 fmt: Annotated[Literal["jsonl", "csv"], Query(alias="format")] = "jsonl") -> StreamingResponse:
    """Download a period of the trail (the same file as the API's export)."""
    return export_response(request, start=start, end=end, fmt=fmt)

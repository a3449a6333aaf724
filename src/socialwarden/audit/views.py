"""API routes for the audit trail: verify the chain, search events, export a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.audit.models import AuditEventOut, VerifyReport
from socialwarden.exceptions import InputError
from socialwarden.web import auth

router = APIRouter(prefix="/audit", tags=["audit"])
Db = Annotated[Session, Depends(auth.db)]


@router.get("/verify", name="api.audit.verify", response_model=VerifyReport)
def verify(session: Db) -> VerifyReport:
    """Recompute the whole hash chain; ``broken`` names the first row that does not hold."""
    return audit.verify(session)


@router.get("/events", name="api.audit.events", response_model=list[AuditEventOut])
def events(session: Db, q: Annotated[str | None, Query(max_length=200)] = None,
           actor: Annotated[str | None, Query(max_length=200)] = None,
           action: Annotated[str | None, Query(max_length=80)] = None,
           subject_type: Annotated[str | None, Query(max_length=80)] = None,
           before_seq: Annotated[int | None, Query(ge=1, le=2**62)] = None,
           limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[AuditEventOut]:
    """Search the trail, newest first; page with ``before_seq`` (the last ``seq`` you saw)."""
    return audit.search(session, text=q, actor=actor, action=action, subject_type=subject_type,
                        before_seq=before_seq, limit=limit)


def day_after(day: dt.date) -> dt.datetime | None:
    """Midnight UTC at the end of ``day``; None (no upper bound) for the last day there is (9999-12-31)."""
    if day >= dt.date.max:
        return None
    following = day + dt.timedelta(days=1)
    return dt.datetime(following.year, following.month, following.day, tzinfo=dt.UTC)


def export_response(request: Request, *, start: dt.date | None, end: dt.date | None,
                    fmt: Literal["jsonl", "csv"]) -> StreamingResponse:
    """Stream the events from ``start`` to ``end`` (whole UTC days, both included) as a download."""
    lower = dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC) if start else None
    upper = day_after(end) if end else None
    if lower is not None and upper is not None and upper <= lower:
        raise InputError("end must not be before start")
    engine = auth.state_of(request).engine

    def lines() -> Iterator[str]:
        with Session(engine) as session:  # its own session: the response outlives the request's
            yield from audit.export(session, start=lower, end=upper, fmt=fmt)

    name = f"audit-{start or 'start'}-{end or 'now'}.{fmt}"
    media = "text/csv" if fmt == "csv" else "application/x-ndjson"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    return StreamingResponse(lines(), media_type=media, headers=disposition)


@router.get("/export", name="api.audit.export", response_class=StreamingResponse,
            responses={200: {"content": {"application/x-ndjson": {}, "text/csv": {}}}})
def export(request: Request, start: dt.date | None = None, end: dt.date | None = None,
           fmt: Annotated[Literal["jsonl", "csv"], Query(alias="format")] = "jsonl") -> StreamingResponse:
    """Export events with their hashes (JSONL or CSV) so the file re-verifies on its own."""
    return export_response(request, start=start, end=end, fmt=fmt)

"""The dashboard: server-side SVG charts of volume, response times, verdicts and under-used accounts."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from socialwarden.web import auth, charts, reports
from socialwarden.web.pages.common import page
from socialwarden.web.render import VERDICT_LABEL

router = APIRouter(include_in_schema=False)


@router.get("/dashboard", name="page.dashboard", response_class=HTMLResponse)
def dashboard(request: Request, session: Session = Depends(auth.db)) -> Response:  # noqa: B008
    """Charts for the last 8 weeks, each with the figures as a table for screen readers."""
    now = dt.datetime.now(dt.UTC)
    since = now - dt.timedelta(weeks=8)
    verdicts = reports.decisions_by_verdict(session, since=since)
    verdict_rows = sorted(verdicts.items(), key=lambda kv: -kv[1])
    verdict_chart = charts.bars([VERDICT_LABEL.get(k, k) for k, _ in verdict_rows], [v for _, v in verdict_rows],
                                title="Decisions by verdict, last 8 weeks")
    idle = reports.under_used_accounts(session, now=now)
    idle_chart = charts.bars([u.label for u in idle], [u.days_idle or 0 for u in idle], unit=" d",
                             title="Days since last post, live accounts", target=float(reports.UNDER_USE_DAYS))
    return page(request, "dashboard.html", {"verdict_chart": verdict_chart, "verdict_rows": verdict_rows,
                                            "idle": idle, "idle_chart": idle_chart})

"""The dashboard: server-side SVG charts of volume, response times, verdicts, under-used accounts and engagement
per account."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from socialwarden.engagement import service as engagement
from socialwarden.moderation import service as moderation
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
    mondays = reports.weeks(now, 8)
    labels = [m.strftime("%d %b") for m in mondays]
    categories, volume = reports.comments_by_category(session, since=since, mondays=mondays)
    volume_chart = charts.stacked_columns(labels, [charts.Series(c.replace("_", " "), tuple(volume[c]))
                                                   for c in categories],
                                          title="Inbound comments by category, per week")
    policy = auth.state_of(request).policy
    target = min((t.working_days for t in policy.response_times.targets), default=None)
    responses = reports.response_times(session, mondays=mondays, now=now)
    response_chart = charts.bars(labels, [round(r.median_hours or 0, 1) for r in responses], unit=" h",
                                 title="Median hours to reply, by week the comment arrived",
                                 target=target * 24 if target else None)
    idle = reports.under_used_accounts(session, now=now)
    idle_chart = charts.bars([u.label + ("" if u.days_idle is not None else " (never)") for u in idle],
                             [u.days_idle or 0 for u in idle], unit=" d",
                             title="Days since last post, live accounts", target=float(reports.UNDER_USE_DAYS))
    replied = any(r.answered for r in responses)
    exceptions = moderation.exceptions(session, since=since)
    counted = engagement.by_account(session)  # ETT 6f: analytics per account, as the platforms count them
    engagement_chart = charts.bars([e.account for e in counted], [e.likes + e.shares + e.replies for e in counted],
                                   title="Likes, shares and replies of published posts, per account")
    return page(request, "dashboard.html", {"replied": replied, "verdict_chart": verdict_chart,
                                            "verdict_rows": verdict_rows,
                                            "idle": idle, "idle_chart": idle_chart, "volume_chart": volume_chart,
                                            "volume": volume, "categories": categories, "labels": labels,
                                            "responses": responses, "response_chart": response_chart,
                                            "target": target, "exceptions": exceptions,
                                            "engagement": counted, "engagement_chart": engagement_chart})

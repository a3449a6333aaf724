"""The moderation inbox (posts and approvals have their own pages: posts_pages, approval_pages)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.moderation import service as moderation
from socialwarden.moderation.views import SEVERITY, filtered
from socialwarden.policy.models import ModerationAction
from socialwarden.web import auth
from socialwarden.web.auth import require_caller
from socialwarden.web.pages.common import done, page

router = APIRouter(include_in_schema=False)
UK = ZoneInfo("Europe/London")
Db = Annotated[Session, Depends(auth.db)]


@router.get("/inbox", name="page.inbox", response_class=HTMLResponse)
def inbox(request: Request, session: Db, category: Annotated[str | None, Query(max_length=40)] = None,
          severity: Literal["high", "medium", "low", ""] = "", account_id: Annotated[str, Query(max_length=12)] = "",
          due: Literal["", "overdue", "today", "week"] = "", done: str | None = None) -> Response:
    """The moderation inbox with filters, findings marked, guidance, and one-click actions."""
    policy = auth.state_of(request).policy
    now = dt.datetime.now(dt.UTC)
    due_before = {"overdue": now, "today": now + dt.timedelta(days=1), "week": now + dt.timedelta(days=7)}.get(due)
    account = int(account_id) if account_id.isdigit() else None
    rows = filtered(session, state="open", category=category or None, severity=severity or None,
                    account_id=account, due_before=due_before)[:50]
    guidance = {c.id: moderation.guidance_for(session, policy=policy, pk=c.id) for c in rows}
    cats = sorted({str(f.get("category")) for c in rows for f in c.findings})
    return page(request, "inbox.html", {"comments": rows, "guidance": guidance, "severity_of": SEVERITY,
                                        "filters": {"category": category or "", "severity": severity,
                                                    "account_id": account_id, "due": due},
                                        "categories": cats, "accounts": accounts.list_accounts(session),
                                        "actions": list(ModerationAction), "now": now, "done": done})


@router.post("/inbox/{comment_id}", name="page.inbox.act")
def act(comment_id: int, request: Request, session: Db, action: Annotated[ModerationAction, Form()],
        reason: Annotated[str, Form(min_length=1, max_length=2000)],
        reply_text: Annotated[str | None, Form(max_length=5000)] = None) -> Response:
    """One-click action on a comment (the reason is required and kept with any evidence)."""
    out = moderation.act(session, policy=auth.state_of(request).policy, actor=require_caller(request).user.handle,
                         pk=comment_id, action=action, reason=reason, reply_text=reply_text or None)
    session.commit()
    extra = f"; evidence #{out.evidence_id} kept" if out.evidence_id else ""
    return done("/inbox", f"Comment #{comment_id}: {action.value.replace('_', ' ')}{extra}")

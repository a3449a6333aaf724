"""The accounts registry (approvals, documents, branding, the incident switch) and the people list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.accounts.branding import check_branding
from socialwarden.accounts.documents import document_status
from socialwarden.incidents import service as incidents
from socialwarden.people import service as people
from socialwarden.web import auth
from socialwarden.web.actor import actor
from socialwarden.web.pages.common import page
from socialwarden.web.pages.desk_pages import done

router = APIRouter(include_in_schema=False)
Db = Annotated[Session, Depends(auth.db)]


@router.get("/accounts", name="page.accounts", response_class=HTMLResponse)
def registry(request: Request, session: Db, done: str | None = None) -> Response:
    """Every account with its status, approvals, missing documents and branding findings; the incident switch."""
    policy = auth.state_of(request).policy
    rows = []
    for account in accounts.list_accounts(session):
        docs = document_status(policy=policy, account=account)
        rows.append({"account": accounts.account_out(account),
                     "approvals": accounts.approval_state(session, policy=policy, account=account),
                     "missing": [d for d in docs if not d.present], "documents": docs,
                     "branding": check_branding(policy=policy, account=account)})
    current = incidents.current_incident(session)
    return page(request, "accounts.html", {"rows": rows, "incident": incidents.incident_out(current) if current
                                           else None, "done": done})


@router.post("/accounts", name="page.accounts.request")
def request_account(request: Request, session: Db, platform: Annotated[str, Form(min_length=1, max_length=40)],
                    handle: Annotated[str, Form(min_length=1, max_length=200)],
                    category: Annotated[str, Form(min_length=1, max_length=80)],
                    purpose: Annotated[str, Form(min_length=1, max_length=4000)],
                    owner: Annotated[str, Form(max_length=80)] = "") -> Response:
    """Request an account; the approvers the policy names see it in their queue."""
    owner_person = people.get_person(session, handle=owner) if owner.strip() else None
    account = accounts.request_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                       platform=platform, handle=handle, category=category, purpose=purpose,
                                       owner=owner_person)
    session.commit()
    return done("/accounts", f"Account {account.platform} {account.handle} requested: {account.status}")


@router.post("/accounts/{account_id}/suspend", name="page.accounts.suspend")
def suspend(account_id: int, request: Request, session: Db,
            reason: Annotated[str, Form(min_length=1, max_length=2000)]) -> Response:
    """Suspend one account."""
    account = accounts.get_account(session, account_id=account_id)
    accounts.suspend_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                             account=account, reason=reason)
    session.commit()
    return done("/accounts", f"Account #{account_id} suspended")


@router.post("/incident/start", name="page.incident.start")
def start_incident(request: Request, session: Db,
                   reason: Annotated[str, Form(min_length=1, max_length=2000)]) -> Response:
    """Declare an incident: the policy's named account categories are suspended."""
    incident = incidents.declare_incident(session, policy=auth.state_of(request).policy,
                                          actor=actor(request, session), reason=reason)
    count = len(incident.suspensions)
    session.commit()
    return done("/accounts", f"Incident #{incident.id} declared: {count} accounts suspended")


@router.post("/incident/end", name="page.incident.end")
def end_incident(request: Request, session: Db,
                 reason: Annotated[str, Form(min_length=1, max_length=2000)]) -> Response:
    """End the incident: the accounts it suspended are reactivated."""
    incident = incidents.end_incident(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                      reason=reason)
    session.commit()
    return done("/accounts", f"Incident #{incident.id} ended: accounts reactivated")


@router.get("/people", name="page.people", response_class=HTMLResponse)
def people_list(request: Request, session: Db) -> Response:
    """Everyone registered, their roles and whether they can sign in."""
    policy = auth.state_of(request).policy
    return page(request, "people.html", {"people": people.list_people(session),
                                         "titles": {k: r.title for k, r in policy.roles.items()}})

"""The accounts registry (approvals, documents, branding, the incident switch) and the people list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.accounts.branding import check_branding
from socialwarden.accounts.documents import document_status, notice_status, record_document
from socialwarden.incidents import service as incidents
from socialwarden.people import service as people
from socialwarden.web import auth
from socialwarden.web.actor import actor
from socialwarden.web.pages.common import done, page

router = APIRouter(include_in_schema=False)
Db = Annotated[Session, Depends(auth.db)]
AccountId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/accounts", name="page.accounts", response_class=HTMLResponse)
def registry(request: Request, session: Db, done: str | None = None) -> Response:
    """Every account with its status, approvals, missing documents and branding findings; the incident switch."""
    policy = auth.state_of(request).policy
    me = actor(request, session)
    rows = []
    for account in accounts.list_accounts(session):
        docs = document_status(policy=policy, account=account)
        notices = notice_status(policy=policy, account=account)
        blockers, _ = accounts.activation_blockers(session, policy=policy, account=account)
        keeper = account.owner_id == me.id or any(m.person_id == me.id for m in account.members)
        rows.append({"account": accounts.account_out(account),
                     "approvals": accounts.approval_state(session, policy=policy, account=account),
                     "missing": [d for d in docs if not d.present], "documents": docs,
                     "notices": [n for n in notices if not n.present], "blockers": blockers,
                     "keeper": keeper, "mine": account.requested_by_id == me.id,
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


@router.post("/accounts/{account_id}/amend", name="page.accounts.amend")
def amend(account_id: AccountId, request: Request, session: Db,
          purpose: Annotated[str, Form(min_length=1, max_length=4000)],
          reason: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    """The requester amends a returned request; it goes to the approvers again."""
    account = accounts.get_account(session, account_id=account_id)
    accounts.amend_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                           account=account, purpose=purpose, reason=reason or None)
    session.commit()
    return done("/accounts", f"Account #{account_id} amended and sent for approval again")


@router.post("/accounts/{account_id}/documents", name="page.accounts.document")
def add_document(account_id: AccountId, request: Request, session: Db,
                 document_id: Annotated[str, Form(min_length=1, max_length=80)],
                 location: Annotated[str, Form(min_length=1, max_length=500)]) -> Response:
    """Record a required document or a displayed site statement, and where it is."""
    account = accounts.get_account(session, account_id=account_id)
    shown = record_document(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                            account=account, document_id=document_id, location=location)
    session.commit()
    return done("/accounts", f"Account #{account_id}: {shown.title} recorded")


@router.post("/accounts/{account_id}/activate", name="page.accounts.activate")
def activate(account_id: AccountId, request: Request, session: Db) -> Response:
    """Make an approved account live (refused, saying why, while documents or branding are missing)."""
    account = accounts.get_account(session, account_id=account_id)
    accounts.activate_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                              account=account)
    session.commit()
    return done("/accounts", f"Account #{account_id} is live")


@router.post("/accounts/{account_id}/monitored", name="page.accounts.monitored")
def monitored(account_id: AccountId, request: Request, session: Db,
              note: Annotated[str | None, Form(max_length=2000)] = None) -> Response:
    """Record that you looked over the site today (the daily-monitoring duty reads it)."""
    account = accounts.get_account(session, account_id=account_id)
    accounts.record_monitoring(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                               account=account, note=note or None)
    session.commit()
    return done("/accounts", f"Account #{account_id}: looked over today")


@router.post("/accounts/{account_id}/suspend", name="page.accounts.suspend")
def suspend(account_id: AccountId, request: Request, session: Db,
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

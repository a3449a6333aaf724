"""API routes for the accounts registry: list, show, request, approve / return / reject, amend, activate, suspend,
close, owner, deputies and access list, record documents and site statements, record monitoring, read a
credential."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.accounts.branding import check_branding
from socialwarden.accounts.documents import document_status, notice_status, record_document
from socialwarden.accounts.models import AccountOut, AccountStatus, BrandingFinding, DocumentStatus, MemberKind
from socialwarden.approvals.models import ApprovalState
from socialwarden.people import service as people
from socialwarden.vault import service as vault
from socialwarden.web import auth
from socialwarden.web.actor import actor

router = APIRouter(prefix="/accounts", tags=["accounts"])
Db = Annotated[Session, Depends(auth.db)]
AccountId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class AccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    platform: Annotated[str, Field(min_length=1, max_length=40)]
    handle: Annotated[str, Field(min_length=1, max_length=200)]
    category: Annotated[str, Field(min_length=1, max_length=80)]
    purpose: Annotated[str, Field(min_length=1, max_length=4000)]
    url: Annotated[str | None, Field(max_length=500)] = None
    owner: Annotated[str | None, Field(max_length=80, description="The owner's handle.")] = None
    profile_text: Annotated[str, Field(max_length=4000)] = ""
    has_logo: bool = False


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: Annotated[str | None, Field(max_length=2000)] = None


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: Annotated[str, Field(min_length=1, max_length=2000, description="What to change, or why not.")]


class OwnerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    owner: Annotated[str | None, Field(max_length=80, description="The owner's handle; null to clear.")]
    reason: Annotated[str | None, Field(max_length=2000)] = None


class MemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person: Annotated[str, Field(min_length=1, max_length=80, description="The person's handle.")]
    kind: MemberKind = MemberKind.ACCESS
    remove: bool = Field(default=False, description="Take them off instead.")
    reason: Annotated[str | None, Field(max_length=2000)] = None


class AmendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    purpose: Annotated[str | None, Field(min_length=1, max_length=4000)] = None
    url: Annotated[str | None, Field(max_length=500)] = None
    owner: Annotated[str | None, Field(max_length=80, description="The owner's handle.")] = None
    profile_text: Annotated[str | None, Field(max_length=4000)] = None
    has_logo: bool | None = None
    reason: Annotated[str | None, Field(max_length=2000)] = None


class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document_id: Annotated[str, Field(min_length=1, max_length=80, description="A required document or notice id.")]
    location: Annotated[str, Field(min_length=1, max_length=500, description="Where it is (path, URL, reference).")]


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Annotated[str | None, Field(max_length=2000)] = None


class AccountDetail(BaseModel):
    account: AccountOut
    approvals: ApprovalState
    documents: list[DocumentStatus]
    notices: list[DocumentStatus]
    branding: list[BrandingFinding]
    blockers: list[str]  # what stops it going live that no exception covers


class CredentialOut(BaseModel):
    name: str
    value: str


def detail(session: Session, request: Request, account_id: int) -> AccountDetail:
    policy = auth.state_of(request).policy
    account = accounts.get_account(session, account_id=account_id)
    blockers, _ = accounts.activation_blockers(session, policy=policy, account=account)
    return AccountDetail(account=accounts.account_out(account),
                         approvals=accounts.approval_state(session, policy=policy, account=account),
                         documents=document_status(policy=policy, account=account),
                         notices=notice_status(policy=policy, account=account),
                         branding=check_branding(policy=policy, account=account), blockers=blockers)


@router.get("", name="api.accounts.list", response_model=list[AccountOut])
def list_accounts(session: Db, status: AccountStatus | None = None,
                  category: Annotated[str | None, Query(max_length=80)] = None) -> list[AccountOut]:
    """Registered accounts, optionally of one status or category."""
    return [accounts.account_out(a) for a in accounts.list_accounts(session, status=status, category=category)]


@router.get("/{account_id}", name="api.accounts.show", response_model=AccountDetail)
def show(account_id: AccountId, request: Request, session: Db) -> AccountDetail:
    """One account with its approvals, required documents and branding check."""
    return detail(session, request, account_id)


@router.post("", name="api.accounts.request", response_model=AccountOut, status_code=201)
def request_account(body: AccountIn, request: Request, session: Db) -> AccountOut:
    """Request a new account; it needs the approvals the policy names before it can go live."""
    owner = people.get_person(session, handle=body.owner) if body.owner else None
    account = accounts.request_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                       platform=body.platform, handle=body.handle, category=body.category,
                                       purpose=body.purpose, url=body.url, owner=owner,
                                       profile_text=body.profile_text, has_logo=body.has_logo)
    session.commit()
    return accounts.account_out(account)


@router.post("/{account_id}/approve", name="api.accounts.approve", response_model=ApprovalState)
def approve(account_id: AccountId, body: CommentIn, request: Request, session: Db) -> ApprovalState:
    """Give one of the approvals the account needs (never your own request)."""
    account = accounts.get_account(session, account_id=account_id)
    state = accounts.approve_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                     account=account, comment=body.comment)
    session.commit()
    return state


@router.post("/{account_id}/return", name="api.accounts.return", response_model=ApprovalState)
def return_account(account_id: AccountId, body: DecisionIn, request: Request, session: Db) -> ApprovalState:
    """Send the request back to its requester with comments."""
    account = accounts.get_account(session, account_id=account_id)
    state = accounts.return_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                    account=account, comment=body.comment)
    session.commit()
    return state


@router.post("/{account_id}/reject", name="api.accounts.reject", response_model=ApprovalState)
def reject_account(account_id: AccountId, body: DecisionIn, request: Request, session: Db) -> ApprovalState:
    """Refuse the request (the account is closed, with the reason)."""
    account = accounts.get_account(session, account_id=account_id)
    state = accounts.reject_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                    account=account, comment=body.comment)
    session.commit()
    return state


@router.post("/{account_id}/amend", name="api.accounts.amend", response_model=AccountOut)
def amend(account_id: AccountId, body: AmendIn, request: Request, session: Db) -> AccountOut:
    """Change your returned (or waiting) request: a new revision the approvers decide on afresh."""
    account = accounts.get_account(session, account_id=account_id)
    owner = people.get_person(session, handle=body.owner) if body.owner else None
    amended = accounts.amend_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                     account=account, purpose=body.purpose, url=body.url, owner=owner,
                                     profile_text=body.profile_text, has_logo=body.has_logo, reason=body.reason)
    session.commit()
    return accounts.account_out(amended)


@router.post("/{account_id}/documents", name="api.accounts.document", response_model=DocumentStatus)
def add_document(account_id: AccountId, body: DocumentIn, request: Request, session: Db) -> DocumentStatus:
    """Record a required document (Gosport 10) or a displayed site statement (Gosport 16-20) and where it is."""
    account = accounts.get_account(session, account_id=account_id)
    shown = record_document(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                            account=account, document_id=body.document_id, location=body.location)
    session.commit()
    return shown


@router.post("/{account_id}/monitored", name="api.accounts.monitored", response_model=AccountOut)
def monitored(account_id: AccountId, body: NoteIn, request: Request, session: Db) -> AccountOut:
    """Record that you looked over the site today (Gosport 5: daily monitoring)."""
    account = accounts.get_account(session, account_id=account_id)
    done = accounts.record_monitoring(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                      account=account, note=body.note)
    session.commit()
    return accounts.account_out(done)


@router.post("/{account_id}/activate", name="api.accounts.activate", response_model=AccountOut)
def activate(account_id: AccountId, request: Request, session: Db) -> AccountOut:
    """Make an approved account live (it needs an owner), or reactivate a suspended one."""
    account = accounts.get_account(session, account_id=account_id)
    accounts.activate_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                              account=account)
    session.commit()
    return accounts.account_out(account)


@router.post("/{account_id}/suspend", name="api.accounts.suspend", response_model=AccountOut)
def suspend(account_id: AccountId, body: ReasonIn, request: Request, session: Db) -> AccountOut:
    """Suspend an active account: nothing is published from it until it is reactivated."""
    account = accounts.get_account(session, account_id=account_id)
    accounts.suspend_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                             account=account, reason=body.reason)
    session.commit()
    return accounts.account_out(account)


@router.post("/{account_id}/close", name="api.accounts.close", response_model=AccountOut)
def close(account_id: AccountId, body: ReasonIn, request: Request, session: Db) -> AccountOut:
    """Close an account (final): its owner, its requester while it is a request, or close_account."""
    account = accounts.get_account(session, account_id=account_id)
    closed = accounts.close_account(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                    account=account, reason=body.reason)
    session.commit()
    return accounts.account_out(closed)


@router.put("/{account_id}/owner", name="api.accounts.owner", response_model=AccountOut)
def set_owner(account_id: AccountId, body: OwnerIn, request: Request, session: Db) -> AccountOut:
    """Record the account's owner (approve_account, the owner, or manage_access_list)."""
    account = accounts.get_account(session, account_id=account_id)
    owner = people.get_person(session, handle=body.owner) if body.owner else None
    changed = accounts.set_owner(session, policy=auth.state_of(request).policy, actor=actor(request, session),
                                 account=account, owner=owner, reason=body.reason)
    session.commit()
    return accounts.account_out(changed)


@router.post("/{account_id}/members", name="api.accounts.members", response_model=AccountOut)
def members(account_id: AccountId, body: MemberIn, request: Request, session: Db) -> AccountOut:
    """Add a person to (or ``remove`` them from) the account's access list or deputy list."""
    account = accounts.get_account(session, account_id=account_id)
    change = accounts.remove_member if body.remove else accounts.add_member
    changed = change(session, policy=auth.state_of(request).policy, actor=actor(request, session), account=account,
                     person=people.get_person(session, handle=body.person), kind=body.kind, reason=body.reason)
    session.commit()
    return accounts.account_out(changed)


@router.post("/{account_id}/credentials/{name}/read", name="api.accounts.credential.read",
             response_model=CredentialOut)
def read_credential(account_id: AccountId, name: Annotated[str, Path(max_length=80)], request: Request,
                    session: Db) -> CredentialOut:
    """Decrypt one of the account's credentials (only roles the policy allows; every read is audited)."""
    state = auth.state_of(request)
    secret = vault.read_secret(session, settings=state.settings, policy=state.policy, actor=actor(request, session),
                               account_id=account_id, name=name)
    session.commit()
    return CredentialOut(name=name, value=secret.reveal())

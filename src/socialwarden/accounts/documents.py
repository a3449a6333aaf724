"""The documents the policy requires for each account (Gosport 10), and which of them are on file."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account, AccountDocument, Cited, DocumentStatus
from socialwarden.exceptions import Conflict, InputError, NotFound
from socialwarden.people.models import Person
from socialwarden.people.service import permissions_of, record_change, require
from socialwarden.policy.models import Permission, Policy, RequiredDocument

__all__ = ["document_status", "missing_documents", "record_document", "remove_document", "required_documents"]


def required_documents(policy: Policy, category: str) -> list[RequiredDocument]:
    """The documents the policy requires for accounts of this category."""
    return [d for d in policy.required_documents if not d.categories or category in d.categories]


def document_status(*, policy: Policy, account: Account) -> list[DocumentStatus]:
    """Each required document for the account, present or not, with its clause."""
    on_file = {d.document_id: d for d in account.documents}
    return [DocumentStatus(document_id=d.id, title=d.title, present=d.id in on_file,
                           location=on_file[d.id].location if d.id in on_file else None,
                           cite=Cited(section=d.cite.section, quote=d.cite.quote))
            for d in required_documents(policy, account.category)]


def missing_documents(*, policy: Policy, account: Account) -> list[DocumentStatus]:
    """The required documents not yet on file."""
    return [d for d in document_status(policy=policy, account=account) if not d.present]


def _may_edit(policy: Policy, actor: Person, account: Account) -> None:
    if account.owner_id != actor.id and Permission.APPROVE_ACCOUNT not in permissions_of(policy=policy, person=actor):
        require(policy=policy, person=actor, permission=Permission.MANAGE_ACCESS_LIST,
                reason="record documents for accounts they do not own")


def _document(policy: Policy, account: Account, document_id: str) -> RequiredDocument:
    wanted = required_documents(policy, account.category)
    found = next((d for d in wanted if d.id == document_id.strip()), None)
    if found is None:
        known = ", ".join(d.id for d in wanted) or "none"
        raise InputError(f"document {document_id!r} is not one policy {policy.policy.id} requires for "
                         f"{account.category} accounts (required: {known})")
    return found


def record_document(session: Session, *, policy: Policy, actor: Person, account: Account, document_id: str,
                    location: str) -> DocumentStatus:
    """Record that a required document exists and where (a path, URL or reference)."""
    _may_edit(policy, actor, account)
    doc = _document(policy, account, document_id)
    if not location.strip():
        raise InputError("say where the document is (a path, URL or reference)")
    if any(d.document_id == doc.id for d in account.documents):
        raise Conflict(f"document {doc.id} is already on file for account {account.id}; remove it first to replace")
    account.documents.append(AccountDocument(document_id=doc.id, location=location.strip(), recorded_by_id=actor.id,
                                             recorded_at=dt.datetime.now(dt.UTC)))
    session.flush()
    record_change(session, policy=policy, actor=actor, action="account.document_add", subject_type="account",
                  subject_id=account.id, before=None, after={"document_id": doc.id, "location": location.strip()})
    return next(s for s in document_status(policy=policy, account=account) if s.document_id == doc.id)


def remove_document(session: Session, *, policy: Policy, actor: Person, account: Account, document_id: str,
                    reason: str | None = None) -> None:
    """Take a document off file (it is then reported missing)."""
    _may_edit(policy, actor, account)
    row = next((d for d in account.documents if d.document_id == document_id.strip()), None)
    if row is None:
        raise NotFound(f"document {document_id!r} is not on file for account {account.id}")
    account.documents.remove(row)
    session.flush()
    record_change(session, policy=policy, actor=actor, action="account.document_remove", subject_type="account",
                  subject_id=account.id, before={"document_id": row.document_id, "location": row.location},
                  after=None, reason=reason)

"""What the policy requires each account to have on file, and which of it is: the documents (Gosport 10) and
the statements the site must display (``notice`` account rules: Gosport 16, 18, 19, 20), each recorded with
where it is (a path, URL or reference)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account, AccountDocument, Cited, DocumentStatus
from socialwarden.acting import Actor, ActorLike, acting
from socialwarden.exceptions import Conflict, InputError, NotFound
from socialwarden.policy.models import AccountRuleKind, Citation, Permission, Policy

__all__ = ["document_status", "missing_documents", "missing_notices", "notice_status", "record_document",
           "remove_document", "required_documents"]


@dataclass(frozen=True)
class _Required:
    id: str
    title: str
    cite: Citation


def required_documents(policy: Policy, category: str) -> list[_Required]:
    """The documents the policy requires for accounts of this category."""
    return [_Required(d.id, d.title, d.cite) for d in policy.required_documents
            if not d.categories or category in d.categories]


def required_notices(policy: Policy, category: str) -> list[_Required]:
    """The statements the policy says a site of this category displays (or links to)."""
    return [_Required(r.id, r.text, r.cite) for r in policy.account_rules
            if r.kind == AccountRuleKind.NOTICE and (not r.categories or category in r.categories)]


def _status(wanted: list[_Required], account: Account) -> list[DocumentStatus]:
    on_file = {d.document_id: d for d in account.documents}
    return [DocumentStatus(document_id=d.id, title=d.title, present=d.id in on_file,
                           location=on_file[d.id].location if d.id in on_file else None,
                           cite=Cited(section=d.cite.section, quote=d.cite.quote)) for d in wanted]


def document_status(*, policy: Policy, account: Account) -> list[DocumentStatus]:
    """Each required document for the account, present or not, with its clause."""
    return _status(required_documents(policy, account.category), account)


def notice_status(*, policy: Policy, account: Account) -> list[DocumentStatus]:
    """Each statement the site must display, recorded as displayed (with where) or not, with its clause."""
    return _status(required_notices(policy, account.category), account)


def missing_documents(*, policy: Policy, account: Account) -> list[DocumentStatus]:
    """The required documents not yet on file."""
    return [d for d in document_status(policy=policy, account=account) if not d.present]


def missing_notices(*, policy: Policy, account: Account) -> list[DocumentStatus]:
    """The site statements not yet recorded as displayed."""
    return [d for d in notice_status(policy=policy, account=account) if not d.present]


def _may_edit(who: Actor, account: Account) -> None:
    if not who.is_(account.owner_id) and not who.may(Permission.APPROVE_ACCOUNT):
        who.require(Permission.MANAGE_ACCESS_LIST, doing="record documents for accounts they do not own")


def _item(policy: Policy, account: Account, item_id: str) -> _Required:
    wanted = required_documents(policy, account.category) + required_notices(policy, account.category)
    found = next((d for d in wanted if d.id == item_id.strip()), None)
    if found is None:
        known = ", ".join(d.id for d in wanted) or "none"
        raise InputError(f"{item_id!r} is not a document or site statement policy {policy.policy.id} requires for "
                         f"{account.category} accounts (required: {known})")
    return found


def record_document(session: Session, *, policy: Policy, actor: ActorLike, account: Account, document_id: str,
                    location: str) -> DocumentStatus:
    """Record that a required document exists, or a required statement is displayed, and where."""
    who = acting(session, policy=policy, actor=actor)
    _may_edit(who, account)
    doc = _item(policy, account, document_id)
    if not location.strip():
        raise InputError("say where it is (a path, URL or reference)")
    if any(d.document_id == doc.id for d in account.documents):
        raise Conflict(f"{doc.id} is already on file for account {account.id}; remove it first to replace it")
    account.documents.append(AccountDocument(document_id=doc.id, location=location.strip(),
                                             recorded_by_id=who.as_person().id, recorded_at=dt.datetime.now(dt.UTC)))
    session.flush()
    who.record("account.document_add", subject_type="account", subject_id=account.id, before=None,
               after={"document_id": doc.id, "location": location.strip()})
    shown = document_status(policy=policy, account=account) + notice_status(policy=policy, account=account)
    return next(s for s in shown if s.document_id == doc.id)


def remove_document(session: Session, *, policy: Policy, actor: ActorLike, account: Account, document_id: str,
                    reason: str | None = None) -> None:
    """Take a document (or statement) off file (it is then reported missing)."""
    who = acting(session, policy=policy, actor=actor)
    _may_edit(who, account)
    row = next((d for d in account.documents if d.document_id == document_id.strip()), None)
    if row is None:
        raise NotFound(f"{document_id!r} is not on file for account {account.id}")
    account.documents.remove(row)
    session.flush()
    who.record("account.document_remove", subject_type="account", subject_id=account.id,
               before={"document_id": row.document_id, "location": row.location}, after=None, reason=reason)

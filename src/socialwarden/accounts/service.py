"""Account services: request, approve, activate, suspend, close; owners, deputies and the access list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import TRANSITIONS, Account, AccountMember, AccountOut, AccountStatus, MemberKind
from socialwarden.approvals import service as approvals
from socialwarden.approvals.models import ApprovalState
from socialwarden.audit import service as audit
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.people.models import Person, utc, utc_or_none
from socialwarden.people.service import permissions_of, record_change, require, require_any
from socialwarden.policy.checks import suggest
from socialwarden.policy.models import AccountRuleKind, ApprovalRule, ApprovalSubject, Permission, Policy
from socialwarden.urls import http_url

__all__ = ["account_out", "account_rules", "activate_account", "add_member", "approval_rules", "approval_state",
           "approve_account", "close_account", "get_account", "list_accounts", "record_post", "remove_member",
           "request_account", "set_owner", "set_profile", "snapshot", "suspend_account", "transition"]

SUBJECT = "account"


def snapshot(account: Account) -> dict[str, Any]:
    """The audited view of an account."""
    return {"platform": account.platform, "handle": account.handle, "url": account.url, "category": account.category,
            "purpose": account.purpose, "owner_id": account.owner_id, "status": account.status,
            "status_reason": account.status_reason, "suspended_by_incident_id": account.suspended_by_incident_id,
            "has_logo": account.has_logo, "profile_text": account.profile_text,
            "deputies": sorted(m.person.handle for m in account.members if m.kind == MemberKind.DEPUTY),
            "access": sorted(m.person.handle for m in account.members if m.kind == MemberKind.ACCESS)}


def account_out(account: Account) -> AccountOut:
    """The pydantic view of an account."""
    data = snapshot(account)
    return AccountOut(id=account.id, platform=account.platform, handle=account.handle, url=account.url,
                      category=account.category, purpose=account.purpose,
                      owner=account.owner.handle if account.owner else None,
                      requested_by=account.requested_by.handle, status=AccountStatus(account.status),
                      status_reason=account.status_reason, suspended_by_incident_id=account.suspended_by_incident_id,
                      deputies=data["deputies"], access=data["access"], profile_text=account.profile_text,
                      has_logo=account.has_logo, last_post_at=utc_or_none(account.last_post_at),
                      created_at=utc(account.created_at), updated_at=utc(account.updated_at))


def account_rules(policy: Policy, category: str, kind: AccountRuleKind) -> list[Any]:
    """The policy's account rules of one kind that cover a category (rules naming no category cover all)."""
    return [r for r in policy.account_rules if r.kind == kind and (not r.categories or category in r.categories)]


def approval_rules(policy: Policy, category: str) -> list[ApprovalRule]:
    """The approval rules for a new account of this category (ApprovalRule first, else approval_required rules)."""
    rules = approvals.applicable_rules(policy, subject=ApprovalSubject.ACCOUNT, category=category)
    if rules:
        return rules
    return [ApprovalRule(id=r.id, subject=ApprovalSubject.ACCOUNT, text=r.text, all_of=list(r.roles), cite=r.cite)
            for r in account_rules(policy, category, AccountRuleKind.APPROVAL_REQUIRED) if r.roles]


def _category(policy: Policy, category: str) -> str:
    category = category.strip()
    if category not in policy.account_categories:
        hint = suggest(category, list(policy.account_categories))
        extra = f"; did you mean {hint!r}?" if hint else ""
        raise InputError(f"account category {category!r} is not defined in policy {policy.policy.id} "
                         f"(categories: {', '.join(policy.account_categories)}){extra}")
    return category


def _active_person(person: Person, what: str) -> Person:
    if not person.active:
        raise Conflict(f"{person.handle} is inactive and cannot be {what}")
    return person


def _cite(rule: Any) -> str:
    return f" ({rule.id}, {rule.cite.section}: \"{rule.cite.quote}\")"


def request_account(session: Session, *, policy: Policy, actor: Person, platform: str, handle: str, category: str,
                    purpose: str, url: str | None = None, owner: Person | None = None, profile_text: str = "",
                    has_logo: bool = False, reason: str | None = None) -> Account:
    """Register a requested account; with no approval rule for its category it is approved at once (and says why)."""
    require_any(policy=policy, person=actor, permissions=[Permission.REQUEST_ACCOUNT, Permission.MANAGE_ACCESS_LIST],
                reason="request a social media account")
    category, platform, handle = _category(policy, category), platform.strip().lower(), handle.strip()
    if not platform or not handle:
        raise InputError("platform and handle must not be empty")
    if not purpose.strip():
        raise InputError("purpose must not be empty: say what the account is for")
    audit.lock(session)  # the uniqueness checks below must see every committed request
    taken = session.execute(select(Account).where(Account.platform == platform, Account.handle == handle)).scalar()
    if taken is not None:
        raise Conflict(f"{platform} account {handle!r} is already registered (account {taken.id}, {taken.status})")
    for rule in account_rules(policy, category, AccountRuleKind.ONE_PER_PLATFORM):
        other = session.execute(select(Account).where(Account.platform == platform, Account.category == category,
                                                      Account.status != AccountStatus.CLOSED)).scalar()
        if other is not None:
            raise Conflict(f"there is already a {category} account on {platform} ({other.handle!r}, account "
                           f"{other.id}): {rule.text}{_cite(rule)}")
    now = dt.datetime.now(dt.UTC)
    account = Account(platform=platform, handle=handle, url=http_url(url, field="url"), category=category,
                      purpose=purpose.strip(), owner_id=_active_person(owner, "an owner").id if owner else None,
                      requested_by_id=actor.id, status=AccountStatus.REQUESTED, profile_text=profile_text,
                      has_logo=has_logo, created_at=now, updated_at=now)
    account.owner, account.requested_by = owner, actor
    if not approval_rules(policy, category):
        account.status = AccountStatus.APPROVED
        account.status_reason = f"policy {policy.policy.id} names no approval for {category} accounts"
    session.add(account)
    session.flush()
    record_change(session, policy=policy, actor=actor, action="account.request", subject_type=SUBJECT,
                  subject_id=account.id, before=None, after=snapshot(account), reason=reason)
    return account


def get_account(session: Session, *, account_id: int | None = None, platform: str | None = None,
                handle: str | None = None) -> Account:
    """One account by id, or by platform and handle; NotFound when there is none."""
    if account_id is not None:
        account = session.get(Account, account_id)
        if account is None:
            raise NotFound(f"no account with id {account_id}")
        return account
    if platform is None or handle is None:
        raise InputError("give an account id, or a platform and handle")
    found = session.execute(select(Account).where(Account.platform == platform.strip().lower(),
                                                  Account.handle == handle.strip())).scalar_one_or_none()
    if found is None:
        raise NotFound(f"no {platform} account {handle!r}")
    return found


def list_accounts(session: Session, *, status: AccountStatus | None = None,
                  category: str | None = None) -> list[Account]:
    """Registered accounts, by platform and handle, optionally of one status or category."""
    query = select(Account).order_by(Account.platform, Account.handle)
    if status is not None:
        query = query.where(Account.status == status)
    if category is not None:
        query = query.where(Account.category == category)
    return list(session.execute(query).scalars())


def approval_state(session: Session, *, policy: Policy, account: Account) -> ApprovalState:
    """The account's approvals against the rules for its category."""
    return approvals.approval_state(session, rules=approval_rules(policy, account.category), subject_type=SUBJECT,
                                    subject_id=account.id)


def transition(session: Session, *, policy: Policy, actor: Person, account: Account, to: AccountStatus,
               action: str, reason: str | None, incident_id: int | None = None) -> Account:
    """Move an account to a new status if that move is allowed, and audit it (shared by the services here)."""
    current = AccountStatus(account.status)
    if to not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "nothing (closed is final)"
        raise Conflict(f"account {account.id} ({account.platform} {account.handle}) is {current} and cannot become "
                       f"{to}; from {current} it can become: {allowed}")
    before = snapshot(account)
    account.status = to
    account.status_reason = reason
    account.suspended_by_incident_id = incident_id if to == AccountStatus.SUSPENDED else None
    account.updated_at = dt.datetime.now(dt.UTC)
    record_change(session, policy=policy, actor=actor, action=action, subject_type=SUBJECT, subject_id=account.id,
                  before=before, after=snapshot(account), reason=reason)
    return account


def approve_account(session: Session, *, policy: Policy, actor: Person, account: Account,
                    comment: str | None = None) -> ApprovalState:
    """Record an approval; when the last one required is in, the account becomes approved."""
    if account.status != AccountStatus.REQUESTED:
        raise Conflict(f"account {account.id} is {account.status}, not waiting for approval")
    approval, state = approvals.approve(session, policy=policy, actor=actor, requester=account.requested_by,
                                        rules=approval_rules(policy, account.category), subject_type=SUBJECT,
                                        subject_id=account.id, comment=comment)
    record_change(session, policy=policy, actor=actor, action="account.approval", subject_type=SUBJECT,
                  subject_id=account.id, before=None,
                  after={"rule_id": approval.rule_id, "role": approval.role, "comment": approval.comment,
                         "complete": state.complete, "missing": state.missing}, reason=comment)
    if state.complete:
        transition(session, policy=policy, actor=actor, account=account, to=AccountStatus.APPROVED,
                   action="account.approve", reason="all required approvals given")
    return state


def activate_account(session: Session, *, policy: Policy, actor: Person, account: Account,
                     reason: str | None = None) -> Account:
    """Make an approved account live (needs an owner and complete approvals), or reactivate a suspended one."""
    if account.status == AccountStatus.SUSPENDED:
        require(policy=policy, person=actor, permission=Permission.SUSPEND_ACCOUNT, reason="reactivate accounts")
        if account.suspended_by_incident_id is not None:
            raise Conflict(f"account {account.id} was suspended by incident {account.suspended_by_incident_id}; "
                           "it is reactivated when that incident ends")
        return transition(session, policy=policy, actor=actor, account=account, to=AccountStatus.ACTIVE,
                          action="account.reactivate", reason=reason)
    if account.owner_id != actor.id:
        require_any(policy=policy, person=actor, reason="activate accounts they do not own",
                    permissions=[Permission.APPROVE_ACCOUNT, Permission.MANAGE_ACCESS_LIST])
    if account.owner_id is None:
        rules = account_rules(policy, account.category, AccountRuleKind.OWNER_REQUIRED)
        cite = _cite(rules[0]) if rules else ""
        raise Conflict(f"account {account.id} has no owner: an owner must be identified before it goes live{cite}")
    if account.status == AccountStatus.APPROVED:
        state = approval_state(session, policy=policy, account=account)
        if not state.complete:  # approved without rules at request time, but the policy has changed since
            raise Conflict(f"account {account.id} still needs approval by: {', '.join(state.missing)}")
    elif account.status == AccountStatus.REQUESTED:
        missing = approval_state(session, policy=policy, account=account).missing
        raise Conflict(f"account {account.id} is not approved yet; still needs approval by: {', '.join(missing)}")
    return transition(session, policy=policy, actor=actor, account=account, to=AccountStatus.ACTIVE,
                      action="account.activate", reason=reason)


def suspend_account(session: Session, *, policy: Policy, actor: Person, account: Account, reason: str) -> Account:
    """Suspend an active account (nothing is published from it until reactivated)."""
    require(policy=policy, person=actor, permission=Permission.SUSPEND_ACCOUNT, reason="suspend accounts")
    if not reason.strip():
        raise InputError("give a reason for the suspension")
    return transition(session, policy=policy, actor=actor, account=account, to=AccountStatus.SUSPENDED,
                      action="account.suspend", reason=reason.strip())


def close_account(session: Session, *, policy: Policy, actor: Person, account: Account, reason: str) -> Account:
    """Close an account (its owner, its requester while still a request, or someone with close_account)."""
    mine = account.owner_id == actor.id or (account.status == AccountStatus.REQUESTED
                                            and account.requested_by_id == actor.id)
    if not mine:
        require(policy=policy, person=actor, permission=Permission.CLOSE_ACCOUNT,
                reason="close accounts they do not own")
    if not reason.strip():
        raise InputError("give a reason for closing the account")
    return transition(session, policy=policy, actor=actor, account=account, to=AccountStatus.CLOSED,
                      action="account.close", reason=reason.strip())


def _manager(policy: Policy, actor: Person, account: Account, what: str) -> None:
    if account.owner_id != actor.id:
        require(policy=policy, person=actor, permission=Permission.MANAGE_ACCESS_LIST, reason=what)


def set_owner(session: Session, *, policy: Policy, actor: Person, account: Account, owner: Person | None,
              reason: str | None = None) -> Account:
    """Record the account's owner (Gosport 3: identified before publication; tell IT when it changes)."""
    if Permission.APPROVE_ACCOUNT not in permissions_of(policy=policy, person=actor):
        _manager(policy, actor, account, "change account owners")
    if owner is None and account.status == AccountStatus.ACTIVE:
        raise Conflict(f"account {account.id} is active and must keep an owner; give the new owner instead")
    before = snapshot(account)
    account.owner_id = _active_person(owner, "an owner").id if owner else None
    account.owner = owner
    account.updated_at = dt.datetime.now(dt.UTC)
    record_change(session, policy=policy, actor=actor, action="account.set_owner", subject_type=SUBJECT,
                  subject_id=account.id, before=before, after=snapshot(account), reason=reason)
    return account


def add_member(session: Session, *, policy: Policy, actor: Person, account: Account, person: Person,
               kind: MemberKind, reason: str | None = None) -> Account:
    """Add a deputy, or a person to the account's access list."""
    _manager(policy, actor, account, "change who has access to accounts")
    if any(m.person_id == person.id and m.kind == kind for m in account.members):
        raise Conflict(f"{person.handle} is already on account {account.id}'s {kind} list")
    before = snapshot(account)
    account.members.append(AccountMember(person_id=_active_person(person, f"given {kind}").id, kind=kind,
                                         person=person, added_at=dt.datetime.now(dt.UTC), added_by_id=actor.id))
    session.flush()
    record_change(session, policy=policy, actor=actor, action=f"account.add_{kind}", subject_type=SUBJECT,
                  subject_id=account.id, before=before, after=snapshot(account), reason=reason)
    return account


def remove_member(session: Session, *, policy: Policy, actor: Person, account: Account, person: Person,
                  kind: MemberKind, reason: str | None = None) -> Account:
    """Take a deputy or access-list entry off an account."""
    _manager(policy, actor, account, "change who has access to accounts")
    member = next((m for m in account.members if m.person_id == person.id and m.kind == kind), None)
    if member is None:
        raise NotFound(f"{person.handle} is not on account {account.id}'s {kind} list")
    before = snapshot(account)
    account.members.remove(member)
    session.flush()
    record_change(session, policy=policy, actor=actor, action=f"account.remove_{kind}", subject_type=SUBJECT,
                  subject_id=account.id, before=before, after=snapshot(account), reason=reason)
    return account


def set_profile(session: Session, *, policy: Policy, actor: Person, account: Account,
                profile_text: str | None = None, has_logo: bool | None = None) -> Account:
    """Record the account's bio/profile text and whether it shows the organisation's logo."""
    _manager(policy, actor, account, "change account profiles")
    before = snapshot(account)
    if profile_text is not None:
        account.profile_text = profile_text
    if has_logo is not None:
        account.has_logo = has_logo
    account.updated_at = dt.datetime.now(dt.UTC)
    record_change(session, policy=policy, actor=actor, action="account.set_profile", subject_type=SUBJECT,
                  subject_id=account.id, before=before, after=snapshot(account))
    return account


def record_post(session: Session, *, policy: Policy, actor: Person, account: Account, at: dt.datetime) -> Account:
    """Note that something was published from the account (the under-use audit reads last_post_at)."""
    if account.status != AccountStatus.ACTIVE:
        raise Conflict(f"account {account.id} is {account.status}; nothing can be published from it")
    member = account.owner_id == actor.id or any(m.person_id == actor.id for m in account.members)
    publisher = permissions_of(policy=policy, person=actor) & {Permission.PUBLISH_POST, Permission.PUBLISH_AS_ENTITY}
    if not member and not publisher:
        raise PermissionDenied(f"{actor.handle} is not the owner of account {account.id} nor on its access list")
    before = {"last_post_at": account.last_post_at}
    account.last_post_at = utc(at)
    record_change(session, policy=policy, actor=actor, action="account.post_recorded", subject_type=SUBJECT,
                  subject_id=account.id, before=before, after={"last_post_at": account.last_post_at})
    return account

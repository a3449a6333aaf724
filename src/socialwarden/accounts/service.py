"""Account services: request, decide (approve / return / reject), amend, activate, suspend, close; owners,
deputies, the access list, profiles and the daily-monitoring check-in.

Every decision and status move takes the account's row lock first (``acting.locked``), so two approvers at once
are serialised and the second sees the first. Activation is refused while the policy's required documents are
missing (Gosport 10) or the branding check fails (ETT 15), unless an exception in force for the account covers it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.branding import check_branding
from socialwarden.accounts.documents import missing_documents
from socialwarden.accounts.models import TRANSITIONS, Account, AccountMember, AccountOut, AccountStatus, MemberKind
from socialwarden.acting import Actor, ActorLike, acting, locked, now_utc
from socialwarden.approvals import service as approvals
from socialwarden.approvals.models import ApprovalState, Verdict
from socialwarden.audit import service as audit
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.people.models import Person, utc, utc_or_none
from socialwarden.policy.checks import suggest
from socialwarden.policy.models import AccountRuleKind, ApprovalRule, ApprovalSubject, Permission, Policy
from socialwarden.policy_exceptions.service import exceptions_in_force

__all__ = ["account_out", "account_rules", "activate_account", "activation_blockers", "add_member",
           "amend_account", "approval_rules", "approval_state", "approve_account", "close_account",
           "decide_account", "find_account", "get_account", "list_accounts", "lock_account", "record_monitoring",
           "record_post", "reject_account", "remove_member", "request_account", "return_account", "set_owner",
           "set_profile", "snapshot", "suspend_account", "transition"]

SUBJECT = ApprovalSubject.ACCOUNT
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)


def snapshot(account: Account) -> dict[str, Any]:
    """The audited view of an account."""
    return {"platform": account.platform, "handle": account.handle, "url": account.url, "category": account.category,
            "purpose": account.purpose, "owner_id": account.owner_id, "status": account.status,
            "revision": account.revision, "status_reason": account.status_reason,
            "suspended_by_incident_id": account.suspended_by_incident_id,
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
                      revision=account.revision, status_reason=account.status_reason,
                      suspended_by_incident_id=account.suspended_by_incident_id,
                      deputies=data["deputies"], access=data["access"], profile_text=account.profile_text,
                      has_logo=account.has_logo, last_post_at=utc_or_none(account.last_post_at),
                      last_monitored_at=utc_or_none(account.last_monitored_at),
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


def _url(url: str | None) -> str | None:
    value = (url or "").strip()
    if not value:
        return None
    if len(value) > 500 or not _URL.match(value):
        raise InputError(f"url {value[:80]!r}: give the account's web address, starting http:// or https://")
    return value


def _active_person(person: Person, what: str) -> Person:
    if not person.active:
        raise Conflict(f"{person.handle} is inactive and cannot be {what}")
    return person


def _cite(rule: Any) -> str:
    return f" ({rule.id}, {rule.cite.section}: \"{rule.cite.quote}\")"


def _ask(who: Actor, policy: Policy, account: Account) -> None:
    rules = approval_rules(policy, account.category)
    if rules:
        approvals.request(who, subject_type=SUBJECT, subject_id=account.id, version=account.revision, rules=rules,
                          title=f"{account.category} account {account.platform}:{account.handle}: "
                                f"{account.purpose[:120]}")


def request_account(session: Session, *, policy: Policy, actor: ActorLike, platform: str, handle: str,
                    category: str, purpose: str, url: str | None = None, owner: Person | None = None,
                    profile_text: str = "", has_logo: bool = False, reason: str | None = None) -> Account:
    """Register a requested account; with no approval rule for its category it is approved at once (and says why)."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.REQUEST_ACCOUNT, Permission.MANAGE_ACCESS_LIST, doing="request a social media account")
    category, platform, handle = _category(policy, category), platform.strip().lower(), handle.strip()
    if not platform or not handle:
        raise InputError("platform and handle must not be empty")
    if not purpose.strip():
        raise InputError("purpose must not be empty: say what the account is for")
    link = _url(url)
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
    now = now_utc()
    account = Account(platform=platform, handle=handle, url=link, category=category, purpose=purpose.strip(),
                      owner_id=_active_person(owner, "an owner").id if owner else None,
                      requested_by_id=who.as_person().id, status=AccountStatus.REQUESTED, revision=1,
                      profile_text=profile_text, has_logo=has_logo, created_at=now, updated_at=now)
    account.owner, account.requested_by = owner, who.as_person()
    if not approval_rules(policy, category):
        account.status = AccountStatus.APPROVED
        account.status_reason = f"policy {policy.policy.id} names no approval for {category} accounts"
    session.add(account)
    session.flush()
    who.record("account.request", subject_type="account", subject_id=account.id, before=None,
               after=snapshot(account), reason=reason)
    if account.status == AccountStatus.REQUESTED:
        _ask(who, policy, account)
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


def find_account(session: Session, ref: str | int) -> Account:
    """An account by id ("12"), by PLATFORM:HANDLE ("x:GosportBC"), or by a handle on one platform only."""
    if isinstance(ref, int) or str(ref).strip().isdigit():
        return get_account(session, account_id=int(ref))
    platform, _, handle = str(ref).strip().rpartition(":")
    if platform:
        return get_account(session, platform=platform, handle=handle)
    rows = session.execute(select(Account).where(Account.handle == handle)).scalars().all()
    if len(rows) > 1:
        raise InputError(f"account {ref!r} is on several platforms: write PLATFORM:HANDLE")
    if not rows:
        raise NotFound(f"no account {ref!r}")
    return rows[0]


def lock_account(session: Session, account: Account | int) -> Account:
    """The account under the write lock, read fresh."""
    return locked(session, Account, account if isinstance(account, int) else account.id, what="account")


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
    """The account's decisions against the rules for its category, for its current revision."""
    return approvals.approval_state(session, rules=approval_rules(policy, account.category), subject_type=SUBJECT,
                                    subject_id=account.id, version=account.revision)


def transition(session: Session, *, policy: Policy, actor: ActorLike, account: Account, to: AccountStatus,
               action: str, reason: str | None, incident_id: int | None = None) -> Account:
    """Move an account to a new status if that move is allowed, and audit it (shared by the services here)."""
    who = acting(session, policy=policy, actor=actor)
    current = AccountStatus(account.status)
    if to not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "nothing (closed is final)"
        raise Conflict(f"account {account.id} ({account.platform} {account.handle}) is {current} and cannot become "
                       f"{to}; from {current} it can become: {allowed}")
    before = snapshot(account)
    account.status = to
    account.status_reason = reason
    account.suspended_by_incident_id = incident_id if to == AccountStatus.SUSPENDED else None
    account.updated_at = now_utc()
    who.record(action, subject_type="account", subject_id=account.id, before=before, after=snapshot(account),
               reason=reason)
    return account


def decide_account(session: Session, *, policy: Policy, actor: ActorLike, account: Account, verdict: Verdict,
                   comment: str | None = None) -> ApprovalState:
    """Approve, return (with comments) or reject the request as it stands; the last approval approves it."""
    who = acting(session, policy=policy, actor=actor)
    account = lock_account(session, account)  # two approvers at once: the second waits, then sees the first
    if account.status != AccountStatus.REQUESTED:
        raise Conflict(f"account {account.id} is {account.status}, not waiting for approval")
    approval, state = approvals.decide(session, policy=policy, actor=who, requester=account.requested_by,
                                       rules=approval_rules(policy, account.category), subject_type=SUBJECT,
                                       subject_id=account.id, version=account.revision, verdict=verdict,
                                       comment=comment)
    who.record(f"account.{'approval' if verdict is Verdict.APPROVE else verdict.value}", subject_type="account",
               subject_id=account.id, before=None,
               after={"revision": account.revision, "rule_id": approval.rule_id, "role": approval.role,
                      "comment": approval.comment, "complete": state.complete, "missing": state.missing},
               reason=approval.comment)
    if verdict is Verdict.APPROVE and state.complete:
        transition(session, policy=policy, actor=who, account=account, to=AccountStatus.APPROVED,
                   action="account.approve", reason="all required approvals given")
    elif verdict is Verdict.RETURN:
        transition(session, policy=policy, actor=who, account=account, to=AccountStatus.RETURNED,
                   action="account.return", reason=f"returned by {who.name}: {approval.comment}")
    elif verdict is Verdict.REJECT:
        transition(session, policy=policy, actor=who, account=account, to=AccountStatus.CLOSED,
                   action="account.reject", reason=f"rejected by {who.name}: {approval.comment}")
    return state


def approve_account(session: Session, *, policy: Policy, actor: ActorLike, account: Account,
                    comment: str | None = None) -> ApprovalState:
    """Record an approval; when the last one required is in, the account becomes approved."""
    return decide_account(session, policy=policy, actor=actor, account=account, verdict=Verdict.APPROVE,
                          comment=comment)


def return_account(session: Session, *, policy: Policy, actor: ActorLike, account: Account,
                   comment: str) -> ApprovalState:
    """Send the request back to its requester with comments (they amend it and it is asked for again)."""
    return decide_account(session, policy=policy, actor=actor, account=account, verdict=Verdict.RETURN,
                          comment=comment)


def reject_account(session: Session, *, policy: Policy, actor: ActorLike, account: Account,
                   comment: str) -> ApprovalState:
    """Refuse the request (the account is closed, with the reason)."""
    return decide_account(session, policy=policy, actor=actor, account=account, verdict=Verdict.REJECT,
                          comment=comment)


def amend_account(session: Session, *, policy: Policy, actor: ActorLike, account: Account,
                  purpose: str | None = None, url: str | None = None, owner: Person | None = None,
                  profile_text: str | None = None, has_logo: bool | None = None,
                  reason: str | None = None) -> Account:
    """The requester changes a returned (or still waiting) request; it is a new revision that the approvers decide
    on afresh (approvals of the earlier revision do not count)."""
    who = acting(session, policy=policy, actor=actor)
    account = lock_account(session, account)
    if not who.is_(account.requested_by_id):
        raise PermissionDenied(f"{who.name} did not request account {account.id}; only its requester amends it")
    if account.status not in (AccountStatus.RETURNED, AccountStatus.REQUESTED):
        raise Conflict(f"account {account.id} is {account.status}: only a request is amended")
    before = snapshot(account)
    if purpose is not None:
        if not purpose.strip():
            raise InputError("purpose must not be empty: say what the account is for")
        account.purpose = purpose.strip()
    if url is not None:
        account.url = _url(url)
    if owner is not None:
        account.owner_id, account.owner = _active_person(owner, "an owner").id, owner
    if profile_text is not None:
        account.profile_text = profile_text
    if has_logo is not None:
        account.has_logo = has_logo
    account.revision += 1
    account.status, account.status_reason, account.updated_at = AccountStatus.REQUESTED, None, now_utc()
    who.record("account.amend", subject_type="account", subject_id=account.id, before=before,
               after=snapshot(account), reason=reason)
    _ask(who, policy, account)
    return account


def _covers(clause: str | None, keys: set[str]) -> bool:
    if clause is None:
        return True
    tokens = {t.strip("§ ").lower() for t in re.split(r"[\s,;]+", clause) if t.strip("§ ")}
    return bool(tokens & {k.lower() for k in keys})


def activation_blockers(session: Session, *, policy: Policy, account: Account,
                        now: dt.datetime | None = None) -> tuple[list[str], list[int]]:
    """What stops the account going live (missing documents, Gosport 10; branding, ETT 15) that no exception in
    force for it covers, and the exceptions relied on for the rest."""
    moment = now or now_utc()
    in_force = [e for e in exceptions_in_force(session, now=moment, account_id=account.id)
                if e.account_id == account.id]
    blockers: list[str] = []
    used: list[int] = []

    def gate(message: str, keys: set[str]) -> None:
        cover = next((e for e in in_force if _covers(e.clause, keys)), None)
        if cover is None:
            blockers.append(message)
        elif cover.id not in used:
            used.append(cover.id)

    for doc in missing_documents(policy=policy, account=account):
        gate(f"required document missing: {doc.title} ({doc.document_id}, §{doc.cite.section})",
             {doc.document_id, doc.cite.section})
    for finding in check_branding(policy=policy, account=account):
        section = finding.cite.section if finding.cite else ""
        gate(f"branding: {finding.message}" + (f" (§{section})" if section else ""), {finding.rule, section})
    return blockers, used


def activate_account(session: Session, *, policy: Policy, actor: ActorLike, account: Account,
                     reason: str | None = None) -> Account:
    """Make an approved account live (an owner, complete approvals, the required documents and a passing branding
    check, or an exception for the account that covers what is missing), or reactivate a suspended one."""
    who = acting(session, policy=policy, actor=actor)
    account = lock_account(session, account)
    if account.status == AccountStatus.SUSPENDED:
        who.require(Permission.SUSPEND_ACCOUNT, doing="reactivate accounts")
        if account.suspended_by_incident_id is not None:
            raise Conflict(f"account {account.id} was suspended by incident {account.suspended_by_incident_id}; "
                           "it is reactivated when that incident ends")
        return transition(session, policy=policy, actor=who, account=account, to=AccountStatus.ACTIVE,
                          action="account.reactivate", reason=reason)
    if not who.is_(account.owner_id):
        who.require(Permission.APPROVE_ACCOUNT, Permission.MANAGE_ACCESS_LIST,
                    doing="activate accounts they do not own")
    if account.owner_id is None:
        rules = account_rules(policy, account.category, AccountRuleKind.OWNER_REQUIRED)
        cite = _cite(rules[0]) if rules else ""
        raise Conflict(f"account {account.id} has no owner: an owner must be identified before it goes live{cite}")
    if account.status == AccountStatus.APPROVED:
        state = approval_state(session, policy=policy, account=account)
        if not state.complete:  # approved without rules at request time, but the policy has changed since
            raise Conflict(f"account {account.id} still needs approval by: {', '.join(state.missing)}")
    elif account.status in (AccountStatus.REQUESTED, AccountStatus.RETURNED):
        missing = approval_state(session, policy=policy, account=account).missing
        raise Conflict(f"account {account.id} is not approved yet; still needs approval by: {', '.join(missing)}")
    blockers, used = activation_blockers(session, policy=policy, account=account)
    if blockers:
        raise Conflict(f"account {account.id} cannot go live: " + "; ".join(blockers)
                       + ". Record what is missing, or an exception for this account (warden exceptions request "
                         f"--account {account.id}) approved by the roles the policy names")
    note = f"relying on exception(s) {', '.join(map(str, used))}" if used else None
    return transition(session, policy=policy, actor=who, account=account, to=AccountStatus.ACTIVE,
                      action="account.activate", reason="; ".join(r for r in (reason, note) if r) or None)


def suspend_account(session: Session, *, policy: Policy, actor: ActorLike, account: Account,
                    reason: str) -> Account:
    """Suspend an active account (nothing is published from it until reactivated)."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.SUSPEND_ACCOUNT, doing="suspend accounts")
    if not reason.strip():
        raise InputError("give a reason for the suspension")
    account = lock_account(session, account)
    return transition(session, policy=policy, actor=who, account=account, to=AccountStatus.SUSPENDED,
                      action="account.suspend", reason=reason.strip())


def close_account(session: Session, *, policy: Policy, actor: ActorLike, account: Account, reason: str) -> Account:
    """Close an account (its owner, its requester while still a request, or someone with close_account)."""
    who = acting(session, policy=policy, actor=actor)
    if not reason.strip():
        raise InputError("give a reason for closing the account")
    account = lock_account(session, account)
    mine = who.is_(account.owner_id) or (account.status in (AccountStatus.REQUESTED, AccountStatus.RETURNED)
                                         and who.is_(account.requested_by_id))
    if not mine:
        who.require(Permission.CLOSE_ACCOUNT, doing="close accounts they do not own")
    return transition(session, policy=policy, actor=who, account=account, to=AccountStatus.CLOSED,
                      action="account.close", reason=reason.strip())


def _manager(who: Actor, account: Account, what: str) -> None:
    if not who.is_(account.owner_id):
        who.require(Permission.MANAGE_ACCESS_LIST, doing=what)


def set_owner(session: Session, *, policy: Policy, actor: ActorLike, account: Account, owner: Person | None,
              reason: str | None = None) -> Account:
    """Record the account's owner (Gosport 3: identified before publication; tell IT when it changes)."""
    who = acting(session, policy=policy, actor=actor)
    account = lock_account(session, account)
    if not who.may(Permission.APPROVE_ACCOUNT):
        _manager(who, account, "change account owners")
    if owner is None and account.status == AccountStatus.ACTIVE:
        raise Conflict(f"account {account.id} is active and must keep an owner; give the new owner instead")
    before = snapshot(account)
    account.owner_id = _active_person(owner, "an owner").id if owner else None
    account.owner = owner
    account.updated_at = now_utc()
    who.record("account.set_owner", subject_type="account", subject_id=account.id, before=before,
               after=snapshot(account), reason=reason)
    return account


def add_member(session: Session, *, policy: Policy, actor: ActorLike, account: Account, person: Person,
               kind: MemberKind, reason: str | None = None) -> Account:
    """Add a deputy, or a person to the account's access list."""
    who = acting(session, policy=policy, actor=actor)
    account = lock_account(session, account)
    _manager(who, account, "change who has access to accounts")
    if any(m.person_id == person.id and m.kind == kind for m in account.members):
        raise Conflict(f"{person.handle} is already on account {account.id}'s {kind} list")
    before = snapshot(account)
    account.members.append(AccountMember(person_id=_active_person(person, f"given {kind}").id, kind=kind,
                                         person=person, added_at=now_utc(), added_by_id=who.as_person().id))
    session.flush()
    who.record(f"account.add_{kind}", subject_type="account", subject_id=account.id, before=before,
               after=snapshot(account), reason=reason)
    return account


def remove_member(session: Session, *, policy: Policy, actor: ActorLike, account: Account, person: Person,
                  kind: MemberKind, reason: str | None = None) -> Account:
    """Take a deputy or access-list entry off an account."""
    who = acting(session, policy=policy, actor=actor)
    account = lock_account(session, account)
    _manager(who, account, "change who has access to accounts")
    member = next((m for m in account.members if m.person_id == person.id and m.kind == kind), None)
    if member is None:
        raise NotFound(f"{person.handle} is not on account {account.id}'s {kind} list")
    before = snapshot(account)
    account.members.remove(member)
    session.flush()
    who.record(f"account.remove_{kind}", subject_type="account", subject_id=account.id, before=before,
               after=snapshot(account), reason=reason)
    return account


def set_profile(session: Session, *, policy: Policy, actor: ActorLike, account: Account,
                profile_text: str | None = None, has_logo: bool | None = None) -> Account:
    """Record the account's bio/profile text and whether it shows the organisation's logo."""
    who = acting(session, policy=policy, actor=actor)
    account = lock_account(session, account)
    _manager(who, account, "change account profiles")
    before = snapshot(account)
    if profile_text is not None:
        account.profile_text = profile_text
    if has_logo is not None:
        account.has_logo = has_logo
    account.updated_at = now_utc()
    who.record("account.set_profile", subject_type="account", subject_id=account.id, before=before,
               after=snapshot(account))
    return account


def _keeper(account: Account, who: Actor) -> bool:
    return who.is_(account.owner_id) or any(who.is_(m.person_id) for m in account.members)


def record_monitoring(session: Session, *, policy: Policy, actor: ActorLike, account: Account,
                      note: str | None = None, at: dt.datetime | None = None) -> Account:
    """The owner (or a deputy or someone on the access list) records that they looked over the site today: its
    comments, messages and content (Gosport 5's daily monitoring, which the ``site_monitoring`` duty checks)."""
    who = acting(session, policy=policy, actor=actor)
    account = lock_account(session, account)
    if not _keeper(account, who):
        who.require(Permission.MANAGE_ACCESS_LIST, doing="record monitoring of accounts they do not keep")
    if account.status != AccountStatus.ACTIVE:
        raise Conflict(f"account {account.id} is {account.status}: only a live site is monitored")
    before = {"last_monitored_at": account.last_monitored_at}
    account.last_monitored_at = utc(at) if at is not None else now_utc()
    who.record("account.monitored", subject_type="account", subject_id=account.id, before=before,
               after={"last_monitored_at": account.last_monitored_at}, reason=(note or "").strip() or None)
    return account


def record_post(session: Session, *, policy: Policy, actor: ActorLike, account: Account,
                at: dt.datetime) -> Account:
    """Note that something was published from the account (the under-use audit reads last_post_at)."""
    who = acting(session, policy=policy, actor=actor)
    account = lock_account(session, account)
    if account.status != AccountStatus.ACTIVE:
        raise Conflict(f"account {account.id} is {account.status}; nothing can be published from it")
    if not _keeper(account, who) and not who.may(Permission.PUBLISH_POST, Permission.PUBLISH_AS_ENTITY):
        raise PermissionDenied(f"{who.name} is not the owner of account {account.id} nor on its access list")
    before = {"last_post_at": account.last_post_at}
    account.last_post_at = utc(at)
    who.record("account.post_recorded", subject_type="account", subject_id=account.id, before=before,
               after={"last_post_at": account.last_post_at})
    return account

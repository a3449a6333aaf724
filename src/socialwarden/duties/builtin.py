"""The governance duties: under-use audit, policy review due, documents missing, exceptions expiring, no owner."""

from __future__ import annotations

import calendar
import datetime as dt

from sqlalchemy import select

from socialwarden.accounts.documents import missing_documents
from socialwarden.accounts.models import Account, AccountStatus
from socialwarden.accounts.service import account_rules
from socialwarden.duties.models import DutyNotice, Notice
from socialwarden.duties.registry import Duty, DutyContext
from socialwarden.people.models import Person, utc
from socialwarden.people.service import list_people
from socialwarden.policy.models import AccountRuleKind, Citation
from socialwarden.policy_exceptions.models import ExceptionState
from socialwarden.policy_exceptions.service import list_exceptions

EXPIRY_WARNING_DAYS = 14  # how far ahead an exception's expiry is announced
REVIEW_WARNING_DAYS = 30


def _cite(cite: Citation | None) -> str | None:
    return f"{cite.section}: \"{cite.quote}\"" if cite is not None else None


def _open_accounts(ctx: DutyContext) -> list[Account]:
    query = select(Account).where(Account.status != AccountStatus.CLOSED).order_by(Account.id)
    return list(ctx.session.execute(query).scalars())


def _told_since(ctx: DutyContext, kind: str, subject_type: str, subject_id: str, since: dt.datetime | None) -> bool:
    """Whether a notice of this kind about this subject was already given (after ``since``, if given)."""
    query = select(DutyNotice.created_at).where(DutyNotice.kind == kind, DutyNotice.subject_type == subject_type,
                                                DutyNotice.subject_id == subject_id)
    return any(since is None or utc(at) >= since for at in ctx.session.execute(query).scalars())


def under_use(ctx: DutyContext) -> list[Notice]:
    """ETT 17a: an account with no post for the rule's period: its owner is advised to close it (once per lull)."""
    notices: list[Notice] = []
    for account in _open_accounts(ctx):
        if account.status != AccountStatus.ACTIVE:
            continue
        for rule in account_rules(ctx.policy, account.category, AccountRuleKind.UNDER_USE):
            days = rule.days or 90
            last = utc(account.last_post_at or account.created_at)
            if ctx.now - last < dt.timedelta(days=days):
                continue
            if _told_since(ctx, "advise_close", "account", str(account.id), last):
                continue
            idle = (ctx.now - last).days
            what = "nothing posted since" if account.last_post_at else "nothing ever posted since it was registered on"
            notices.append(Notice(kind="advise_close", subject_type="account", subject_id=str(account.id),
                                  recipient=account.owner.handle if account.owner else None,
                                  message=f"{account.platform} {account.handle}: {what} {last:%Y-%m-%d} ({idle} days; "
                                          f"the policy allows {days}): the owner is advised to close the profile",
                                  cite=_cite(rule.cite)))
    return notices


def policy_review(ctx: DutyContext) -> list[Notice]:
    """The policy's review date (policy.review): due, soon due, or never recorded; told to the review owner."""
    review = ctx.policy.policy.review
    if review is None:
        return []
    owners: list[str | None] = [p.handle for p in list_people(ctx.session, active_only=True) if review.owner in p.roles]
    pid = ctx.policy.policy.id
    if review.last_reviewed is None:
        kind, message = "review_unrecorded", (f"policy {pid} has no last review date; it is to be reviewed every "
                                              f"{review.every_months} months by {review.owner}")
    else:
        last = review.last_reviewed
        months = last.month - 1 + review.every_months
        year, month = last.year + months // 12, months % 12 + 1
        due = dt.date(year, month, min(last.day, calendar.monthrange(year, month)[1]))
        today = ctx.now.date()
        if today >= due:
            kind, message = "review_due", f"policy {pid} was due for review on {due} (last reviewed {last})"
        elif (due - today).days <= REVIEW_WARNING_DAYS:
            kind, message = "review_soon", f"policy {pid} is due for review on {due} (last reviewed {last})"
        else:
            return []
    return [Notice(kind=kind, subject_type="policy", subject_id=pid, recipient=owner, message=message,
                   cite=_cite(review.cite)) for owner in owners or [None]]


def documents_missing(ctx: DutyContext) -> list[Notice]:
    """Gosport 10: each open account whose required documents are not all on file."""
    notices: list[Notice] = []
    for account in _open_accounts(ctx):
        missing = missing_documents(policy=ctx.policy, account=account)
        if missing:
            notices.append(Notice(kind="documents_missing", subject_type="account", subject_id=str(account.id),
                                  recipient=account.owner.handle if account.owner else account.requested_by.handle,
                                  message=f"{account.platform} {account.handle} lacks "
                                          f"{', '.join(f'{d.title} ({d.document_id})' for d in missing)}",
                                  cite=f"{missing[0].cite.section}: \"{missing[0].cite.quote}\""))
    return notices


def exceptions_expiry(ctx: DutyContext) -> list[Notice]:
    """Exceptions in force that expire soon, and those that have expired (told once) and so no longer apply."""
    notices: list[Notice] = []
    soon = ctx.now + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    for exc in list_exceptions(ctx.session, now=ctx.now, state=ExceptionState.IN_FORCE):
        if utc(exc.expires_at) <= soon:
            notices.append(Notice(kind="exception_expiring", subject_type="exception", subject_id=str(exc.id),
                                  recipient=exc.requested_by.handle,
                                  message=f"exception {exc.id} ({exc.title}) expires {utc(exc.expires_at):%Y-%m-%d}"))
    for exc in list_exceptions(ctx.session, now=ctx.now, state=ExceptionState.EXPIRED):
        if exc.approved_at is None or _told_since(ctx, "exception_expired", "exception", str(exc.id), None):
            continue
        notices.append(Notice(kind="exception_expired", subject_type="exception", subject_id=str(exc.id),
                              recipient=exc.requested_by.handle,
                              message=f"exception {exc.id} ({exc.title}) expired {utc(exc.expires_at):%Y-%m-%d} "
                                      "and no longer applies"))
    return notices


def accounts_without_owner(ctx: DutyContext) -> list[Notice]:
    """Gosport 3: open accounts with no owner on record."""
    notices = []
    for account in _open_accounts(ctx):
        if account.owner_id is None:
            rules = account_rules(ctx.policy, account.category, AccountRuleKind.OWNER_REQUIRED)
            requester: Person = account.requested_by
            notices.append(Notice(kind="no_owner", subject_type="account", subject_id=str(account.id),
                                  recipient=requester.handle,
                                  message=f"{account.platform} {account.handle} ({account.status}) has no owner",
                                  cite=_cite(rules[0].cite) if rules else None))
    return notices


DUTIES = [
    Duty("under_use", "Under-use audit (no posts for the policy's period)", under_use),
    Duty("policy_review", "Policy review due", policy_review),
    Duty("documents_missing", "Required documents missing", documents_missing),
    Duty("exceptions_expiry", "Exceptions expiring or expired", exceptions_expiry),
    Duty("accounts_without_owner", "Accounts without an owner", accounts_without_owner),
]

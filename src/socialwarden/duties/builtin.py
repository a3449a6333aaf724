"""The governance duties: under-use audit, policy review due, documents missing, exceptions expiring, no owner,
sites not monitored (Gosport 5) and site statements missing (Gosport 16, 18, 19, 20)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from socialwarden.accounts.documents import missing_documents, missing_notices
from socialwarden.accounts.models import Account, AccountStatus
from socialwarden.accounts.service import account_rules
from socialwarden.duties.models import DutyNotice, Notice
from socialwarden.duties.registry import Duty, DutyContext
from socialwarden.moderation.models import Comment, ModerationActionRecord
from socialwarden.people.models import Person, utc
from socialwarden.people.service import list_people
from socialwarden.policy.models import AccountRuleKind, Citation
from socialwarden.policy_exceptions.models import ExceptionState
from socialwarden.policy_exceptions.service import list_exceptions
from socialwarden.policy_reviews.models import DueState
from socialwarden.policy_reviews.service import review_status

EXPIRY_WARNING_DAYS = 14  # how far ahead an exception's expiry is announced


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
    """The policy's review (policy.review): due, soon due, or never recorded, reading the reviews recorded with
    ``warden policy review`` (and the file's last_reviewed date); told to the people holding the review role."""
    status = review_status(ctx.session, policy=ctx.policy, now=ctx.now)
    if status.state in (DueState.NONE, DueState.OK):
        return []
    owners: list[str | None] = [p.handle for p in list_people(ctx.session, active_only=True)
                                if status.owner in p.roles]
    pid = ctx.policy.policy.id
    last = f"last reviewed {status.last_reviewed} ({status.last_by})" if status.last_reviewed else ""
    if status.state is DueState.NEVER:
        kind, message = "review_unrecorded", (f"policy {pid} has no review on record; it is to be reviewed every "
                                              f"{status.every_months} months by {status.owner} "
                                              "(record one with `warden policy review`)")
    elif status.state is DueState.DUE:
        kind, message = "review_due", f"policy {pid} was due for review on {status.due} ({last})"
    else:
        kind, message = "review_soon", f"policy {pid} is due for review on {status.due} ({last})"
    return [Notice(kind=kind, subject_type="policy", subject_id=pid, recipient=owner, message=message,
                   cite=status.cite) for owner in owners or [None]]


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


def _keepers(account: Account) -> set[int]:
    ids = {m.person_id for m in account.members}
    if account.owner_id is not None:
        ids.add(account.owner_id)
    return ids


def site_monitoring(ctx: DutyContext) -> list[Notice]:
    """Gosport 5: a live site whose owner has not looked it over within the rule's period (a monitoring check-in,
    or an action on one of its comments by its owner or a deputy): the owner is reminded, with what is waiting."""
    notices: list[Notice] = []
    for account in _open_accounts(ctx):
        if account.status != AccountStatus.ACTIVE:
            continue
        for rule in account_rules(ctx.policy, account.category, AccountRuleKind.MONITORING):
            if not rule.days:
                continue
            keepers = _keepers(account)
            acted = ctx.session.execute(
                select(func.max(ModerationActionRecord.at))
                .join(Comment, Comment.id == ModerationActionRecord.comment_pk)
                .where(Comment.account_id == account.id, ModerationActionRecord.actor_id.in_(keepers or {-1}))
            ).scalar()
            seen = [utc(t) for t in (account.last_monitored_at, acted) if t is not None]
            last = max(seen) if seen else None
            if last is not None and ctx.now - last < dt.timedelta(days=rule.days):
                continue
            waiting = ctx.session.execute(select(func.count()).select_from(Comment).where(
                Comment.account_id == account.id, Comment.state == "open")).scalar_one()
            since = f"last looked over {last:%Y-%m-%d %H:%M} UTC" if last else "never recorded as looked over"
            notices.append(Notice(kind="monitoring_overdue", subject_type="account", subject_id=str(account.id),
                                  recipient=account.owner.handle if account.owner else account.requested_by.handle,
                                  message=f"{account.platform} {account.handle}: {since}; the policy asks for it "
                                          f"every {rule.days} day(s); {waiting} comment(s) waiting. Record the "
                                          f"check with `warden accounts monitored {account.id} --as HANDLE`",
                                  cite=_cite(rule.cite)))
            break
    return notices


NOTICE_REMINDER_DAYS = 7


def site_notices(ctx: DutyContext) -> list[Notice]:
    """Gosport 16, 18, 19, 20: each open site that does not yet show (or link to) every statement the policy
    requires: its owner is reminded, at most once a week, of which statements and where to record them."""
    notices: list[Notice] = []
    for account in _open_accounts(ctx):
        missing = missing_notices(policy=ctx.policy, account=account)
        if account.status != AccountStatus.ACTIVE or not missing:
            continue
        if _told_since(ctx, "notices_missing", "account", str(account.id),
                       ctx.now - dt.timedelta(days=NOTICE_REMINDER_DAYS)):
            continue
        listed = "; ".join(f"{d.title} ({d.document_id}, §{d.cite.section})" for d in missing)
        notices.append(Notice(kind="notices_missing", subject_type="account", subject_id=str(account.id),
                              recipient=account.owner.handle if account.owner else account.requested_by.handle,
                              message=f"{account.platform} {account.handle} does not yet show: {listed}. Record "
                                      f"where each is displayed with `warden accounts documents {account.id} "
                                      "--add RULE_ID --location URL --as HANDLE`",
                              cite=f"{missing[0].cite.section}: \"{missing[0].cite.quote}\""))
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
    Duty("site_monitoring", "Sites not looked over within the policy's period", site_monitoring),
    Duty("site_notices", "Statements a site must display", site_notices),
]

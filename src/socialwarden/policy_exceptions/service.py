"""Exceptions register (Gosport 8): request an exception to the policy, have it approved by the roles the policy
names (ApprovalRule subject=exception), and let it lapse at its expiry: an expired exception no longer applies."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.acting import ActorLike, acting, locked
from socialwarden.approvals import service as approvals
from socialwarden.approvals.models import ApprovalState, Verdict
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.people.models import utc, utc_or_none
from socialwarden.policy.models import ApprovalRule, ApprovalSubject, Policy
from socialwarden.policy_exceptions.models import ExceptionOut, ExceptionState, ExceptionStatus, PolicyException

__all__ = ["approve_exception", "decide_exception", "exception_out", "exception_rules", "exceptions_in_force",
           "get_exception", "list_exceptions", "reject_exception", "request_exception", "state_of",
           "withdraw_exception"]

SUBJECT = ApprovalSubject.EXCEPTION
VERSION = 1  # an exception is decided as asked for; a changed one is a new request


def exception_rules(policy: Policy) -> list[ApprovalRule]:
    """The policy's approval rules for exceptions; Conflict when it names none (nobody could approve one)."""
    rules = approvals.applicable_rules(policy, subject=ApprovalSubject.EXCEPTION)
    if not rules:
        raise Conflict(f"policy {policy.policy.id} names nobody who approves exceptions to it (no approval rule "
                       "with subject: exception), so no exception can be granted")
    return rules


def state_of(exc: PolicyException, *, now: dt.datetime) -> ExceptionState:
    """Requested, in force, expired or withdrawn, at ``now``."""
    if exc.status == ExceptionStatus.WITHDRAWN:
        return ExceptionState.WITHDRAWN
    if exc.status == ExceptionStatus.REJECTED:
        return ExceptionState.REJECTED
    if utc(exc.expires_at) <= now:
        return ExceptionState.EXPIRED
    return ExceptionState.IN_FORCE if exc.status == ExceptionStatus.APPROVED else ExceptionState.REQUESTED


def _snapshot(exc: PolicyException) -> dict[str, object]:
    return {"title": exc.title, "clause": exc.clause, "reason": exc.reason, "account_id": exc.account_id,
            "expires_at": exc.expires_at, "status": exc.status}


def _approval_state(session: Session, policy: Policy, exc: PolicyException) -> ApprovalState:
    return approvals.approval_state(session, rules=exception_rules(policy), subject_type=SUBJECT, subject_id=exc.id,
                                    version=VERSION)


def exception_out(session: Session, *, policy: Policy, exc: PolicyException, now: dt.datetime) -> ExceptionOut:
    """The register's view of one exception at ``now``."""
    state = _approval_state(session, policy, exc)
    return ExceptionOut(id=exc.id, title=exc.title, clause=exc.clause, reason=exc.reason, account_id=exc.account_id,
                        requested_by=exc.requested_by.handle, requested_at=utc(exc.requested_at),
                        expires_at=utc(exc.expires_at), status=ExceptionStatus(exc.status),
                        state=state_of(exc, now=now), approved_at=utc_or_none(exc.approved_at),
                        approvers=[a.approver for a in state.approvals if a.decision is Verdict.APPROVE],
                        missing=state.missing)


def request_exception(session: Session, *, policy: Policy, actor: ActorLike, title: str, reason: str,
                      expires_at: dt.datetime, now: dt.datetime, clause: str | None = None,
                      account_id: int | None = None) -> PolicyException:
    """Ask for an exception to the policy, until ``expires_at``; anyone registered may ask."""
    rules = exception_rules(policy)
    who = acting(session, policy=policy, actor=actor)
    person = who.as_person()
    if not person.active:
        raise PermissionDenied(f"{who.name} is inactive")
    if not title.strip() or not reason.strip():
        raise InputError("an exception needs a title and a reason")
    expires_at = utc(expires_at)
    if expires_at <= now:
        raise InputError(f"the expiry ({expires_at:%Y-%m-%d %H:%M} UTC) must be in the future")
    if account_id is not None and session.get(Account, account_id) is None:
        raise NotFound(f"account_id: no account #{account_id}")
    exc = PolicyException(title=title.strip(), clause=(clause or "").strip() or None, reason=reason.strip(),
                          account_id=account_id, requested_by_id=person.id, requested_at=now, expires_at=expires_at,
                          status=ExceptionStatus.REQUESTED)
    exc.requested_by = person
    session.add(exc)
    session.flush()
    who.record("exception.request", subject_type="exception", subject_id=exc.id, before=None, after=_snapshot(exc),
               reason=exc.reason)
    approvals.request(who, subject_type=SUBJECT, subject_id=exc.id, version=VERSION, rules=rules,
                      title=f"exception {exc.id}: {exc.title}")
    return exc


def get_exception(session: Session, *, exception_id: int) -> PolicyException:
    """One exception by id."""
    exc = session.get(PolicyException, exception_id)
    if exc is None:
        raise NotFound(f"no exception with id {exception_id}")
    return exc


def decide_exception(session: Session, *, policy: Policy, actor: ActorLike, exc: PolicyException,
                     now: dt.datetime, verdict: Verdict, comment: str | None = None) -> ApprovalState:
    """Approve or reject an exception; with the last approval it is in force until it expires."""
    if verdict is Verdict.RETURN:
        raise InputError("an exception is approved or rejected as asked for; to change it, reject it with your "
                         "comments and it can be asked for again")
    who = acting(session, policy=policy, actor=actor)
    exc = locked(session, PolicyException, exc.id, what="exception")
    current = state_of(exc, now=now)
    if current != ExceptionState.REQUESTED:
        raise Conflict(f"exception {exc.id} is {current.value.replace('_', ' ')}, not waiting for approval")
    approval, state = approvals.decide(session, policy=policy, actor=who, requester=exc.requested_by,
                                       rules=exception_rules(policy), subject_type=SUBJECT, subject_id=exc.id,
                                       version=VERSION, verdict=verdict, comment=comment)
    before = _snapshot(exc)
    if verdict is Verdict.REJECT:
        exc.status, action = ExceptionStatus.REJECTED, "exception.reject"
    elif state.complete:
        exc.status, exc.approved_at, action = ExceptionStatus.APPROVED, now, "exception.approve"
    else:
        action = "exception.approval"
    who.record(action, subject_type="exception", subject_id=exc.id, before=before,
               after={**_snapshot(exc), "role": approval.role, "missing": state.missing}, reason=approval.comment)
    return state


def approve_exception(session: Session, *, policy: Policy, actor: ActorLike, exc: PolicyException,
                      now: dt.datetime, comment: str | None = None) -> ApprovalState:
    """Record an approval by one of the roles named; with the last one the exception is in force until it expires."""
    return decide_exception(session, policy=policy, actor=actor, exc=exc, now=now, verdict=Verdict.APPROVE,
                            comment=comment)


def reject_exception(session: Session, *, policy: Policy, actor: ActorLike, exc: PolicyException,
                     now: dt.datetime, comment: str) -> ApprovalState:
    """Refuse an exception, saying why."""
    return decide_exception(session, policy=policy, actor=actor, exc=exc, now=now, verdict=Verdict.REJECT,
                            comment=comment)


def withdraw_exception(session: Session, *, policy: Policy, actor: ActorLike, exc: PolicyException,
                       reason: str) -> PolicyException:
    """Withdraw an exception early (its requester, or anyone who may approve exceptions)."""
    rules = exception_rules(policy)
    who = acting(session, policy=policy, actor=actor)
    exc = locked(session, PolicyException, exc.id, what="exception")
    if not who.is_(exc.requested_by_id):
        approvers = set(approvals.rule_roles(rules))
        if not who.roles(exc.requested_by) & approvers:
            raise PermissionDenied(f"{who.name} may not withdraw exception {exc.id}: only its requester or "
                                   f"{', '.join(sorted(approvers))} may")
    if exc.status in (ExceptionStatus.WITHDRAWN, ExceptionStatus.REJECTED):
        raise Conflict(f"exception {exc.id} is already {exc.status}")
    before = _snapshot(exc)
    exc.status = ExceptionStatus.WITHDRAWN
    who.record("exception.withdraw", subject_type="exception", subject_id=exc.id, before=before,
               after=_snapshot(exc), reason=reason)
    return exc


def list_exceptions(session: Session, *, now: dt.datetime,
                    state: ExceptionState | None = None) -> list[PolicyException]:
    """The register, newest first, optionally only those in one state at ``now``."""
    rows = list(session.execute(select(PolicyException).order_by(PolicyException.id.desc())).scalars())
    return [r for r in rows if state is None or state_of(r, now=now) == state]


def exceptions_in_force(session: Session, *, now: dt.datetime, clause: str | None = None,
                        account_id: int | None = None) -> list[PolicyException]:
    """The approved exceptions that apply at ``now`` (expired ones do not), optionally for one clause or account."""
    return [r for r in list_exceptions(session, now=now, state=ExceptionState.IN_FORCE)
            if (clause is None or r.clause == clause) and (account_id is None or r.account_id in (None, account_id))]

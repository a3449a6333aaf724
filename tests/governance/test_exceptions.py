"""Exceptions register (Gosport 8): approved by the Unit Manager and the Head of IT, and expired ones stop applying."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import Policy
from socialwarden.policy_exceptions import service as exceptions
from socialwarden.policy_exceptions.models import ExceptionState
from tests.governance.helpers import GOSPORT_CAST, actions, assert_chain_ok, cast

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_an_exception_needs_both_approvers_and_lapses_at_expiry(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    exc = exceptions.request_exception(session, policy=gosport, actor=crew["off"], title="Consultation replies",
                                       reason="Reply to planning comments from a personal account for one week",
                                       clause="gosport.3.owner", expires_at=NOW + dt.timedelta(days=7), now=NOW)
    session.commit()
    with pytest.raises(PermissionDenied, match="may not approve their own request"):
        exceptions.approve_exception(session, policy=gosport, actor=crew["off"], exc=exc, now=NOW)
    with pytest.raises(PermissionDenied, match=r"mgr may not approve this exception: approval rule gosport.8.exception"
                                               r" needs head_of_it \(Head of IT\), unit_manager"):
        exceptions.approve_exception(session, policy=gosport, actor=crew["mgr"], exc=exc, now=NOW)
    session.rollback()
    state = exceptions.approve_exception(session, policy=gosport, actor=crew["unit"], exc=exc, now=NOW,
                                         comment="ok for a week")
    session.commit()
    assert state.missing == ["head_of_it"]
    assert exceptions.exceptions_in_force(session, now=NOW) == []
    with pytest.raises(Conflict, match="unit already approved"):
        exceptions.approve_exception(session, policy=gosport, actor=crew["unit"], exc=exc, now=NOW)
    session.rollback()
    exceptions.approve_exception(session, policy=gosport, actor=crew["hit"], exc=exc, now=NOW)
    session.commit()
    assert [e.id for e in exceptions.exceptions_in_force(session, now=NOW, clause="gosport.3.owner")] == [exc.id]
    shown = exceptions.exception_out(session, policy=gosport, exc=exc, now=NOW)
    assert (shown.state, shown.approvers, shown.missing) == (ExceptionState.IN_FORCE, ["unit", "hit"], [])
    later = NOW + dt.timedelta(days=7)
    assert exceptions.state_of(exc, now=later) == ExceptionState.EXPIRED
    assert exceptions.exceptions_in_force(session, now=later) == []
    assert [a for a in actions(session) if not a.startswith("notification.")][-4:] == [
        "exception.request", "approval.request", "exception.approval", "exception.approve"]
    assert_chain_ok(session)


def test_refusals(session: Session, gosport: Policy, ett: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    with pytest.raises(InputError, match="must be in the future"):
        exceptions.request_exception(session, policy=gosport, actor=crew["off"], title="t", reason="r",
                                     expires_at=NOW - dt.timedelta(days=1), now=NOW)
    exc = exceptions.request_exception(session, policy=gosport, actor=crew["off"], title="t", reason="r",
                                       expires_at=NOW + dt.timedelta(days=1), now=NOW)
    with pytest.raises(Conflict, match="is expired, not waiting for approval"):
        exceptions.approve_exception(session, policy=gosport, actor=crew["unit"], exc=exc,
                                     now=NOW + dt.timedelta(days=2))
    with pytest.raises(PermissionDenied, match="only its requester or head_of_it, unit_manager may"):
        exceptions.withdraw_exception(session, policy=gosport, actor=crew["mgr"], exc=exc, reason="x")
    exceptions.withdraw_exception(session, policy=gosport, actor=crew["off"], exc=exc, reason="not needed")
    assert exceptions.state_of(exc, now=NOW) == ExceptionState.WITHDRAWN
    society = load_policy("society")
    with pytest.raises(Conflict, match="policy society names nobody who approves exceptions"):
        exceptions.request_exception(session, policy=society, actor=crew["off"], title="t", reason="r",
                                     expires_at=NOW + dt.timedelta(days=1), now=NOW)
    session.commit()
    assert_chain_ok(session)

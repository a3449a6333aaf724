"""Periodic duties: ETT 17a under-use advice, review due, Gosport 10 documents, exceptions expiry, no owner."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.duties.models import DutyNotice
from socialwarden.duties.service import run_duties
from socialwarden.exceptions import InputError
from socialwarden.policy.models import Policy
from socialwarden.policy_exceptions import service as exceptions
from tests.governance.helpers import ETT_CAST, GOSPORT_CAST, actions, assert_chain_ok, branded, cast


def _kinds(report) -> dict[str, list[tuple[str, str | None]]]:
    return {r.duty: [(n.kind, n.recipient) for n in r.notices] for r in report.results}


def test_ett_17a_under_use_advice_is_given_once_per_lull(session: Session, ett: Policy) -> None:
    crew = cast(session, ett, ETT_CAST)
    now = dt.datetime.now(dt.UTC)
    pro = "individual_professional"
    quiet = accounts.request_account(session, policy=ett, actor=crew["ceo"], platform="x", handle="jo_ett",
                                     category=pro, purpose="Jo", owner=crew["staff"], **branded(crew["staff"], pro))
    busy = accounts.request_account(session, policy=ett, actor=crew["ceo"], platform="x", handle="ravi_ett",
                                    category=pro, purpose="Ravi", owner=crew["staff2"],
                                    **branded(crew["staff2"], pro))
    official = accounts.request_account(session, policy=ett, actor=crew["ceo"], platform="x", handle="ett",
                                        category="official", purpose="Main", owner=crew["ceo"], has_logo=True)
    for account in (quiet, busy, official):
        accounts.activate_account(session, policy=ett, actor=crew["ceo"], account=account)
    accounts.record_post(session, policy=ett, actor=crew["staff2"], account=busy, at=now + dt.timedelta(days=60))
    session.commit()

    day = now + dt.timedelta(days=100)
    report = run_duties(session, policy=ett, now=day, actor="system:scheduler", only=["under_use"])
    session.commit()
    (result,) = report.results
    assert [(n.subject_id, n.recipient) for n in result.notices] == [(str(quiet.id), "staff")]
    assert "advised to close" in result.notices[0].message and result.notices[0].cite.startswith("17a")
    again = run_duties(session, policy=ett, now=day + dt.timedelta(hours=1), actor="system:scheduler",
                       only=["under_use"])
    assert again.results[0].already_ran and again.results[0].notices == result.notices
    tomorrow = run_duties(session, policy=ett, now=day + dt.timedelta(days=1), actor="system:scheduler",
                          only=["under_use"])
    assert tomorrow.results[0].notices == []  # already advised since the last post
    session.commit()
    later = run_duties(session, policy=ett, now=now + dt.timedelta(days=160), actor="system:scheduler",
                       only=["under_use"])
    assert [n.subject_id for n in later.results[0].notices] == [str(busy.id)]
    session.commit()
    assert session.execute(select(func.count()).select_from(DutyNotice)).scalar_one() == 2
    assert actions(session).count("duty.under_use") == 3
    assert_chain_ok(session)


def test_gosport_duties_documents_review_owner_and_exceptions(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    now = dt.datetime.now(dt.UTC)
    account = accounts.request_account(session, policy=gosport, actor=crew["off"], platform="x", handle="gbc",
                                       category="official", purpose="news")
    exc = exceptions.request_exception(session, policy=gosport, actor=crew["off"], title="Trial", reason="r",
                                       expires_at=now + dt.timedelta(days=10), now=now)
    exceptions.approve_exception(session, policy=gosport, actor=crew["unit"], exc=exc, now=now)
    exceptions.approve_exception(session, policy=gosport, actor=crew["hit"], exc=exc, now=now)
    session.commit()
    report = run_duties(session, policy=gosport, now=now, actor=crew["hit"])
    session.commit()
    kinds = _kinds(report)
    assert kinds["documents_missing"] == [("documents_missing", "off")]
    assert kinds["accounts_without_owner"] == [("no_owner", "off")]
    assert kinds["policy_review"] == [("review_unrecorded", "hit")]
    assert kinds["exceptions_expiry"] == [("exception_expiring", "off")]
    assert kinds["under_use"] == []
    missing = next(r for r in report.results if r.duty == "documents_missing").notices[0]
    assert "Design standards (gosport.10.design-standards)" in missing.message and missing.subject_id == str(account.id)

    reviewed = gosport.model_copy(update={"policy": gosport.policy.model_copy(update={
        "review": gosport.policy.review.model_copy(update={"last_reviewed": dt.date(2020, 1, 15)})})})
    expired_day = now + dt.timedelta(days=11)
    report = run_duties(session, policy=reviewed, now=expired_day, actor=crew["hit"])
    session.commit()
    kinds = _kinds(report)
    assert kinds["policy_review"] == [("review_due", "hit")]
    assert kinds["exceptions_expiry"] == [("exception_expired", "off")]
    report = run_duties(session, policy=reviewed, now=expired_day + dt.timedelta(days=1), actor=crew["hit"],
                        only=["exceptions_expiry"])
    assert report.results[0].notices == []  # told once
    with pytest.raises(InputError, match="no duty named nope"):
        run_duties(session, policy=gosport, now=now, actor=crew["hit"], only=["nope"])
    session.commit()
    assert_chain_ok(session)

"""Every approval type the schema has works end to end through the one approvals service: account requests
(returned, amended, rejected), exceptions (rejected), wiki edits (council officers: advice from the Communications
Team), and each shows up in the right person's queue. Activation waits for Gosport 10's documents and ETT 15's
branding unless an exception for the account covers them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from socialwarden.accounts import documents
from socialwarden.accounts import service as accounts
from socialwarden.accounts.models import AccountStatus
from socialwarden.approvals.flows import queue_for
from socialwarden.approvals.models import Verdict
from socialwarden.audit import service as audit
from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import ApprovalSubject, Policy
from socialwarden.policy_exceptions import service as exceptions
from socialwarden.policy_exceptions.models import ExceptionState
from socialwarden.wiki_edits import service as wiki
from socialwarden.wiki_edits.models import WikiEditStatus
from tests.governance.helpers import ETT_CAST, GOSPORT_CAST, assert_chain_ok, cast

NOW = dt.datetime.now(dt.UTC)
COUNCIL = load_policy("council-officers")


def test_an_account_request_is_returned_amended_then_rejected(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    account = accounts.request_account(session, policy=gosport, actor=crew["off"], platform="x", handle="gbc",
                                       category="official", purpose="news")
    session.commit()
    assert [(i.subject_type, i.role) for i in queue_for(session, policy=gosport, person=crew["hit"])] == [
        (ApprovalSubject.ACCOUNT, "head_of_it")]
    assert [i.role for i in queue_for(session, policy=gosport, person=crew["mgr"])] == ["line_manager"]
    assert queue_for(session, policy=gosport, person=crew["off"]) == []  # never your own request
    accounts.approve_account(session, policy=gosport, actor=crew["hit"], account=account)
    state = accounts.return_account(session, policy=gosport, actor=crew["mgr"], account=account,
                                    comment="Say which service the site is for")
    session.commit()
    assert account.status == AccountStatus.RETURNED and state.last_word is not None
    assert queue_for(session, policy=gosport, person=crew["hit"]) == []
    with pytest.raises(PermissionDenied, match="only its requester amends it"):
        accounts.amend_account(session, policy=gosport, actor=crew["hit"], account=account, purpose="x")
    accounts.amend_account(session, policy=gosport, actor=crew["off"], account=account,
                           purpose="Leisure centre news and closures")
    session.commit()
    assert (account.status, account.revision) == (AccountStatus.REQUESTED, 2)
    fresh = accounts.approval_state(session, policy=gosport, account=account)
    assert fresh.approvals == [] and fresh.missing == ["head_of_it", "line_manager"]  # revision 1's do not count
    assert [i.version for i in queue_for(session, policy=gosport, person=crew["hit"])] == [2]
    accounts.reject_account(session, policy=gosport, actor=crew["hit"], account=account,
                            comment="Use the main Council account instead")
    session.commit()
    assert account.status == AccountStatus.CLOSED and "rejected by hit" in (account.status_reason or "")
    actions = [e.action for e in audit.history(session, subject_type="account", subject_id=str(account.id))
               if not e.action.startswith("notification.")]
    assert actions == ["account.request", "approval.request", "account.approval", "account.return",
                       "account.return", "account.amend", "approval.request", "account.reject", "account.reject"]
    assert_chain_ok(session)


def test_activation_waits_for_documents_unless_an_exception_covers_them(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    account = accounts.request_account(session, policy=gosport, actor=crew["off"], platform="x", handle="gbc",
                                       category="official", purpose="news", owner=crew["owner"])
    for who in ("hit", "mgr"):
        accounts.approve_account(session, policy=gosport, actor=crew[who], account=account)
    documents.record_document(session, policy=gosport, actor=crew["owner"], account=account,
                              document_id="gosport.10.branding", location="intranet/branding.pdf")
    with pytest.raises(Conflict, match="design-standards") as refused:
        accounts.activate_account(session, policy=gosport, actor=crew["owner"], account=account)
    assert "gosport.10.branding" not in refused.value.message  # the one on file is not asked for
    exc = exceptions.request_exception(session, policy=gosport, actor=crew["off"], title="Go live for the floods",
                                       reason="Emergency information before the guides are written",
                                       clause="10", account_id=account.id, expires_at=NOW + dt.timedelta(days=14),
                                       now=NOW)
    exceptions.approve_exception(session, policy=gosport, actor=crew["unit"], exc=exc, now=NOW)
    with pytest.raises(Conflict, match="cannot go live"):  # not in force until both have approved
        accounts.activate_account(session, policy=gosport, actor=crew["owner"], account=account)
    exceptions.approve_exception(session, policy=gosport, actor=crew["hit"], exc=exc, now=NOW)
    accounts.activate_account(session, policy=gosport, actor=crew["owner"], account=account)
    session.commit()
    assert account.status == AccountStatus.ACTIVE and f"exception(s) {exc.id}" in (account.status_reason or "")


def test_ett_branding_blocks_activation_and_the_ceo_can_except_it(session: Session, ett: Policy) -> None:
    crew = cast(session, ett, ETT_CAST)
    official = accounts.request_account(session, policy=ett, actor=crew["ceo"], platform="x", handle="ett",
                                        category="official", purpose="Main", owner=crew["ceo"])
    with pytest.raises(Conflict, match=r"branding: .*logo.*\(§15a\)"):
        accounts.activate_account(session, policy=ett, actor=crew["ceo"], account=official)
    exc = exceptions.request_exception(session, policy=ett, actor=crew["staff"], title="Logo being redrawn",
                                       reason="The new logo is not ready", clause="15a", account_id=official.id,
                                       expires_at=NOW + dt.timedelta(days=30), now=NOW)
    with pytest.raises(PermissionDenied, match="needs chief_executive"):
        exceptions.approve_exception(session, policy=ett, actor=crew["staff2"], exc=exc, now=NOW)
    exceptions.approve_exception(session, policy=ett, actor=crew["ceo"], exc=exc, now=NOW)
    accounts.activate_account(session, policy=ett, actor=crew["ceo"], account=official)
    session.commit()
    assert official.status == AccountStatus.ACTIVE


def test_an_exception_can_be_rejected(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    exc = exceptions.request_exception(session, policy=gosport, actor=crew["off"], title="t", reason="r",
                                       expires_at=NOW + dt.timedelta(days=3), now=NOW)
    assert [i.subject_type for i in queue_for(session, policy=gosport, person=crew["unit"])] == [
        ApprovalSubject.EXCEPTION]
    with pytest.raises(InputError, match="approved or rejected as asked for"):
        exceptions.decide_exception(session, policy=gosport, actor=crew["unit"], exc=exc, now=NOW,
                                    verdict=Verdict.RETURN,
                                    comment="x")
    exceptions.reject_exception(session, policy=gosport, actor=crew["unit"], exc=exc, now=NOW,
                                comment="Not a good enough reason")
    session.commit()
    assert exceptions.state_of(exc, now=NOW) == ExceptionState.REJECTED
    assert queue_for(session, policy=gosport, person=crew["hit"]) == []


def test_wiki_edits_are_advised_on_by_the_communications_team(session: Session) -> None:
    crew = cast(session, COUNCIL, {"comms": ("Cara Mills", ["communications_team"], None),
                                   "off": ("Olive Fenn", ["officer"], None),
                                   "comms2": ("Cody Moss", ["communications_team"], None)})
    edit = wiki.request_wiki_edit(session, policy=COUNCIL, actor=crew["off"],
                                  page="https://en.wikipedia.org/wiki/Gosport", change="Update the population figure",
                                  reason="The 2021 census figure is out", conflict_of_interest=False)
    session.commit()
    items = queue_for(session, policy=COUNCIL, person=crew["comms"])
    assert [(i.subject_type, i.subject_id, i.role) for i in items] == [
        (ApprovalSubject.WIKI_EDIT, edit.id, "communications_team")]
    assert items[0].rules[0].quote == "They should also seek advice from the Communications Team."
    with pytest.raises(PermissionDenied, match="off requested this wiki edit and may not approve"):
        wiki.decide_wiki_edit(session, policy=COUNCIL, actor=crew["off"], edit_id=edit.id,
                              verdict=Verdict.APPROVE)
    wiki.decide_wiki_edit(session, policy=COUNCIL, actor=crew["comms"], edit_id=edit.id,
                          verdict=Verdict.RETURN,
                          comment="Cite the ONS table")
    session.commit()
    assert wiki.get_wiki_edit(session, edit_id=edit.id).status == WikiEditStatus.RETURNED
    wiki.amend_wiki_edit(session, policy=COUNCIL, actor=crew["off"], edit_id=edit.id,
                         change="Update the population figure, citing ONS table TS001")
    state = wiki.decide_wiki_edit(session, policy=COUNCIL, actor=crew["comms2"], edit_id=edit.id,
                                  verdict=Verdict.APPROVE)
    session.commit()
    shown = wiki.wiki_edit_out(session, policy=COUNCIL, row=wiki.get_wiki_edit(session, edit_id=edit.id))
    assert state.complete and shown.status == WikiEditStatus.APPROVED and shown.revision == 2
    assert [(a.decision.value, a.approver, a.version) for a in shown.approvals.history] == [
        ("return", "comms", 1), ("approve", "comms2", 2)]
    with pytest.raises(Conflict, match="asks for no advice before wiki edits"):
        wiki.request_wiki_edit(session, policy=load_policy("gen"), actor=crew["off"], page="p", change="c",
                               reason="r")
    assert_chain_ok(session)

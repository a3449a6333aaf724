"""The account registry: Gosport 2 approvals, Gosport 3 owner, allowed transitions, Gosport 10 documents, ETT 4b/15."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from socialwarden.accounts import documents
from socialwarden.accounts import service as accounts
from socialwarden.accounts.branding import check_branding
from socialwarden.accounts.models import AccountStatus, MemberKind
from socialwarden.audit import service as audit
from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.people import service as people
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import Policy
from tests.governance.helpers import ETT_CAST, GOSPORT_CAST, assert_chain_ok, cast


def _request(session: Session, gosport: Policy, crew: dict, **extra: object):
    account = accounts.request_account(session, policy=gosport, actor=crew["off"], platform="Facebook",
                                       handle="GosportLeisure", category="official",
                                       purpose="Leisure centre news", **extra)
    session.commit()
    return account


def test_gosport_2_needs_head_of_it_and_the_requesters_line_manager(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    account = _request(session, gosport, crew)
    assert account.status == AccountStatus.REQUESTED and account.platform == "facebook"
    with pytest.raises(PermissionDenied, match="off requested this account and may not approve their own request"):
        accounts.approve_account(session, policy=gosport, actor=crew["off"], account=account)
    with pytest.raises(PermissionDenied) as caught:
        accounts.approve_account(session, policy=gosport, actor=crew["unit"], account=account)
    assert "unit may not approve this account: approval rule gosport.2.account needs head_of_it (Head of IT), " \
           "line_manager" in caught.value.message and "off's recorded line manager" in caught.value.message
    session.rollback()
    state = accounts.approve_account(session, policy=gosport, actor=crew["hit"], account=account, comment="fine")
    session.commit()
    assert not state.complete and state.missing == ["line_manager"]
    with pytest.raises(Conflict, match="hit already approved this account"):
        accounts.approve_account(session, policy=gosport, actor=crew["hit"], account=account)
    session.rollback()
    with pytest.raises(Conflict, match=r"no owner: an owner must be identified before it goes live.*gosport.3.owner"):
        accounts.activate_account(session, policy=gosport, actor=crew["hit"], account=account)
    with pytest.raises(Conflict, match="not approved yet; still needs approval by: line_manager"):
        accounts.set_owner(session, policy=gosport, actor=crew["hit"], account=account, owner=crew["owner"])
        accounts.activate_account(session, policy=gosport, actor=crew["hit"], account=account)
    session.rollback()
    state = accounts.approve_account(session, policy=gosport, actor=crew["mgr"], account=account)
    session.commit()
    assert state.complete and account.status == AccountStatus.APPROVED
    assert [(a.approver, a.role, a.comment) for a in state.approvals] == [("hit", "head_of_it", "fine"),
                                                                          ("mgr", "line_manager", None)]
    with pytest.raises(Conflict, match="no owner"):
        accounts.activate_account(session, policy=gosport, actor=crew["hit"], account=account)
    session.rollback()
    accounts.set_owner(session, policy=gosport, actor=crew["hit"], account=account, owner=crew["owner"])
    with pytest.raises(Conflict, match=r"cannot go live: required document missing: Purpose, scope and "
                                       r"operational usage guides \(gosport.10.purpose-scope-usage, §10\)"):
        accounts.activate_account(session, policy=gosport, actor=crew["hit"], account=account)  # Gosport 10
    for doc in documents.missing_documents(policy=gosport, account=account):
        documents.record_document(session, policy=gosport, actor=crew["owner"], account=account,
                                  document_id=doc.document_id, location=f"intranet/{doc.document_id}.pdf")
    accounts.activate_account(session, policy=gosport, actor=crew["hit"], account=account)
    session.commit()
    assert account.status == AccountStatus.ACTIVE
    history = [e for e in audit.history(session, subject_type="account", subject_id=str(account.id))
               if not e.action.startswith("notification.")]  # the approvers were told: tested with approvals
    assert [e.action for e in history] == ["account.request", "approval.request", "account.approval",
                                           "account.approval", "account.approve", "account.set_owner",
                                           *["account.document_add"] * 4, "account.activate"]
    assert history[2].actor == "hit" and history[4].after["status"] == "approved"
    assert history[1].after["roles"] == ["head_of_it", "line_manager"] and history[1].after["version"] == 1
    assert_chain_ok(session)


def test_the_line_manager_is_the_requesters_recorded_one(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    account = accounts.request_account(session, policy=gosport, actor=crew["mgr"], platform="x", handle="gbc",
                                       category="official", purpose="news")
    accounts.approve_account(session, policy=gosport, actor=crew["hit"], account=account)
    session.commit()
    # off reports to mgr, not the other way round; unit is nobody's line manager yet
    for who in ("off", "unit"):
        with pytest.raises(PermissionDenied, match=f"{who} may not approve this account.*mgr's recorded line manager"):
            accounts.approve_account(session, policy=gosport, actor=crew[who], account=account)
        session.rollback()
    people.set_line_manager(session, policy=gosport, actor=crew["hit"], person=crew["mgr"], line_manager=crew["unit"])
    state = accounts.approve_account(session, policy=gosport, actor=crew["unit"], account=account)
    session.commit()
    assert state.complete and [a.role for a in state.approvals] == ["head_of_it", "line_manager"]
    assert_chain_ok(session)


def test_only_allowed_transitions(session: Session, gosport: Policy, ett: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    account = _request(session, gosport, crew, owner=crew["owner"])
    with pytest.raises(PermissionDenied, match="suspend_account permission, which no role in policy gosport grants"):
        accounts.suspend_account(session, policy=gosport, actor=crew["hit"], account=account, reason="x")
    accounts.close_account(session, policy=gosport, actor=crew["off"], account=account, reason="no longer needed")
    session.commit()
    with pytest.raises(Conflict, match="is closed and cannot become active; from closed it can become: nothing"):
        accounts.transition(session, policy=gosport, actor=crew["hit"], account=account, to=AccountStatus.ACTIVE,
                            action="account.activate", reason=None)
    with pytest.raises(Conflict, match="already registered"):
        _request(session, gosport, crew)
    with pytest.raises(InputError, match=r"account category 'oficial' is not defined.*did you mean 'official'"):
        accounts.request_account(session, policy=gosport, actor=crew["off"], platform="x", handle="y",
                                 category="oficial", purpose="p")
    with pytest.raises(PermissionDenied, match="request_account or manage_access_list"):
        accounts.request_account(session, policy=gosport, actor=crew["unit"], platform="x", handle="y",
                                 category="official", purpose="p")


def test_ett_has_no_account_approval_so_requests_are_approved_and_one_official_per_platform(
        session: Session, ett: Policy) -> None:
    crew = cast(session, ett, ETT_CAST)
    official = accounts.request_account(session, policy=ett, actor=crew["ceo"], platform="linkedin", handle="ETT",
                                        category="official", purpose="Main channel", owner=crew["ceo"],
                                        has_logo=True)
    assert official.status == AccountStatus.APPROVED and "names no approval" in (official.status_reason or "")
    with pytest.raises(Conflict, match=r"already a official account on linkedin .*ett.4b.one-per-platform"):
        accounts.request_account(session, policy=ett, actor=crew["ceo"], platform="LinkedIn", handle="ETT2",
                                 category="official", purpose="Second")
    accounts.activate_account(session, policy=ett, actor=crew["ceo"], account=official)
    accounts.add_member(session, policy=ett, actor=crew["ceo"], account=official, person=crew["staff"],
                        kind=MemberKind.ACCESS)
    accounts.add_member(session, policy=ett, actor=crew["ceo"], account=official, person=crew["staff2"],
                        kind=MemberKind.DEPUTY)
    with pytest.raises(PermissionDenied, match="manage_access_list"):
        accounts.add_member(session, policy=ett, actor=crew["staff"], account=official, person=crew["trustee"],
                            kind=MemberKind.ACCESS)
    accounts.remove_member(session, policy=ett, actor=crew["ceo"], account=official, person=crew["staff2"],
                           kind=MemberKind.DEPUTY)
    session.commit()
    shown = accounts.account_out(official)
    assert (shown.status, shown.owner, shown.access, shown.deputies) == ("active", "ceo", ["staff"], [])
    accounts.suspend_account(session, policy=ett, actor=crew["ceo"], account=official, reason="password leak")
    accounts.activate_account(session, policy=ett, actor=crew["ceo"], account=official, reason="password changed")
    session.commit()
    assert official.status == AccountStatus.ACTIVE
    assert_chain_ok(session)


def test_gosport_10_documents_tracked(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    account = _request(session, gosport, crew, owner=crew["owner"])
    assert [d.document_id for d in documents.missing_documents(policy=gosport, account=account)] == [
        "gosport.10.purpose-scope-usage", "gosport.10.account-management", "gosport.10.branding",
        "gosport.10.design-standards"]
    documents.record_document(session, policy=gosport, actor=crew["owner"], account=account,
                              document_id="gosport.10.branding", location="https://intranet/branding.pdf")
    session.commit()
    with pytest.raises(InputError, match="not a document or site statement policy gosport requires"):
        documents.record_document(session, policy=gosport, actor=crew["owner"], account=account,
                                  document_id="gosport.10.nope", location="x")
    with pytest.raises(PermissionDenied):
        documents.record_document(session, policy=gosport, actor=crew["unit"], account=account,
                                  document_id="gosport.10.design-standards", location="x")
    session.rollback()
    status = {d.document_id: d for d in documents.document_status(policy=gosport, account=account)}
    assert status["gosport.10.branding"].present and status["gosport.10.branding"].cite.section == "10"
    assert not status["gosport.10.design-standards"].present
    documents.remove_document(session, policy=gosport, actor=crew["hit"], account=account,
                              document_id="gosport.10.branding", reason="out of date")
    session.commit()
    assert len(documents.missing_documents(policy=gosport, account=account)) == 4
    assert_chain_ok(session)


def test_ett_15_branding(session: Session, ett: Policy) -> None:
    crew = cast(session, ett, ETT_CAST)
    crew["staff"].job_title = "Outreach Officer"
    official = accounts.request_account(session, policy=ett, actor=crew["ceo"], platform="x", handle="ett",
                                        category="official", purpose="Main", owner=crew["ceo"])
    pro = accounts.request_account(session, policy=ett, actor=crew["ceo"], platform="x", handle="jo_ett",
                                   category="individual_professional", purpose="Jo", owner=crew["staff"],
                                   profile_text="Engineer.")
    personal = accounts.request_account(session, policy=ett, actor=crew["ceo"], platform="x", handle="jo",
                                        category="individual_personal", purpose="Jo personal", owner=crew["staff"],
                                        has_logo=True)
    logo = check_branding(policy=ett, account=official)
    assert [(f.rule, f.cite.section if f.cite else None) for f in logo] == [("logo_required", "15a")]
    assert {f.rule for f in check_branding(policy=ett, account=pro)} == {"bio_phrase", "bio_name", "bio_role"}
    accounts.set_profile(session, policy=ett, actor=crew["staff"], account=pro,
                         profile_text="Jo Bloggs, Outreach Officer at ETT. Views are my own.")
    assert check_branding(policy=ett, account=pro) == []
    accounts.set_profile(session, policy=ett, actor=crew["staff"], account=pro,
                         profile_text="Jo BLOGGS | outreach officer | “views are my own”")
    assert check_branding(policy=ett, account=pro) == []
    assert [(f.rule, f.cite.section if f.cite else None) for f in check_branding(policy=ett, account=personal)] == [
        ("logo_forbidden", "15c")]
    accounts.set_profile(session, policy=ett, actor=crew["ceo"], account=official, has_logo=True)
    assert check_branding(policy=ett, account=official) == []
    session.commit()
    assert_chain_ok(session)


def test_society_any_of_one_social_media_officer_approves(session: Session) -> None:
    society = load_policy("society")
    crew = cast(session, society, {"smo": ("Sue Moor", ["social_media_officer"], None),
                                   "tr": ("Tom Reed", ["trustee"], None),
                                   "cm": ("Cal Mills", ["committee_member"], None)})
    account = accounts.request_account(session, policy=society, actor=crew["tr"], platform="instagram",
                                       handle="society", category="official", purpose="Events")
    with pytest.raises(PermissionDenied, match=r"needs social_media_officer \(Social Media Officer\)"):
        accounts.approve_account(session, policy=society, actor=crew["cm"], account=account)
    state = accounts.approve_account(session, policy=society, actor=crew["smo"], account=account)
    session.commit()
    assert state.complete and [r.mode for r in state.requirements] == ["any_of"]
    assert account.status == AccountStatus.APPROVED
    assert_chain_ok(session)


def test_posting_records_and_owner_rules(session: Session, ett: Policy) -> None:
    crew = cast(session, ett, ETT_CAST)
    crew["staff"].job_title = "Outreach Officer"
    pro = accounts.request_account(session, policy=ett, actor=crew["ceo"], platform="x", handle="jo_ett",
                                   category="individual_professional", purpose="Jo", owner=crew["staff"],
                                   profile_text="Jo Bloggs, Outreach Officer. Views are my own.")
    when = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
    with pytest.raises(Conflict, match="is approved; nothing can be published from it"):
        accounts.record_post(session, policy=ett, actor=crew["staff"], account=pro, at=when)
    accounts.activate_account(session, policy=ett, actor=crew["staff"], account=pro)  # the owner makes it live
    with pytest.raises(PermissionDenied, match="trustee is not the owner of account"):
        accounts.record_post(session, policy=ett, actor=crew["trustee"], account=pro, at=when)
    accounts.record_post(session, policy=ett, actor=crew["staff"], account=pro, at=when)
    with pytest.raises(Conflict, match="is active and must keep an owner"):
        accounts.set_owner(session, policy=ett, actor=crew["ceo"], account=pro, owner=None)
    people.set_active(session, policy=ett, actor=crew["ceo"], person=crew["staff2"], active=False, reason="left")
    with pytest.raises(Conflict, match="staff2 is inactive and cannot be an owner"):
        accounts.set_owner(session, policy=ett, actor=crew["ceo"], account=pro, owner=crew["staff2"])
    session.commit()
    assert accounts.account_out(pro).last_post_at == when
    assert audit.history(session, subject_type="account", subject_id=str(pro.id))[-1].action == "account.post_recorded"
    assert_chain_ok(session)

"""Incident mode (ETT 11b): only Official accounts publish; the incident suspends and restores exactly its accounts."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.accounts.models import Account, AccountStatus
from socialwarden.audit import service as audit
from socialwarden.exceptions import Conflict, PermissionDenied
from socialwarden.incidents import service as incidents
from socialwarden.people.models import Person
from socialwarden.policy.models import Policy
from tests.governance.helpers import ETT_CAST, GOSPORT_CAST, assert_chain_ok, branded, cast


def _live(session: Session, ett: Policy, ceo: Person, handle: str, category: str, owner: Person) -> Account:
    account = accounts.request_account(session, policy=ett, actor=ceo, platform="x", handle=handle,
                                       category=category, purpose=handle, owner=owner, **branded(owner, category))
    accounts.activate_account(session, policy=ett, actor=ceo, account=account)
    return account


def test_an_incident_suspends_exactly_the_named_categories_and_restores_exactly_those(
        session: Session, ett: Policy) -> None:
    crew = cast(session, ett, ETT_CAST)
    ceo = crew["ceo"]
    official = _live(session, ett, ceo, "ett", "official", ceo)
    jo = _live(session, ett, ceo, "jo_ett", "individual_professional", crew["staff"])
    ravi = _live(session, ett, ceo, "ravi_ett", "individual_professional", crew["staff2"])
    held = _live(session, ett, ceo, "old_ett", "individual_professional", crew["staff2"])
    accounts.suspend_account(session, policy=ett, actor=ceo, account=held, reason="under review")
    waiting = accounts.request_account(session, policy=ett, actor=ceo, platform="li", handle="new_ett",
                                       category="individual_professional", purpose="new", owner=crew["staff"],
                                       **branded(crew["staff"], "individual_professional"))
    session.commit()
    assert incidents.can_publish(session, policy=ett, account=jo) == (
        True, f"account {jo.id} is active and no incident is in force")

    with pytest.raises(PermissionDenied, match=r"staff may not declare an incident: policy ett lets only "
                                               r"chief_executive do that \(11b"):
        incidents.declare_incident(session, policy=ett, actor=crew["staff"], reason="x")
    incident = incidents.declare_incident(session, policy=ett, actor=ceo, reason="Safeguarding allegation public")
    session.commit()
    assert [s.account_id for s in incident.suspensions] == [jo.id, ravi.id]
    assert (jo.status, ravi.status, held.status, official.status, waiting.status) == (
        "suspended", "suspended", "suspended", "active", "approved")
    ok, why = incidents.can_publish(session, policy=ett, account=official)
    assert ok and "Official accounts may publish" in why
    ok, why = incidents.can_publish(session, policy=ett, account=jo)
    assert not ok and why.startswith(f"account {jo.id} (x jo_ett) is suspended: incident {incident.id}: Safeguarding")
    ok, why = incidents.can_publish(session, policy=ett, account=held)
    assert not ok and "under review" in why
    # an account activated while the incident is in force still may not publish: its category is suspended
    accounts.activate_account(session, policy=ett, actor=ceo, account=waiting)
    ok, why = incidents.can_publish(session, policy=ett, account=waiting)
    assert not ok and "Individual-professional accounts are suspended during an incident (11b" in why
    with pytest.raises(Conflict, match=f"suspended by incident {incident.id}; it is reactivated when that incident"):
        accounts.activate_account(session, policy=ett, actor=ceo, account=jo)
    with pytest.raises(Conflict, match=f"incident {incident.id} is already in force"):
        incidents.declare_incident(session, policy=ett, actor=ceo, reason="again")
    session.rollback()
    accounts.close_account(session, policy=ett, actor=crew["staff2"], account=ravi, reason="leaving ETT")
    session.commit()

    ended = incidents.end_incident(session, policy=ett, actor=ceo, reason="resolved")
    session.commit()
    shown = incidents.incident_out(ended)
    assert (shown.active, shown.declared_by, shown.ended_by) == (False, "ceo", "ceo")
    assert shown.suspended_account_ids == [jo.id, ravi.id] and shown.reactivated_account_ids == [jo.id]
    assert (jo.status, ravi.status, held.status, official.status) == ("active", "closed", "suspended", "active")
    assert incidents.can_publish(session, policy=ett, account=jo)[0]
    assert incidents.current_incident(session) is None
    with pytest.raises(Conflict, match="no incident is in force"):
        incidents.end_incident(session, policy=ett, actor=ceo, reason="again")
    events = audit.history(session, subject_type="incident", subject_id=str(incident.id))
    assert [e.action for e in events] == ["incident.declare", "notification.create", "incident.end",
                                          "notification.create"]  # everyone with a role is told
    assert events[0].after["suspended_account_ids"] == [jo.id, ravi.id]
    assert events[0].reason == "Safeguarding allegation public" and events[0].actor == "ceo"
    assert events[1].after["kind"] == "incident_started" and events[3].after["kind"] == "incident_ended"
    assert_chain_ok(session)


def test_a_policy_without_an_incident_section_says_so(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    with pytest.raises(Conflict, match="policy gosport defines no incident procedure"):
        incidents.declare_incident(session, policy=gosport, actor=crew["hit"], reason="x")
    account = accounts.request_account(session, policy=gosport, actor=crew["off"], platform="x", handle="g",
                                       category="official", purpose="p")
    assert incidents.can_publish(session, policy=gosport, account=account) == (
        False, f"account {account.id} (x g) is requested")
    assert AccountStatus(account.status) is AccountStatus.REQUESTED


def test_two_declarations_at_once_give_one_incident(session: Session, ett: Policy, engine: Engine) -> None:
    crew = cast(session, ett, ETT_CAST)
    ceo_id = crew["ceo"].id
    results: list[str] = []

    def second() -> None:
        with Session(engine) as other:
            try:
                incidents.declare_incident(other, policy=ett, actor=other.get(Person, ceo_id), reason="second")
                other.commit()
                results.append("declared")
            except Conflict as exc:
                results.append(exc.message)

    with Session(engine) as first:
        incidents.declare_incident(first, policy=ett, actor=first.get(Person, ceo_id), reason="first")
        racer = threading.Thread(target=second)
        racer.start()
        racer.join(0.3)  # the second declaration is now waiting for the write lock (or has not begun)
        first.commit()
    racer.join()
    assert len(results) == 1 and results[0].startswith("incident 1 is already in force")
    assert [i.reason for i in incidents.list_incidents(session)] == ["first"]

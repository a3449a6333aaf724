"""People and permissions: bootstrap, roles validated against the policy, permissions only from the policy."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from socialwarden.acting import acting, permissions_of, roles_of
from socialwarden.audit import service as audit
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.people import service as people
from socialwarden.people.models import PersonOut
from socialwarden.policy.models import Permission, Policy
from tests.governance.helpers import GOSPORT_CAST, actions, assert_chain_ok, cast


def test_the_first_person_is_added_by_bootstrap_and_nobody_else_is(session: Session, gosport: Policy) -> None:
    first = people.add_person(session, policy=gosport, actor=None, handle="hit", name="Hilary Ito",
                              roles=["head_of_it"])
    session.commit()
    with pytest.raises(PermissionDenied, match="only the first person can be added without an actor"):
        people.add_person(session, policy=gosport, actor=None, handle="x", name="X")
    session.rollback()
    events = audit.history(session, subject_type="person", subject_id=str(first.id))
    assert [(e.actor, e.action) for e in events] == [("system:bootstrap", "person.add")]
    assert events[0].policy_id == "gosport" and events[0].after["roles"] == ["head_of_it"]
    assert "password_hash" not in events[0].after
    assert_chain_ok(session)


def test_roles_must_be_the_policys_and_relative_roles_are_not_assigned(session: Session, gosport: Policy) -> None:
    boss = people.add_person(session, policy=gosport, actor=None, handle="hit", name="H", roles=["head_of_it"])
    with pytest.raises(InputError, match=r"role 'head_of_itt' is not defined in policy gosport .*did you mean "
                                         r"'head_of_it'"):
        people.add_person(session, policy=gosport, actor=boss, handle="b", name="B", roles=["head_of_itt"])
    with pytest.raises(InputError, match="held relative to a requester"):
        people.add_person(session, policy=gosport, actor=boss, handle="b", name="B", roles=["line_manager"])
    with pytest.raises(InputError, match="handle 'Bad Handle'"):
        people.add_person(session, policy=gosport, actor=boss, handle="Bad Handle", name="B")
    people.add_person(session, policy=gosport, actor=boss, handle="b", name="B")
    with pytest.raises(Conflict, match="already exists"):
        people.add_person(session, policy=gosport, actor=boss, handle="b", name="B again")


def test_adding_people_needs_manage_people(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    with pytest.raises(PermissionDenied) as caught:
        people.add_person(session, policy=gosport, actor=crew["off"], handle="new", name="New")
    assert caught.value.message == ("off may not add people: that needs the manage_people permission, which policy "
                                    "gosport grants to: head_of_it")


def test_permissions_come_from_the_policy_and_relative_roles_from_the_line_manager(
        session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    assert permissions_of(policy=gosport, person=crew["off"]) == set(gosport.roles["officer"].permissions)
    assert Permission.APPROVE_ACCOUNT not in permissions_of(policy=gosport, person=crew["mgr"])
    # mgr is off's line manager: relative to off's request, mgr holds line_manager (and its approve_account)
    assert "line_manager" in roles_of(policy=gosport, person=crew["mgr"], requester=crew["off"])
    assert Permission.APPROVE_ACCOUNT in permissions_of(policy=gosport, person=crew["mgr"],
                                                               requester=crew["off"])
    assert "line_manager" not in roles_of(policy=gosport, person=crew["unit"], requester=crew["off"])
    with pytest.raises(PermissionDenied, match="which no role in policy gosport grants"):
        acting(session, policy=gosport, actor=crew["hit"]).require(Permission.READ_CREDENTIALS,
                                                                    doing="read account credentials")


def test_set_roles_deactivate_and_lookups(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    people.set_roles(session, policy=gosport, actor=crew["hit"], person=crew["off"], roles=["officer", "site_owner"],
                     reason="took over the leisure site")
    people.set_active(session, policy=gosport, actor=crew["hit"], person=crew["unit"], active=False, reason="left")
    session.commit()
    assert people.get_person(session, handle="off").roles == ["officer", "site_owner"]
    assert permissions_of(policy=gosport, person=crew["unit"]) == frozenset()
    with pytest.raises(PermissionDenied, match=r"\(unit is inactive\)"):
        acting(session, policy=gosport, actor=crew["unit"]).require(Permission.APPROVE_EXCEPTION, doing="x")
    with pytest.raises(NotFound, match="no person with handle 'ghost'"):
        people.get_person(session, handle="ghost")
    assert [p.handle for p in people.list_people(session, active_only=True)] == ["hit", "it", "mgr", "off", "owner"]
    people.set_password_hash(session, policy=gosport, actor=crew["off"], person=crew["off"],
                             password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")
    with pytest.raises(PermissionDenied, match="set other people's passwords"):
        people.set_password_hash(session, policy=gosport, actor=crew["off"], person=crew["mgr"], password_hash="x")
    session.commit()
    shown = PersonOut.model_validate(crew["off"]).model_dump()
    assert "password_hash" not in shown and "argon2" not in repr(crew["off"])
    assert "argon2" not in "".join(audit.export(session, start=None, end=None, fmt="jsonl"))
    assert actions(session)[-3:] == ["person.set_roles", "person.deactivate", "person.set_password"]
    assert_chain_ok(session)

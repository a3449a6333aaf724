"""The kernel every service uses (``socialwarden.acting``): who is acting, may they, record it, lock it."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from socialwarden.acting import BOOTSTRAP, acting, locked
from socialwarden.audit import service as audit
from socialwarden.exceptions import InputError, NotFound, PermissionDenied
from socialwarden.people import service as people
from socialwarden.people.models import Person
from socialwarden.policy.models import Permission, Policy
from tests.governance.helpers import GOSPORT_CAST, cast


def test_who_is_acting(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    by_handle = acting(session, policy=gosport, actor="off")
    assert by_handle.person is crew["off"] and by_handle.name == "off" and by_handle.is_(crew["off"].id)
    assert acting(session, policy=gosport, actor=by_handle) is by_handle
    with pytest.raises(NotFound, match="no active person with handle 'ghost'"):
        acting(session, policy=gosport, actor="ghost")
    with pytest.raises(InputError, match="'system:scheduler' is a system actor"):
        acting(session, policy=gosport, actor="system:scheduler")
    system = acting(session, policy=gosport, actor="system:scheduler", system=True)
    assert system.person is None and system.permissions() == frozenset() and not system.is_(None)
    with pytest.raises(PermissionDenied, match="system:scheduler is not a person"):
        system.as_person()
    people.set_active(session, policy=gosport, actor=crew["hit"], person=crew["unit"], active=False, reason="left")
    with pytest.raises(NotFound, match="no active person with handle 'unit'"):
        acting(session, policy=gosport, actor="unit")


def test_may_they(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    off = acting(session, policy=gosport, actor=crew["off"])
    assert off.may(Permission.DRAFT_POST) and off.may(Permission.APPROVE_POST, Permission.DRAFT_POST)
    assert not off.may(Permission.APPROVE_ACCOUNT)
    mgr = acting(session, policy=gosport, actor=crew["mgr"])
    assert mgr.may(Permission.APPROVE_ACCOUNT, requester=crew["off"])  # as off's line manager only
    assert not mgr.may(Permission.APPROVE_ACCOUNT) and "line_manager" in mgr.roles(crew["off"])
    with pytest.raises(PermissionDenied) as refused:
        off.require(Permission.APPROVE_ACCOUNT, Permission.MANAGE_ACCESS_LIST, doing="activate accounts")
    assert refused.value.message == ("off may not activate accounts: that needs the approve_account or "
                                     "manage_access_list permission, which policy gosport grants to: head_of_it, "
                                     "it_team, line_manager")


def test_record_it_and_lock_it(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    acting(session, policy=gosport, actor=crew["hit"]).record("person.note", subject_type="person",
                                                              subject_id=crew["off"].id, before=None,
                                                              after={"note": "x"}, reason="why")
    acting(session, policy=gosport, actor=BOOTSTRAP, system=True).record("person.note", subject_type="person",
                                                                         subject_id=1, before=None, after=None)
    session.commit()
    events = audit.history(session, subject_type="person", subject_id=str(crew["off"].id))
    assert (events[-1].actor, events[-1].policy_id, events[-1].reason) == ("hit", "gosport", "why")
    with Session(session.get_bind()) as other:  # another writer changes the row meanwhile
        other.get(Person, crew["off"].id).name = "Olive Fenn-Smith"  # type: ignore[union-attr]
        other.commit()
    assert crew["off"].name == "Olive Fenn"  # this session's copy is stale ...
    fresh = locked(session, Person, crew["off"].id)
    assert fresh.name == "Olive Fenn-Smith"  # ... and locked() reads it again, under the write lock
    with pytest.raises(NotFound, match="no person #999"):
        locked(session, Person, 999, what="person")

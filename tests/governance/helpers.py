"""Helpers for the governance tests: a registered cast of people, and the audit chain check every flow ends with."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.audit.models import AuditEvent
from socialwarden.people import service as people
from socialwarden.people.models import Person
from socialwarden.policy.models import Policy

# handle -> (name, roles, line manager handle)
GOSPORT_CAST = {
    "hit": ("Hilary Ito", ["head_of_it"], None),
    "mgr": ("Morgan Green", ["officer"], None),
    "off": ("Olive Fenn", ["officer"], "mgr"),
    "unit": ("Uma Nair", ["unit_manager"], None),
    "owner": ("Sam Owens", ["site_owner"], None),
    "it": ("Ivy Tan", ["it_team"], None),
}
ETT_CAST = {
    "ceo": ("Chris Evans", ["chief_executive"], None),
    "staff": ("Jo Bloggs", ["staff"], "ceo"),
    "staff2": ("Ravi Patel", ["staff"], "ceo"),
    "trustee": ("Tess Ruiz", ["trustee"], None),
}


def cast(session: Session, policy: Policy, spec: dict[str, tuple[str, list[str], str | None]]) -> dict[str, Person]:
    """Register everyone in ``spec`` (the first by bootstrap with manage_people added, then by them) and commit."""
    made: dict[str, Person] = {}
    first = next(iter(spec))
    name, roles, _ = spec[first]
    made[first] = people.add_person(session, policy=policy, actor=None, handle=first, name=name, roles=roles)
    for handle, (name, roles, manager) in list(spec.items())[1:]:
        made[handle] = people.add_person(session, policy=policy, actor=made[first], handle=handle, name=name,
                                         roles=roles, line_manager=made[manager] if manager else None)
    session.commit()
    return made


def events(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(AuditEvent)).scalar_one())


def actions(session: Session) -> list[str]:
    return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


def assert_chain_ok(session: Session) -> None:
    report = audit.verify(session)
    assert report.ok, report.broken
    assert report.checked == events(session) > 0

"""Helpers for the governance tests: a registered cast of people, and the audit chain check every flow ends with."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialwarden.accounts import documents
from socialwarden.accounts.branding import check_branding
from socialwarden.accounts.models import Account
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


def branded(person: Person, category: str) -> dict[str, object]:
    """What an ETT account of ``category`` held by ``person`` needs to pass the branding check (ETT 15): the logo
    on an Official account; name, role and "Views are my own" in an Individual-professional bio; no logo on an
    Individual-personal one (the person gets a job title if they have none)."""
    if category == "official":
        return {"has_logo": True}
    if category == "individual_professional":
        person.job_title = person.job_title or "Programme Officer"
        return {"profile_text": f"{person.name}, {person.job_title} at ETT. Views are my own."}
    return {}


def events(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(AuditEvent)).scalar_one())


def actions(session: Session) -> list[str]:
    return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


def assert_chain_ok(session: Session) -> None:
    report = audit.verify(session)
    assert report.ok, report.broken
    assert report.checked == events(session) > 0


def make_ready(session: Session, policy: Policy, account: Account) -> Account:
    """Put on file what an account needs before it goes live (Gosport 10 documents) and give it a profile that
    passes the branding check (ETT 15, disclaimers): what a real owner does before activating."""
    owner = account.owner or account.requested_by
    for doc in documents.missing_documents(policy=policy, account=account):
        documents.record_document(session, policy=policy, actor=owner, account=account,
                                  document_id=doc.document_id, location=f"intranet/{doc.document_id}.pdf")
    findings = check_branding(policy=policy, account=account)
    if findings:
        rules = {f.rule for f in findings}
        holder = account.owner
        if holder is not None and not holder.job_title:
            holder.job_title = "Programme Officer"
        phrases = [p for f in findings if f.rule == "bio_phrase" for p in re.findall(r"'([^']+)'", f.message)]
        bio = ", ".join(x for x in ((holder.name if holder else ""), (holder.job_title if holder else "")) if x)
        account.profile_text = ". ".join(x for x in (bio, account.profile_text, *phrases[:1]) if x) + "."
        account.has_logo = "logo_required" in rules or (account.has_logo and "logo_forbidden" not in rules)
        session.flush()
    return account

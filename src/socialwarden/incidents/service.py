"""Incident services (ETT 11): declare (suspend the categories named), end (reactivate exactly those), can_publish."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account, AccountStatus
from socialwarden.accounts.service import transition
from socialwarden.acting import Actor, ActorLike, acting
from socialwarden.audit import service as audit
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.incidents.models import Incident, IncidentOut, IncidentSuspension
from socialwarden.notifications.models import NotificationKind
from socialwarden.notifications.service import notify_roles
from socialwarden.people.models import utc, utc_or_none
from socialwarden.policy.models import Incident as IncidentPolicy
from socialwarden.policy.models import Permission, Policy

__all__ = ["can_publish", "current_incident", "declare_incident", "end_incident", "get_incident",
           "incident_out", "list_incidents"]


def _section(policy: Policy) -> IncidentPolicy:
    if policy.incident is None:
        raise Conflict(f"policy {policy.policy.id} defines no incident procedure (no `incident:` section)")
    return policy.incident


def _may_declare(policy: Policy, who: Actor, verb: str) -> None:
    section = _section(policy)
    if section.declare_roles:
        if not who.roles() & set(section.declare_roles):
            raise PermissionDenied(f"{who.name} may not {verb} an incident: policy {policy.policy.id} lets only "
                                   f"{', '.join(section.declare_roles)} do that ({section.cite.section}: "
                                   f"\"{section.cite.quote}\")")
    else:
        who.require(Permission.DECLARE_INCIDENT, doing=f"{verb} an incident")


def incident_out(incident: Incident) -> IncidentOut:
    """The pydantic view of an incident."""
    return IncidentOut(id=incident.id, active=incident.active, reason=incident.reason,
                       declared_by=incident.declared_by.handle, declared_at=utc(incident.declared_at),
                       ended_by=incident.ended_by.handle if incident.ended_by else None,
                       ended_at=utc_or_none(incident.ended_at), end_reason=incident.end_reason,
                       suspended_account_ids=sorted(s.account_id for s in incident.suspensions),
                       reactivated_account_ids=sorted(s.account_id for s in incident.suspensions if s.reactivated))


def current_incident(session: Session) -> Incident | None:
    """The incident in force, if any."""
    query = select(Incident).where(Incident.ended_at.is_(None)).order_by(Incident.id.desc()).limit(1)
    return session.execute(query).scalar_one_or_none()


def get_incident(session: Session, *, incident_id: int) -> Incident:
    """One incident by id."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"no incident with id {incident_id}")
    return incident


def list_incidents(session: Session) -> list[Incident]:
    """Every incident, newest first."""
    return list(session.execute(select(Incident).order_by(Incident.id.desc())).scalars())


def declare_incident(session: Session, *, policy: Policy, actor: ActorLike, reason: str) -> Incident:
    """Declare an incident: suspend every active account in the policy's suspend categories, and record which."""
    who = acting(session, policy=policy, actor=actor)
    _may_declare(policy, who, "declare")
    section = _section(policy)
    if not reason.strip():
        raise InputError("say why the incident is declared")
    audit.lock(session)  # one incident in force at a time, even when two are declared at once
    running = current_incident(session)
    if running is not None:
        raise Conflict(f"incident {running.id} is already in force (declared by {running.declared_by.handle} "
                       f"at {utc(running.declared_at):%Y-%m-%d %H:%M} UTC); end it first")
    incident = Incident(reason=reason.strip(), declared_by_id=who.as_person().id,
                        declared_at=dt.datetime.now(dt.UTC))
    incident.declared_by = who.as_person()
    session.add(incident)
    session.flush()
    targets = session.execute(select(Account).where(Account.status == AccountStatus.ACTIVE,
                                                    Account.category.in_(section.suspend_categories))
                              .order_by(Account.id)).scalars().all() if section.suspend_categories else []
    for account in targets:
        transition(session, policy=policy, actor=who, account=account, to=AccountStatus.SUSPENDED,
                   action="account.suspend", reason=f"incident {incident.id}: {incident.reason}",
                   incident_id=incident.id)
        incident.suspensions.append(IncidentSuspension(account_id=account.id))
    session.flush()
    who.record("incident.declare", subject_type="incident", subject_id=incident.id, before=None,
               after={"reason": incident.reason, "suspended_account_ids": [a.id for a in targets],
                      "suspend_categories": list(section.suspend_categories),
                      "publish_only_from": list(section.publish_only_from)}, reason=incident.reason)
    _tell(session, policy, who, incident, started=True, accounts=len(targets))
    return incident


def _tell(session: Session, policy: Policy, who: Actor, incident: Incident, *, started: bool,
          accounts: int) -> None:
    """Everyone who holds a role hears that incident mode started or ended (it changes what they may publish)."""
    verb = "started" if started else "ended"
    why = incident.reason if started else (incident.end_reason or "")
    person = who.as_person()
    notify_roles(session, policy=policy, roles=list(policy.roles),
                 kind=NotificationKind.INCIDENT_STARTED if started else NotificationKind.INCIDENT_ENDED,
                 key=f"incident:{incident.id}:{verb}", subject_type="incident", subject_id=incident.id,
                 title=f"Incident {incident.id} {verb}" + (f": {accounts} account(s) suspended" if started else
                                                          f": {accounts} account(s) live again"),
                 body=f"{person.name} ({person.handle}) {verb} incident mode: {why}", link="/accounts",
                 actor=person.handle)


def end_incident(session: Session, *, policy: Policy, actor: ActorLike, reason: str) -> Incident:
    """End the incident in force: reactivate the accounts it suspended that are still suspended by it, no others."""
    who = acting(session, policy=policy, actor=actor)
    _may_declare(policy, who, "end")
    audit.lock(session)
    incident = current_incident(session)
    if incident is None:
        raise Conflict("no incident is in force")
    if not reason.strip():
        raise InputError("say why the incident is over")
    reactivated: list[int] = []
    for suspension in incident.suspensions:
        account = session.get(Account, suspension.account_id)
        if account is None:
            continue
        if account.status == AccountStatus.SUSPENDED and account.suspended_by_incident_id == incident.id:
            transition(session, policy=policy, actor=who, account=account, to=AccountStatus.ACTIVE,
                       action="account.reactivate", reason=f"incident {incident.id} ended: {reason.strip()}")
            suspension.reactivated = True
            reactivated.append(account.id)
        else:
            suspension.note = f"left {account.status}: changed during the incident"
    incident.ended_at, incident.ended_by_id = dt.datetime.now(dt.UTC), who.as_person().id
    incident.end_reason = reason.strip()
    incident.ended_by = who.as_person()
    session.flush()
    who.record("incident.end", subject_type="incident", subject_id=incident.id, before={"active": True},
               after={"active": False, "reactivated_account_ids": reactivated}, reason=reason.strip())
    _tell(session, policy, who, incident, started=False, accounts=len(reactivated))
    return incident


def can_publish(session: Session, *, policy: Policy, account: Account) -> tuple[bool, str]:
    """Whether anything may be published from this account now, and why (account status, then incident rules)."""
    if account.status != AccountStatus.ACTIVE:
        why = f": {account.status_reason}" if account.status_reason else ""
        return False, f"account {account.id} ({account.platform} {account.handle}) is {account.status}{why}"
    incident = current_incident(session)
    if incident is None:
        return True, f"account {account.id} is active and no incident is in force"
    section = policy.incident
    category = policy.account_categories.get(account.category)
    title = category.title if category else account.category
    since = f"incident {incident.id} in force since {utc(incident.declared_at):%Y-%m-%d %H:%M} UTC"
    cite = f" ({section.cite.section}: \"{section.cite.quote}\")" if section else ""
    if section is not None and account.category in section.suspend_categories:
        return False, f"{since}: {title} accounts are suspended during an incident{cite}"
    if section is not None and section.publish_only_from and account.category not in section.publish_only_from:
        only = ", ".join(section.publish_only_from)
        return False, f"{since}: only {only} accounts publish during an incident{cite}"
    if category is not None and not category.publish_during_incident:
        return False, f"{since}: {title} accounts do not publish during an incident{cite}"
    return True, f"{since}; {title} accounts may publish"

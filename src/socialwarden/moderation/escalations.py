"""Escalation as a workflow: a comment flagged to the roles a rule names (Gosport 24 "the Head of IT and a member
of the Legal Team should also be alerted", Society 5 "reported immediately to the Social Media Officer", ETT 10e
"flagged immediately with the Chief Executive") is assigned to those roles and the people holding them, who are
notified; they acknowledge, comment, decide (keep, hide, remove, report to the platform, refer to the police
where the pack grants it) or hand it back to the desk. The escalation has its own response clock.

Holding one of the escalation's roles (or being named on it) is what lets a person act on it: the Legal Team need
no moderate permission to decide an item flagged to them. Services never commit.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.acting import acting, locked, now_utc, permissions_of, roles_of
from socialwarden.audit import service as audit
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.moderation import actions
from socialwarden.moderation.models import (
    OPEN_ESCALATION,
    ActionOut,
    Comment,
    Escalation,
    EscalationEvent,
    EscalationOut,
    EscalationState,
    EscalationStep,
)
from socialwarden.moderation.working_days import add_working_days
from socialwarden.notifications.models import NotificationKind
from socialwarden.notifications.service import holders, notify
from socialwarden.people.models import Person, utc, utc_or_none
from socialwarden.people.service import handles
from socialwarden.policy.models import ModerationAction, Permission, Policy

DECISIONS = (ModerationAction.KEEP, ModerationAction.HIDE, ModerationAction.REMOVE,
             ModerationAction.REPORT_TO_PLATFORM, ModerationAction.REFER_TO_POLICE)
MAX_TEXT = 5000


def target_days(policy: Policy, category: str | None) -> float | None:
    """The response target (working days) for a comment on an account of ``category``."""
    for target in policy.response_times.targets:
        if not target.account_categories or category in target.account_categories:
            return target.working_days
    return None


def _category(session: Session, row: Comment) -> tuple[str | None, Person | None]:
    acct = session.get(Account, row.account_id) if row.account_id is not None else None
    owner = session.get(Person, acct.owner_id) if acct is not None and acct.owner_id else None
    return (acct.category if acct else None), owner


def open_for(session: Session, comment_pk: int) -> Escalation | None:
    query = select(Escalation).where(Escalation.comment_pk == comment_pk, Escalation.state.in_(OPEN_ESCALATION))
    return session.execute(query.order_by(Escalation.id.desc()).limit(1)).scalar_one_or_none()


def ever_raised(session: Session, comment_pk: int) -> bool:
    return session.execute(select(Escalation.id).where(Escalation.comment_pk == comment_pk).limit(1)).first() \
        is not None


def may_handle(policy: Policy, who: Person, esc: Escalation) -> bool:
    """Named on the escalation, or holding one of its roles now."""
    return who.active and (who.id in esc.people or bool(roles_of(policy=policy, person=who) & set(esc.roles)))


def _require_handler(policy: Policy, who: Person, esc: Escalation) -> None:
    if not may_handle(policy, who, esc):
        titles = ", ".join(policy.roles[r].title if r in policy.roles else r for r in esc.roles)
        raise PermissionDenied(f"{who.handle} may not act on escalation #{esc.id}: it is assigned to {titles}")


def _require_open(esc: Escalation) -> None:
    if esc.state not in OPEN_ESCALATION:
        raise Conflict(f"escalation #{esc.id} is {esc.state.replace('_', ' ')} already")


def _step(session: Session, esc: Escalation, who: Person, kind: str, text: str, at: dt.datetime) -> None:
    session.add(EscalationEvent(escalation_id=esc.id, kind=kind, actor_id=who.id, text=text, at=at))


def raise_escalation(session: Session, *, policy: Policy, who: Person, row: Comment, roles: list[str],
                     reason: str, at: dt.datetime) -> tuple[Escalation, ActionOut]:
    """Assign the comment to ``roles`` and the people holding them, start its clock, notify them."""
    audit.lock(session)  # "not escalated already" holds until the commit: two moderators at once make one
    already = open_for(session, row.id)
    if already is not None:
        raise Conflict(f"comment #{row.id} is escalated already (escalation #{already.id})")
    category, owner = _category(session, row)
    people = holders(session, policy=policy, roles=roles, requester=owner)
    days = target_days(policy, category)
    rules = [r.id for r in actions.stored(row).rules if set(r.roles) & set(roles)]
    esc = Escalation(comment_pk=row.id, roles=roles, people=[p.id for p in people], rules=rules,
                     state=EscalationState.OPEN.value, raised_by_id=who.id, raised_at=at, reason=reason,
                     due_at=add_working_days(at, days, policy.response_times.calendar) if days else None)
    session.add(esc)
    session.flush()
    _step(session, esc, who, "raised", reason, at)
    done = actions.apply(session, policy=policy, who=who, row=row, action=ModerationAction.ESCALATE, reason=reason,
                         at=at, roles=roles, audit_extra={"escalation": esc.id,
                                                          "assigned": [p.handle for p in people]})
    titles = ", ".join(policy.roles[r].title for r in roles)
    notify(session, policy=policy, people=people, kind=NotificationKind.ESCALATION, key=f"escalation:{esc.id}",
           subject_type="escalation", subject_id=esc.id,
           title=f"Escalated to you: comment #{row.id} from {row.author_name or row.author_id or 'someone'}",
           body=(f"{who.name} ({who.handle}) escalated a comment on {row.platform} to {titles}: {reason}\n\n"
                 f"\u201c{row.text[:500]}\u201d" + (f"\n\nRespond by {esc.due_at:%d %b %Y %H:%M} UTC."
                                                   if esc.due_at else "")),
           link=f"/escalations/{esc.id}", actor=who.handle, now=at)
    return esc, done.model_copy(update={"escalation": esc.id})


def _get(session: Session, pk: int) -> Escalation:
    esc = session.get(Escalation, pk)
    if esc is None:
        raise NotFound(f"no escalation #{pk}")
    return esc


def _locked(session: Session, pk: int) -> Escalation:
    """The escalation under its row lock, read fresh: its state is checked and changed by one person at a time."""
    return locked(session, Escalation, pk, what="escalation")


def acknowledge(session: Session, *, policy: Policy, who: Person, pk: int, note: str | None = None,
                now: dt.datetime | None = None) -> EscalationOut:
    """Say you have it: the others assigned see who is dealing with it."""
    esc = _locked(session, pk)
    _require_handler(policy, who, esc)
    _require_open(esc)
    if esc.state == EscalationState.ACKNOWLEDGED:
        raise Conflict(f"escalation #{esc.id} was acknowledged already")
    at = now or now_utc()
    esc.state, esc.acknowledged_by_id, esc.acknowledged_at = EscalationState.ACKNOWLEDGED.value, who.id, at
    _step(session, esc, who, "acknowledged", (note or "").strip()[:MAX_TEXT], at)
    acting(session, policy=policy, actor=who.handle, system=True).record(
        "escalation.acknowledge", subject_type="escalation",
           subject_id=esc.id, before={"state": EscalationState.OPEN.value}, after={"state": esc.state},
           reason=note)
    return escalation_out(session, esc)


def add_comment(session: Session, *, policy: Policy, who: Person, pk: int, text: str,
                now: dt.datetime | None = None) -> EscalationOut:
    """A note on the escalation for the others assigned (kept, audited, found by subject-access exports)."""
    esc = _locked(session, pk)
    _require_handler(policy, who, esc)
    if not text.strip():
        raise InputError("the comment is empty")
    if len(text) > MAX_TEXT:
        raise InputError(f"the comment is longer than {MAX_TEXT} characters")
    at = now or now_utc()
    _step(session, esc, who, "comment", text.strip(), at)
    acting(session, policy=policy, actor=who.handle, system=True).record(
        "escalation.comment", subject_type="escalation",
           subject_id=esc.id, before=None, after={"comment": text.strip()})
    return escalation_out(session, esc)


def close(session: Session, *, esc: Escalation, who: Person, outcome: str, at: dt.datetime) -> None:
    esc.state = (EscalationState.HANDED_BACK if outcome == EscalationState.HANDED_BACK.value
                 else EscalationState.DECIDED).value
    esc.closed_by_id, esc.closed_at, esc.outcome = who.id, at, outcome


def decide(session: Session, *, policy: Policy, who: Person, pk: int, action: ModerationAction, reason: str,
           exception: str | None = None, now: dt.datetime | None = None) -> ActionOut:
    """Decide the escalated comment: keep, hide, remove, report to the platform or refer to the police (the last
    two only where the pack grants the permission); evidence is kept first; the escalation is closed."""
    esc = _locked(session, pk)
    _require_handler(policy, who, esc)
    _require_open(esc)
    if action not in DECISIONS:
        raise InputError(f"an escalation is decided with one of: {', '.join(a.value for a in DECISIONS)} "
                         "(or handed back to the desk)")
    actions.check_special(policy, who, action)
    row = actions.get_comment(session, esc.comment_pk)
    actions.check_allowed(policy, row, action)
    noted = actions.exception_needed(policy, row, action, exception)
    at = now or now_utc()
    done = actions.apply(session, policy=policy, who=who, row=row, action=action, reason=reason, at=at,
                         exception=noted, audit_extra={"escalation": esc.id})
    close(session, esc=esc, who=who, outcome=action.value, at=at)
    _step(session, esc, who, "decided", f"{action.value}: {reason}", at)
    acting(session, policy=policy, actor=who.handle, system=True).record("escalation.decide", subject_type="escalation",
           subject_id=esc.id, before={"state": EscalationState.OPEN.value},
           after={"state": esc.state, "outcome": action.value, "comment": row.id}, reason=reason)
    return done.model_copy(update={"escalation": esc.id})


def hand_back(session: Session, *, policy: Policy, who: Person, pk: int, reason: str,
              now: dt.datetime | None = None) -> EscalationOut:
    """Return the comment to the desk (it is not for this role): the comment stays open for the moderators."""
    esc = _locked(session, pk)
    _require_handler(policy, who, esc)
    _require_open(esc)
    if not reason.strip():
        raise InputError("say why it goes back to the desk (--reason)")
    at = now or now_utc()
    before = esc.state
    close(session, esc=esc, who=who, outcome=EscalationState.HANDED_BACK.value, at=at)
    _step(session, esc, who, "handed_back", reason.strip(), at)
    acting(session, policy=policy, actor=who.handle, system=True).record(
        "escalation.hand_back", subject_type="escalation",
           subject_id=esc.id, before={"state": before}, after={"state": esc.state, "comment": esc.comment_pk},
           reason=reason)
    return escalation_out(session, esc)


def escalation_out(session: Session, esc: Escalation, now: dt.datetime | None = None) -> EscalationOut:
    steps = session.execute(select(EscalationEvent).where(EscalationEvent.escalation_id == esc.id)
                            .order_by(EscalationEvent.at, EscalationEvent.id)).scalars().all()
    ids = {esc.raised_by_id, *esc.people, *(s.actor_id for s in steps),
           *(i for i in (esc.acknowledged_by_id, esc.closed_by_id) if i is not None)}
    names = handles(session, set(ids))
    due = utc_or_none(esc.due_at)
    when = utc(esc.closed_at) if esc.closed_at is not None else (now or now_utc())
    return EscalationOut(
        id=esc.id, comment=esc.comment_pk, roles=list(esc.roles), people=[names.get(i, "?") for i in esc.people],
        rules=list(esc.rules), state=EscalationState(esc.state), raised_by=names.get(esc.raised_by_id, "?"),
        raised_at=utc(esc.raised_at), reason=esc.reason, due_at=due, breached=due is not None and when > due,
        acknowledged_by=names.get(esc.acknowledged_by_id) if esc.acknowledged_by_id else None,
        acknowledged_at=utc_or_none(esc.acknowledged_at),
        closed_by=names.get(esc.closed_by_id) if esc.closed_by_id else None, closed_at=utc_or_none(esc.closed_at),
        outcome=esc.outcome,
        steps=[EscalationStep(kind=s.kind, actor=names.get(s.actor_id, "?"), text=s.text, at=utc(s.at))
               for s in steps])


def get(session: Session, *, policy: Policy, who: Person, pk: int) -> EscalationOut:
    """One escalation, for the people it is assigned to and the moderators."""
    esc = _get(session, pk)
    if not may_handle(policy, who, esc) and Permission.MODERATE not in permissions_of(policy=policy, person=who):
        raise PermissionDenied(f"{who.handle} may not see escalation #{esc.id}: it is assigned to "
                               + ", ".join(esc.roles))
    return escalation_out(session, esc)


def queue_for(session: Session, *, policy: Policy, who: Person, open_only: bool = True,
              limit: int = 200) -> list[EscalationOut]:
    """The escalations assigned to ``who`` (by role or by name), oldest due first."""
    query = select(Escalation).order_by(Escalation.due_at.is_(None), Escalation.due_at, Escalation.id)
    if open_only:
        query = query.where(Escalation.state.in_(OPEN_ESCALATION))
    rows = [e for e in session.execute(query.limit(limit * 4)).scalars() if may_handle(policy, who, e)]
    now = now_utc()
    return [escalation_out(session, e, now) for e in rows[:limit]]


def open_count(session: Session, *, policy: Policy, who: Person) -> int:
    """How many open escalations ``who`` may act on (for the start page and the navigation)."""
    rows = session.execute(select(Escalation).where(Escalation.state.in_(OPEN_ESCALATION))).scalars()
    return sum(1 for e in rows if may_handle(policy, who, e))

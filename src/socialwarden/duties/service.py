"""Run the periodic duties: each at most once per (UTC) day, its notices stored and the run audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.acting import ActorLike, acting
from socialwarden.audit import service as audit
from socialwarden.duties.models import DutyNotice, DutyReport, DutyResult, DutyRun, Notice
from socialwarden.duties.registry import DutyContext, all_duties
from socialwarden.exceptions import InputError
from socialwarden.people.models import Person
from socialwarden.people.service import get_person
from socialwarden.policy.models import Policy

__all__ = ["run_duties"]


def _stored(session: Session, run: DutyRun) -> list[Notice]:
    rows = session.execute(select(DutyNotice).where(DutyNotice.run_id == run.id).order_by(DutyNotice.id)).scalars()
    result = []
    for row in rows:
        who = session.get(Person, row.recipient_id) if row.recipient_id is not None else None
        result.append(Notice(kind=row.kind, subject_type=row.subject_type, subject_id=row.subject_id,
                             recipient=who.handle if who else None, message=row.message, cite=row.cite))
    return result


def run_duties(session: Session, *, policy: Policy, now: dt.datetime, actor: ActorLike,
               only: list[str] | None = None) -> DutyReport:
    """Run every duty not yet run today (or just ``only``); a duty already run today reports its stored notices."""
    if now.tzinfo is None:
        raise InputError("now must be an aware time (UTC)")
    now = now.astimezone(dt.UTC)
    duties = all_duties()
    if only:
        unknown = sorted(set(only) - {d.name for d in duties})
        if unknown:
            raise InputError(f"no duty named {', '.join(unknown)} (duties: {', '.join(d.name for d in duties)})")
        duties = [d for d in duties if d.name in only]
    who, day = acting(session, policy=policy, actor=actor, system=True), now.date()
    audit.lock(session)  # two schedulers at once: the second waits, then sees today's runs
    results: list[DutyResult] = []
    for duty in duties:
        done = session.execute(select(DutyRun).where(DutyRun.duty == duty.name, DutyRun.day == day)).scalar()
        if done is not None:
            results.append(DutyResult(duty=duty.name, already_ran=True, notices=_stored(session, done)))
            continue
        notices = duty.run(DutyContext(session=session, policy=policy, now=now, actor=who.name))
        run = DutyRun(duty=duty.name, day=day, ran_at=now, actor=who.name,
                      summary={"notices": len(notices), "kinds": sorted({n.kind for n in notices})})
        session.add(run)
        session.flush()
        for notice in notices:
            recipient = get_person(session, handle=notice.recipient).id if notice.recipient else None
            session.add(DutyNotice(run_id=run.id, kind=notice.kind, subject_type=notice.subject_type,
                                   subject_id=notice.subject_id, recipient_id=recipient, message=notice.message,
                                   cite=notice.cite, created_at=now))
        session.flush()
        who.record(f"duty.{duty.name}", subject_type="duty_run", subject_id=run.id, before=None,
                   after={"day": day, "notices": [n.model_dump() for n in notices]}, reason=duty.title)
        results.append(DutyResult(duty=duty.name, already_ran=False, notices=notices))
    return DutyReport(day=day, results=results)

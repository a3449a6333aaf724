"""Response-time reminders: comments, escalations and complaints falling due within the next working hour are
notified once each (to whoever is assigned, else the roles that deal with them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.acting import grantors
from socialwarden.complaints.models import Complaint, ComplaintState
from socialwarden.moderation.models import OPEN_ESCALATION, Comment, CommentState, Escalation
from socialwarden.moderation.working_days import LONDON, add_working_days
from socialwarden.notifications.models import Notification, NotificationKind
from socialwarden.notifications.service import holders, notify, notify_roles
from socialwarden.people.models import Person, utc
from socialwarden.policy.models import Permission, Policy

WINDOW_DAYS = 1 / 8  # one working hour of an eight-hour working day
LIMIT = 500


def _uk(moment: dt.datetime) -> str:
    return utc(moment).astimezone(LONDON).strftime("%H:%M %Z on %d %b")


def remind_due_soon(session: Session, *, policy: Policy, now: dt.datetime, actor: str) -> list[Notification]:
    """Notify what falls due between ``now`` and one working hour later (each item once per due time)."""
    now = now.astimezone(dt.UTC)
    until = add_working_days(now, WINDOW_DAYS, policy.response_times.calendar)
    made: list[Notification] = []
    moderators = grantors(policy, Permission.MODERATE)
    rows = session.execute(select(Comment).where(Comment.state == CommentState.OPEN.value,
                                                 Comment.answered_at.is_(None), Comment.due_at > now,
                                                 Comment.due_at <= until).limit(LIMIT)).scalars().all()
    for row in rows:
        assignee = session.get(Person, row.assigned_to_id) if row.assigned_to_id else None
        when = utc(row.due_at) if row.due_at else now
        common = {"kind": NotificationKind.SLA_DUE, "key": f"sla:comment:{row.id}:{when:%Y%m%dT%H%M}",
                  "subject_type": "comment", "subject_id": row.id,
                  "title": f"Reply due {_uk(when)}: comment #{row.id}",
                  "body": f"Comment #{row.id} from {row.author_name or row.author_id or 'someone'} on {row.platform} "
                          f"is due a response by {_uk(when)}: \u201c{row.text[:300]}\u201d",
                  "link": f"/inbox?open={row.id}", "actor": actor, "now": now}
        if assignee is not None:
            made += notify(session, policy=policy, people=[assignee], **common)  # type: ignore[arg-type]
        else:
            made += notify_roles(session, policy=policy, roles=moderators, **common)  # type: ignore[arg-type]
    escs = session.execute(select(Escalation).where(Escalation.state.in_(OPEN_ESCALATION), Escalation.due_at > now,
                                                    Escalation.due_at <= until).limit(LIMIT)).scalars().all()
    for esc in escs:
        when = utc(esc.due_at) if esc.due_at else now
        people = {p.id: p for p in holders(session, policy=policy, roles=esc.roles)}
        people.update({p.id: p for p in (session.get(Person, i) for i in esc.people) if p is not None})
        made += notify(session, policy=policy, people=list(people.values()), kind=NotificationKind.SLA_DUE,
                       key=f"sla:escalation:{esc.id}:{when:%Y%m%dT%H%M}", subject_type="escalation",
                       subject_id=esc.id, title=f"Escalation #{esc.id} due {_uk(when)}",
                       body=f"Escalation #{esc.id} (comment #{esc.comment_pk}) is due a decision by {_uk(when)}.",
                       link=f"/escalations/{esc.id}", actor=actor, now=now)
    settled = [ComplaintState.RESOLVED.value, ComplaintState.CLOSED.value]
    complaints = session.execute(select(Complaint).where(Complaint.state.not_in(settled), Complaint.due_at > now,
                                                         Complaint.due_at <= until).limit(LIMIT)).scalars().all()
    handlers = grantors(policy, Permission.INVESTIGATE_COMPLAINTS) or moderators
    for complaint in complaints:
        when = utc(complaint.due_at)
        made += notify_roles(session, policy=policy, roles=handlers, kind=NotificationKind.SLA_DUE,
                             key=f"sla:complaint:{complaint.id}:{when:%Y%m%dT%H%M}", subject_type="complaint",
                             subject_id=complaint.id, title=f"Complaint #{complaint.id} due {_uk(when)}",
                             body=f"Complaint #{complaint.id} from {complaint.complainant or 'someone'} is due an "
                                  f"answer by {_uk(when)}.", link="/complaints", actor=actor, now=now)
    return made

"""The complaints register: a comment the engine finds to be a complaint becomes a complaint record with its own
state and due date (ETT 9c "Details of the complaint remain secure and dealt with in a professional and timely
manner"); the complaints retention rule purges closed ones. Services never commit.

Due date: the policy's response target for the account (its working days), else ``DEFAULT_WORKING_DAYS`` — ten
working days, the usual first-stage answer time of UK public-sector complaints procedures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.acting import acting, now_utc
from socialwarden.complaints.models import MOVES, Complaint, ComplaintOut, ComplaintState
from socialwarden.engine.stored import StoredDecision
from socialwarden.exceptions import Conflict, InputError, NotFound
from socialwarden.moderation.models import Comment
from socialwarden.moderation.working_days import add_working_days
from socialwarden.people.models import utc, utc_or_none
from socialwarden.people.service import handles
from socialwarden.policy.models import Permission, Policy
from socialwarden.taxonomy import Category

DEFAULT_WORKING_DAYS = 10.0
MAX_LIST = 500


def _days(policy: Policy, category: str | None) -> float:
    for target in policy.response_times.targets:
        if not target.account_categories or category in target.account_categories:
            return max(target.working_days, 1.0)
    return DEFAULT_WORKING_DAYS


def register(session: Session, *, policy: Policy, actor: str, comments: Sequence[Comment]) -> list[Complaint]:
    """Open a complaint record for each comment whose stored decision found a complaint (once per comment)."""
    found = [c for c in comments if Category.COMPLAINT in StoredDecision.read(c.decision).raised]
    if not found:
        return []
    keys = {(c.platform, c.comment_id) for c in found}
    have = {(p, cid) for p, cid in session.execute(select(Complaint.platform, Complaint.comment_id).where(
        Complaint.comment_id.in_([k[1] for k in keys])))}
    made = []
    categories: dict[int | None, str | None] = {}
    for row in found:
        if (row.platform, row.comment_id) in have:
            continue
        if row.account_id not in categories:
            acct = session.get(Account, row.account_id) if row.account_id is not None else None
            categories[row.account_id] = acct.category if acct else None
        received = utc(row.posted_at)
        complaint = Complaint(platform=row.platform, comment_id=row.comment_id, comment_pk=row.id,
                              complainant=row.author_name, complainant_id=row.author_id, text=row.text,
                              state=ComplaintState.RECEIVED.value, received_at=received,
                              due_at=add_working_days(received, _days(policy, categories[row.account_id]),
                                                      policy.response_times.calendar),
                              assigned_to_id=None, outcome=None, closed_at=None, legal_hold=False)
        session.add(complaint)
        made.append(complaint)
        have.add((row.platform, row.comment_id))
    if made:
        session.flush()
        acting(session, policy=policy, actor=actor, system=True).record(
            "complaints.register", subject_type="complaint_batch",
               subject_id=f"{made[0].id}-{made[-1].id}", before=None,
               after={"complaints": [c.id for c in made], "comments": [c.comment_pk for c in made]})
    return made


def _get(session: Session, pk: int) -> Complaint:
    found = session.get(Complaint, pk)
    if found is None:
        raise NotFound(f"no complaint #{pk}")
    return found


def complaint_out(row: Complaint, names: dict[int, str], now: dt.datetime | None = None) -> ComplaintOut:
    """Overdue: still open past its due time, or closed after it."""
    due = utc(row.due_at)
    settled = row.state in (ComplaintState.RESOLVED.value, ComplaintState.CLOSED.value)
    overdue = utc(row.closed_at) > due if row.closed_at is not None else (not settled and (now or now_utc()) > due)
    return ComplaintOut(id=row.id, platform=row.platform, comment_id=row.comment_id, comment=row.comment_pk,
                        complainant=row.complainant, text=row.text, state=ComplaintState(row.state),
                        received_at=utc(row.received_at), due_at=due, overdue=overdue,
                        assigned_to=names.get(row.assigned_to_id) if row.assigned_to_id else None,
                        outcome=row.outcome, closed_at=utc_or_none(row.closed_at))


def register_list(session: Session, *, state: ComplaintState | None = None, open_only: bool = False,
                  limit: int = MAX_LIST) -> list[ComplaintOut]:
    """The register, oldest due first."""
    query = select(Complaint).order_by(Complaint.due_at, Complaint.id).limit(min(limit, MAX_LIST))
    if state is not None:
        query = query.where(Complaint.state == state.value)
    elif open_only:
        query = query.where(Complaint.state.not_in([ComplaintState.CLOSED.value]))
    rows = list(session.execute(query).scalars())
    names = handles(session, {r.assigned_to_id for r in rows if r.assigned_to_id})
    now = now_utc()
    return [complaint_out(r, names, now) for r in rows]


def move(session: Session, *, policy: Policy, actor: str, pk: int, to: ComplaintState, note: str,
         assign: str | None = None, now: dt.datetime | None = None) -> ComplaintOut:
    """Move a complaint on (received -> redirected / investigating -> resolved -> closed), with a note."""
    acting(session, policy=policy, actor=actor).require(Permission.MODERATE, Permission.INVESTIGATE_COMPLAINTS,
                                                        doing="handle complaints")
    if not note.strip():
        raise InputError("say what was done (--note): it is kept with the complaint")
    row = _get(session, pk)
    current = ComplaintState(row.state)
    if to not in MOVES[current]:
        allowed = ", ".join(sorted(s.value for s in MOVES[current])) or "none (it is closed)"
        raise Conflict(f"complaint #{pk} is {current.value}: it can move to {allowed}")
    at = now or now_utc()
    before = {"state": row.state, "assigned_to": row.assigned_to_id}
    row.state = to.value
    row.outcome = note.strip() if to in (ComplaintState.RESOLVED, ComplaintState.CLOSED) else row.outcome
    if to is ComplaintState.CLOSED:
        row.closed_at = at
    if assign is not None:
        row.assigned_to_id = acting(session, policy=policy, actor=assign).as_person().id
    acting(session, policy=policy, actor=actor, system=True).record(
        f"complaint.{to.value}", subject_type="complaint", subject_id=pk,
           before=before, after={"state": row.state, "assigned_to": row.assigned_to_id}, reason=note)
    return complaint_out(row, handles(session, {row.assigned_to_id} if row.assigned_to_id else set()), at)


def about(session: Session, *, needle: str, ids: Sequence[int]) -> list[Complaint]:
    """Complaints made by someone (display name or platform id, case-insensitive) or assigned to ``ids``."""
    query = select(Complaint).where(or_(func.lower(Complaint.complainant) == needle,
                                        func.lower(Complaint.complainant_id) == needle,
                                        Complaint.assigned_to_id.in_(list(ids)))).order_by(Complaint.id)
    return list(session.execute(query).scalars())

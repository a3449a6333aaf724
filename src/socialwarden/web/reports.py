"""Read-only figures for the dashboard (no state changes, so nothing here is audited)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account, AccountStatus
from socialwarden.engine.stored import StoredDecision
from socialwarden.moderation.models import Comment
from socialwarden.posts.models import PostVersion
from socialwarden.store.db import CheckRecord

UNDER_USE_DAYS = 90  # ETT 17a: no post in three months


@dataclass(frozen=True)
class UnderUsed:
    account_id: int
    label: str
    days_idle: int | None  # None: never posted since it was registered, over ``days`` ago


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def decisions_by_verdict(session: Session, *, since: dt.datetime) -> Counter[str]:
    """How many decisions (post versions, triaged comments, stored checks) came out as each verdict."""
    counts: Counter[str] = Counter()
    for column, when in ((CheckRecord.verdict, CheckRecord.created_at), (PostVersion.verdict, PostVersion.created_at),
                         (Comment.verdict, Comment.imported_at)):
        counts.update(v for v in session.execute(select(column).where(when >= since)).scalars() if v)
    return counts


def comments_by_category(session: Session, *, since: dt.datetime, mondays: list[dt.date],
                         top: int = 6) -> tuple[list[str], dict[str, list[int]]]:
    """Inbound comments per week per finding category (each comment counted once per category it has)."""
    per: dict[str, Counter[dt.date]] = {}
    rows = session.execute(select(Comment.posted_at, Comment.decision).where(Comment.posted_at >= since))
    for posted_at, decision in rows:
        day = _utc(posted_at).date()
        week = day - dt.timedelta(days=day.weekday())
        for category in StoredDecision.read(decision).category_names() or ["no finding"]:
            per.setdefault(category, Counter())[week] += 1
    ranked = sorted(per, key=lambda c: -sum(per[c].values()))[:top]
    return ranked, {c: [per[c][m] for m in mondays] for c in ranked}


@dataclass(frozen=True)
class ResponseWeek:
    week: dt.date
    answered: int
    median_hours: float | None
    on_time: int  # answered by the due time the policy's target set
    overdue_open: int


def response_times(session: Session, *, mondays: list[dt.date], now: dt.datetime) -> list[ResponseWeek]:
    """For comments posted each week: median hours to reply, replies on time, and still-open overdue ones."""
    weeks: dict[dt.date, list[tuple[float | None, bool, bool]]] = {m: [] for m in mondays}
    since = dt.datetime(mondays[0].year, mondays[0].month, mondays[0].day, tzinfo=dt.UTC)
    query = select(Comment.posted_at, Comment.answered_at, Comment.due_at, Comment.state).where(
        Comment.posted_at >= since)
    for posted_at, answered_at, due_at, state in session.execute(query):
        day = _utc(posted_at).date()
        week = day - dt.timedelta(days=day.weekday())
        if week not in weeks:
            continue
        due = _utc(due_at) if due_at is not None else None  # None: the policy sets no target for it
        if answered_at is not None:
            hours = (_utc(answered_at) - _utc(posted_at)).total_seconds() / 3600
            weeks[week].append((hours, due is not None and _utc(answered_at) <= due, False))
        else:
            weeks[week].append((None, False, state == "open" and due is not None and due < now))
    out = []
    for week, items in weeks.items():
        replied = sorted(h for h, _, _ in items if h is not None)
        median = replied[len(replied) // 2] if replied else None
        out.append(ResponseWeek(week, len(replied), median, sum(1 for _, ok, _ in items if ok),
                                sum(1 for _, _, late in items if late)))
    return out


def under_used_accounts(session: Session, *, now: dt.datetime, days: int = UNDER_USE_DAYS) -> list[UnderUsed]:
    """Live accounts with no post for ``days`` days (or never), most idle first."""
    rows = session.execute(select(Account).where(Account.status == AccountStatus.ACTIVE.value)).scalars().unique()
    found = []
    for account in rows:
        last = _utc(account.last_post_at) if account.last_post_at else None
        idle = (now - (last or _utc(account.created_at))).days  # a new account gets its first three months
        if idle >= days:
            found.append(UnderUsed(account.id, f"{account.platform} {account.handle}", idle if last else None))
    return sorted(found, key=lambda u: -1 if u.days_idle is None else -u.days_idle)


def weeks(now: dt.datetime, count: int) -> list[dt.date]:
    """The Mondays of the last ``count`` weeks, oldest first."""
    monday = now.date() - dt.timedelta(days=now.weekday())
    return [monday - dt.timedelta(weeks=count - 1 - i) for i in range(count)]

"""Read-only figures for the dashboard (no state changes, so nothing here is audited)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account, AccountStatus
from socialwarden.store.db import CheckRecord

UNDER_USE_DAYS = 90  # ETT 17a: no post in three months


@dataclass(frozen=True)
class UnderUsed:
    account_id: int
    label: str
    days_idle: int | None  # None: never posted


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def decisions_by_verdict(session: Session, *, since: dt.datetime) -> Counter[str]:
    """How many stored decisions came out as each verdict since ``since``."""
    rows = session.execute(select(CheckRecord.verdict).where(CheckRecord.created_at >= since)).scalars()
    return Counter(rows)


def under_used_accounts(session: Session, *, now: dt.datetime, days: int = UNDER_USE_DAYS) -> list[UnderUsed]:
    """Live accounts with no post for ``days`` days (or never), most idle first."""
    rows = session.execute(select(Account).where(Account.status == AccountStatus.ACTIVE.value)).scalars().unique()
    found = []
    for account in rows:
        last = _utc(account.last_post_at) if account.last_post_at else None
        idle = (now - last).days if last else None
        if idle is None or idle >= days:
            found.append(UnderUsed(account.id, f"{account.platform} {account.handle}", idle))
    return sorted(found, key=lambda u: -1 if u.days_idle is None else -u.days_idle)


def weeks(now: dt.datetime, count: int) -> list[dt.date]:
    """The Mondays of the last ``count`` weeks, oldest first."""
    monday = now.date() - dt.timedelta(days=now.weekday())
    return [monday - dt.timedelta(weeks=count - 1 - i) for i in range(count)]

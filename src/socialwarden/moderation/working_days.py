"""UK working days: due times for response targets, counted in working hours on the policy's bank-holiday calendar.

The rule (documented in docs/architecture.md): a working day is Monday–Friday, 09:00–17:00 Europe/London, that is
not a bank holiday in the policy's nation (the `holidays` package: England and Wales, Scotland, Northern Ireland).
"N working days" is N × 8 working hours counted from the moment the comment arrived; a comment arriving at the
weekend, on a bank holiday or outside hours starts the clock at the next working day's 09:00. So one working day
from Monday 14:00 is Tuesday 14:00, and one working day from Saturday is Monday 17:00.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from socialwarden.exceptions import InputError
from socialwarden.policy.models import Nation

LONDON = ZoneInfo("Europe/London")
DAY_START = dt.time(9, 0)
DAY_END = dt.time(17, 0)
HOURS_PER_DAY = 8
_SUBDIVISION = {Nation.ENGLAND_AND_WALES: "ENG", Nation.SCOTLAND: "SCT", Nation.NORTHERN_IRELAND: "NIR"}
_MAX_DAYS = 3660  # a loop guard: no target is ten years long


@lru_cache(maxsize=64)
def _holidays(nation: Nation, year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("GB", subdiv=_SUBDIVISION[nation], years=[year]).items())


def bank_holiday(day: dt.date, nation: Nation) -> str | None:
    """The bank holiday's name on ``day`` in ``nation`` (None on an ordinary day)."""
    return _holidays(nation, day.year).get(day)


def is_working_day(day: dt.date, nation: Nation) -> bool:
    """Monday to Friday and not a bank holiday in ``nation``."""
    return day.weekday() < 5 and bank_holiday(day, nation) is None


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise InputError(f"time {moment.isoformat()} has no time zone: give it in UTC or with an offset")
    return moment.astimezone(LONDON)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=LONDON)


def clock_start(moment: dt.datetime, nation: Nation) -> dt.datetime:
    """When the response clock starts: ``moment`` itself in working hours, else the next working day's 09:00."""
    local = _aware(moment)
    day = local.date()
    if is_working_day(day, nation):
        if local.time() < DAY_START:
            return _at(day, DAY_START)
        if local.time() < DAY_END:
            return local
    for _ in range(_MAX_DAYS):
        day += dt.timedelta(days=1)
        if is_working_day(day, nation):
            return _at(day, DAY_START)
    raise InputError("no working day found within ten years")  # pragma: no cover - calendars always have one


def add_working_days(moment: dt.datetime, days: float, nation: Nation) -> dt.datetime:
    """``moment`` plus ``days`` working days (in working hours, see the module docstring), in UTC."""
    if days < 0:
        raise InputError(f"working days must not be negative, got {days}")
    current = clock_start(moment, nation)
    remaining = dt.timedelta(hours=HOURS_PER_DAY * days)
    for _ in range(_MAX_DAYS):
        left_today = _at(current.date(), DAY_END) - current
        if remaining <= left_today:
            return (current + remaining).astimezone(dt.UTC)
        remaining -= left_today
        day = current.date()
        while True:
            day += dt.timedelta(days=1)
            if is_working_day(day, nation):
                break
        current = _at(day, DAY_START)
    raise InputError(f"{days} working days is too long a target")


@dataclass(frozen=True)
class Due:
    """A response due time and whether it has been missed."""

    arrived_at: dt.datetime
    due_at: dt.datetime
    working_days: float
    nation: Nation
    target_id: str | None
    breached: bool

    def to_json(self) -> dict[str, object]:
        return {"arrived_at": self.arrived_at.isoformat(), "due_at": self.due_at.isoformat(),
                "working_days": self.working_days, "nation": self.nation.value, "target_id": self.target_id,
                "breached": self.breached}


def due(*, arrived_at: dt.datetime, working_days: float, nation: Nation, now: dt.datetime,
        answered_at: dt.datetime | None = None, target_id: str | None = None) -> Due:
    """The due time for a comment and whether it is breached (answered late, or unanswered past due at ``now``)."""
    due_at = add_working_days(arrived_at, working_days, nation)
    when = answered_at if answered_at is not None else now
    return Due(arrived_at=arrived_at.astimezone(dt.UTC), due_at=due_at, working_days=working_days, nation=nation,
               target_id=target_id, breached=_aware(when) > due_at)

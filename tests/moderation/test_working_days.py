"""Working-day arithmetic table: weekends, England/Wales, Scotland and Northern Ireland bank holidays, Easter,
Christmas substitute days, out-of-hours arrivals, fractions and the clock change."""

from __future__ import annotations

import datetime as dt

import pytest

from socialwarden.exceptions import InputError
from socialwarden.moderation.working_days import LONDON, add_working_days, bank_holiday, due, is_working_day
from socialwarden.policy.models import Nation

EW, SCT, NI = Nation.ENGLAND_AND_WALES, Nation.SCOTLAND, Nation.NORTHERN_IRELAND


def london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


CASES = [
    # (why, nation, arrived (London), working days, due (London))
    ("working hours, next day same time", EW, "2026-03-09 14:00", 1, "2026-03-10 14:00"),
    ("before hours starts at 09:00", EW, "2026-03-09 08:00", 1, "2026-03-09 17:00"),
    ("exactly 17:00 counts from next day", EW, "2026-03-09 17:00", 1, "2026-03-10 17:00"),
    ("Friday afternoon rolls over the weekend", EW, "2026-03-06 16:00", 1, "2026-03-09 16:00"),
    ("Friday evening starts Monday 09:00", EW, "2026-03-06 17:30", 1, "2026-03-09 17:00"),
    ("Saturday starts Monday 09:00", EW, "2026-03-07 11:00", 1, "2026-03-09 17:00"),
    ("Sunday night", EW, "2026-03-08 23:59", 1, "2026-03-09 17:00"),
    ("two working days over a weekend", EW, "2026-03-05 10:00", 2, "2026-03-09 10:00"),
    ("half a day", EW, "2026-03-09 09:00", 0.5, "2026-03-09 13:00"),
    ("half a day across the evening", EW, "2026-03-09 15:00", 0.5, "2026-03-10 11:00"),
    ("zero days from out of hours is the next start", EW, "2026-03-07 11:00", 0, "2026-03-09 09:00"),
    # New Year: 2 January is a bank holiday in Scotland only
    ("New Year, England", EW, "2025-12-31 15:00", 1, "2026-01-02 15:00"),
    ("New Year, Scotland skips 2 Jan", SCT, "2025-12-31 15:00", 1, "2026-01-05 15:00"),
    ("New Year 2022 substitute Monday, England", EW, "2021-12-31 10:00", 1, "2022-01-04 10:00"),
    # St Andrew's Day 2025 falls on a Sunday: Scotland takes Monday 1 December
    ("St Andrew's substitute, England works", EW, "2025-11-28 11:00", 1, "2025-12-01 11:00"),
    ("St Andrew's substitute, Scotland off", SCT, "2025-11-28 11:00", 1, "2025-12-02 11:00"),
    ("St Andrew's Day 2026 on a Monday, Scotland", SCT, "2026-11-27 11:00", 1, "2026-12-01 11:00"),
    # Easter 2026: Good Friday everywhere, Easter Monday not in Scotland
    ("Easter, England skips Friday and Monday", EW, "2026-04-02 12:00", 1, "2026-04-07 12:00"),
    ("Easter, Scotland works Easter Monday", SCT, "2026-04-02 12:00", 1, "2026-04-06 12:00"),
    ("Easter, Northern Ireland as England", NI, "2026-04-02 12:00", 1, "2026-04-07 12:00"),
    ("St Patrick's Day, Northern Ireland only", NI, "2026-03-16 10:00", 1, "2026-03-18 10:00"),
    ("St Patrick's Day is a working day in England", EW, "2026-03-16 10:00", 1, "2026-03-17 10:00"),
    ("Battle of the Boyne on a Sunday: NI takes Monday", NI, "2026-07-10 10:00", 1, "2026-07-14 10:00"),
    ("Boyne substitute is a working day in England", EW, "2026-07-10 10:00", 1, "2026-07-13 10:00"),
    ("Scotland's early August bank holiday", SCT, "2026-07-31 10:00", 1, "2026-08-04 10:00"),
    ("England's late August bank holiday", EW, "2026-08-28 10:00", 1, "2026-09-01 10:00"),
    # Christmas: 2026 Boxing Day is a Saturday (substitute Mon 28); 2027 both fall at the weekend (27 and 28)
    ("Christmas Eve 2026", EW, "2026-12-24 10:00", 1, "2026-12-29 10:00"),
    ("Christmas Day 2026 itself", EW, "2026-12-25 10:00", 1, "2026-12-29 17:00"),
    ("Christmas Eve 2027, two substitute days", EW, "2027-12-24 10:00", 1, "2027-12-29 10:00"),
    ("Christmas Eve 2027, Scotland too", SCT, "2027-12-24 10:00", 1, "2027-12-29 10:00"),
    ("Christmas to New Year 2027, Scotland", SCT, "2027-12-31 10:00", 1, "2028-01-05 10:00"),
    # the clock change (29 March 2026): due times keep London wall-clock hours
    ("over the spring clock change", EW, "2026-03-27 10:00", 1, "2026-03-30 10:00"),
]


@pytest.mark.parametrize(("why", "nation", "arrived", "days", "expected"), CASES, ids=[c[0] for c in CASES])
def test_add_working_days(why: str, nation: Nation, arrived: str, days: float, expected: str) -> None:
    result = add_working_days(london(arrived), days, nation)
    assert result.tzinfo is dt.UTC
    assert result.astimezone(LONDON) == london(expected), why


def test_bank_holiday_names_and_working_days() -> None:
    assert bank_holiday(dt.date(2026, 1, 2), SCT) is not None
    assert bank_holiday(dt.date(2026, 1, 2), EW) is None
    assert bank_holiday(dt.date(2026, 12, 28), EW) is not None  # Boxing Day substitute
    assert not is_working_day(dt.date(2026, 3, 7), EW)  # Saturday
    assert is_working_day(dt.date(2026, 4, 6), SCT) and not is_working_day(dt.date(2026, 4, 6), EW)


def test_utc_input_is_the_same_instant() -> None:
    utc = dt.datetime(2026, 6, 1, 13, 0, tzinfo=dt.UTC)  # 14:00 BST
    assert add_working_days(utc, 1, EW) == dt.datetime(2026, 6, 2, 13, 0, tzinfo=dt.UTC)


def test_due_and_breach() -> None:
    arrived = london("2026-03-06 16:00")
    on_time = due(arrived_at=arrived, working_days=1, nation=EW, now=london("2026-03-09 15:59"))
    assert not on_time.breached and on_time.due_at.astimezone(LONDON) == london("2026-03-09 16:00")
    late = due(arrived_at=arrived, working_days=1, nation=EW, now=london("2026-03-09 16:01"))
    assert late.breached
    answered = due(arrived_at=arrived, working_days=1, nation=EW, now=london("2026-03-20 10:00"),
                   answered_at=london("2026-03-09 12:00"))
    assert not answered.breached


def test_refusals() -> None:
    with pytest.raises(InputError, match="time zone"):
        add_working_days(dt.datetime(2026, 3, 9, 10, 0), 1, EW)
    with pytest.raises(InputError, match="negative"):
        add_working_days(london("2026-03-09 10:00"), -1, EW)

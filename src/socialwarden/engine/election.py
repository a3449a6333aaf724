"""Election (pre-election, "purdah") periods: which one is in force on a day, and what it makes political.

A policy lists its periods (``Policy.election_periods``). The day comes from the context (``Context.on``: a
post's scheduled day, a comment's day, ``warden check --on``), else today in the UK. Inside a period:

- content rules with ``election_period: inside`` apply and those with ``outside`` do not (``rules.in_scope``);
- guidance for the ``election_period`` moment is shown while drafting;
- an outbound post naming one of the period's ``candidates`` (or, with ``featuring_councillors``, a named
  councillor: "Cllr Smith", "Councillor Jane Smith") carries a political finding, so the policy's ordinary
  political rules and its period rules act on publicity featuring them.

Outside every period nothing here applies: "Councillor Smith opened the new play park" is an ordinary post.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from socialwarden.engine.findings import Finding
from socialwarden.policy.models import ElectionPeriod, Policy
from socialwarden.taxonomy import Category

UK = ZoneInfo("Europe/London")
CANDIDATE_SCORE = 0.85  # a candidate named in the period: as firm as a party-tagged councillor
COUNCILLOR_SCORE = 0.75  # a councillor named in the period (may be standing, or seen as endorsed)
_MAX_PER_PERIOD = 20  # findings per text: enough to show, bounded on hostile input
_COUNCILLOR = r"\b(?:[Cc]llr\.?|[Cc]ouncill?or)\s+(?:[A-Z][\w'’\-]+)(?:\s+[A-Z][\w'’\-]+)?"


def today() -> dt.date:
    """Today's date in the UK, the default day of a check."""
    return dt.datetime.now(UK).date()


def uk_day(when: dt.datetime) -> dt.date:
    """The UK calendar day of a time (a naive time is taken as UTC, as the store keeps times)."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
    return aware.astimezone(UK).date()


def period_on(policy: Policy, day: dt.date | None) -> int | None:
    """The index of the election period in force on ``day`` (today when None), or None outside every period."""
    periods = policy.election_periods
    if not periods:
        return None
    when = day if day is not None else today()
    return next((i for i, p in enumerate(periods) if p.covers(when)), None)


class PeriodMatcher:
    """Finds the names that make a post political inside one period (compiled once per period)."""

    def __init__(self, period: ElectionPeriod) -> None:
        self.period = period
        names = sorted({n.strip() for n in period.candidates if n.strip()}, key=len, reverse=True)
        alternation = "|".join(re.escape(n) for n in names)
        parts = [rf"(?P<candidate>(?i:\b(?:{alternation})\b))"] if names else []
        if period.featuring_councillors:
            parts.append(rf"(?P<councillor>{_COUNCILLOR})")
        self._pattern = re.compile("|".join(parts)) if parts else None
        self._names = re.compile(alternation, re.IGNORECASE) if names else None
        self._when = f"{_day(period.start)} to {_day(period.end)}"

    def findings(self, text: str) -> tuple[Finding, ...]:
        if self._pattern is None:
            return ()
        out: list[Finding] = []
        for match in self._pattern.finditer(text):
            if len(out) == _MAX_PER_PERIOD:
                break
            named = match.group()
            candidate = match.lastgroup == "candidate" or (
                self._names is not None and self._names.search(named) is not None)
            what = "a candidate" if candidate else "a councillor"
            out.append(Finding(
                category=Category.POLITICAL, start=match.start(), end=match.end(),
                score=CANDIDATE_SCORE if candidate else COUNCILLOR_SCORE, detector="election_period",
                label="candidate_in_election_period" if candidate else "councillor_in_election_period",
                explanation=f"names {what} ({named!r}) during the election period {self.period.name!r} "
                            f"({self._when}), when publicity featuring candidates and councillors is political"))
        return tuple(out)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def matchers(policy: Policy) -> tuple[PeriodMatcher, ...]:
    """One matcher per period of ``policy``, in the policy's order."""
    return tuple(PeriodMatcher(p) for p in policy.election_periods)

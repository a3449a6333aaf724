"""The duties `warden duties run` performs, in order. A domain adds its own by appending to ``all_duties``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from socialwarden.duties.models import Notice
from socialwarden.policy.models import Policy


@dataclass(frozen=True)
class DutyContext:
    """What a duty gets: the open session (it may change state; the runner audits and commits), policy, time."""

    session: Session
    policy: Policy
    now: dt.datetime
    actor: str


@dataclass(frozen=True)
class Duty:
    name: str
    title: str
    run: Callable[[DutyContext], list[Notice]]


def all_duties() -> list[Duty]:
    """Every registered duty, in run order."""
    from socialwarden.duties import builtin  # imported here: duties import the domains they watch
    from socialwarden.retention.service import DUTY as RETENTION

    return [*builtin.DUTIES, RETENTION]

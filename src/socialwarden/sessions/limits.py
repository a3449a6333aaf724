"""The per-person rate limit: how many state-changing requests (and, separately, checks of text) one signed-in
person may make in a window, counted in the database so every web worker shares it (issue 16: a hostile
signed-in user must not be able to take the server down or flood the trail).

Counting is one atomic upsert per request (``INSERT … ON CONFLICT DO UPDATE … RETURNING``, SQLite and
PostgreSQL alike) on the (bucket+person, slot) row, in its own short transaction; the previous slot is weighed
by how much of it still falls inside the window (a sliding window), so a burst across a slot boundary is still
counted. A refused request is taken back off the count (hammering does not extend the wait) and counted as
refused; the first refusal of a spell is recorded in the audit trail (who, which bucket, the limit) — not again
while the previous slot had refusals too, so refusals cannot be used to flood the trail either.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from socialwarden.acting import acting
from socialwarden.exceptions import TooManyAttempts
from socialwarden.policy.models import Policy
from socialwarden.sessions.models import ActionCount

log = logging.getLogger("socialwarden.limits")


class Bucket(StrEnum):
    WRITE = "write"  # anything that changes state
    CHECK = "check"  # a POST that only computes (checking a text, validating a policy): costly, changes nothing


@dataclass(frozen=True)
class Limits:
    write: int = 60  # per window; 0: no limit
    check: int = 120
    window: int = 60  # seconds

    def of(self, bucket: Bucket) -> int:
        return self.write if bucket is Bucket.WRITE else self.check


@dataclass(frozen=True)
class ActionLimiter:
    engine: Engine
    limits: Limits

    def take(self, *, policy: Policy, person_id: int, handle: str, bucket: Bucket, what: str,
             now: float | None = None) -> None:
        """Count one request of ``bucket`` by the person; TooManyAttempts (429, with Retry-After) past the limit."""
        limit, window = self.limits.of(bucket), self.limits.window
        if limit <= 0:
            return
        at = time.time() if now is None else now
        slot, into = divmod(at, window)
        slot_no, key = int(slot), f"{bucket.value}:{person_id}"
        with Session(self.engine) as session:
            insert = sqlite_insert if self.engine.dialect.name == "sqlite" else pg_insert
            statement = insert(ActionCount).values(key=key, slot=slot_no, count=1, refused=0)
            upsert = statement.on_conflict_do_update(index_elements=["key", "slot"],
                                                     set_={"count": ActionCount.count + 1})
            count = int(session.execute(upsert.returning(ActionCount.count)).scalar_one())
            if count == 1:  # a new slot: forget slots no window can reach any more
                session.execute(delete(ActionCount).where(ActionCount.slot < slot_no - 1))
            previous = session.execute(select(ActionCount.count, ActionCount.refused).where(
                ActionCount.key == key, ActionCount.slot == slot_no - 1)).first()
            before, refused_before = (int(previous[0]), int(previous[1])) if previous is not None else (0, 0)
            weight = 1 - into / window
            if before * weight + count <= limit:
                session.commit()
                return
            refused = int(session.execute(
                update(ActionCount).where(ActionCount.key == key, ActionCount.slot == slot_no)
                .values(count=ActionCount.count - 1, refused=ActionCount.refused + 1)
                .returning(ActionCount.refused)).scalar_one())
            if refused == 1 and not refused_before:  # one event per spell of refusals, not one per request
                acting(session, policy=policy, actor=handle, system=True).record(
                    "rate_limit.refused", subject_type="person", subject_id=person_id, before=None,
                    after={"bucket": bucket.value, "limit": limit, "window_seconds": window, "first": what})
                log.warning("rate limit: %s made more than %d %s requests in %d s (first refused: %s)", handle,
                            limit, bucket.value, window, what)
            session.commit()
        wait = _wait(before, count - 1, limit, window, into)
        kind = "changes" if bucket is Bucket.WRITE else "checks"
        raise TooManyAttempts(f"too many {kind}: {handle} may make {limit} {kind} in {window} seconds; wait "
                              f"{wait} second{'' if wait == 1 else 's'} and try again (nothing was changed by this "
                              "request)", retry_after=wait)


def _wait(before: int, taken: int, limit: int, window: int, into: float) -> int:
    """Seconds until one more request fits: the previous slot's share shrinks as the window slides on."""
    room = limit - taken - 1  # what the previous slot's weighted count must fall to
    if room >= 0 and before > 0:
        weight = room / before  # 1 - (into + wait) / window <= weight
        return max(1, math.ceil((1 - weight) * window - into))
    # this slot alone is full: in the next one it is the previous slot, weighed down as the window slides on
    return max(1, math.ceil(window - into + window * (1 - (limit - 1) / max(taken, 1))))

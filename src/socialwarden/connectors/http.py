"""What every platform API demands of a client: honour its rate-limit headers, back off and retry on 429/5xx a
bounded number of times, and let tests replace the clock so nothing really waits.

``with_retries`` wraps one call. The call raises ``RateLimited`` or ``PlatformUnavailable`` (carrying the wait the
platform asked for, if any); everything else propagates at once — an expired token is never retried.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import httpx

from socialwarden.exceptions import PlatformUnavailable, RateLimited

__all__ = ["Clock", "HttpClient", "Pacer", "RetryPolicy", "SystemClock", "backoff_delay", "delay_from_headers",
           "graph_usage", "with_retries"]

T = TypeVar("T")


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch."""
        ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff with jitter; a platform asking for more than ``max_delay`` is surfaced."""

    max_attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 900.0
    jitter: float = 0.5  # the fraction of each backoff that is random
    rand: Callable[[], float] = field(default=random.random, compare=False, repr=False)


def backoff_delay(policy: RetryPolicy, attempt: int) -> float:
    """The wait before retry number ``attempt`` (1-based): base·2^(n-1), capped, part of it random."""
    ceiling = min(policy.max_delay, policy.base_delay * (2 ** (attempt - 1)))
    return float(ceiling * (1 - policy.jitter) + ceiling * policy.jitter * policy.rand())


def _number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def _instant(text: str) -> float | None:
    """An epoch-seconds number, an ISO-8601 time (Mastodon) or an HTTP date, as epoch seconds."""
    number = _number(text)
    if number is not None:
        return number
    try:
        return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00")).timestamp()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None


def graph_usage(headers: Mapping[str, str]) -> tuple[float, float | None]:
    """Facebook's usage headers: the highest percentage used, and the minutes until access returns if given."""
    highest, regain = 0.0, None
    for name in ("X-App-Usage", "X-Ad-Account-Usage", "X-Business-Use-Case-Usage"):
        raw = _header(headers, name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        records: list[Any] = [data]
        if name == "X-Business-Use-Case-Usage" and isinstance(data, dict):
            records = [r for entries in data.values() if isinstance(entries, list) for r in entries]
        for record in records:
            if not isinstance(record, dict):
                continue
            for key in ("call_count", "total_time", "total_cputime", "acc_id_util_pct"):
                value = record.get(key)
                if isinstance(value, int | float):
                    highest = max(highest, float(value))
            minutes = record.get("estimated_time_to_regain_access")
            if isinstance(minutes, int | float) and minutes > 0:
                regain = max(regain or 0.0, float(minutes))
    return highest, regain


def delay_from_headers(headers: Mapping[str, str], now: float) -> float | None:
    """How long the platform asked us to wait, in seconds, from whichever header it sent (None: it did not say)."""
    retry_after = _header(headers, "Retry-After")
    if retry_after:
        seconds = _number(retry_after)
        if seconds is None:
            instant = _instant(retry_after)
            seconds = None if instant is None else instant - now
        if seconds is not None:
            return max(0.0, seconds)
    for name in ("x-rate-limit-reset", "X-RateLimit-Reset"):  # X: epoch seconds; Mastodon: ISO time
        raw = _header(headers, name)
        instant = _instant(raw) if raw else None
        if instant is not None:
            if instant < 10**8:  # some servers send seconds-from-now, not an instant
                return max(0.0, instant)
            return max(0.0, instant - now)
    _, regain_minutes = graph_usage(headers)
    if regain_minutes is not None:
        return regain_minutes * 60
    return None


class Pacer:
    """Waits before a call when the last answer said the quota is spent (remaining 0, or Graph usage ≥ 100%)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.not_before = 0.0

    def note(self, headers: Mapping[str, str]) -> None:
        remaining = _header(headers, "x-rate-limit-remaining") or _header(headers, "X-RateLimit-Remaining")
        used, _ = graph_usage(headers)
        spent = (remaining is not None and _number(remaining) == 0) or used >= 100
        if spent:
            delay = delay_from_headers(headers, self.clock.now())
            self.not_before = self.clock.now() + (delay if delay is not None else 60.0)

    def wait(self, max_delay: float) -> None:
        delay = self.not_before - self.clock.now()
        if delay > 0:
            self.clock.sleep(min(delay, max_delay))


def with_retries(call: Callable[[], T], *, policy: RetryPolicy, clock: Clock,
                 before_retry: Callable[[], T | None] | None = None, retry_unavailable: bool = True) -> T:
    """Run ``call``, retrying on RateLimited / PlatformUnavailable up to ``policy.max_attempts`` times in all.

    ``before_retry`` (for non-idempotent calls such as publishing) runs before each retry; a non-None result
    means the earlier attempt did take effect, and it is returned instead of calling again. A non-idempotent call
    that cannot be looked up afterwards passes ``retry_unavailable=False``: a 5xx or lost answer may have taken
    effect, so only a rate limit (which did not) is retried and the rest is surfaced for a person to check.
    """
    attempt = 1
    while True:
        try:
            return call()
        except (RateLimited, PlatformUnavailable) as exc:
            if attempt >= policy.max_attempts or (isinstance(exc, PlatformUnavailable) and not retry_unavailable):
                raise
            wait = backoff_delay(policy, attempt) if exc.retry_after is None else exc.retry_after
            if wait > policy.max_delay:
                raise  # an hour-long ban is surfaced, not slept through
            clock.sleep(wait)
            attempt += 1
            if before_retry is not None:
                found = before_retry()
                if found is not None:
                    return found


Classifier = Callable[[httpx.Response], Exception | None]


class HttpClient:
    """An httpx client for one platform: turns 429/5xx/transport errors into retryable errors and paces calls."""

    def __init__(self, *, platform: str, base_url: str, clock: Clock, policy: RetryPolicy,
                 classify: Classifier, headers: Mapping[str, str] | None = None,
                 transport: httpx.BaseTransport | None = None, timeout: float = 30.0) -> None:
        self.platform = platform
        self.clock = clock
        self.policy = policy
        self.classify = classify
        self.pacer = Pacer(clock)
        self.client = httpx.Client(base_url=base_url, headers=dict(headers or {}), timeout=timeout,
                                   transport=transport, follow_redirects=True)

    def close(self) -> None:
        self.client.close()

    def _once(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        self.pacer.wait(self.policy.max_delay)
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise PlatformUnavailable(f"no answer ({type(exc).__name__})", platform=self.platform) from exc
        self.pacer.note(response.headers)
        problem = self.classify(response)
        if problem is not None:
            raise problem
        if response.status_code == 429:
            raise RateLimited("rate limited (HTTP 429)", platform=self.platform,
                              retry_after=delay_from_headers(response.headers, self.clock.now()))
        if response.status_code >= 500:
            raise PlatformUnavailable(f"HTTP {response.status_code}", platform=self.platform,
                                      retry_after=delay_from_headers(response.headers, self.clock.now()))
        return response

    def request(self, method: str, url: str, *, retry: bool = True,
                before_retry: Callable[[], httpx.Response | None] | None = None, retry_unavailable: bool = True,
                **kwargs: Any) -> httpx.Response:
        """One request with the platform's retry rules (``retry=False`` for a single attempt)."""
        if not retry:
            return self._once(method, url, **kwargs)
        return with_retries(lambda: self._once(method, url, **kwargs), policy=self.policy, clock=self.clock,
                            before_retry=before_retry, retry_unavailable=retry_unavailable)

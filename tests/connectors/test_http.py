"""The shared robustness layer on its own: header parsing, backoff bounds, bounded retries, look-before-retry."""

from __future__ import annotations

import json

import pytest

from socialwarden.connectors.http import (
    RetryPolicy,
    backoff_delay,
    delay_from_headers,
    graph_usage,
    with_retries,
)
from socialwarden.exceptions import AccountNeedsReconnecting, PlatformUnavailable, RateLimited
from tests.connectors.fakes import FakeClock

NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z


@pytest.mark.parametrize(("headers", "expected"), [
    ({"Retry-After": "12"}, 12.0),
    ({"retry-after": "Fri, 15 Jan 2027 08:01:00 GMT"}, 60.0),  # the HTTP-date form
    ({"x-rate-limit-reset": str(int(NOW) + 90)}, 90.0),  # X: epoch seconds
    ({"X-RateLimit-Reset": "2027-01-15T08:00:45.000Z"}, 45.0),  # Mastodon: ISO time
    ({"X-RateLimit-Reset": "30"}, 30.0),  # seconds from now (some servers)
    ({"X-Business-Use-Case-Usage": json.dumps({"1": [{"call_count": 100, "estimated_time_to_regain_access": 5}]})},
     300.0),
    ({"x-rate-limit-reset": str(int(NOW) - 5)}, 0.0),  # already reset: no wait, never negative
    ({"X-App-Usage": '{"call_count": 100}'}, None),  # spent but no time given
    ({}, None),
])
def test_delay_from_headers(headers: dict[str, str], expected: float | None) -> None:
    assert delay_from_headers(headers, NOW) == expected


def test_graph_usage_takes_the_highest_figure() -> None:
    headers = {"X-App-Usage": '{"call_count": 12, "total_time": 95, "total_cputime": 3}',
               "X-Business-Use-Case-Usage": "not json"}
    assert graph_usage(headers) == (95.0, None)


def test_backoff_grows_exponentially_with_bounded_jitter() -> None:
    low = RetryPolicy(base_delay=2.0, max_delay=20.0, jitter=0.5, rand=lambda: 0.0)
    high = RetryPolicy(base_delay=2.0, max_delay=20.0, jitter=0.5, rand=lambda: 0.999999)
    assert [backoff_delay(low, n) for n in (1, 2, 3, 4, 5)] == [1.0, 2.0, 4.0, 8.0, 10.0]
    assert [round(backoff_delay(high, n), 3) for n in (1, 2, 3, 4, 5)] == [2.0, 4.0, 8.0, 16.0, 20.0]


def test_retries_are_bounded_and_other_errors_are_not_retried() -> None:
    clock, calls = FakeClock(), []

    def down() -> str:
        calls.append(1)
        raise PlatformUnavailable("HTTP 503", platform="p")

    with pytest.raises(PlatformUnavailable):
        with_retries(down, policy=RetryPolicy(max_attempts=3, rand=lambda: 0.5), clock=clock)
    assert len(calls) == 3 and len(clock.sleeps) == 2

    def expired() -> str:
        calls.append(1)
        raise AccountNeedsReconnecting("token expired", platform="p")

    calls.clear()
    with pytest.raises(AccountNeedsReconnecting):
        with_retries(expired, policy=RetryPolicy(), clock=clock)
    assert len(calls) == 1


def test_before_retry_stops_a_second_post() -> None:
    clock, posted = FakeClock(), []

    def publish() -> str:
        posted.append("x")
        raise PlatformUnavailable("HTTP 502 after the post was made", platform="p")

    assert with_retries(publish, policy=RetryPolicy(), clock=clock, before_retry=lambda: "post-1") == "post-1"
    assert posted == ["x"]


def test_a_wait_longer_than_max_delay_is_surfaced_not_slept() -> None:
    clock = FakeClock()

    def limited() -> str:
        raise RateLimited("429", platform="p", retry_after=3600.0)

    with pytest.raises(RateLimited):
        with_retries(limited, policy=RetryPolicy(max_delay=900.0), clock=clock)
    assert clock.sleeps == []

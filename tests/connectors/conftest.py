"""Connector fixtures: a fake clock and a fast, deterministic retry policy."""

from __future__ import annotations

import pytest

from socialwarden.connectors.http import RetryPolicy
from tests.connectors.fakes import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def retry() -> RetryPolicy:
    return RetryPolicy(max_attempts=4, base_delay=1.0, max_delay=600.0, jitter=0.5, rand=lambda: 0.5)

"""Job-queue fixtures: the real Redis (WARDEN_TEST_REDIS_URL, default redis://127.0.0.1:6379/9) and a queue name
of the test's own, whose keys are deleted afterwards (never FLUSHDB: other programs may share the server)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

REDIS_ENV = "WARDEN_TEST_REDIS_URL"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"


def redis_url() -> str:
    """The test Redis; skip when none answers here, but fail under CI, where .ci/run starts one."""
    import redis

    url = os.environ.get(REDIS_ENV, "").strip() or DEFAULT_REDIS
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
        client.close()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"no Redis at {url} but CI is set: .ci/run must start redis-server ({exc})")
        pytest.skip(f"no Redis reachable at {url} ({exc}): set {REDIS_ENV} to run the job-queue tests")
    return url


@pytest.fixture
def broker() -> Iterator[tuple[str, str]]:
    """(broker URL, queue name); the queue's keys are removed after the test."""
    import redis

    url, queue = redis_url(), f"wardentest-{uuid.uuid4().hex[:10]}"
    yield url, queue
    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{queue}:*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()

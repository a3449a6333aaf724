"""`warden beat` sends the periodic tasks to the queue on schedule (a real Redis; no worker takes them here)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis


def test_beat_sends_the_schedule(tmp_path: Path, broker: tuple[str, str]) -> None:
    url, queue = broker
    env = {**os.environ, "WARDEN_DATA_DIR": str(tmp_path), "WARDEN_BROKER_URL": url, "WARDEN_JOB_QUEUE": queue,
           "WARDEN_SYNC_EVERY_SECONDS": "1", "WARDEN_POLICY": "ett"}
    beat = subprocess.Popen([sys.executable, "-m", "socialwarden", "beat"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, cwd=Path(__file__).resolve().parents[2])
    client = redis.Redis.from_url(url)
    names: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and names.count("warden.sync_sweep") < 2:
            time.sleep(0.5)
            names = [json.loads(raw)["headers"]["task"] for raw in client.lrange(f"{queue}:{queue}", 0, -1)]
    finally:
        beat.send_signal(signal.SIGTERM)
        out = beat.communicate(timeout=30)[0].decode()
        client.close()
    assert names.count("warden.sync_sweep") >= 2 and names.count("warden.publish") >= 2, out[-3000:]
    # the slower ones are on the same schedule, first sent one interval after beat starts
    from socialwarden.jobs.queue import make_celery
    from socialwarden.settings import Settings

    app = make_celery(Settings.from_env(env))
    every = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    app.close()
    assert every == {"warden.sync_sweep": 1.0, "warden.publish": 1.0, "warden.notify": 300.0,
                     "warden.duties": 3600.0, "warden.retention": 3600.0, "warden.verify_history": 86400.0}

"""The Celery app, built from Settings when a process needs it (never at import time).

Messages are acknowledged *after* the task (``acks_late``), one at a time per worker process (prefetch 1), so a
worker killed mid-task leaves its message unacknowledged: Redis hands it to another worker after
``job_redeliver_seconds`` (kombu's visibility timeout). Tasks are safe to run twice (``jobs/flows.py``), so a
redelivery or a duplicate from beat does nothing twice. Results are not kept: the database is the record.
"""

from __future__ import annotations

from typing import Any

from socialwarden.exceptions import InputError
from socialwarden.settings import Settings

__all__ = ["BEAT", "make_celery", "send"]

# task name -> seconds between runs (0: settings.sync_every_seconds)
BEAT = {"warden.sync_sweep": 0, "warden.publish": 0, "warden.notify": 300, "warden.duties": 3600,
        "warden.retention": 3600, "warden.verify_history": 86400}


def make_celery(settings: Settings) -> Any:
    """A Celery app for the configured broker, with the beat schedule and our tasks registered."""
    if not settings.broker_url:
        raise InputError("WARDEN_BROKER_URL is not set: the job queue needs a broker (e.g. redis://127.0.0.1:6379/0)")
    from celery import Celery

    app = Celery("socialwarden", broker=settings.broker_url, set_as_current=True)
    app.conf.update(
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        task_ignore_result=True, task_serializer="json", accept_content=["json"], timezone="UTC", enable_utc=True,
        task_default_queue=settings.job_queue, task_default_exchange=settings.job_queue,
        task_default_routing_key=settings.job_queue,
        broker_transport_options={"visibility_timeout": settings.job_redeliver_seconds,
                                  "unacked_restore_interval": max(1, min(10, settings.job_redeliver_seconds // 3)),
                                  "unacked_restore_throttle": 1,
                                  "global_keyprefix": f"{settings.job_queue}:"},
        broker_connection_retry_on_startup=True, worker_hijack_root_logger=False, worker_send_task_events=False,
        beat_schedule={name: {"task": name, "schedule": float(every or settings.sync_every_seconds)}
                       for name, every in BEAT.items()},
    )
    from socialwarden.jobs import tasks

    tasks.register(app)
    return app


def send(settings: Settings, name: str, **kwargs: Any) -> None:
    """Put one task on the queue (from the web, the CLI or a bench)."""
    app = make_celery(settings)
    try:
        app.send_task(name, kwargs=kwargs, queue=settings.job_queue)
    finally:
        app.close()

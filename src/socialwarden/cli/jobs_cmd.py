"""``warden beat``: the job queue's schedule (Celery beat). Run exactly one per installation."""

from __future__ import annotations

from socialwarden.exceptions import InputError
from socialwarden.settings import Settings


def beat() -> None:
    """Send the periodic tasks to the queue (sync every account and publish due posts every
    WARDEN_SYNC_EVERY_SECONDS, the notification round every 5 minutes, duties and retention hourly: each runs at
    most once a day). Needs WARDEN_BROKER_URL; `warden worker` processes do the work."""
    from socialwarden.jobs.queue import make_celery
    from socialwarden.logs import configure

    settings = Settings.load()
    if not settings.broker_url:
        raise InputError("WARDEN_BROKER_URL is not set: `warden beat` schedules work for `warden worker`s on a "
                         "broker; without one, `warden worker` runs everything in one process")
    configure()
    celery = make_celery(settings)
    celery.start(["beat", "--loglevel", "INFO", "--schedule", str(settings.data_dir / "celerybeat-schedule")])

"""The Celery tasks: thin wrappers over ``jobs/flows.py``. A worker process sets its ``Runtime`` up once
(``configure``) before it takes tasks; each task reads it (after a fork, it is opened afresh)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from socialwarden.jobs import flows
from socialwarden.policy.models import Policy
from socialwarden.settings import Settings

log = logging.getLogger("socialwarden.jobs")


@dataclass
class _Config:
    settings: Settings
    policy: Policy
    actor: str


_config: _Config | None = None
_runtime: flows.Runtime | None = None


def configure(*, settings: Settings, policy: Policy, actor: str) -> None:
    """What this worker process runs tasks with (called by `warden worker` before it starts)."""
    global _config, _runtime
    _config, _runtime = _Config(settings, policy, actor), None


def runtime() -> flows.Runtime:
    global _runtime
    import os

    if _config is None:
        raise RuntimeError("this process was not configured as a worker (jobs.tasks.configure)")
    if _runtime is None or _runtime.pid != os.getpid():
        _runtime = flows.Runtime.open(settings=_config.settings, policy=_config.policy, actor=_config.actor)
    return _runtime


def _log(event: str, **fields: Any) -> None:
    log.info(json.dumps({"event": event, **fields}, default=str))


def register(app: Any) -> None:
    """Register every task on ``app`` (names are stable: beat and other machines send them by name)."""

    @app.task(name="warden.sync_sweep", bind=True)  # type: ignore[untyped-decorator]
    def sync_sweep(self: Any) -> int:
        """One sync task per account due (less those being synced now)."""
        rt = runtime()
        ids = flows.due_accounts(rt, skip_leased=True)
        for account_id in ids:
            app.send_task("warden.sync_account", kwargs={"account_id": account_id},
                          queue=rt.settings.job_queue)
        _log("sync_sweep", accounts=len(ids))
        return len(ids)

    @app.task(name="warden.sync_account", bind=True)  # type: ignore[untyped-decorator]
    def sync_account(self: Any, account_id: int) -> dict[str, Any] | None:
        report = flows.sync_one(runtime(), account_id=account_id, tag=str(self.request.id))
        _log("sync_account", account_id=account_id, skipped=report is None,
             stored=report.stored if report else 0, error=report.error if report else None)
        return None

    @app.task(name="warden.publish", bind=True)  # type: ignore[untyped-decorator]
    def publish(self: Any) -> None:
        results = flows.publish(runtime(), tag=str(self.request.id))
        _log("publish", skipped=results is None,
             outcomes=[(r.post_id, r.outcome) for r in results or []])
        fixed = flows.corrections(runtime(), tag=str(self.request.id))
        _log("corrections", skipped=fixed is None, outcomes=[(d.id, d.outcome) for d in fixed or []])

    @app.task(name="warden.notify")  # type: ignore[untyped-decorator]
    def notify() -> None:
        report = flows.notify(runtime())
        _log("notify", reminders=report.reminders, sent=report.sent, failed=report.failed, digests=report.digests)

    @app.task(name="warden.duties")  # type: ignore[untyped-decorator]
    def duties() -> None:
        report = flows.duties(runtime())
        _log("duties", ran=[r.duty for r in report.results if not r.already_ran])

    @app.task(name="warden.retention")  # type: ignore[untyped-decorator]
    def retention() -> None:
        report = flows.retention(runtime())
        _log("retention", ran=[r.duty for r in report.results if not r.already_ran])

    @app.task(name="warden.verify_history")  # type: ignore[untyped-decorator]
    def verify_history() -> None:
        report = flows.verify_history(runtime())
        fields = {"checked": report.checked, "ok": report.ok,
                  "broken": report.broken.model_dump(mode="json") if report.broken else None}
        if report.ok:
            _log("verify_history", **fields)
        else:  # an error line for the operator's alerting: the trail was altered, or rows are missing
            log.error(json.dumps({"event": "verify_history", **fields}, default=str))

    @app.task(name="warden.platform_action", bind=True)  # type: ignore[untyped-decorator]
    def platform_action(self: Any, key: str, pk: int, action: str, reason: str, actor: str,
                        exception: str | None = None) -> None:
        result = flows.platform_action(runtime(), key=key, tag=str(self.request.id), pk=pk, action=action,
                                       reason=reason, actor=actor, exception=exception)
        _log("platform_action", key=key, skipped=result is None)

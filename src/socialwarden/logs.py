"""Structured logs: one JSON object per line (time, level, logger, message, process, request id and any extra
fields), for `warden serve` and `warden worker`. Configured by the edge (``configure``), never at import time."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import os
from typing import Any

REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_PLAIN = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "msg", "pid", "request_id"?, ...extra}``; exceptions as ``exc``."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(), "logger": record.name, "msg": record.getMessage(), "pid": os.getpid()}
        rid = getattr(record, "request_id", None) or REQUEST_ID.get()
        if rid:
            out["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _PLAIN and key not in out and not key.startswith("_") and key != "color_message":
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str)


def log_config(level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` dict: JSON on stderr for our loggers and uvicorn's."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"json": {"()": "socialwarden.logs.JsonFormatter"}},
        "handlers": {"json": handler},
        "loggers": {name: {"handlers": ["json"], "level": level, "propagate": False}
                    for name in ("socialwarden", "uvicorn", "uvicorn.error", "celery", "kombu")},
        "root": {"handlers": ["json"], "level": "WARNING"},
    }


def configure(level: str = "INFO") -> None:
    import logging.config

    logging.config.dictConfig(log_config(level))

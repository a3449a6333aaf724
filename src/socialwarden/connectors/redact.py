"""Keep platform secrets out of logs: client libraries log requests (tweepy logs its headers at DEBUG, httpx logs
URLs at INFO, and a webhook URL is itself a secret), so every credential value a connector is handed is
registered here and a filter on those libraries' loggers replaces it in any record."""

from __future__ import annotations

import logging
import threading

REDACTED = "[redacted]"
# a filter applies only to records made on its own logger, not to those propagated from children: list them all
LOGGERS = ("httpx", "httpcore", "httpcore.http11", "httpcore.connection", "tweepy", "tweepy.client", "mastodon",
           "requests_oauthlib", "requests_oauthlib.oauth1_session", "urllib3", "urllib3.connectionpool")
MIN_LENGTH = 6  # shorter values would blank ordinary words

_secrets: set[str] = set()
_lock = threading.Lock()


def register(*values: str) -> None:
    """Remember secret values so any log record that contains one is redacted."""
    with _lock:
        _secrets.update(v for v in values if v and len(v) >= MIN_LENGTH)


def redact(text: str) -> str:
    with _lock:
        found = sorted((s for s in _secrets if s in text), key=len, reverse=True)
    for secret in found:
        text = text.replace(secret, REDACTED)
    return text


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = RedactSecrets()


def install() -> None:
    """Put the filter on the client libraries' loggers (idempotent)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)

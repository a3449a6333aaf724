"""The hash chain's pure parts: making values JSON-safe, redacting secrets, and hashing an event canonically.

An event's hash is sha256 over the canonical JSON (sorted keys, no spaces, UTF-8) of its fields ``seq, at, actor,
action, subject_type, subject_id, before, after, reason, policy_id, policy_version, prev_hash``, where ``at`` is
written ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC and ``prev_hash`` is the previous event's hash (GENESIS_HASH for the
first). An exported JSONL/CSV file carries exactly these fields, so anyone can recompute the chain from it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import math
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

from socialwarden.exceptions import InputError

GENESIS_HASH = "0" * 64
REDACTED = "[redacted]"
HASHED_FIELDS = ("seq", "at", "actor", "action", "subject_type", "subject_id", "before", "after", "reason",
                 "policy_id", "policy_version", "prev_hash")
# A key whose letters (case and punctuation ignored) contain one of these holds a secret: "apiKey", "X-Auth-Token".
SECRET_KEY_PARTS = ("password", "passwd", "passphrase", "pwd", "token", "secret", "apikey", "privatekey",
                    "credential", "authorization", "cookie")
MAX_DEPTH = 64


def clean_text(value: str) -> str:
    """Text every database can store: NUL and lone surrogates become U+FFFD (PostgreSQL refuses both)."""
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


def is_secret_key(key: str, extra: Iterable[str] = ()) -> bool:
    """True when a mapping key names a secret (password, token, secret, API key …)."""
    letters = "".join(ch for ch in key.lower() if ch.isalnum())
    return any(part in letters for part in (*SECRET_KEY_PARTS, *extra))


def to_json_safe(value: object, *, secret_keys: Iterable[str] = ()) -> Any:
    """A JSON-safe copy of ``value`` with secrets redacted: what is hashed is exactly what is stored."""
    extra = tuple("".join(ch for ch in k.lower() if ch.isalnum()) for k in secret_keys)
    return _walk(value, extra, 0)


def _walk(value: object, extra: tuple[str, ...], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise InputError(f"audit before/after values nest deeper than {MAX_DEPTH} levels")
    if isinstance(value, enum.Enum):
        return _walk(value.value, extra, depth + 1)
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = clean_text(key if isinstance(key, str) else str(_walk(key, extra, depth + 1)))
            secret = item is not None and is_secret_key(name, extra)
            out[name] = REDACTED if secret else _walk(item, extra, depth + 1)
        return out
    if isinstance(value, list | tuple):
        return [_walk(item, extra, depth + 1) for item in value]
    if isinstance(value, set | frozenset):
        items = [_walk(item, extra, depth + 1) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID | PurePath):
        return str(value)
    if isinstance(value, BaseModel):
        return _walk(value.model_dump(mode="json"), extra, depth + 1)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _walk(dataclasses.asdict(value), extra, depth + 1)
    if isinstance(value, bytes | bytearray):
        return f"<{len(value)} bytes>"  # never the content: bytes are usually keys or files
    raise InputError(f"cannot record a {type(value).__name__} in the audit trail: pass plain data")


def format_at(at: dt.datetime) -> str:
    """The event time as hashed and exported: UTC, microseconds, 'Z' (a naive time is taken as UTC)."""
    utc = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(fields: Mapping[str, Any]) -> str:
    """The exact text that is hashed for an event (only HASHED_FIELDS; ``at`` formatted by format_at)."""
    payload = {name: fields.get(name) for name in HASHED_FIELDS}
    at = payload["at"]
    if isinstance(at, dt.datetime):
        payload["at"] = format_at(at)
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def event_hash(fields: Mapping[str, Any]) -> str:
    """sha256 hex of the canonical JSON of an event's fields (including the previous event's hash)."""
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()

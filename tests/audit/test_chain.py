"""The chain's pure parts: redaction, JSON-safe values, and the canonical hash."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Any

import pytest

from socialwarden.audit.chain import (
    GENESIS_HASH,
    HASHED_FIELDS,
    REDACTED,
    canonical_json,
    clean_text,
    event_hash,
    format_at,
    is_secret_key,
    to_json_safe,
)
from socialwarden.exceptions import InputError

SECRET_KEYS = ["password", "Password", "new_password", "passwd", "passphrase", "pwd", "token", "access_token",
               "refreshToken", "X-Auth-Token", "secret", "client_secret", "api_key", "API-KEY", "apiKey",
               "private_key", "credentials", "Authorization", "cookie", "session_cookie"]
PLAIN_KEYS = ["handle", "owner", "status", "platform", "passport_office", "key", "api", "private", "author",
              "description", "purpose", "spinach"]


@pytest.mark.parametrize("key", SECRET_KEYS)
def test_secret_keys_are_recognised(key: str) -> None:
    assert is_secret_key(key)


@pytest.mark.parametrize("key", PLAIN_KEYS)
def test_ordinary_keys_are_not_secret(key: str) -> None:
    assert not is_secret_key(key)


def test_redaction_reaches_nested_values_and_keeps_none() -> None:
    value = {"handle": "@council", "password": "hunter2", "vault": {"entries": [{"token": "abc", "site": "x"}]},
             "api_key": None, "profile": {"bio": "Views are my own"}}
    assert to_json_safe(value) == {"handle": "@council", "password": REDACTED,
                                   "vault": {"entries": [{"token": REDACTED, "site": "x"}]},
                                   "api_key": None, "profile": {"bio": "Views are my own"}}


def test_extra_secret_keys_are_redacted_too() -> None:
    assert to_json_safe({"pin": "1234", "recovery-code": "x", "note": "n"}, secret_keys=["PIN", "recovery_code"]) == \
        {"pin": REDACTED, "recovery-code": REDACTED, "note": "n"}


class Status(enum.Enum):
    ACTIVE = "active"


@dataclasses.dataclass
class Account:
    handle: str
    token: str


CONVERSIONS: list[tuple[Any, Any]] = [
    (None, None), (True, True), (3, 3), (1.5, 1.5), (float("nan"), "nan"), (float("inf"), "inf"),
    ("a\x00b", "a\ufffdb"), ("lone \ud800 surrogate", "lone \ufffd surrogate"), ("😀", "😀"),
    ((1, 2), [1, 2]), ({3, 1, 2}, [1, 2, 3]), (Status.ACTIVE, "active"), (Decimal("1.10"), "1.10"),
    (dt.date(2026, 1, 2), "2026-01-02"), (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
    ({1: "x"}, {"1": "x"}), (b"\x00secret", "<7 bytes>"), (Account("@a", "t0k"), {"handle": "@a", "token": REDACTED}),
]


@pytest.mark.parametrize(("value", "expected"), CONVERSIONS)
def test_values_become_json_safe(value: Any, expected: Any) -> None:
    assert to_json_safe(value) == expected


def test_unknown_objects_and_deep_nesting_are_refused() -> None:
    with pytest.raises(InputError, match="cannot record a object"):
        to_json_safe({"x": object()})
    deep: Any = []
    for _ in range(100):
        deep = [deep]
    with pytest.raises(InputError, match="nest deeper"):
        to_json_safe(deep)
    looped: list[Any] = []
    looped.append(looped)
    with pytest.raises(InputError):
        to_json_safe(looped)


def test_clean_text_keeps_paired_surrogates_as_the_character() -> None:
    assert clean_text("\ud83d\ude00") == "😀"
    assert clean_text("plain") == "plain"


BASE: dict[str, Any] = {"seq": 1, "at": "2026-01-01T00:00:00.000000Z", "actor": "a", "action": "x.y",
                        "subject_type": "account", "subject_id": "1", "before": None, "after": {"k": [1, "v"]},
                        "reason": None, "policy_id": "gen", "policy_version": "1", "prev_hash": GENESIS_HASH}
CHANGED: dict[str, Any] = {"seq": 2, "at": "2026-01-01T00:00:00.000001Z", "actor": "b", "action": "x.z",
                           "subject_type": "person", "subject_id": "2", "before": {}, "after": {"k": [1, "w"]},
                           "reason": "", "policy_id": "ett", "policy_version": "2", "prev_hash": "1" * 64}


@pytest.mark.parametrize("field", HASHED_FIELDS)
def test_changing_any_hashed_field_changes_the_hash(field: str) -> None:
    assert event_hash({**BASE, field: CHANGED[field]}) != event_hash(BASE)


def test_the_hash_ignores_key_order_and_unhashed_fields() -> None:
    reordered = dict(reversed(list(BASE.items())))
    assert event_hash({**reordered, "id": 99, "hash": "x"}) == event_hash(BASE)
    assert event_hash({**BASE, "after": {"k": [1, "v"]}}) == event_hash(BASE)


def test_canonical_json_is_compact_sorted_and_utf8() -> None:
    text = canonical_json({**BASE, "actor": "Zoë"})
    assert text.startswith('{"action":"x.y","actor":"Zoë","after":{"k":[1,"v"]},"at":"2026-01-01T00:00:00.000000Z"')
    assert " " not in text


def test_times_are_hashed_in_utc_whatever_the_zone() -> None:
    aware = dt.datetime(2026, 6, 1, 13, 0, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert format_at(aware) == "2026-06-01T12:00:00.000005Z"
    assert format_at(dt.datetime(2026, 6, 1, 12, 0, 0, 5)) == "2026-06-01T12:00:00.000005Z"
    assert event_hash({**BASE, "at": aware}) == event_hash({**BASE, "at": "2026-06-01T12:00:00.000005Z"})

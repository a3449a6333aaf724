"""Stored URLs are web addresses: http or https with a host, nothing else.

An account's ``url``, a comment's ``url`` and a connector's API base URL are shown as links and fetched; a
``javascript:``, ``data:`` or ``file:`` address in any of them is refused at the edge (``InputError`` naming the
field) or, where a platform sent it, dropped.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from socialwarden.exceptions import InputError

SCHEMES = frozenset({"http", "https"})
MAX_URL = 2000


def problem(value: str) -> str | None:
    """Why ``value`` is not an http(s) address (None when it is one)."""
    if len(value) > MAX_URL:
        return f"is longer than {MAX_URL} characters"
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return "contains spaces or control characters"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "is not a web address"
    if parts.scheme.lower() not in SCHEMES:
        shown = f"{parts.scheme}:" if parts.scheme else "no scheme"
        return f"must start with http:// or https:// (got {shown})"
    if not parts.hostname:
        return "has no host name"
    return None


def http_url(value: str | None, *, field: str) -> str | None:
    """``value`` stripped (None when blank), or InputError naming ``field`` when it is not an http(s) address."""
    text = (value or "").strip()
    if not text:
        return None
    found = problem(text)
    if found is not None:
        raise InputError(f"{field}: {text[:80]!r} {found}")
    return text


def http_url_or_none(value: str | None) -> str | None:
    """``value`` when it is an http(s) address, else None (for URLs a platform or a file sent us)."""
    text = (value or "").strip()
    return text if text and problem(text) is None else None

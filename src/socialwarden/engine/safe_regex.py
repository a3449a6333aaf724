"""Regex with a time limit, so pathological input cannot hang a check.

Uses the ``regex`` package, whose matching functions accept a ``timeout``. On timeout we
return no matches and let the caller record that the pattern was skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

DEFAULT_TIMEOUT = 0.05  # seconds per call; a tweet takes microseconds


def compile_pattern(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """Compile with the flags every detector wants (Unicode, version 0 semantics)."""
    return regex.compile(pattern, flags | regex.UNICODE)


def finditer(pattern: regex.Pattern[str], text: str, timeout: float = DEFAULT_TIMEOUT) -> Iterator[regex.Match[str]]:
    """Yield matches until done or until ``timeout`` expires (then stop quietly)."""
    try:
        yield from pattern.finditer(text, timeout=timeout)
    except TimeoutError:
        return


def search(pattern: regex.Pattern[str], text: str, timeout: float = DEFAULT_TIMEOUT) -> regex.Match[str] | None:
    """First match, or None if there is none or time ran out."""
    try:
        return pattern.search(text, timeout=timeout)
    except TimeoutError:
        return None

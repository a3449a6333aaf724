"""Regex with a time limit, so pathological input cannot hang a check.

Uses the ``regex`` package, whose matching functions accept a ``timeout``. On timeout we
return no matches and let the caller record that the pattern was skipped.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from typing import Any, ClassVar, cast

import regex

DEFAULT_TIMEOUT = 0.05  # seconds per call; a tweet takes microseconds


def compile_pattern(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """Compile with the flags every detector wants (Unicode, version 0 semantics)."""
    return regex.compile(pattern, flags | regex.UNICODE)


class LazyPattern:
    """A pattern compiled on first use. The built-in detectors hold some 450 patterns; compiling them all costs
    ~2 s, while one text reaches a handful (the phrase rules are gated by their key words), so a single
    ``warden check`` compiles only what it needs. Results are the same: the same pattern, flags and calls."""

    __slots__ = ("__weakref__", "_compiled", "_flags", "_source")
    _all: ClassVar[weakref.WeakSet[LazyPattern]] = weakref.WeakSet()
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, pattern: str, flags: int) -> None:
        self._source, self._flags = pattern, flags | regex.UNICODE
        self._compiled: regex.Pattern[str] | None = None
        with LazyPattern._lock:
            LazyPattern._all.add(self)

    def compiled(self) -> regex.Pattern[str]:
        found = self._compiled
        if found is None:
            found = self._compiled = regex.compile(self._source, self._flags)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[:60]!r})"


def lazy_pattern(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``compile_pattern``, deferred to the first match (typed as the pattern it stands for)."""
    return cast("regex.Pattern[str]", LazyPattern(pattern, flags))


def compile_all() -> int:
    """Compile every deferred pattern made so far (a long-running process can warm up; tests prove each pattern
    compiles); returns how many there are."""
    with LazyPattern._lock:
        pending = list(LazyPattern._all)
    for item in pending:
        item.compiled()
    return len(pending)


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

"""Patterns compiled on first use: every built-in pattern compiles, and a deferred pattern answers exactly as the
compiled one does (the cold `warden check` compiles only the patterns a text reaches)."""

from __future__ import annotations

import regex

from socialwarden.engine.context import Context, Direction
from socialwarden.engine.safe_regex import LazyPattern, compile_all, compile_pattern, finditer, lazy_pattern, search
from socialwarden.engine.service import engine_for
from socialwarden.policy.loader import pack_names


def test_every_deferred_pattern_compiles() -> None:
    engines = [engine_for(name) for name in pack_names()]
    assert compile_all() > 300  # the phrase, identity, table and special-category rules
    text = "I will find out where you live and burn your house down, you vermin"
    assert engines[0].check(text, Context(direction=Direction.INBOUND)).findings


def test_deferred_pattern_behaves_like_the_compiled_one() -> None:
    source = r"\b(?:kill|hurt)\s+(\w+)"
    lazy, eager = lazy_pattern(source, regex.IGNORECASE), compile_pattern(source, regex.IGNORECASE)
    assert isinstance(lazy, LazyPattern) and lazy._compiled is None
    text = "They said KILL them and hurt everyone; kill   time."
    assert [m.span() for m in finditer(lazy, text)] == [m.span() for m in finditer(eager, text)]
    found, expected = search(lazy, text), search(eager, text)
    assert found is not None and expected is not None and found.group(1) == expected.group(1) == "them"
    assert lazy.pattern == source and lazy.flags == eager.flags
    assert lazy.sub("x", text) == eager.sub("x", text)

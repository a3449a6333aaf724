"""Arbitrary input never breaks a check, and every span stays inside the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialwarden.engine.context import Context, Direction
from socialwarden.engine.service import engine_for

PACKS = ["template", "gosport", "ett"]


def _assert_sound(text: str, pack: str, inbound: bool) -> None:
    engine = engine_for(pack)
    decision = engine.check(text, Context(direction=Direction.INBOUND if inbound else Direction.OUTBOUND))
    assert not decision.errors, decision.errors
    for f in decision.evidence:
        assert 0 <= f.start <= f.end <= len(text)
        assert 0.0 <= f.score <= 1.0
    decision.to_json()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400), inbound=st.booleans(), pack=st.sampled_from(PACKS))
def test_any_unicode_text(text: str, inbound: bool, pack: str) -> None:
    _assert_sound(text, pack, inbound)


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=400))
def test_any_bytes_decoded_leniently(raw: bytes) -> None:
    _assert_sound(raw.decode("utf-8", errors="surrogateescape"), "template", False)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("fuck shit@.:/0123456789 \u200b\u0430ЅΑ*!-_'\"youidiot"),
                    max_size=300))
def test_adversarial_alphabet(text: str) -> None:
    _assert_sound(text, "template", True)


@pytest.mark.parametrize("text", [
    "a" * 1_000_000,
    "f" + "u" * 200_000 + "ck",
    "\u200b".join("fuck") * 10_000,
    "@" * 200_000,
    "1" * 300_000,
    ".:/" * 100_000,
    "\ud800\udfff\ud800 lone surrogates",
    "Ζεύς Зевс 宙斯 ज़्यूस " * 1000,
    "((((((((((((((((((((((((((((((((((((((((" * 1000,
    "http://" + "a." * 100_000,
    "",
])
def test_pathological_inputs(text: str) -> None:
    _assert_sound(text, "template", False)
    _assert_sound(text, "template", True)

"""The gate in front of the encoder for batch checks: signal goes through, ordinary notices skip it."""

from __future__ import annotations

import pytest

from socialwarden.classifiers.gate import needs_encoder
from socialwarden.detectors.classifier import ClassifierDetector
from socialwarden.engine.findings import Finding


def same(a: tuple[Finding, ...], b: tuple[Finding, ...]) -> bool:
    """Same findings; scores equal up to float rounding (BLAS sums a batch and a single row differently)."""
    return [(f.category, f.start, f.end, f.characteristic, f.tier) for f in a] == \
        [(f.category, f.start, f.end, f.characteristic, f.tier) for f in b] and \
        all(abs(x.score - y.score) < 1e-6 for x, y in zip(a, b, strict=True))

SIGNAL = [
    "Trans people should all be hanged.",
    "Disabled people are a drain on society and should be put down.",
    "I'll be waiting outside the civic offices with a knife.",
    "Mu$l1ms are v3rmin.",
    "I'll k i l l you outside.",
    "Send me nudes babe",
    "Those people breed like rabbits.",
    "Refugees were given flats before our own veterans.",
]
PLAIN = [
    "Bins will be collected a day late after the bank holiday.",
    "The library reopens on Monday at 9am.",
    "Thank you to everyone who came to the open day.",
    "Council tax bills are being posted this week.",
    "The consultation closes at midnight on Friday.",
]


@pytest.mark.parametrize("text", SIGNAL)
def test_texts_with_signal_reach_the_encoder(text: str) -> None:
    assert needs_encoder(text)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_notices_skip_it(text: str) -> None:
    assert not needs_encoder(text)


def test_gated_batch_encodes_only_what_it_must_and_keeps_the_signal() -> None:
    detector = ClassifierDetector()
    texts = SIGNAL + PLAIN
    gated = detector.analyse_many(texts, gate=True)
    assert detector.encoded == len(SIGNAL)
    full = detector.analyse_many(texts)
    assert detector.encoded == len(texts)
    for text, a, b in zip(texts, gated, full, strict=True):
        if text in SIGNAL:  # a text that reached the encoder gets the single-check findings
            assert same(a, b), text
    for text, found in zip(texts, full, strict=True):
        assert same(detector.analyse(text), found), text

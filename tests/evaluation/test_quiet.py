"""Quiet on formal prose: GOV.UK sentences (held out from training and calibration) stay below every threshold.

The first 1,000 lines of ``govuk_sentences`` are always in the test part (training/data.py: govuk_split), so
they are never trained or calibrated on. The classifier must keep them below the packs' default rule threshold
(0.5) and below its own firm cut-offs; the whole engine must block none of them under any pack.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from socialwarden.detectors.classifier import ClassifierDetector, firm_cutoffs
from socialwarden.engine.batch import check_many
from socialwarden.engine.context import Context
from socialwarden.engine.decision import Verdict
from socialwarden.engine.service import engine_for
from socialwarden.taxonomy import Category
from socialwarden.training import data as D

GOVUK = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "govuk_sentences" / "sentences.txt"
STANCE = {Category.ABUSE, Category.HATE, Category.THREAT, Category.SEXUAL}


@pytest.fixture(scope="module")
def pinned() -> list[str]:
    if not GOVUK.exists():
        pytest.skip(f"{GOVUK} not found (the shared datasets folder is needed)")
    lines = GOVUK.read_text(encoding="utf-8").splitlines()
    assert D.govuk_split(len(lines))[:1000] == ["test"] * 1000
    return lines[:1000]


def test_classifier_scores_formal_prose_below_every_threshold(pinned: list[str]) -> None:
    detector = ClassifierDetector()
    firm = firm_cutoffs()
    found = detector.analyse_many(pinned)
    loud = [(t, f.category.value, round(f.score, 2)) for t, fs in zip(pinned, found, strict=True) for f in fs
            if f.category in STANCE and f.score >= 0.5]
    assert len(loud) <= 5, loud  # <= 0.5 %
    firm_hits = [(t, f.category.value) for t, fs in zip(pinned, found, strict=True) for f in fs
                 if f.category in STANCE and f.category.value in firm and f.score >= firm[f.category.value]]
    assert firm_hits == []


@pytest.mark.parametrize("pack", ["gen", "society", "gosport", "council-officers", "ett"])
def test_no_pack_blocks_formal_prose(pinned: list[str], pack: str) -> None:
    sample = pinned[::5]  # 200 sentences per pack keeps this quick
    decisions = check_many(engine_for(pack), sample, Context())
    blocked = [t for t, d in zip(sample, decisions, strict=True) if d.verdict is Verdict.BLOCK
               and any(f.category in STANCE for f in d.findings)]
    assert blocked == []

"""The optimised featuriser and product give the same scores as the plain reference path on real texts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from socialwarden.classifiers.model import default_model
from socialwarden.classifiers.reference import reference_probabilities

TWEETEVAL = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "tweeteval"
ODD = ["", "   ", "ｆｕｃｋ ｙｏｕ", "id\u200biot", "@bob http://x.com/a you idiot!!", "a" * 5000, "x " * 3000]


def real_texts(n: int) -> list[str]:
    lines: list[str] = []
    for task in ("offensive", "hate"):
        for split in ("test", "val"):
            path = TWEETEVAL / task / f"{split}_text.txt"
            if not path.exists():
                pytest.skip(f"{path} not found (the shared datasets folder is needed)")
            lines += [t for t in path.read_text(encoding="utf-8").splitlines() if t.strip()]
    return lines[:n]


def test_batch_scores_match_reference_on_5000_real_texts() -> None:
    texts = real_texts(5000) + ODD
    assert len(texts) == 5007
    model = default_model()
    fast = model.probabilities(texts)
    assert np.abs(fast - reference_probabilities(model, texts)).max() < 1e-6


def test_single_and_windowed_scores_match_reference() -> None:
    texts = real_texts(200) + ODD
    model = default_model()
    one_by_one = np.vstack([model.probabilities([t]) for t in texts])
    assert np.abs(one_by_one - reference_probabilities(model, texts)).max() < 1e-6
    sparse = model.featurise(texts)
    heads = list(range(len(model.heads)))
    rows = np.vstack([model.row_probabilities(sparse, r, heads) for r in range(len(texts))])
    assert np.abs(rows - reference_probabilities(model, texts)).max() < 1e-6

"""Small, dependency-free metrics (numpy only) shared by training and evaluation."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def prf(y: IntArray, pred: IntArray, positive: int = 1) -> tuple[float, float, float]:
    """Precision, recall and F1 of one class."""
    tp = float(np.sum((pred == positive) & (y == positive)))
    fp = float(np.sum((pred == positive) & (y != positive)))
    fn = float(np.sum((pred != positive) & (y == positive)))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def macro_f1(y: Sequence[int] | IntArray, pred: Sequence[int] | IntArray) -> float:
    ya, pa = np.asarray(y), np.asarray(pred)
    return float(np.mean([prf(ya, pa, c)[2] for c in np.unique(ya)]))


def ece(y: Sequence[int] | IntArray, prob: Sequence[float] | FloatArray, bins: int = 10) -> float:
    """Expected calibration error of a binary probability, equal-width bins."""
    ya, pa = np.asarray(y, dtype=np.float64), np.asarray(prob, dtype=np.float64)
    which = np.minimum((pa * bins).astype(np.int64), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() / len(pa) * abs(float(ya[mask].mean()) - float(pa[mask].mean()))
    return total


def three_class(p_hate: FloatArray, p_abuse: FloatArray, t_hate: float, t_abuse: float) -> list[str]:
    """hate / offensive / normal from the two heads, hate taking precedence."""
    return ["hate" if h >= t_hate else "offensive" if a >= t_abuse else "normal"
            for h, a in zip(p_hate.tolist(), p_abuse.tolist(), strict=True)]


def labels_f1(y: Sequence[str], pred: Sequence[str]) -> float:
    names = sorted(set(y))
    code = {n: i for i, n in enumerate(names)}
    return macro_f1([code[v] for v in y], [code.get(v, -1) for v in pred])

"""Per-class precision, recall and F1, macro-F1 and accuracy over string labels (numpy-free, exact counts)."""

from __future__ import annotations

from collections.abc import Sequence


def score(gold: Sequence[str], pred: Sequence[str], classes: Sequence[str]) -> dict[str, object]:
    """Figures for one system on one task; macro-F1 averages every class of the task (as TweetEval does)."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    per: dict[str, dict[str, float | int]] = {}
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[c] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    macro = sum(float(v["f1"]) for v in per.values()) / len(per) if per else 0.0
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold) if gold else 0.0
    return {"per_class": per, "macro_f1": macro, "accuracy": acc, "n": len(gold)}

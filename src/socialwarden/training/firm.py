"""Firm cut-offs for the classifier heads: the score above which a finding is acted on without a person.

Below its cut-off a classifier finding is ``tier="suspect"`` (held for a person, see engine/rules.py).
Chosen on the validation splits only: the lowest score, on a 0.01 grid, where the source-balanced
precision (the mean of each source's precision, so Davidson's 77 %-offensive base rate does not
dominate) reaches the target. YouTube has no validation split, so spam has no firm cut-off and its
findings are acted on as before (see docs/model-card.md). Run: ``python -m socialwarden.training firm``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from socialwarden.classifiers.model import DATA_DIR, TextModel
from socialwarden.training import data as D

FIRM_FILE = "firm.json"
TARGET_PRECISION = 0.90
GRID = tuple(round(0.30 + 0.01 * k, 2) for k in range(70))  # 0.30 .. 0.99
VAL_SOURCES = {"abuse": ("tweeteval_offensive", "hatexplain", "davidson"),
               "hate": ("tweeteval_hate", "hatexplain", "davidson")}


def balanced_precision(p: np.ndarray, y: np.ndarray, source: np.ndarray, cut: float) -> float | None:
    """Mean over sources of the precision of ``p >= cut`` (sources with no flagged row are left out)."""
    values = []
    for s in sorted(set(source.tolist())):
        sel = (p >= cut) & (source == s)
        if sel.any():
            values.append(float(y[sel].mean()))
    return float(np.mean(values)) if values else None


def choose(p: np.ndarray, y: np.ndarray, source: np.ndarray, target: float = TARGET_PRECISION) -> dict[str, object]:
    """The lowest grid cut-off whose balanced val precision reaches ``target``, with its figures."""
    for cut in GRID:
        prec = balanced_precision(p, y, source, cut)
        if prec is not None and prec >= target:
            sel = p >= cut
            per = {s: round(float(y[sel & (source == s)].mean()), 4)
                   for s in sorted(set(source.tolist())) if (sel & (source == s)).any()}
            return {"cut_off": cut, "val_balanced_precision": round(prec, 4), "val_precision_by_source": per,
                    "val_pooled_precision": round(float(y[sel].mean()), 4),
                    "val_recall": round(float(sel[y == 1].mean()), 4), "val_rows": len(y)}
    return {"cut_off": None, "val_rows": len(y)}


def firm_cutoffs(root: str | Path | None = None, folder: Path = DATA_DIR) -> dict[str, object]:
    """Cut-offs for the abuse and hate heads of the model in ``folder``, from the validation splits."""
    model = TextModel(folder)
    val = [e for e in D.load_all(root) if e.split == "val"]
    heads: dict[str, object] = {}
    for head, sources in VAL_SOURCES.items():
        rows = [e for e in val if e.source in sources and getattr(e, head) is not None]
        sparse = model.featurise([e.text for e in rows])
        p = model.head_probabilities(sparse, [model.head(head)])[:, 0]
        y = np.array([getattr(e, head) for e in rows], dtype=np.float64)
        heads[head] = choose(p, y, np.array([e.source for e in rows]))
    heads["spam"] = {"cut_off": None, "why": "no validation split (YouTube is all train); acted on as before"}
    return {"target_precision": TARGET_PRECISION, "rule": "lowest 0.01-grid score with source-balanced val "
            "precision >= target", "model_version": model.version,
            "weights_sha256": weights_sha256(folder), "heads": heads}


def weights_sha256(folder: Path = DATA_DIR) -> str:
    return hashlib.sha256((folder / "weights.npz").read_bytes()).hexdigest()


def write(root: str | Path | None = None, folder: Path = DATA_DIR) -> dict[str, object]:
    """Compute the cut-offs and write them to ``folder/firm.json``."""
    out = firm_cutoffs(root, folder)
    (folder / FIRM_FILE).write_text(json.dumps(out, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out

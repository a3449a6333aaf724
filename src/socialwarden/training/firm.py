"""Firm cut-offs for the classifier heads: the score above which a finding is acted on without a person.

Below its cut-off a classifier finding is ``tier="suspect"`` (held for a person, see engine/rules.py).
Chosen on the validation splits only, on the scores the detector gives at run time (TF-IDF and sentence model
stacked): the lowest score, on a 0.01 grid, where the source-balanced precision (the mean of each source's
precision, so Davidson's 77 %-offensive base rate does not dominate) reaches the target. In-domain sources
(GOV.UK val, ToxiGen val, our augmentation's val) count as sources, so a cut-off that lets a GOV.UK sentence
through pays for it. YouTube has no validation split, so spam has no firm cut-off and its findings are acted
on as before (see docs/model-card.md). Run: ``python -m socialwarden.training firm``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from socialwarden.classifiers.model import DATA_DIR, TextModel
from socialwarden.classifiers.semantic import SemanticHeads
from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.classifier import ClassifierDetector
from socialwarden.training import data as D

FIRM_FILE = "firm.json"
TARGET_PRECISION = 0.90
# 0.50 .. 0.99: a finding under the packs' default threshold (0.5) is never firm, however clean a small val set
# looks (sexual harassment's val rows are our templates only)
GRID = tuple(round(0.50 + 0.01 * k, 2) for k in range(50))
VAL_SOURCES = {"abuse": ("tweeteval_offensive", "hatexplain", "davidson", "toxigen", "govuk", "augment"),
               "hate": ("tweeteval_hate", "hatexplain", "davidson", "toxigen", "govuk", "augment"),
               "threat": ("augment", "govuk", "toxigen"),
               "sexual": ("augment", "govuk", "toxigen")}


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
                    "val_recall": round(float(sel[y == 1].mean()), 4) if (y == 1).any() else None,
                    "val_rows": len(y)}
    return {"cut_off": None, "val_rows": len(y)}


def _label(e: D.Example, head: str, extra: dict[str, dict[str, int | None]]) -> int | None:
    if head in ("threat", "sexual"):
        if e.source == "augment":
            return extra.get(e.text, {}).get(head)
        return 0 if e.abuse == 0 else None
    value: int | None = getattr(e, head)
    return value


def firm_cutoffs(root: str | Path | None = None, folder: Path = DATA_DIR) -> dict[str, object]:
    """Cut-offs for the abuse, hate, threat and sexual heads of the model in ``folder``, from validation rows."""
    from socialwarden.classifiers.encoder import Encoder
    from socialwarden.training.augment import generate

    base = D.data_root(root)
    augmented = generate()
    extra = {e.text: labels for e, labels in augmented}
    val = [e for e in D.load_all(base) + D.load_toxigen(base) + D.load_govuk(base) + [e for e, _ in augmented]
           if e.split == "val"]
    model = TextModel(folder)
    semantic = SemanticHeads(folder) if (folder / "semantic.npz").is_file() else None
    detector = ClassifierDetector(DetectorConfig(extras={"classifier_min_score": ("0.0",)}), model=model, firm={},
                                  semantic=semantic or False, encoder=Encoder(folder))
    texts = list(dict.fromkeys(e.text for e in val))
    scores: dict[str, dict[str, float]] = {}
    for start in range(0, len(texts), 1024):
        part = texts[start:start + 1024]
        for text, found in zip(part, detector.analyse_many(part), strict=True):
            best: dict[str, float] = {}
            for f in found:
                head = (f.label or "").rsplit("-", 1)[0].replace("sexual_harassment", "sexual")
                best[head] = max(best.get(head, 0.0), f.score)
            scores[text] = best
    heads: dict[str, object] = {}
    for head, sources in VAL_SOURCES.items():
        rows = [(e, y) for e in val if e.source in sources and (y := _label(e, head, extra)) is not None]
        p = np.array([scores[e.text].get(head, 0.0) for e, _ in rows])
        y_arr = np.array([y for _, y in rows], dtype=np.float64)
        heads[head] = choose(p, y_arr, np.array([e.source for e, _ in rows]))
    heads["spam"] = {"cut_off": None, "why": "no validation split (YouTube is all train); acted on as before"}
    return {"target_precision": TARGET_PRECISION, "rule": "lowest 0.01-grid score with source-balanced val "
            "precision >= target (GOV.UK val, ToxiGen val and augmentation val count as sources)",
            "model_version": semantic.version if semantic else model.version,
            "weights_sha256": weights_sha256(folder), "heads": heads}


def weights_sha256(folder: Path = DATA_DIR) -> str:
    """sha256 over the TF-IDF weights and the semantic heads: the cut-offs belong to exactly these."""
    digest = hashlib.sha256((folder / "weights.npz").read_bytes())
    if (folder / "semantic.npz").is_file():
        digest.update((folder / "semantic.npz").read_bytes())
    return digest.hexdigest()


def write(root: str | Path | None = None, folder: Path = DATA_DIR) -> dict[str, object]:
    """Compute the cut-offs and write them to ``folder/firm.json``."""
    out = firm_cutoffs(root, folder)
    (folder / FIRM_FILE).write_text(json.dumps(out, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out

"""Score the shipped model (through the run-time code, numpy only) on validation and official test splits.

Test splits are only read here, after training, to report figures; nothing is tuned on them.
YouTube spam has no official split: its held-out-video figures come from training (nested
leave-one-video-out, see the manifest) because scoring the shipped model on its own training
comments would be meaningless.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from socialwarden.classifiers.model import DATA_DIR, TextModel
from socialwarden.training import data as D
from socialwarden.training.metrics import ece, labels_f1, macro_f1, prf, three_class

Log = Callable[[str], None]


def evaluate(root: str | Path | None = None, model_dir: Path = DATA_DIR, log: Log = print) -> dict[str, object]:
    model = TextModel(model_dir)
    examples = [e for e in D.load_all(root) if e.source != "youtube" and e.split in ("val", "test")]
    probs = model.probabilities([e.text for e in examples])
    col = {h: probs[:, model.head(h)] for h in model.heads}
    results: dict[str, object] = {}

    def subset(source: str, split: str) -> np.ndarray:
        return np.array([i for i, e in enumerate(examples) if e.source == source and e.split == split])

    for split in ("val", "test"):
        for source, head in (("tweeteval_offensive", "abuse"), ("tweeteval_hate", "hate")):
            idx = subset(source, split)
            y = np.array([getattr(examples[i], head if source == "tweeteval_hate" else "abuse") for i in idx])
            p = col[head][idx]
            pred = (p >= 0.5).astype(np.int64)
            prec, rec, f1 = prf(y, pred)
            results[f"{source}/{split}"] = {"macro_f1": macro_f1(y, pred), "precision": prec, "recall": rec,
                                            "f1": f1, "ece": ece(y, p), "n": len(idx)}
        for source in ("hatexplain", "davidson"):
            idx = subset(source, split)
            y3 = [examples[i].label3 for i in idx]
            pred3 = three_class(col["hate"][idx], col["abuse"][idx], 0.5, 0.5)
            res: dict[str, object] = {"macro_f1_3class": labels_f1(y3, pred3), "n": len(idx)}
            for head in ("hate", "abuse"):
                yb = np.array([getattr(examples[i], head) for i in idx])
                res[f"{head}_ece"] = ece(yb, col[head][idx])
                res[f"{head}_macro_f1"] = macro_f1(yb, (col[head][idx] >= 0.5).astype(np.int64))
            if source == "hatexplain":
                res["target_accuracy"] = target_accuracy(model, [examples[i] for i in idx], probs[idx])
            results[f"{source}/{split}"] = res
    for key, value in results.items():
        log(f"{key}: {value}")
    return results


def target_accuracy(model: TextModel, examples: list[D.Example], probs: np.ndarray) -> dict[str, object]:
    """Among hateful posts with exactly one majority characteristic: is the predicted one right?"""
    names = [c.value for c in D.TARGETS]
    cols = [model.head(n) for n in names]
    per: dict[str, list[int]] = {n: [] for n in names}
    for e, row in zip(examples, probs, strict=True):
        if e.label3 != "hate" or len(e.targets) != 1:
            continue
        guess = names[int(np.argmax(row[cols]))]
        per[e.targets[0].value].append(int(guess == e.targets[0].value))
    out: dict[str, object] = {n: {"accuracy": float(np.mean(v)) if v else None, "n": len(v)} for n, v in per.items()}
    hits = [x for v in per.values() for x in v]
    out["overall"] = {"accuracy": float(np.mean(hits)) if hits else None, "n": len(hits)}
    return out

"""YouTube spam, leave one video out: retrain the spam head on four videos, check the fifth through the engine.

The fold's head is trained exactly as the shipped one (same vocabulary, the same ham rows and weights as training:
``training.train.spam_ham``; C chosen by the nested leave-one-video-out in the shipped manifest)
and Platt-calibrated on out-of-fold scores over its four training videos, so no held-out comment influences its
own score.
Needs the ``train`` tools (scikit-learn, scipy), which the ``eval`` extra installs.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from socialwarden.classifiers.model import DATA_DIR, TextModel, default_model
from socialwarden.training import data as D

C_DEFAULT = 256.0


@dataclass(frozen=True)
class Fold:
    video: str
    texts: tuple[str, ...]
    gold: tuple[str, ...]
    model: TextModel
    c: float


def _chosen_c(video: str) -> float:
    """C picked for this held-out video by training's nested leave-one-video-out (never by this fold's labels)."""
    manifest = json.loads((DATA_DIR / "manifest.json").read_text(encoding="utf-8"))
    held = manifest.get("validation_metrics", {}).get("spam", {}).get("held_out_video_test", {})
    return float(held.get(video, {}).get("C", C_DEFAULT))


def folds(root: str | Path | None = None, limit: int | None = None) -> Iterator[Fold]:
    """One fold per video, each with its own retrained spam head."""
    from socialwarden.training import train as T  # scikit-learn, only for this task
    from socialwarden.training.augment import generate

    base = D.data_root(root)
    shipped = default_model()
    vocab = shipped.featurizer.vocab
    youtube = D.load_youtube(base)
    train_rows = [e for e in D.load_all(base) + D.load_govuk(base) + [e for e, _ in generate()] if e.split == "train"]
    ham, w_neg = T.spam_ham(train_rows)  # exactly training's ham rows and weights
    x_neg = T.featurise(vocab, [e.text for e in ham])
    n_neg = len(ham)
    x = T.featurise(vocab, [e.text for e in youtube])
    y = np.array([e.spam for e in youtube])
    groups = np.array([e.group for e in youtube])
    sp = T.sp

    def fit(mask: np.ndarray, c: float) -> object:
        weight = np.r_[np.ones(int(mask.sum())), w_neg]
        return T.fit_lr(sp.vstack([x[mask], x_neg]).tocsr(), np.r_[y[mask], np.zeros(n_neg, int)],
                        c, weight, False)

    spam = shipped.head("spam")
    for video in [n[10:-4] for n in D.YOUTUBE_FILES]:
        c = _chosen_c(video)
        train = groups != video
        z_oof = np.zeros(len(y))
        for inner in sorted(set(groups[train])):
            held = train & (groups == inner)
            z_oof[held] = fit(train & (groups != inner), c).decision_function(x[held])  # type: ignore[attr-defined]
        a, b = T.platt(z_oof[train], y[train])
        head = fit(train, c)
        model = copy.copy(shipped)
        model.by_head = shipped.by_head.copy()
        model.by_head[spam] = np.asarray(head.coef_[0], dtype=np.float32)  # type: ignore[attr-defined]
        model.bias = shipped.bias.copy()
        model.bias[spam] = float(head.intercept_[0])  # type: ignore[attr-defined]
        model.calibration = shipped.calibration.copy()
        model.calibration[spam] = (a, b)
        idx = np.flatnonzero(groups == video)
        if limit is not None and limit < len(idx):
            idx = np.sort(np.random.default_rng(0).choice(idx, limit, replace=False))
        yield Fold(video, tuple(youtube[i].text for i in idx),
                   tuple("spam" if y[i] else "not_spam" for i in idx), model, c)

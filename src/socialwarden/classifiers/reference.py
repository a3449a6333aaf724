"""The plain, unoptimised scoring path (as first written), kept to check the fast path gives the same scores.

Used by tests/classifiers/test_reference.py and bench/check_model_scores.py; not used at run time.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from socialwarden.classifiers.features import chunk_grams, normalise
from socialwarden.classifiers.model import TextModel


def reference_probabilities(model: TextModel, texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """Calibrated probabilities of every head, computed with Python dicts and one product per head."""
    vocab = model.featurizer.vocab
    unigrams: dict[str, int] = {}
    bigrams: dict[tuple[str, str], int] = {}
    for i, g in enumerate(vocab.word_list):
        a, _, b = g.partition(" ")
        if b:
            bigrams[(a, b)] = i
        else:
            unigrams[a] = i
    chars = {g: vocab.n_words + i for i, g in enumerate(vocab.char_list)}
    flat: list[int] = []
    lengths: list[int] = []
    for text in texts:
        ids: list[int] = []
        words: list[str] = []
        for chunk in normalise(text).split():
            w, c = chunk_grams(chunk)
            ids += [unigrams[t] for t in w if t in unigrams] + [chars[g] for g in c if g in chars]
            words += w
        ids += [bigrams[p] for p in itertools.pairwise(words) if p in bigrams]
        flat += ids
        lengths.append(len(ids))
    size = vocab.size
    keys = np.repeat(np.arange(len(texts), dtype=np.int64), lengths) * size + np.asarray(flat, dtype=np.int64)
    keys, counts = np.unique(keys, return_counts=True)
    rows, cols = np.divmod(keys, size)
    vals = (1.0 + np.log(counts)).astype(np.float32) * vocab.idf[cols]
    seg = 2 * rows + (cols >= vocab.n_words)
    norms = np.sqrt(np.bincount(seg, weights=vals * vals, minlength=2 * len(texts)))
    vals = (vals / np.maximum(norms[seg], 1e-12)).astype(np.float32)
    by_head = np.ascontiguousarray(model.by_head)
    z = np.empty((len(texts), len(model.heads)))
    for h in range(len(model.heads)):
        z[:, h] = np.bincount(rows, weights=by_head[h][cols] * vals, minlength=len(texts)) + model.bias[h]
    scaled = z * model.calibration[:, 0] + model.calibration[:, 1]
    out: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-np.clip(scaled, -40.0, 40.0)))
    return out

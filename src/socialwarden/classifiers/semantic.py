"""The semantic heads (numpy only) over the encoder's embeddings, and their combination with the TF-IDF model.

``semantic.npz`` holds a one-hidden-layer network (384 -> hidden -> heads; ReLU) trained on the int8 encoder's
embeddings, and per head a stacker: p = sigmoid(a * z_tfidf + s * z_semantic + b), fitted on validation rows
(public val splits, ToxiGen val, GOV.UK val, our own augmentation's val), so the combined score is calibrated
on a mixture that includes in-domain negatives. Heads the TF-IDF model lacks (threat, sexual) have a = 0.
The characteristic outputs name the Equality Act characteristic of a hate finding.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from socialwarden.classifiers.encoder import DATA_DIR

SEMANTIC_FILE = "semantic.npz"
SEMANTIC_META = "semantic.json"
FloatMatrix = npt.NDArray[np.float64]


def save_semantic(folder: Path, layers: dict[str, npt.NDArray[np.float32]], stack: dict[str, list[float]],
                  meta: dict[str, object]) -> None:
    """Write the heads and stackers (training calls this; kept here so reader and writer agree)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / SEMANTIC_FILE).open("wb") as fh:
        np.savez_compressed(fh, w1=layers["w1"].astype(np.float32), b1=layers["b1"].astype(np.float32),
                            w2=layers["w2"].astype(np.float32), b2=layers["b2"].astype(np.float32))
    (folder / SEMANTIC_META).write_text(json.dumps({**meta, "stack": stack}, indent=2, sort_keys=True) + "\n",
                                        encoding="utf-8")


def sigmoid(z: FloatMatrix) -> FloatMatrix:
    out: FloatMatrix = 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))
    return out


class SemanticHeads:
    """Logits of every semantic output for a batch of embeddings, and the stacked probabilities."""

    def __init__(self, folder: Path = DATA_DIR) -> None:
        meta = json.loads((folder / SEMANTIC_META).read_text(encoding="utf-8"))
        with np.load(folder / SEMANTIC_FILE, allow_pickle=False) as npz:
            self._w1 = np.asarray(npz["w1"], dtype=np.float32)
            self._b1 = np.asarray(npz["b1"], dtype=np.float32)
            self._w2 = np.asarray(npz["w2"], dtype=np.float32)
            self._b2 = np.asarray(npz["b2"], dtype=np.float32)
        self.heads: tuple[str, ...] = tuple(meta["heads"])
        self.characteristics: tuple[str, ...] = tuple(meta["characteristics"])
        self.stack: dict[str, tuple[float, float, float]] = {h: (float(v[0]), float(v[1]), float(v[2]))
                                                             for h, v in meta["stack"].items()}
        self.version = str(meta.get("version", "v2"))
        self.meta = meta

    def index(self, name: str) -> int:
        return (self.heads + self.characteristics).index(name)

    def logits(self, embeddings: npt.NDArray[np.float32]) -> FloatMatrix:
        """(n, heads + characteristics) raw logits."""
        hidden = np.maximum(embeddings @ self._w1 + self._b1, 0.0)
        out: FloatMatrix = (hidden @ self._w2 + self._b2).astype(np.float64)
        return out

    def combine(self, head: str, z_semantic: FloatMatrix, z_tfidf: FloatMatrix | None) -> FloatMatrix:
        """Stacked, calibrated probability of ``head`` (TF-IDF logit optional: heads without one ignore it)."""
        a, s, b = self.stack[head]
        z = s * z_semantic + b
        if a and z_tfidf is not None:
            z = z + a * z_tfidf
        return sigmoid(z)

    def characteristic(self, row: FloatMatrix) -> tuple[str, float]:
        """The most likely characteristic of a hate finding and its probability."""
        k = len(self.heads)
        probs = sigmoid(row[k:])
        best = int(np.argmax(probs))
        return self.characteristics[best], float(probs[best])

    def probabilities(self, embeddings: npt.NDArray[np.float32], z_tfidf: dict[str, FloatMatrix] | None = None,
                      heads: Sequence[str] | None = None) -> dict[str, FloatMatrix]:
        """Stacked probabilities per head (used by evaluation and tests)."""
        z = self.logits(embeddings)
        return {h: self.combine(h, z[:, self.index(h)], (z_tfidf or {}).get(h)) for h in (heads or self.heads)}


@lru_cache(maxsize=1)
def default_semantic() -> SemanticHeads | None:
    """The shipped semantic heads, or None when the package carries none (then the TF-IDF model works alone)."""
    if not (DATA_DIR / SEMANTIC_FILE).is_file():
        return None
    return SemanticHeads(DATA_DIR)

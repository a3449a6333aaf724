"""The shipped linear text model: loads ``data/`` (npz + json + gzipped vocabulary, no pickle) and scores texts.

One weight matrix holds every head (abuse, hate, spam, then the hate-target characteristics), so a
text is featurised once and scored for all categories with one sparse product.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from socialwarden.classifiers.features import Featurizer, Vocabulary

DATA_DIR = Path(__file__).parent / "data"
VOCAB_FILE = "vocab.txt.gz"
WEIGHTS_FILE = "weights.npz"
META_FILE = "model.json"

FloatMatrix = npt.NDArray[np.float64]


def save_model(folder: Path, vocab: Vocabulary, weights: npt.NDArray[np.float32], bias: npt.NDArray[np.float64],
               calibration: npt.NDArray[np.float64], meta: dict[str, object]) -> None:
    """Write the three artefact files (used by training; kept here so reader and writer agree)."""
    folder.mkdir(parents=True, exist_ok=True)
    features = vocab.word_list + vocab.char_list
    if any("\n" in f for f in features):
        raise ValueError("a feature contains a newline")
    header = f"{len(vocab.word_list)} {len(vocab.char_list)}"
    body = "\n".join([header, *features]).encode("utf-8")
    # mtime=0 keeps the gzip bytes identical between runs, so retraining is byte-reproducible.
    (folder / VOCAB_FILE).write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    with (folder / WEIGHTS_FILE).open("wb") as fh:
        np.savez_compressed(fh, weights=weights.astype(np.float32), bias=bias.astype(np.float64),
                            idf=vocab.idf.astype(np.float32), calibration=calibration.astype(np.float64))
    (folder / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Sparse:
    """A featurised batch: TF-IDF entries sorted by row."""

    rows: npt.NDArray[np.int64]
    cols: npt.NDArray[np.int64]
    vals: npt.NDArray[np.float32]
    n: int
    starts: tuple[int, ...] = ()  # where each row begins in cols/vals (n + 1 entries); filled in if omitted

    def __post_init__(self) -> None:
        if len(self.starts) != self.n + 1:
            bounds = np.searchsorted(self.rows, np.arange(self.n + 1))
            object.__setattr__(self, "starts", tuple(bounds.tolist()))

    def row(self, r: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        lo, hi = self.starts[r], self.starts[r + 1]
        return self.cols[lo:hi], self.vals[lo:hi]


def cache_dir() -> Path:
    """Where unpacked model files are kept between runs: $WARDEN_CACHE, else ~/.cache/socialwarden."""
    env = os.environ.get("WARDEN_CACHE", "").strip()
    return Path(env).expanduser() if env else Path.home() / ".cache" / "socialwarden"


def unpacked_weights(path: Path, npz: Any) -> npt.NDArray[np.float32]:
    """The weight matrix, memory-mapped (copy on write) from an unpacked copy in the cache: inflating the
    compressed npz costs ~0.25 s of every cold start, mapping the copy under a millisecond. The copy is named by
    the npz's sha256, written atomically, and rebuilt when missing; where the cache cannot be written the matrix
    is inflated in memory as before (same values either way)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
    cached = cache_dir() / f"weights-{digest}.npy"
    try:
        return np.load(cached, mmap_mode="c", allow_pickle=False)  # type: ignore[no-any-return]
    except (OSError, ValueError):
        pass  # not unpacked yet (or unreadable): unpack below
    weights = np.ascontiguousarray(np.asarray(npz["weights"], dtype=np.float32))
    try:
        cached.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as fh:
                np.save(fh, weights, allow_pickle=False)
            os.replace(temp, cached)
        finally:
            if os.path.exists(temp):  # a full disk: no half-written copy is left behind
                os.unlink(temp)
    except OSError:
        return weights  # a read-only home: every start inflates, nothing else changes
    return weights


class TextModel:
    """Calibrated probabilities per head for a batch of texts."""

    def __init__(self, folder: Path = DATA_DIR) -> None:
        self.meta: dict[str, object] = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        lines = gzip.decompress((folder / VOCAB_FILE).read_bytes()).decode("utf-8").split("\n")
        n_words, n_chars = (int(x) for x in lines[0].split())
        with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as npz:
            # One contiguous row of all heads per feature: one gather serves every head.
            self._w = unpacked_weights(folder / WEIGHTS_FILE, npz)
            self.bias = np.asarray(npz["bias"], dtype=np.float64)
            self.calibration = np.asarray(npz["calibration"], dtype=np.float64)
            idf = np.asarray(npz["idf"], dtype=np.float32)
        vocab = Vocabulary(lines[1:1 + n_words], lines[1 + n_words:1 + n_words + n_chars], idf)
        self.featurizer = Featurizer(vocab)
        heads = self.meta["heads"]
        assert isinstance(heads, list)
        self.heads: tuple[str, ...] = tuple(str(h) for h in heads)
        self.version = str(self.meta.get("version", "v1"))

    @property
    def by_head(self) -> npt.NDArray[np.float32]:
        """Weights as (heads, features); a view, so writing a head's row changes the model."""
        view: npt.NDArray[np.float32] = self._w.T
        return view

    @by_head.setter
    def by_head(self, value: npt.NDArray[np.float32]) -> None:
        self._w = np.ascontiguousarray(np.asarray(value, dtype=np.float32).T)

    def head(self, name: str) -> int:
        return self.heads.index(name)

    def featurise(self, texts: Sequence[str]) -> Sparse:
        return Sparse(*self.featurizer.transform(texts), len(texts))

    def head_logits(self, sparse: Sparse, heads: Sequence[int]) -> FloatMatrix:
        """Raw decision values (before calibration) of ``heads`` for every row: what the stacker combines."""
        z = np.empty((sparse.n, len(heads)))
        pushed = self._w[sparse.cols] * sparse.vals[:, None]  # one gather for all heads (float32, as before)
        for k, h in enumerate(heads):
            z[:, k] = np.bincount(sparse.rows, weights=pushed[:, h], minlength=sparse.n) + self.bias[h]
        return z

    def calibrate(self, z: FloatMatrix, heads: Sequence[int]) -> FloatMatrix:
        """Platt-calibrated probabilities of raw decision values (columns in the order of ``heads``)."""
        return self._calibrate(z, heads)

    def head_probabilities(self, sparse: Sparse, heads: Sequence[int]) -> FloatMatrix:
        """Calibrated probabilities (Platt scaling fitted on validation data) of ``heads`` for every row."""
        return self._calibrate(self.head_logits(sparse, heads), heads)

    def row_probabilities(self, sparse: Sparse, row: int, heads: Sequence[int]) -> FloatMatrix:
        """Calibrated probabilities of ``heads`` for one row (cheap: used only for flagged texts)."""
        cols, vals = sparse.row(row)
        picked = list(heads)
        z = vals.astype(np.float64) @ self._w[cols].astype(np.float64)[:, picked] + self.bias[picked]
        out: FloatMatrix = self._calibrate(z[None, :], heads)[0]
        return out

    def _calibrate(self, z: FloatMatrix, heads: Sequence[int]) -> FloatMatrix:
        scaled = z * self.calibration[heads, 0] + self.calibration[heads, 1]
        out: FloatMatrix = 1.0 / (1.0 + np.exp(-np.clip(scaled, -40.0, 40.0)))
        return out

    def probabilities(self, texts: Sequence[str]) -> FloatMatrix:
        """Calibrated probabilities of every head, shape (len(texts), heads)."""
        return self.head_probabilities(self.featurise(texts), range(len(self.heads)))

    def top_terms(self, sparse: Sparse, row: int, head: int, k: int = 3) -> list[str]:
        """The word features (else character n-grams) pushing a row hardest towards ``head``."""
        cols, vals = sparse.row(row)
        vocab = self.featurizer.vocab
        n_words = vocab.n_words
        # Columns are sorted within a row and word ids come first, so the words are a prefix.
        cut = int(np.searchsorted(cols, n_words))
        words = self._ranked(cols[:cut], vals[:cut], head)
        if words:
            return [vocab.word_list[c] for c in words[:k]]
        return [vocab.char_list[c - n_words].strip() for c in self._ranked(cols, vals, head)[:k]]

    def _ranked(self, cols: npt.NDArray[np.int64], vals: npt.NDArray[np.float32], head: int) -> list[int]:
        """Columns with a positive push towards ``head``, strongest first (ties in column order)."""
        push = self._w[cols, head] * vals
        positive = np.flatnonzero(push > 0)
        ranked: list[int] = cols[positive[np.argsort(-push[positive], kind="stable")]].tolist()
        return ranked


@lru_cache(maxsize=1)
def default_model() -> TextModel:
    """The model shipped in the package, loaded once per process."""
    return TextModel(DATA_DIR)

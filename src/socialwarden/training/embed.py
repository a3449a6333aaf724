"""Embeddings of training texts through the *runtime* encoder (int8 ONNX), cached on disk between runs.

The cache is keyed by the encoder file's sha256 and each text's sha1, so a new export never reuses stale
vectors. It lives outside the repository: ``--cache DIR``, else ``$WARDEN_CACHE``, else ``~/.cache/socialwarden``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from socialwarden.classifiers.encoder import DATA_DIR, DIM, ONNX_FILE, Encoder, Vectors

CHUNK = 2048


def cache_root(cache: str | Path | None = None) -> Path:
    if cache is not None:
        return Path(cache)
    env = os.environ.get("WARDEN_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "socialwarden"


def _key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


class EmbeddingStore:
    """Text -> int8-encoder embedding, persisted as one ``.npz`` per encoder version."""

    def __init__(self, cache: str | Path | None = None, folder: Path = DATA_DIR, threads: int = 2) -> None:
        digest = hashlib.sha256((folder / ONNX_FILE).read_bytes() + Encoder.MODE.encode()).hexdigest()[:16]
        root = cache_root(cache)
        root.mkdir(parents=True, exist_ok=True)
        self.path = root / f"embeddings-{digest}.npz"
        self.encoder = Encoder(folder, threads=threads)
        self._index: dict[bytes, int] = {}
        self._vectors: list[Vectors] = []
        if self.path.exists():
            with np.load(self.path, allow_pickle=False) as npz:
                keys, vecs = npz["keys"], npz["vectors"]
            self._index = {bytes(k): i for i, k in enumerate(keys)}
            self._vectors = [vecs]
        self._size = sum(len(v) for v in self._vectors)

    def _matrix(self) -> Vectors:
        if len(self._vectors) != 1:
            self._vectors = [np.concatenate(self._vectors) if self._vectors else np.zeros((0, DIM), np.float32)]
        return self._vectors[0]

    def save(self) -> None:
        keys = np.zeros((len(self._index), 20), dtype=np.uint8)
        for k, i in self._index.items():
            keys[i] = np.frombuffer(k, dtype=np.uint8)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vectors=self._matrix())
        tmp.replace(self.path)

    def get(self, texts: Sequence[str], log: Callable[[str], None] | None = None) -> Vectors:
        """Embeddings of ``texts`` in order, embedding (and saving) only the ones not cached yet."""
        keys = [_key(t) for t in texts]
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in self._index))
        for start in range(0, len(missing), CHUNK):
            part = missing[start:start + CHUNK]
            vecs = self.encoder.embed(part)
            for t in part:
                self._index[_key(t)] = self._size
                self._size += 1
            self._vectors.append(vecs)
            if log is not None:
                log(f"  embedded {min(start + CHUNK, len(missing))}/{len(missing)} new texts")
            if (start // CHUNK) % 5 == 4:
                self.save()
        if missing:
            self.save()
        matrix = self._matrix()
        out: Vectors = matrix[[self._index[k] for k in keys]] if keys else np.zeros((0, DIM), np.float32)
        return out

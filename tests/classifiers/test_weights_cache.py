"""The classifier's weight matrix: unpacked once into the cache, then memory-mapped; the same values either way,
and a cache that cannot be written only costs time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from socialwarden.classifiers.model import DATA_DIR, WEIGHTS_FILE, TextModel


def test_weights_are_unpacked_once_then_mapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARDEN_CACHE", str(tmp_path / "cache"))
    with np.load(DATA_DIR / WEIGHTS_FILE) as npz:
        shipped = np.asarray(npz["weights"], dtype=np.float32)
    first = TextModel()
    copies = list((tmp_path / "cache").glob("weights-*.npy"))
    assert len(copies) == 1 and not list((tmp_path / "cache").glob("*.tmp"))
    second = TextModel()
    assert isinstance(second._w, np.memmap)
    assert np.array_equal(first._w, shipped) and np.array_equal(second._w, shipped)
    texts = ["you are a disgrace", "the library opens at 9am"]
    assert np.array_equal(first.featurise(texts).vals, second.featurise(texts).vals)
    second.by_head[0, 0] += 1.0  # copy on write: the cached file is never changed
    assert np.array_equal(TextModel()._w, shipped)


def test_an_unwritable_cache_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("WARDEN_CACHE", str(blocked))
    with np.load(DATA_DIR / WEIGHTS_FILE) as npz:
        assert np.array_equal(TextModel()._w, np.asarray(npz["weights"], dtype=np.float32))

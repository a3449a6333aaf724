"""The runtime sentence encoder: lazy loading, shape, determinism, and no torch at run time.

One Encoder per process (``default_encoder``) serves every test and every engine, so the ONNX session is
loaded once per test session.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from socialwarden.classifiers.encoder import (
    DATA_DIR,
    DIM,
    ONNX_FILE,
    TOKENIZER_FILE,
    Encoder,
    EncoderUnavailable,
    default_encoder,
)

TEXTS = ["Trans people should all be hanged.", "The library reopens on Monday.", "", "   ", "you idiot",
         "Ⓕⓤⓒⓚ 𝐟𝐮𝐜𝐤 ｆｕｃｋ", "word " * 400]


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return default_encoder()


def test_unit_vectors_of_the_right_shape(encoder: Encoder) -> None:
    vecs = encoder.embed(TEXTS)
    assert vecs.shape == (len(TEXTS), DIM) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-3)


def test_a_text_gets_the_same_vector_alone_or_in_a_batch(encoder: Encoder) -> None:
    batch = encoder.embed(TEXTS)
    fresh = Encoder(DATA_DIR)
    for text, vec in zip(TEXTS, batch, strict=True):
        assert np.array_equal(fresh.embed([text])[0], vec)


def test_meaning_is_closer_than_surface(encoder: Encoder) -> None:
    a, b, c = encoder.embed(["Disabled people are a burden on society.", "Wheelchair users drain public money.",
                             "Disabled parking bays are on level two."])
    assert float(a @ b) > float(a @ c)


def test_missing_files_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EncoderUnavailable, match=ONNX_FILE):
        Encoder(tmp_path).embed(["hello"])


def test_shipped_files_and_size() -> None:
    assert (DATA_DIR / ONNX_FILE).is_file() and (DATA_DIR / TOKENIZER_FILE).is_file()
    total = sum(p.stat().st_size for p in DATA_DIR.iterdir() if p.is_file())
    assert total <= 60 * 1024 * 1024, f"shipped model data is {total / 2**20:.1f} MB (budget 60 MB)"


def test_engine_and_check_start_without_onnxruntime_or_torch() -> None:
    """Building the engine imports no onnxruntime (loaded on the first text); nothing imports torch."""
    code = ("import sys\n"
            "from socialwarden.engine.service import engine_for\n"
            "from socialwarden.engine.context import Context\n"
            "engine = engine_for('gosport')\n"
            "assert 'onnxruntime' not in sys.modules, 'onnxruntime imported at construction'\n"
            "engine.check('Trans people should all be hanged.', Context())\n"
            "assert 'onnxruntime' in sys.modules\n"
            "bad = {'torch', 'sklearn', 'transformers'} & set(sys.modules)\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True)

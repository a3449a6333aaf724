"""The sentence encoder at run time: all-MiniLM-L6-v2 as int8 ONNX, run with onnxruntime + tokenizers (no torch).

``training/export.py`` writes ``data/encoder-int8.onnx`` (mean-pooled, L2-normalised 384-d embeddings; the heads
are trained on exactly these int8 embeddings) and copies the model's ``tokenizer.json``. Nothing is loaded until
the first text is embedded: constructing an ``Encoder`` costs nothing, so the engine and ``warden check`` start
without importing onnxruntime.
"""

from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from socialwarden.exceptions import ModelUnavailable

DATA_DIR = Path(__file__).parent / "data"
ONNX_FILE = "encoder-int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
MAX_TOKENS = 128  # tokens per text (with [CLS]/[SEP]); longer texts are scored in windows by the detector
# One text per onnxruntime call: the int8 graph quantises activations per tensor, so a batch would make a
# text's embedding depend on its neighbours (cosine drift down to 0.97). One at a time is also no slower on
# one thread (no padding). Training embeds exactly the same way.
DIM = 384
CACHE = 4096  # recent texts' embeddings kept (a text checked under several packs is embedded once)

Vectors = npt.NDArray[np.float32]


EncoderUnavailable = ModelUnavailable  # the shipped encoder files are missing or its runtime cannot be imported


class Encoder:
    """Embeds texts; loads onnxruntime and the model on first use, once, under a lock."""

    # Bumped when the way texts are fed to the graph changes (training caches are keyed by it).
    MODE = "single-text-v1"

    def __init__(self, folder: Path = DATA_DIR, threads: int = 1) -> None:
        self.folder = folder
        self.threads = threads
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None
        self._cache: OrderedDict[str, Vectors] = OrderedDict()

    @property
    def loaded(self) -> bool:
        return self._session is not None

    def available(self) -> bool:
        return (self.folder / ONNX_FILE).is_file() and (self.folder / TOKENIZER_FILE).is_file()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            if not self.available():
                raise EncoderUnavailable(f"sentence encoder not found in {self.folder} ({ONNX_FILE}, {TOKENIZER_FILE}):"
                                         " reinstall the package or run `make train`")
            try:
                ort = importlib.import_module("onnxruntime")
                tokenizers = importlib.import_module("tokenizers")
            except ImportError as exc:
                raise EncoderUnavailable(f"the sentence encoder needs {exc.name}: pip install socialwarden") from None
            tokenizer = tokenizers.Tokenizer.from_file(str(self.folder / TOKENIZER_FILE))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.no_padding()
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.log_severity_level = 3
            self._tokenizer = tokenizer
            self._session = ort.InferenceSession(str(self.folder / ONNX_FILE), options,
                                                 providers=["CPUExecutionProvider"])

    def token_count(self, text: str) -> int:
        """Word pieces of ``text`` without truncation (used to cut long texts into windows)."""
        self._load()
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def embed(self, texts: Sequence[str]) -> Vectors:
        """(len(texts), 384) float32 unit vectors; an empty or blank text gets the embedding of ''."""
        self._load()
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo: list[int] = []
        for i, t in enumerate(texts):
            hit = self._cache.get(t)
            if hit is not None:
                out[i] = hit
                self._cache.move_to_end(t)
            else:
                todo.append(i)
        if not todo:
            return out
        unique = list(dict.fromkeys(texts[i] for i in todo))
        # lone surrogates (possible in Python strings, refused by the tokenizer) become U+FFFD
        encodings = self._tokenizer.encode_batch([t.encode("utf-8", "replace").decode("utf-8") for t in unique])
        vectors = np.zeros((len(unique), DIM), dtype=np.float32)
        for k, enc in enumerate(encodings):
            ids = np.asarray([enc.ids], dtype=np.int64)
            (emb,) = self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
            vectors[k] = emb[0]
        found = dict(zip(unique, vectors, strict=True))
        for i in todo:
            out[i] = found[texts[i]]
        for t, v in found.items():
            self._cache[t] = v
        while len(self._cache) > CACHE:
            self._cache.popitem(last=False)
        return out


@lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    """The shipped encoder (not loaded until first used), one per process."""
    return Encoder(DATA_DIR)

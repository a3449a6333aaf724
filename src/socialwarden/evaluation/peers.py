"""The tools a user would otherwise pick, run on the same texts in the same run (the ``eval`` extra).

Each peer answers only the labels it can: profanity filters say offensive or not; HateSonar says hate /
offensive / neither. A peer that cannot run here is reported with the reason, never skipped silently.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

BATCH = 1024
DETOXIFY_NOTE = ("not measurable offline: detoxify downloads its checkpoints and tokenizer files at run time "
                 "and has no offline path on this machine")


@dataclass(frozen=True)
class PeerLabels:
    """A peer's answer for one text; None where the peer has no such label."""

    offensive: bool
    hate: bool | None = None

    @property
    def label3(self) -> str | None:
        if self.hate is None:
            return None
        return "hate" if self.hate else "offensive" if self.offensive else "normal"


@dataclass(frozen=True)
class Peer:
    name: str
    version: str
    predict: Callable[[Sequence[str]], list[PeerLabels]] | None  # None: not measurable here
    note: str = ""

    @property
    def measurable(self) -> bool:
        return self.predict is not None


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def _profanity_check() -> Callable[[Sequence[str]], list[PeerLabels]]:
    predict_prob = importlib.import_module("profanity_check").predict_prob

    def predict(texts: Sequence[str]) -> list[PeerLabels]:
        out: list[PeerLabels] = []
        for k in range(0, len(texts), BATCH):  # one call per text costs ~5 ms; batches are what it is built for
            out += [PeerLabels(offensive=bool(p >= 0.5)) for p in predict_prob(list(texts[k:k + BATCH]))]
        return out
    return predict


def _better_profanity() -> Callable[[Sequence[str]], list[PeerLabels]]:
    profanity = importlib.import_module("better_profanity").profanity
    profanity.load_censor_words()
    return lambda texts: [PeerLabels(offensive=bool(profanity.contains_profanity(t))) for t in texts]


def hatesonar_session() -> Any:
    """HateSonar's ONNX model with its text normaliser's locale set to C.UTF-8.

    The shipped graph asks onnxruntime for en_US.UTF-8, which this machine (like most containers) lacks;
    lower-casing is all the normaliser does, and C.UTF-8 does it the same for the English it was trained on.
    """
    onnx = importlib.import_module("onnx")
    ort = importlib.import_module("onnxruntime")
    hatesonar = importlib.import_module("hatesonar")
    model = onnx.load(str(Path(str(hatesonar.__file__)).parent / "model" / "model.onnx"))
    for node in model.graph.node:
        if node.op_type == "StringNormalizer":
            kept = [a for a in node.attribute if a.name != "locale"]
            del node.attribute[:]
            node.attribute.extend([*kept, onnx.helper.make_attribute("locale", "C.UTF-8")])
    return ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])


def _hatesonar() -> Callable[[Sequence[str]], list[PeerLabels]]:
    session = hatesonar_session()

    def predict(texts: Sequence[str]) -> list[PeerLabels]:
        out: list[PeerLabels] = []
        for k in range(0, len(texts), BATCH):
            labels = session.run(None, {"text": np.array(list(texts[k:k + BATCH]), dtype=object)})[0]
            # classes: 0 hate_speech, 1 offensive_language, 2 neither
            out += [PeerLabels(offensive=int(c) != 2, hate=int(c) == 0) for c in labels.tolist()]
        return out
    return predict


_PEERS: tuple[tuple[str, str, Callable[[], Callable[[Sequence[str]], list[PeerLabels]]]], ...] = (
    ("alt-profanity-check", "alt-profanity-check", _profanity_check),
    ("better-profanity", "better-profanity", _better_profanity),
    ("hatesonar", "hatesonar", _hatesonar),
)


def load_peers() -> list[Peer]:
    """Every peer, ready to run, or with the reason it cannot run here."""
    peers: list[Peer] = []
    for name, dist, factory in _PEERS:
        try:
            peers.append(Peer(name, _version(dist), factory()))
        except ImportError as exc:
            peers.append(Peer(name, _version(dist), None, f"not installed ({exc.name}): pip install -e '.[eval]'"))
    peers.append(Peer("detoxify", _version("detoxify"), None, DETOXIFY_NOTE))
    return peers

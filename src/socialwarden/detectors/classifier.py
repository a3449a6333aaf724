"""Trained text classifier: abuse, hate (with the targeted characteristic) and spam, as calibrated probabilities.

Catches meaning that word lists miss (abuse without swear words, spam phrasing), within the limits of
a linear model over word and character n-grams; see docs/model-card.md for data and figures.
A finding below its head's firm cut-off (classifiers/data/firm.json, chosen on validation data by
training/firm.py) is ``tier="suspect"``: held for a person, not acted on as if certain.
Short texts get one finding over the whole text; long texts are scored in windows and the finding
covers the most salient window.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import numpy as np

from socialwarden.classifiers.model import DATA_DIR, Sparse, TextModel, default_model
from socialwarden.detectors.base import DetectorConfig
from socialwarden.engine.findings import Finding
from socialwarden.taxonomy import Category, Characteristic

WINDOW = 1000  # characters per scored window of a long text
MAX_WINDOWS = 1000  # beyond ~1 MB only the start of a text is scored
BATCH = 512  # windows scored per model call: bounds transient memory (~12 MB)
DEFAULT_MIN_SCORE = 0.3  # below this no finding is emitted; policies set their own, higher, thresholds
TARGET_MIN = 0.5  # the characteristic is named only when its head is at least this sure

_CATEGORIES = {"abuse": Category.ABUSE, "hate": Category.HATE, "spam": Category.SPAM}
_WHAT = {"abuse": "abusive or offensive language", "hate": "hate against a group", "spam": "spam or self-promotion"}


@lru_cache(maxsize=4)
def firm_cutoffs(folder: Path = DATA_DIR) -> dict[str, float]:
    """Per head, the score from which a finding is firm; a head without one (spam) is always firm."""
    path = folder / "firm.json"
    if not path.exists():
        return {}
    heads = json.loads(path.read_text(encoding="utf-8"))["heads"]
    return {h: float(v["cut_off"]) for h, v in heads.items() if v.get("cut_off") is not None}


def windows(text: str) -> list[tuple[int, int]]:
    """Spans of at most WINDOW characters covering ``text``, cut at whitespace where possible."""
    if not text.strip():
        return []
    if len(text) <= WINDOW:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    start = 0
    while start < len(text) and len(out) < MAX_WINDOWS:
        end = min(start + WINDOW, len(text))
        if end < len(text):
            cut = text.rfind(" ", start + WINDOW // 2, end)
            end = cut if cut > start else end
        if text[start:end].strip():
            out.append((start, end))
        start = end
    return out


class ClassifierDetector:
    name: ClassVar[str] = "classifier"

    def __init__(self, config: DetectorConfig | None = None, model: TextModel | None = None,
                 firm: Mapping[str, float] | None = None) -> None:
        self._model = model or default_model()
        self._firm = dict(firm_cutoffs() if firm is None else firm)  # the shipped cut-offs unless given
        extras = (config or DetectorConfig()).extras
        floor = extras.get("classifier_min_score", ())
        self._min_score = float(floor[0]) if floor else DEFAULT_MIN_SCORE
        self._heads = [(h, self._model.head(h)) for h in _CATEGORIES if h in self._model.heads]
        self._targets = [(Characteristic(h), self._model.head(h)) for h in self._model.heads
                         if h in Characteristic.__members__.values()]

    def analyse(self, text: str) -> tuple[Finding, ...]:
        return self.analyse_many([text])[0]

    def analyse_many(self, texts: Sequence[str]) -> list[tuple[Finding, ...]]:
        """Findings for each text; the texts are featurised and scored together (much faster per text)."""
        spans = [windows(t) if isinstance(t, str) else [] for t in texts]
        flat = [(i, s, e) for i, ws in enumerate(spans) for s, e in ws]
        cols = [col for _, col in self._heads]
        best: dict[tuple[int, int], Finding] = {}  # (text, head) -> the finding of its most salient window
        for k in range(0, len(flat), BATCH):
            part = flat[k:k + BATCH]
            sparse = self._model.featurise([texts[i][s:e] for i, s, e in part])
            probs = self._model.head_probabilities(sparse, cols)
            top: dict[tuple[int, int], tuple[float, int]] = {}
            for r, c in zip(*np.nonzero(probs >= self._min_score), strict=True):
                key, p = (part[r][0], cols[c]), float(probs[r, c])
                if p > top.get(key, (-1.0, 0))[0]:
                    top[key] = (p, int(r))
            for (i, col), (p, r) in top.items():
                if (i, col) not in best or p > best[(i, col)].score:
                    _, start, end = part[r]
                    best[(i, col)] = self._finding(texts[i], col, p, start, end, sparse, r)
        out: list[list[Finding]] = [[] for _ in texts]
        for (i, _), finding in sorted(best.items(), key=lambda item: item[0]):
            out[i].append(finding)
        return [tuple(f) for f in out]

    def _finding(self, text: str, col: int, p: float, start: int, end: int, sparse: Sparse, row: int) -> Finding:
        head = self._model.heads[col]
        characteristic = None
        if head == "hate" and self._targets:
            scores = self._model.row_probabilities(sparse, row, [c for _, c in self._targets]).tolist()
            top, ch = max(zip(scores, (ch for ch, _ in self._targets), strict=True), key=lambda s: s[0])
            characteristic = ch if top >= TARGET_MIN else None
        terms = self._model.top_terms(sparse, row, col)
        shown = ", ".join(f"'{t}'" for t in terms) or "none stand out"
        where = "" if (start, end) == (0, len(text)) else f" in characters {start}-{end}"
        target = f"; targets {characteristic.value.replace('_', ' ')}" if characteristic else ""
        cut = self._firm.get(head)
        suspect = cut is not None and p < cut
        unsure = f"; below the firm cut-off {cut:.2f}, so a person should judge it" if suspect else ""
        explanation = (f"model {head}-{self._model.version}: p={p:.2f} that this is {_WHAT[head]}{where}"
                       f"{target}; top terms: {shown}{unsure}")
        return Finding(_CATEGORIES[head], start, end, min(max(p, 0.0), 1.0), self.name, explanation,
                       characteristic=characteristic, tier="suspect" if suspect else None,
                       label=f"{head}-{self._model.version}")

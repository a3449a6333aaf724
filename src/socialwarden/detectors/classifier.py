"""Trained text classifier: abuse, hate (with the Equality Act characteristic), threat, sexual harassment and spam.

Two models, combined (docs/model-card.md): the TF-IDF linear model (word and character n-grams; fast, good on
tweets and spelling evasions) and the semantic heads over all-MiniLM-L6-v2 sentence embeddings (int8 ONNX; it
understands a sentence: hate without slurs, threats without threat words, formal prose as benign). Per head a
stacker fitted on validation data (with in-domain negatives) turns both logits into one calibrated probability.
Threat and sexual harassment come from the semantic heads only; spam from the TF-IDF head only.

``analyse`` (a single check) always uses the encoder. ``analyse_many(..., gate=True)`` (batch checks that need
throughput) sends only texts with some signal to the encoder (classifiers/gate.py); the others keep the TF-IDF
probabilities. The encoder is loaded on first use, never at construction. Both models read each window with
leetspeak inside words undone (classifiers/leet.py: "h@nged" -> "hanged"; ordinary text is unchanged).
A finding below its head's firm cut-off (classifiers/data/firm.json, chosen on validation data by
training/firm.py) is ``tier="suspect"``: held for a person, not acted on as if certain.
Short texts get one finding over the whole text; long texts are scored in windows and the finding covers the
most salient window.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import numpy as np

from socialwarden.classifiers.encoder import Encoder, default_encoder
from socialwarden.classifiers.gate import GATE_TFIDF, needs_encoder
from socialwarden.classifiers.leet import unleet
from socialwarden.classifiers.model import DATA_DIR, Sparse, TextModel, default_model
from socialwarden.classifiers.semantic import SemanticHeads, default_semantic
from socialwarden.detectors.base import DetectorConfig
from socialwarden.engine.findings import Finding
from socialwarden.taxonomy import Category, Characteristic

WINDOW = 1000  # characters per scored window of a long text
MAX_WINDOWS = 1000  # beyond ~1 MB only the start of a text is scored
BATCH = 512  # windows scored per model call: bounds transient memory (~12 MB)
ENCODER_WINDOW = 400  # characters per encoder piece (~100 word pieces, under the encoder's 128)
MAX_ENCODED = 12  # windows per text that reach the encoder (the TF-IDF's most salient ones)
DEFAULT_MIN_SCORE = 0.3  # below this no finding is emitted; policies set their own, higher, thresholds
TARGET_MIN = 0.5  # the characteristic is named only when its head is at least this sure

HEADS = ("abuse", "hate", "threat", "sexual", "spam")
_CATEGORIES = {"abuse": Category.ABUSE, "hate": Category.HATE, "threat": Category.THREAT,
               "sexual": Category.SEXUAL, "spam": Category.SPAM}
_WHAT = {"abuse": "abusive or offensive language", "hate": "hate against a group",
         "threat": "a threat or a call for violence", "sexual": "sexual harassment",
         "spam": "spam or self-promotion"}
_LABEL = {"sexual": "sexual_harassment"}


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
    return _spans(text, 0, len(text), WINDOW, MAX_WINDOWS)


def _spans(text: str, lo: int, hi: int, size: int, limit: int) -> list[tuple[int, int]]:
    if not text[lo:hi].strip():
        return []
    if hi - lo <= size:
        return [(lo, hi)]
    out: list[tuple[int, int]] = []
    start = lo
    while start < hi and len(out) < limit:
        end = min(start + size, hi)
        if end < hi:
            cut = text.rfind(" ", start + size // 2, end)
            end = cut if cut > start else end
        if text[start:end].strip():
            out.append((start, end))
        start = end
    return out


@dataclass
class _Window:
    text: int  # index of the text in the batch
    start: int
    end: int
    row: int  # row in the batch's TF-IDF matrix
    encoded: bool = False


class ClassifierDetector:
    name: ClassVar[str] = "classifier"
    gateable: ClassVar[bool] = True  # check_many may ask analyse_many to gate the encoder

    def __init__(self, config: DetectorConfig | None = None, model: TextModel | None = None,
                 firm: Mapping[str, float] | None = None, semantic: SemanticHeads | bool | None = True,
                 encoder: Encoder | None = None) -> None:
        self._model = model or default_model()
        self._firm = dict(firm_cutoffs() if firm is None else firm)  # the shipped cut-offs unless given
        extras = (config or DetectorConfig()).extras
        floor = extras.get("classifier_min_score", ())
        self._min_score = float(floor[0]) if floor else DEFAULT_MIN_SCORE
        # semantic=True: the shipped heads (if any); False/None: the TF-IDF model alone.
        self._semantic = default_semantic() if semantic is True else (semantic or None)
        self._encoder = encoder or default_encoder()
        self._tfidf = [h for h in ("abuse", "hate", "spam") if h in self._model.heads]
        self._cols = [self._model.head(h) for h in self._tfidf]
        self._targets = [(Characteristic(h), self._model.head(h)) for h in self._model.heads
                         if h in Characteristic.__members__.values()]
        self.version = self._semantic.version if self._semantic else self._model.version

    @property
    def semantic(self) -> bool:
        return self._semantic is not None

    def analyse(self, text: str) -> tuple[Finding, ...]:
        return self.analyse_many([text])[0]

    def analyse_many(self, texts: Sequence[str], gate: bool = False) -> list[tuple[Finding, ...]]:
        """Findings for each text, scored together. ``gate``: only texts with some signal reach the encoder."""
        self.encoded = 0  # texts that reached the encoder in this call (read by the benchmark)
        spans = [windows(t) if isinstance(t, str) else [] for t in texts]
        flat = [(i, s, e) for i, ws in enumerate(spans) for s, e in ws]
        best: dict[tuple[int, str], Finding] = {}  # (text, head) -> the finding of its most salient window
        reached: set[int] = set()
        for k in range(0, len(flat), BATCH):
            part = [_Window(i, s, e, r) for r, (i, s, e) in enumerate(flat[k:k + BATCH])]
            sparse = self._model.featurise([unleet(texts[w.text][w.start:w.end]) for w in part])
            z_tfidf = self._model.head_logits(sparse, self._cols)
            p_tfidf = self._model.calibrate(z_tfidf, self._cols)
            probs: dict[str, np.ndarray] = {h: p_tfidf[:, c] for c, h in enumerate(self._tfidf)}
            characteristic: dict[int, tuple[str, float]] = {}
            if self._semantic is not None:
                self._pick(texts, part, p_tfidf, gate)
                chosen = [w for w in part if w.encoded]
                reached.update(w.text for w in chosen)
                if chosen:
                    self._semantic_scores(texts, chosen, z_tfidf, probs, characteristic)
            for h, p in probs.items():
                for r in np.flatnonzero(p >= self._min_score).tolist():
                    w = part[r]
                    key, score = (w.text, h), float(p[r])
                    if key not in best or score > best[key].score:
                        best[key] = self._finding(texts[w.text], h, score, w, sparse, characteristic.get(r))
        self.encoded = len(reached)
        out: list[list[Finding]] = [[] for _ in texts]
        order = {h: n for n, h in enumerate(HEADS)}
        for (i, _), finding in sorted(best.items(), key=lambda item: (item[0][0], order[item[0][1]])):
            out[i].append(finding)
        return [tuple(f) for f in out]

    def _pick(self, texts: Sequence[str], part: list[_Window], p_tfidf: np.ndarray, gate: bool) -> None:
        """Mark the windows that reach the encoder: per text at most MAX_ENCODED, most salient first."""
        signal = p_tfidf[:, [c for c, h in enumerate(self._tfidf) if h in ("abuse", "hate")]].max(axis=1) \
            if len(self._tfidf) > 1 else np.zeros(len(part))
        by_text: dict[int, list[int]] = {}
        for r, w in enumerate(part):
            if gate and signal[r] < GATE_TFIDF and not needs_encoder(texts[w.text][w.start:w.end]):
                continue
            by_text.setdefault(w.text, []).append(r)
        for rows in by_text.values():
            for r in sorted(rows, key=lambda r: -signal[r])[:MAX_ENCODED]:
                part[r].encoded = True

    def _semantic_scores(self, texts: Sequence[str], chosen: list[_Window], z_tfidf: np.ndarray,
                         probs: dict[str, np.ndarray], characteristic: dict[int, tuple[str, float]]) -> None:
        """Stacked probabilities for the encoded windows (in place), and the characteristic of each."""
        assert self._semantic is not None
        sem = self._semantic
        pieces: list[str] = []
        owner: list[int] = []
        for n, w in enumerate(chosen):
            for s, e in _spans(texts[w.text], w.start, w.end, ENCODER_WINDOW, WINDOW):
                pieces.append(unleet(texts[w.text][s:e]))
                owner.append(n)
        z_all = sem.logits(self._encoder.embed(pieces))
        n_heads = len(sem.heads) + len(sem.characteristics)
        z = np.full((len(chosen), n_heads), -np.inf)
        hate_col = sem.index("hate")
        best_piece = np.full(len(chosen), -1)
        for k, n in enumerate(owner):  # each window keeps, per output, its strongest piece
            if best_piece[n] < 0 or z_all[k, hate_col] > z_all[best_piece[n], hate_col]:
                best_piece[n] = k
            z[n] = np.maximum(z[n], z_all[k])
        rows = np.array([w.row for w in chosen])
        for h in HEADS:
            if h not in sem.heads or h == "spam":
                continue
            zt = z_tfidf[rows, self._tfidf.index(h)] if h in self._tfidf else None
            p = sem.combine(h, z[:, sem.index(h)], zt)
            if h not in probs:
                probs[h] = np.zeros(len(z_tfidf))
            probs[h][rows] = p
        for n, w in enumerate(chosen):
            characteristic[w.row] = sem.characteristic(z_all[best_piece[n]])

    def _finding(self, text: str, head: str, p: float, w: _Window, sparse: Sparse,
                 semantic_target: tuple[str, float] | None) -> Finding:
        characteristic = None
        if head == "hate":
            if semantic_target is not None:
                name, sure = semantic_target
                characteristic = Characteristic(name) if sure >= TARGET_MIN else None
            elif self._targets:
                scores = self._model.row_probabilities(sparse, w.row, [c for _, c in self._targets]).tolist()
                top, ch = max(zip(scores, (ch for ch, _ in self._targets), strict=True), key=lambda s: s[0])
                characteristic = ch if top >= TARGET_MIN else None
        terms = self._model.top_terms(sparse, w.row, self._model.head(head)) if head in self._tfidf else []
        shown = ", ".join(f"'{t}'" for t in terms) or "none stand out"
        where = "" if (w.start, w.end) == (0, len(text)) else f" in characters {w.start}-{w.end}"
        target = f"; targets {characteristic.value.replace('_', ' ')}" if characteristic else ""
        cut = self._firm.get(head)
        suspect = cut is not None and p < cut
        unsure = f"; below the firm cut-off {cut:.2f}, so a person should judge it" if suspect else ""
        how = "sentence model + n-grams" if w.encoded and head in ("abuse", "hate") else \
            "sentence model" if w.encoded else "n-grams only"
        label = f"{_LABEL.get(head, head)}-{self.version}"
        explanation = (f"model {label} ({how}): p={p:.2f} that this is {_WHAT[head]}{where}{target}"
                       f"{'; top terms: ' + shown if head in self._tfidf else ''}{unsure}")
        return Finding(_CATEGORIES[head], w.start, w.end, min(max(p, 0.0), 1.0), self.name, explanation,
                       characteristic=characteristic, tier="suspect" if suspect else None, label=label)

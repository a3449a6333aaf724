"""Immutable detector output: what was found, where, how sure, and why (and how its score was adjusted)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from socialwarden.taxonomy import Category, Characteristic

Tier = Literal["banned", "suspect"]
# Why a finding's score was changed after its detector reported it.
AdjustmentKind = Literal["negation", "condemnation", "quotation", "counter_speech", "consent", "reclaimed",
                         "neutral_context"]


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One change to a finding's score: what kind, by what factor, and why (in words a person can read)."""

    kind: AdjustmentKind
    factor: float
    reason: str

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "factor": round(self.factor, 4), "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Finding:
    """A span of the input text that a detector thinks belongs to a category.

    ``start``/``end`` index the original text (not a normalised copy), end exclusive.
    ``score`` is a probability-like confidence in [0, 1], after any ``adjustments``; ``original_score`` is what
    the detector reported (None when nothing adjusted it).
    """

    category: Category
    start: int
    end: int
    score: float
    detector: str
    explanation: str
    characteristic: Characteristic | None = None
    tier: Tier | None = None
    label: str | None = None  # a finer label, e.g. "uk_postcode", "shortener"
    original_score: float | None = None
    adjustments: tuple[Adjustment, ...] = ()

    def adjusted(self, kind: AdjustmentKind, factor: float, reason: str) -> Finding:
        """This finding with its score multiplied by ``factor``; the detector's score and the reason are kept,
        and the explanation says what happened so a person reading it sees why the score is low."""
        return replace(
            self, score=self.score * factor,
            original_score=self.score if self.original_score is None else self.original_score,
            adjustments=(*self.adjustments, Adjustment(kind, factor, reason)),
            explanation=f"{self.explanation} [down-weighted: {reason}]",
        )

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "category": self.category.value,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "detector": self.detector,
            "explanation": self.explanation,
        }
        if self.category is Category.HATE:
            out["characteristic"] = self.characteristic.value if self.characteristic else None
        if self.tier:
            out["tier"] = self.tier
        if self.label:
            out["label"] = self.label
        if self.adjustments:
            out["original_score"] = round(self.score if self.original_score is None else self.original_score, 4)
            out["adjustments"] = [a.to_json() for a in self.adjustments]
        return out

"""Immutable detector output: what was found, where, how sure, and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from socialwarden.taxonomy import Category, Characteristic

Tier = Literal["banned", "suspect"]


@dataclass(frozen=True, slots=True)
class Finding:
    """A span of the input text that a detector thinks belongs to a category.

    ``start``/``end`` index the original text (not a normalised copy), end exclusive.
    ``score`` is a probability-like confidence in [0, 1].
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
        return out

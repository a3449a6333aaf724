"""Check many texts through the whole engine, scoring the model-backed detectors once per batch.

The engine checks one text at a time; detectors with ``analyse_many`` (the classifier) are much faster on a
batch. ``check_many`` runs those first over the whole batch and hands each text's findings to the engine
through a stand-in detector, so the decisions are exactly those of ``Engine.check`` (same detectors, same
order, same rules). Used by ``warden eval``, the benchmarks and the moderation desk's ingest.

``gate=True`` (the default: batch checks are where throughput matters) lets a gateable detector (the classifier)
skip its sentence encoder for texts with no signal at all (classifiers/gate.py); their decisions then rest on
the TF-IDF scores, so they can differ from ``Engine.check``'s. ``gate=False`` gives exactly ``Engine.check``'s
decisions (``warden eval`` uses it, so every figure is what a single check would say).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from socialwarden.detectors.base import Detector
from socialwarden.engine.context import Context
from socialwarden.engine.decision import Decision
from socialwarden.engine.engine import MAX_CHARS, Engine
from socialwarden.engine.findings import Finding

CHUNK = 2048  # texts per batch: bounds the findings held for the stand-in detectors


class _Precomputed:
    """A detector that returns findings computed earlier for the text at the head of its queue."""

    def __init__(self, name: str, results: Iterator[tuple[str, tuple[Finding, ...]]]) -> None:
        self.name = name  # the real detector's name, so errors and findings read the same
        self._results = results

    def analyse(self, text: str) -> tuple[Finding, ...]:
        expected, found = next(self._results)
        if expected is not text and expected != text:
            raise RuntimeError(f"{self.name}: batch out of step with the engine")
        return found


def check_many(engine: Engine, texts: Sequence[str], context: Context | Sequence[Context] | None = None,
               progress: Callable[[int], None] | None = None, *, gate: bool = True) -> list[Decision]:
    """``engine.check`` for each text (one context for all, or one per text), batch detectors once per chunk."""
    if context is not None and not isinstance(context, Context) and len(context) != len(texts):
        raise ValueError(f"check_many: {len(texts)} texts but {len(context)} contexts")
    out: list[Decision] = []
    for k in range(0, len(texts), CHUNK):
        part = list(texts[k:k + CHUNK])
        cut = [t[:MAX_CHARS] for t in part]  # what Engine.check hands its detectors
        replacements: dict[str, Detector] = {}
        for det in engine.detectors:
            many = getattr(det, "analyse_many", None)
            if many is not None:
                results: Sequence[tuple[Finding, ...]] = (
                    many(cut, gate=gate) if getattr(det, "gateable", False) else many(cut))
                replacements[det.name] = _Precomputed(  # type: ignore[assignment]
                    det.name, iter(zip(cut, results, strict=True)))
        # substituted() also swaps the engine's run plan (_slots); copying and setting .detectors alone
        # left the real classifier in the plan, so every text was scored twice.
        shadow = engine.substituted(replacements)
        for i, text in enumerate(part, start=k):
            ctx = context if context is None or isinstance(context, Context) else context[i]
            out.append(shadow.check(text, ctx))
        if progress is not None:
            progress(len(part))
    return out

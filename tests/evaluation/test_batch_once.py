"""check_many scores batch-capable detectors once per chunk, never again one text at a time."""

from __future__ import annotations

from collections.abc import Sequence

from socialwarden.detectors.classifier import ClassifierDetector
from socialwarden.engine.batch import check_many
from socialwarden.engine.engine import Engine
from socialwarden.engine.findings import Finding
from socialwarden.engine.service import engine_for
from socialwarden.evaluation.runner import INBOUND

TEXTS = ["you are an idiot", "lovely park today", "buy cheap followers at spam.tk now", "thank you for the help"]


class CountingClassifier(ClassifierDetector):
    """The real classifier, counting how texts reach it."""

    def __init__(self) -> None:
        super().__init__()
        self.single = 0
        self.batches = 0

    def analyse(self, text: str) -> tuple[Finding, ...]:
        self.single += 1
        return super().analyse(text)

    def analyse_many(self, texts: Sequence[str], gate: bool = False) -> list[tuple[Finding, ...]]:
        self.batches += 1
        return super().analyse_many(texts, gate=gate)


def test_classifier_runs_once_per_batch_and_decisions_match() -> None:
    policy = engine_for("gosport").policy
    counting = CountingClassifier()
    others = [d for d in engine_for("gosport").detectors if d.name != counting.name]
    engine = Engine(policy, detectors=[*others, counting])
    batch = check_many(engine, TEXTS * 5, INBOUND, gate=False)  # ungated: exactly the single checks' decisions
    assert (counting.batches, counting.single) == (1, 0)
    single = [engine.check(t, INBOUND) for t in TEXTS * 5]
    assert [d.verdict for d in batch] == [d.verdict for d in single]
    # findings as JSON (scores to 4 places): a batch's float32 products differ from one row's in the last bits
    assert [[f.to_json() for f in d.findings] for d in batch] == [[f.to_json() for f in d.findings] for d in single]
    assert counting.single == len(TEXTS) * 5

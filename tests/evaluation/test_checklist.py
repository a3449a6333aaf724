"""The functional checklist through the whole engine (inbound comments, classifier on), per functionality.

Floors are the accuracies measured when the checklist was written (see docs/model-card.md): a change that
loses a case fails here and names it. Raise a floor when the engine gets better; never lower one to pass.
"""

from __future__ import annotations

import pytest

from socialwarden.engine.batch import check_many
from socialwarden.engine.service import engine_for
from socialwarden.evaluation.checklist import load_checklist
from socialwarden.evaluation.labels import LabelMap
from socialwarden.evaluation.runner import INBOUND

FLOORS = {  # v2 round 2 (TF-IDF + sentence model); round 1's v2 floor in brackets where it moved (docs/model-card.md)
    "negation": 0.70,  # (0.50)
    "counter_speech": 0.70,  # (0.60)
    "protected_groups_neutral": 0.97,
    "reclaimed_terms": 0.75,  # (0.41)
    "abuse_individual": 0.93,
    "abuse_group": 1.00,
    "threat_polite": 0.53,
    "spelling": 0.93,  # (0.86)
    "leetspeak": 0.86,  # (0.80)
    "spacing": 0.80,
    "emoji": 0.66,  # (0.58)
    "neutral_controls": 0.94,  # (0.88)
}
CHECKLIST = load_checklist()


@pytest.fixture(scope="module")
def outcomes() -> dict[str, list[tuple[str, bool]]]:
    engine = engine_for("gosport")
    labels = LabelMap(engine.policy)
    out: dict[str, list[tuple[str, bool]]] = {}
    for f in CHECKLIST:
        decisions = check_many(engine, f.cases, INBOUND, gate=False)
        out[f.id] = [(case, labels.labels(d).flag == (f.expect == "flag")) for case, d in zip(f.cases, decisions,
                                                                                              strict=True)]
    return out


def test_checklist_has_every_functionality_and_200_cases() -> None:
    assert {f.id for f in CHECKLIST} == set(FLOORS)
    assert sum(len(f.cases) for f in CHECKLIST) >= 200


@pytest.mark.parametrize("functionality", list(FLOORS))
def test_functionality_accuracy_floor(outcomes: dict[str, list[tuple[str, bool]]], functionality: str) -> None:
    results = outcomes[functionality]
    accuracy = sum(ok for _, ok in results) / len(results)
    failing = [case for case, ok in results if not ok]
    assert accuracy >= FLOORS[functionality], (
        f"{functionality}: accuracy {accuracy:.3f} < floor {FLOORS[functionality]:.2f}; failing cases:\n  "
        + "\n  ".join(failing))

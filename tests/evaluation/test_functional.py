"""The functional suite (evaluation/functional.yaml) through the whole engine, per functionality.

Floors are the accuracies measured when the suite was written (docs/model-card.md): a change that loses a case
fails here and names it. Raise a floor when the engine gets better; never lower one to pass. Also checks that the
suite stays apart from the training templates (training/augment.py): no case is a training sentence.
"""

from __future__ import annotations

import re

import pytest

from socialwarden.engine.batch import check_many
from socialwarden.engine.service import engine_for
from socialwarden.evaluation.checklist import FUNCTIONAL_FILE, load_checklist, met
from socialwarden.evaluation.labels import LabelMap
from socialwarden.evaluation.runner import INBOUND
from socialwarden.training.augment import generate

SUITE = load_checklist(FUNCTIONAL_FILE)
OVERALL_FLOOR = 0.87  # measured 0.874 (docs/model-card.md); the issue asks 0.90, see the card for why not yet
FLOORS: dict[str, float] = {
    "derogation_emotion": 0.86,
    "derogation_attribute": 0.95,
    "derogation_dehumanisation": 0.85,
    "derogation_implicit": 0.60,
    "threat_direct": 0.85,
    "threat_normative": 0.95,
    "slur_hateful": 0.90,
    "slur_homonym": 0.60,
    "slur_reclaimed": 0.75,
    "profanity_hateful": 0.92,
    "profanity_not_hateful": 1.00,
    "pronoun_reference": 0.81,
    "negated_positive": 0.93,
    "negated_hate": 0.72,
    "hate_question": 0.85,
    "hate_opinion": 0.85,
    "identity_neutral": 1.00,
    "identity_positive": 0.85,
    "counter_quote": 0.68,
    "counter_reference": 1.00,
    "abuse_individual": 1.00,
    "abuse_institution": 0.75,
    "abuse_object": 1.00,
    "civic_prose": 1.00,
    "evasion_swap": 1.00,
    "evasion_delete": 0.91,
    "evasion_add": 1.00,
    "evasion_spaces": 0.91,
    "evasion_leet": 0.91,
}


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@pytest.fixture(scope="module")
def outcomes() -> dict[str, list[tuple[str, bool]]]:
    engine = engine_for("gosport")
    labels = LabelMap(engine.policy)
    texts = [c for f in SUITE for c in f.cases]
    decisions = iter(check_many(engine, texts, INBOUND, gate=False))
    out: dict[str, list[tuple[str, bool]]] = {}
    for f in SUITE:
        out[f.id] = []
        for case in f.cases:
            got = labels.labels(next(decisions))
            out[f.id].append((case, met(f.expect, flag=got.flag, hate=got.hate)))
    return out


def test_suite_size_and_coverage() -> None:
    assert sum(len(f.cases) for f in SUITE) >= 400
    assert {f.id for f in SUITE} == set(FLOORS)
    kinds = " ".join(f.id for f in SUITE)
    for needed in ("derogation_emotion", "derogation_attribute", "derogation_dehumanisation", "derogation_implicit",
                   "threat_direct", "threat_normative", "slur_hateful", "slur_homonym", "slur_reclaimed",
                   "profanity_hateful", "profanity_not_hateful", "pronoun_reference", "negated_positive",
                   "negated_hate", "hate_question", "hate_opinion", "identity_neutral", "identity_positive",
                   "counter_quote", "counter_reference", "abuse_individual", "abuse_institution", "abuse_object",
                   "evasion_swap", "evasion_delete", "evasion_add", "evasion_spaces", "evasion_leet"):
        assert needed in kinds


def test_no_case_is_a_training_sentence() -> None:
    training = {_key(e.text) for e, _ in generate()}
    clashes = [c for f in SUITE for c in f.cases if _key(c) in training]
    assert not clashes, clashes


def test_overall_accuracy_floor(outcomes: dict[str, list[tuple[str, bool]]]) -> None:
    results = [ok for rows in outcomes.values() for _, ok in rows]
    assert sum(results) / len(results) >= OVERALL_FLOOR


@pytest.mark.parametrize("functionality", [f.id for f in SUITE])
def test_functionality_accuracy_floor(outcomes: dict[str, list[tuple[str, bool]]], functionality: str) -> None:
    results = outcomes[functionality]
    accuracy = sum(ok for _, ok in results) / len(results)
    failing = [case for case, ok in results if not ok]
    assert accuracy >= FLOORS[functionality], (
        f"{functionality}: accuracy {accuracy:.3f} < floor {FLOORS[functionality]:.2f}; failing cases:\n  "
        + "\n  ".join(failing))

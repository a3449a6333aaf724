"""The eval harness's own parts: batch checks equal single checks, the label mapping, checklist validation."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from socialwarden.engine.batch import check_many
from socialwarden.engine.findings import Finding
from socialwarden.engine.service import engine_for
from socialwarden.evaluation.checklist import load_checklist
from socialwarden.evaluation.labels import LabelMap, inbound_thresholds
from socialwarden.evaluation.runner import INBOUND
from socialwarden.evaluation.scoring import score
from socialwarden.exceptions import InputError
from socialwarden.taxonomy import Category

TEXTS = ["You're a complete idiot", "When is the bin collection?", "Subscribe to my channel http://bit.ly/x",
         "Immigrants are vermin", "", "We will never tolerate racism", "call 07700 900123 for a cheap loan"]


def test_batch_decisions_are_the_engines_single_decisions() -> None:
    engine = engine_for("gosport")
    batch = check_many(engine, TEXTS * 3, INBOUND, gate=False)
    single = [engine.check(t, INBOUND) for t in TEXTS * 3]
    assert [d.to_json() for d in batch] == [d.to_json() for d in single]
    assert any(f.detector == "classifier" for d in batch for f in d.findings)


def test_gated_batch_differs_only_where_the_encoder_was_skipped() -> None:
    from socialwarden.classifiers.gate import needs_encoder

    engine = engine_for("gosport")
    gated = check_many(engine, TEXTS, INBOUND)  # gate=True is the default for batches
    single = [engine.check(t, INBOUND) for t in TEXTS]
    for text, a, b in zip(TEXTS, gated, single, strict=True):
        if needs_encoder(text):
            assert a.to_json() == b.to_json(), text
    assert gated[3].verdict == single[3].verdict  # "Immigrants are vermin" reached the encoder


def test_thresholds_come_from_the_policy() -> None:
    policy = engine_for("gosport").policy
    crit = policy.moderation.criteria[0].model_copy(update={"categories": [Category.ABUSE], "threshold": 0.8})
    strict = policy.model_copy(update={"moderation": policy.moderation.model_copy(update={"criteria": [crit]}),
                                       "content_rules": []})
    assert inbound_thresholds(strict) == {Category.ABUSE: 0.8}
    labels = LabelMap(strict)
    assert labels.threshold(Category.HATE) == 0.5  # not named by the policy: the default


def test_label_mapping_on_real_decisions() -> None:
    engine = engine_for("gosport")
    labels = LabelMap(engine.policy)
    abusive, plain, spam = check_many(engine, ["You're a complete idiot and a liar", "Lovely flowers in the park",
                                               "Check out my channel and subscribe http://bit.ly/free"], INBOUND)
    assert labels.labels(abusive).offensive and labels.labels(abusive).label3 == "offensive"
    assert labels.labels(plain).label3 == "normal" and not labels.labels(plain).flag
    assert labels.labels(spam).spam


def test_label_mapping_uses_the_threshold() -> None:
    engine = engine_for("gosport")
    labels = LabelMap(engine.policy)
    decision = engine.check("hello", INBOUND)
    weak = Finding(Category.HATE, 0, 5, 0.49, "classifier", "x")
    strong = Finding(Category.HATE, 0, 5, 0.5, "classifier", "x")
    assert not labels.labels(replace(decision, findings=(weak,))).hate
    assert labels.labels(replace(decision, findings=(strong,))).label3 == "hate"


def test_score_per_class_and_macro() -> None:
    got = score(["a", "a", "b", "b"], ["a", "b", "b", "b"], ("a", "b"))
    per = got["per_class"]
    assert isinstance(per, dict)
    assert per["a"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2}
    assert per["b"]["precision"] == pytest.approx(2 / 3)
    assert got["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2)
    assert got["accuracy"] == 0.75


@pytest.mark.parametrize(("body", "message"), [
    ("functionalities: 3\n", "needs a top-level 'functionalities' list"),
    ("functionalities:\n  - {id: a, title: A, expect: maybe, cases: [x]}\n", "functionalities[0].expect: 'maybe'"),
    ("functionalities:\n  - {id: a, title: A, expect: flag, cases: []}\n", "functionalities[0].cases"),
    ("functionalities:\n  - {id: a, title: A, expect: flag}\n", "needs id, title, expect and cases"),
    ("functionalities: [\n", "cannot read the checklist"),
])
def test_bad_checklist_names_the_place(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "checklist.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_checklist(path)
    assert message in info.value.message and str(path) in info.value.message

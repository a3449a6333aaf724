"""Tests for the shipped text classifier (TF-IDF + sentence encoder) and its detector.

They need only the model in the package. Every detector here shares the process's one encoder
(``default_encoder``), so the ONNX session is loaded once for the whole test session.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest

from socialwarden.classifiers.features import normalise
from socialwarden.classifiers.model import DATA_DIR, TextModel, default_model
from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.classifier import WINDOW, ClassifierDetector, windows
from socialwarden.engine.findings import Finding
from socialwarden.taxonomy import Category, Characteristic

DETECTOR = ClassifierDetector()


def categories(text: str, threshold: float = 0.5) -> set[Category]:
    return {f.category for f in DETECTOR.analyse(text) if f.score >= threshold}


def check_spans(text: str, findings: tuple[Finding, ...]) -> None:
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert 0.0 <= f.score <= 1.0
        assert f.detector == "classifier"


POSITIVE = [
    ("shut up you stupid fucking bitch", Category.ABUSE),
    ("you are a worthless piece of shit and everyone hates you", Category.ABUSE),
    ("fuck off you pathetic loser", Category.ABUSE),
    ("what a dumb ugly cunt", Category.ABUSE),
    ("all muslims are terrorists and should be deported", Category.HATE),
    ("kill all the fucking niggers", Category.HATE),
    ("deport all these illegal immigrants, they are criminals", Category.HATE),
    ("women are too stupid to vote", Category.HATE),
    ("fucking faggots should all burn", Category.HATE),
    ("Check out my channel and subscribe!!! http://bit.ly/xyz", Category.SPAM),
    ("Please visit my website and subscribe to my youtube channel, thanks!", Category.SPAM),
    ("Make money fast from home, click here: www.cashnow.tk", Category.SPAM),
]

NEGATIVE = [
    "Thank you to everyone who came to the library open day, it was lovely to meet you all.",
    "The council meeting is on Tuesday at 7pm in the town hall.",
    "Our volunteers planted 200 trees in the park this weekend.",
    "Happy Eid to all our Muslim residents and staff!",
    "We are proud to support Pride month and our LGBT colleagues.",
    "Bin collections will be a day late after the bank holiday.",
    "Congratulations to the team on winning the regional award.",
    "Please read the consultation document and send us your views by Friday.",
]


# The sentences issue 12 names: hate without slurs and threats score high; formal prose stays under every
# threshold (no finding at all: the detector emits nothing below 0.3).
ISSUE_POSITIVES = [
    ("Trans people should all be hanged", Category.HATE),
    ("Trans people should all be hanged", Category.THREAT),
    ("Disabled people are a drain on society and should be put down", Category.HATE),
    ("send these illegal immigrants back, they are animals and rapists", Category.HATE),
    ("I am going to shoot the next gay person I see.", Category.THREAT),
    ("Send me nudes babe", Category.SEXUAL),
]
# Known misses of the model alone (the rule detectors catch the threats; see docs/model-card.md).
KNOWN_MISSES = [
    ("jews control the banks and the media", Category.HATE),  # antisemitic trope without slurs: hate < 0.3
    ("I'll be waiting outside the civic offices with a knife for whoever refused my application", Category.THREAT),
    ("We know where John Smith lives, and he will regret attacking GEN in the press", Category.THREAT),
]
FORMAL = [
    "If they refer to the Society, they must make clear that they are speaking in a personal capacity",
    "Your bin will be collected on Tuesday instead of Monday because of the bank holiday.",
    "Staff must not use social media to harass, bully or discriminate against colleagues.",
    "The report found that disabled residents were more likely to be in fuel poverty.",
    "Knife crime fell by 12% in the borough last year.",
    "Polling stations are open from 7am to 10pm on Thursday 7 May.",
]
# Ordinary posts the round-1 model got wrong (its spam head had learnt self-promotion from YouTube comments; the
# in-domain negatives of training/civic.py fixed it): nothing at 0.5 or above.
FORMER_FALSE_ALARMS = [
    "Read our new climate plan at https://www.gosport.gov.uk/climate and tell us what you think",
]


@pytest.mark.parametrize(("text", "category"), ISSUE_POSITIVES)
def test_issue_positives_are_caught_firmly(text: str, category: Category) -> None:
    found = [f for f in DETECTOR.analyse(text) if f.category is category]
    assert found and found[0].score >= 0.5, DETECTOR.analyse(text)


@pytest.mark.parametrize("text", FORMAL)
def test_formal_prose_gets_no_finding(text: str) -> None:
    assert DETECTOR.analyse(text) == ()


def test_strong_words_about_a_day_stay_under_the_threshold() -> None:
    assert all(f.score < 0.5 and f.tier == "suspect" for f in DETECTOR.analyse("I hate Mondays"))


@pytest.mark.xfail(strict=True, reason="known model gap")
@pytest.mark.parametrize(("text", "category"), KNOWN_MISSES)
def test_known_misses(text: str, category: Category) -> None:
    assert category in categories(text)


@pytest.mark.parametrize("text", FORMER_FALSE_ALARMS)
def test_former_false_alarms_stay_quiet(text: str) -> None:
    assert categories(text) == set()


@pytest.mark.parametrize(("text", "category"), POSITIVE)
def test_obvious_positives(text: str, category: Category) -> None:
    assert category in categories(text)


@pytest.mark.parametrize("text", NEGATIVE)
def test_obvious_negatives(text: str) -> None:
    assert categories(text) == set()


@pytest.mark.parametrize(("text", "characteristic"), [
    ("all muslims are terrorists and should be deported", Characteristic.RELIGION_BELIEF),
    ("kill all the fucking niggers", Characteristic.RACE),
    ("fucking faggots should all burn", Characteristic.SEXUAL_ORIENTATION),
])
def test_hate_names_the_characteristic(text: str, characteristic: Characteristic) -> None:
    hate = [f for f in DETECTOR.analyse(text) if f.category is Category.HATE]
    assert hate and hate[0].characteristic is characteristic
    assert characteristic.value.replace("_", " ") in hate[0].explanation


def test_finding_shape_and_explanation() -> None:
    text = "shut up you stupid fucking bitch"
    (abuse,) = [f for f in DETECTOR.analyse(text) if f.category is Category.ABUSE]
    assert (abuse.start, abuse.end) == (0, len(text))
    assert abuse.explanation.startswith(f"model abuse-{DETECTOR.version} (sentence model + n-grams): p=")
    assert "top terms:" in abuse.explanation and "'" in abuse.explanation
    assert abuse.label == f"abuse-{DETECTOR.version}"
    tfidf_only = ClassifierDetector(semantic=False)
    (plain,) = [f for f in tfidf_only.analyse(text) if f.category is Category.ABUSE]
    assert "(n-grams only)" in plain.explanation


def test_scores_order_obvious_over_neutral() -> None:
    model = default_model()
    probs = model.probabilities(["you are a fucking idiot", "you are a lovely person"])
    col = model.head("abuse")
    assert probs[0, col] > 0.8 > 0.2 > probs[1, col]


def test_calibration_recorded_and_small() -> None:
    manifest = json.loads((DATA_DIR / "manifest.json").read_text(encoding="utf-8"))
    for head in ("abuse", "hate"):
        cal = manifest["validation_metrics"][f"{head}_calibration"]
        assert cal["ece_calibrated"] < 0.05
        assert cal["ece_calibrated"] <= cal["ece_raw"]


def test_spam_head_rarely_fires_on_ordinary_tweets() -> None:
    spam = json.loads((DATA_DIR / "manifest.json").read_text(encoding="utf-8"))["validation_metrics"]["spam"]
    assert spam["val_tweets_flagged_share"] < 0.02
    assert spam["ece_calibrated_oof"] < 0.05


def test_probabilities_are_in_range_and_heads_known() -> None:
    model = default_model()
    texts = ["", "x", "hello there", "@user http://a.b 123"]
    probs = model.probabilities(texts)
    assert probs.shape == (len(texts), len(model.heads))
    assert np.all((probs >= 0) & (probs <= 1))
    assert {"abuse", "hate", "spam"} <= set(model.heads)


def test_deterministic_across_instances_and_calls() -> None:
    texts = [t for t, _ in POSITIVE] + NEGATIVE
    fresh = ClassifierDetector(model=TextModel(DATA_DIR))
    first = DETECTOR.analyse_many(texts)
    assert first == DETECTOR.analyse_many(texts) == fresh.analyse_many(texts)


def test_batch_equals_single() -> None:
    texts = [t for t, _ in POSITIVE] + NEGATIVE + ["", "   ", "ok " * 500 + "you idiot " + "ok " * 500]
    batch = DETECTOR.analyse_many(texts)
    for text, found in zip(texts, batch, strict=True):
        single = DETECTOR.analyse(text)
        assert [(f.category, f.start, f.end, f.characteristic) for f in single] == \
               [(f.category, f.start, f.end, f.characteristic) for f in found]
        # float32 products of a batch and of one row differ in the last bits (BLAS): 1e-6 is far below any cut
        assert [f.score for f in single] == pytest.approx([f.score for f in found], abs=1e-6)


def test_min_score_setting() -> None:
    strict = ClassifierDetector(DetectorConfig(extras={"classifier_min_score": ("0.99",)}))
    lax = ClassifierDetector(DetectorConfig(extras={"classifier_min_score": ("0.0",)}))
    text = "you are a bit of an idiot"
    assert all(f.score >= 0.99 for f in strict.analyse(text))
    assert {f.category for f in lax.analyse(text)} == {Category.ABUSE, Category.HATE, Category.THREAT,
                                                       Category.SEXUAL, Category.SPAM}


def test_evasions_are_normalised() -> None:
    assert normalise("ＦＵＣＫ") == "fuck"
    assert normalise("id\u200biot") == "idiot"
    assert Category.ABUSE in categories("you stupid \u200bf\u200bucking idiot")


def test_long_text_reports_the_salient_window() -> None:
    text = "What a lovely day in the park with the family. " * 60 + "Shut up you stupid fucking bitch. " \
        + "The weather was nice and sunny. " * 60
    found = [f for f in DETECTOR.analyse(text) if f.category is Category.ABUSE]
    assert found
    f = found[0]
    assert f.end - f.start <= WINDOW and "fucking bitch" in text[f.start:f.end]
    assert "in characters" in f.explanation


@pytest.mark.parametrize("text", [
    "", " ", "\n\t", "\ud800", "a\ud800b you idiot", "\u200b" * 100, "x" * 100_000, "fuck " * 20_000,
    "Ⓕⓤⓒⓚ 𝐟𝐮𝐜𝐤 ｆｕｃｋ", "Приве́т мир 你好 مرحبا", "🙂" * 5000, "a" + "\u0301" * 5000, "@" * 10_000,
    "http://" + "a." * 20_000 + "com",
])
def test_pathological_inputs(text: str) -> None:
    findings = DETECTOR.analyse(text)
    check_spans(text, findings)
    assert findings == DETECTOR.analyse(text)


def test_windows_cover_text() -> None:
    text = "word " * 1000
    spans = windows(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b and b - a <= WINDOW for a, b in spans)
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))
    assert windows("   ") == []


def test_one_megabyte_is_bounded() -> None:
    text = ("lorem ipsum dolor sit amet consectetur " * 27_000)[:1_000_000]
    start = time.perf_counter()
    findings = DETECTOR.analyse(text)
    assert time.perf_counter() - start < 10.0
    check_spans(text, findings)


def test_shipped_size_under_budget() -> None:
    total = sum(p.stat().st_size for p in DATA_DIR.iterdir() if p.is_file())
    assert total <= 60 * 1024 * 1024


def test_runtime_needs_no_sklearn_or_torch() -> None:
    code = ("import sys; from socialwarden.detectors.classifier import ClassifierDetector; "
            "ClassifierDetector().analyse('hello'); "
            "bad = {'sklearn', 'torch', 'transformers'} & set(sys.modules); "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)

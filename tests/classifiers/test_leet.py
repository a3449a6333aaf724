"""Leetspeak inside words is undone before the models read a text; ordinary text reaches them unchanged."""

from __future__ import annotations

import pytest

from socialwarden.classifiers.leet import unleet
from socialwarden.detectors.classifier import ClassifierDetector
from socialwarden.taxonomy import Category


@pytest.mark.parametrize(("leet", "plain"), [
    ("Tr@ns p30ple should all be h@nged.", "Trans people should all be hanged."),
    ("R3fug33s are r@p1sts.", "Refugees are rapists."),
    ("The m@yor is a l1ar", "The mayor is a liar"),
    ('"d0wn"', '"down"'),
    ("sh!t", "shit"),
])
def test_leet_words_are_read_as_words(leet: str, plain: str) -> None:
    assert unleet(leet) == plain
    assert len(unleet(leet)) == len(leet)  # offsets of findings stay valid


@pytest.mark.parametrize("text", [
    "At 2.35pm on the M25 the 3rd lane was closed.", "Covid19 boosters for the over-75s, 4pm to 7pm.",
    "Email help@northdown.gov.uk or see www.a1b.com/page3x.", "@user1 thanks! See you at 10am!!!",
    "Flat 4a, 15 High Street", "A4 paper, B52s tribute band, MP3 player", "Hello! How are you?",
])
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert unleet(text) == text


def test_hate_in_leetspeak_is_found_like_the_plain_sentence() -> None:
    detector = ClassifierDetector()
    plain = {f.category for f in detector.analyse("Disabled people should be put down.") if f.score >= 0.5}
    leet = {f.category for f in detector.analyse("D1sabled people should be put d0wn.") if f.score >= 0.5}
    assert Category.HATE in plain and leet == plain

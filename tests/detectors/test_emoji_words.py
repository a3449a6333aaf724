"""Emoji used as whole words are read by the lexicon as words with a tier, and spans stay on the original text:
"🖕" is a banned gesture, a knife or gun aimed at someone ("🔪 you", "I'll 🔫 you") a banned threat and
"you 🔫" a suspect one, "🍆💦" suspect innuendo; the same emoji used for what they show are not flagged."""

from __future__ import annotations

import pytest

from socialwarden.detectors.lexicon import LexiconDetector
from socialwarden.engine.normalise import fold, normalise
from socialwarden.taxonomy import Category

C = Category
LEX = LexiconDetector()

# text, category, tier, the original span the finding must cover
CASES: list[tuple[str, Category, str, str]] = [
    ("🖕", C.ABUSE, "banned", "🖕"),
    ("🖕🏻🖕🏻 to the lot of you", C.ABUSE, "banned", "🖕"),
    ("here's what I think of you 🖕", C.ABUSE, "banned", "🖕"),
    ("🔪 you", C.THREAT, "banned", "🔪 you"),
    ("🔫 u", C.THREAT, "banned", "🔫 u"),
    ("🔪🔪 you", C.THREAT, "banned", "🔪 you"),
    ("🗡 your family", C.THREAT, "banned", "🗡 your"),
    ("I'll 🔫 you tonight", C.THREAT, "banned", "I'll 🔫"),
    ("gonna 🔪 him", C.THREAT, "banned", "gonna 🔪"),
    ("you 🔫", C.THREAT, "suspect", "you 🔫"),
    ("🍆💦", C.SEXUAL, "suspect", "🍆💦"),
    ("🍑 💦 hmu", C.SEXUAL, "suspect", "🍑 💦"),
    ("come round 🍆💦😉", C.SEXUAL, "suspect", "🍆💦"),
]
INNOCENT = [
    "chopping veg for the soup 🔪",
    "grew a massive 🍆 this year at the allotment",
    "water fight at the fete 💦",
    "🍑 season at the farm shop",
    "laser tag 🔫 party for the kids on Saturday",
    "Knife crime is down 12% 🔪",
]


@pytest.mark.parametrize(("text", "category", "tier", "span"), CASES, ids=[c[0] for c in CASES])
def test_emoji_words_are_read_with_their_tier(text: str, category: Category, tier: str, span: str) -> None:
    found = [f for f in LEX.analyse(text) if f.category is category]
    assert found, LEX.analyse(text)
    assert span in [text[f.start:f.end] for f in found], [(text[f.start:f.end], f.label) for f in found]
    assert {f.tier for f in found} == {tier}
    assert all("emoji" in f.explanation for f in found)


@pytest.mark.parametrize("text", INNOCENT)
def test_emoji_for_what_they_show_are_not_flagged(text: str) -> None:
    assert not [f for f in LEX.analyse(text) if f.category in {C.THREAT, C.SEXUAL, C.ABUSE}], LEX.analyse(text)


def test_emoji_words_keep_offsets_on_the_original() -> None:
    text = "ok 🖕🏻 bye"
    norm = normalise(text)
    assert norm.text == fold(text) == "ok emojimiddlefinger bye"
    i = norm.text.index("emoji")
    assert norm.span(i, i + len("emojimiddlefinger")) == (3, 4)

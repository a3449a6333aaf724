"""LexiconDetector: table-driven cases (text -> category, label, exact span), traps and odd input."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.lexicon import LIST_FILES, LexiconDetector, expand, read_list
from socialwarden.engine.normalise import fold, normalise
from socialwarden.taxonomy import Category, Characteristic

DET = LexiconDetector()

# (text, category, label of the entry, exact original text of the span, tier)
CATCHES: list[tuple[str, str, str, str, str]] = [
    # plain words and inflections
    ("What the fuck is this", "profanity", "*fuck*", "fuck", "banned"),
    ("absolute motherfucker", "profanity", "*fuck*", "motherfucker", "banned"),
    ("This is shit.", "profanity", "shit*", "shit", "banned"),
    ("total bullshit from the council", "profanity", "*shit", "bullshit", "banned"),
    ("you cunt", "profanity", "cunt*", "cunt", "banned"),
    ("stfu already", "profanity", "stfu", "stfu", "banned"),
    ("Damn, missed the bus", "profanity", "damn", "Damn", "suspect"),
    ("bloody roadworks again", "profanity", "bloody", "bloody", "suspect"),
    ("what a load of bollocks", "profanity", "bollock*", "bollocks", "suspect"),
    # case, accents, fullwidth, homoglyphs, zero-width
    ("FUCK OFF", "profanity", "*fuck*", "FUCK", "banned"),
    ("fück this", "profanity", "*fuck*", "fück", "banned"),
    ("ＦＵＣＫ you", "profanity", "*fuck*", "ＦＵＣＫ", "banned"),
    ("fսck (Armenian u)", "profanity", "*fuck*", "fսck", "banned"),
    ("ѕhit (Cyrillic dze)", "profanity", "shit*", "ѕhit", "banned"),
    ("ΙDΙΟΤ in Greek capitals", "abuse", "idiot*", "ΙDΙΟΤ", "suspect"),
    ("f\u200buck zero width", "profanity", "*fuck*", "f\u200buck", "banned"),
    ("c\u00adunt soft hyphen", "profanity", "cunt*", "c\u00adunt", "banned"),
    ("fu\u0308ck combining mark", "profanity", "*fuck*", "fu\u0308ck", "banned"),
    ("𝐟𝐮𝐜𝐤 maths bold", "profanity", "*fuck*", "𝐟𝐮𝐜𝐤", "banned"),
    # leetspeak
    ("sh1t happens", "profanity", "shit*", "sh1t", "banned"),
    ("$hit show", "profanity", "shit*", "$hit", "banned"),
    ("sh!t show", "profanity", "shit*", "sh!t", "banned"),
    ("you 1d10t", "abuse", "idiot*", "1d10t", "suspect"),
    ("b@st@rd", "profanity", "bastard", "b@st@rd", "banned"),
    ("what a tw4t", "profanity", "twat*", "tw4t", "banned"),
    ("m0r0n!", "abuse", "moron*", "m0r0n", "suspect"),
    ("a55hole", "abuse", "asshole*", "a55hole", "banned"),
    # repeated letters
    ("fuuuuuck", "profanity", "*fuck*", "fuuuuuck", "banned"),
    ("shiiiiit", "profanity", "shit*", "shiiiiit", "banned"),
    ("FFFUUUCCCKKK", "profanity", "*fuck*", "FFFUUUCCCKKK", "banned"),
    ("idiooooot", "abuse", "idiot*", "idiooooot", "suspect"),
    # letters split by spaces or punctuation
    ("f u c k this", "profanity", "*fuck*", "f u c k", "banned"),
    ("f.u.c.k off", "profanity", "*fuck*", "f.u.c.k", "banned"),
    ("f-u-c-k off", "profanity", "*fuck*", "f-u-c-k", "banned"),
    ("f_u_c_k off", "profanity", "*fuck*", "f_u_c_k", "banned"),
    ("s. h. i. t.", "profanity", "shit*", "s. h. i. t", "banned"),
    ("you are a c u n t", "profanity", "cunt*", "c u n t", "banned"),
    ("i d i o t", "abuse", "idiot*", "i d i o t", "suspect"),
    # masked letters (banned words only)
    ("f*ck this", "profanity", "*fuck*", "f*ck", "banned"),
    ("f**k off", "profanity", "*fuck*", "f**k", "banned"),
    ("sh*t", "profanity", "shit*", "sh*t", "banned"),
    ("what a c**t", "profanity", "cunt*", "c**t", "banned"),
    ("f#ck", "profanity", "*fuck*", "f#ck", "banned"),
    ("f*cking hell", "profanity", "*fuck*", "f*cking", "banned"),
    # quotes and possessives
    ("he said 'fuck'", "profanity", "*fuck*", "fuck", "banned"),
    ("‘cunt’ he wrote", "profanity", "cunt*", "cunt", "banned"),
    ("that prick's car", "abuse", "prick", "prick's", "suspect"),
    ("Youre dead", "threat", "you're dead", "Youre dead", "suspect"),
    # abuse
    ("you absolute scumbag", "abuse", "scumbag*", "scumbag", "banned"),
    ("what a moron", "abuse", "moron*", "moron", "suspect"),
    ("idiots running the council", "abuse", "idiot*", "idiots", "suspect"),
    ("dickhead", "abuse", "dickhead*", "dickhead", "banned"),
    ("you're a piece of shit", "abuse", "piece of shit", "piece of shit", "banned"),
    ("you are pathetic", "abuse", "you are pathetic", "you are pathetic", "suspect"),
    # threats across spacing and punctuation
    ("I will kill you", "threat", "i will kill you", "I will kill you", "banned"),
    ("i'll   KILL   you!!", "threat", "i'll kill you", "i'll   KILL   you", "banned"),
    ("I'm going to... stab you", "threat", "i'm going to stab you", "I'm going to... stab you", "banned"),
    ("Ill kill you", "threat", "i'll kill you", "Ill kill you", "banned"),
    ("i know where you live", "threat", "i know where you live", "i know where you live", "banned"),
    ("I KNOW WHERE YOU LIVE.", "threat", "i know where you live", "I KNOW WHERE YOU LIVE", "banned"),
    ("you're dead", "threat", "you're dead", "you're dead", "suspect"),
    ("You’re dead, mate", "threat", "you're dead", "You’re dead", "suspect"),
    ("watch your back", "threat", "watch your back", "watch your back", "suspect"),
    ("you're dead meat", "threat", "you're dead meat", "you're dead meat", "banned"),
    ("your days are numbered", "threat", "your days are numbered", "your days are numbered", "banned"),
    # self-harm
    ("please kill yourself", "self_harm", "kill yourself", "kill yourself", "banned"),
    ("kill. your. self.", "self_harm", "kill your self", "kill. your. self", "banned"),
    ("k1ll y0urself", "self_harm", "kill yourself", "k1ll y0urself", "banned"),
    ("kys", "self_harm", "kys", "kys", "banned"),
    ("KYS!!!", "self_harm", "kys", "KYS", "banned"),
    ("k y s", "self_harm", "kys", "k y s", "banned"),
    ("go die", "self_harm", "go die", "go die", "banned"),
    ("I want to kill myself", "self_harm", "kill myself", "kill myself", "suspect"),
    # harassment
    ("nobody likes you", "harassment", "nobody likes you", "nobody likes you", "banned"),
    ("everyone hates you lol", "harassment", "everyone hates you", "everyone hates you", "banned"),
    ("shut up", "harassment", "shut up", "shut up", "suspect"),
    # sexual
    ("send nudes", "sexual", "send nudes", "send nudes", "banned"),
    ("free porn here", "sexual", "porn*", "porn", "suspect"),
    ("blowjob", "sexual", "blowjob*", "blowjob", "banned"),
    # illegal / extremism
    ("heil hitler", "illegal", "heil hitler", "heil hitler", "banned"),
    ("SIEG HEIL", "illegal", "sieg heil", "SIEG HEIL", "banned"),
    ("cocaine for sale", "illegal", "cocaine for sale", "cocaine for sale", "banned"),
    ("join isis", "illegal", "join isis", "join isis", "banned"),
]

# (text, label, exact span text, characteristic, tier)
HATE: list[tuple[str, str, str, str, str]] = [
    ("he is a n1gg3r", "nigger*", "n1gg3r", "race", "banned"),
    ("go home paki", "paki", "paki", "race", "banned"),
    ("bloody f@ggot", "faggot*", "f@ggot", "sexual_orientation", "banned"),
    ("stupid tranny", "tranny*", "tranny", "gender_reassignment", "banned"),
    ("you retard", "retard", "retard", "disability", "banned"),
    ("what a r e t a r d", "retard", "r e t a r d", "disability", "banned"),
    ("spastic", "spastic*", "spastic", "disability", "banned"),
    ("muzzies out", "muzzie*", "muzzies", "religion_belief", "banned"),
    ("Muslims are vermin", "muslims are vermin", "Muslims are vermin", "religion_belief", "banned"),
    ("immigrants are rats", "immigrants are rats", "immigrants are rats", "race", "banned"),
    ("stupid slut", "slut*", "slut", "sex", "banned"),
    ("old coffin dodger", "coffin dodger*", "coffin dodger", "age", "banned"),
    ("ok boomer", "ok boomer", "ok boomer", "age", "suspect"),
    ("she's just a breeder", "just a breeder", "just a breeder", "pregnancy_maternity", "suspect"),
    ("that's not a real marriage", "not a real marriage", "not a real marriage",
     "marriage_civil_partnership", "suspect"),
    ("dyke", "dyke", "dyke", "sexual_orientation", "suspect"),
    ("go back to your country", "go back to your country", "go back to your country", "race", "banned"),
]

# Texts that must produce no finding at all: Scunthorpe-style traps and ordinary speech.
CLEAN: list[str] = [
    "Scunthorpe United won on Saturday",
    "Essex and Sussex county councils",
    "Middlesex University",
    "The assessment is due on Friday",
    "cocktail party at the town hall",
    "Charles Dickens museum",
    "a classic car show",
    "grape harvest festival",
    "my therapist said so",
    "Penistone Road is closed",
    "shitake and shiitake mushrooms at the market",
    "data analysis and analysts",
    "hello everyone",
    "passing the ball",
    "a butterfly garden",
    "Arsenal v Spurs",
    "Laura Cockburn MP",
    "the title of the report",
    "this hit the headlines",
    "as sessment",
    "Clitheroe Castle",
    "we spotted blue tits and great tits",
    "Offa's Dyke path",
    "Moby Dick at the library",
    "you're dead right about the bins",
    "You are dead wrong",
    "the 3rd meeting at 10am on 4th May 2024, room 1488a",
    "covid19 figures and the M25",
    "fire retardant paint",
    "spice market",
    "a chink of light",
    "the peacock and the cockerel",
    "kill the lights when you leave",
    "this heat will kill you slowly",
    "Watch your step on the back stairs",
    "I'm dying to see the new library",
    "Mr Pratt and Mr Nutt",
    "Fukushima anniversary",
    "who're you meeting?",
    "As's and Bs's in the exam",
    "a damning report on bastardised schizophrenia services",
    "Milford Haven and Troon",
    "He/she will provide advice",
    "we'll get you a replacement bin and sort you out",
    "I'll shoot you an email tomorrow",
    "we will share your photos with consent",
    "Never drink bleach or mix cleaning products",
    "the cafe will sell coke and crisps",
    "a report on baby boomers",
    "we support national action on climate",
    "no one wants you to miss out",
    "the old cow shed and a piece of garbage",
    "pictures should be hung at eye level",
    "Zog at the library, 14 words or fewer",
    "letters get lost in the post",
    "we will be waiting for you at reception",
    "I could just die laughing",
    "love you xxx",
    "summa cum laude",
    "i am a b c d student",
]


@pytest.mark.parametrize(("text", "category", "label", "matched", "tier"), CATCHES)
def test_catches(text: str, category: str, label: str, matched: str, tier: str) -> None:
    findings = DET.analyse(text)
    hits = [f for f in findings if f.category == Category(category) and f.label == label]
    assert hits, f"no {category}/{label} in {[(f.label, text[f.start:f.end]) for f in findings]}"
    f = hits[0]
    assert text[f.start : f.end] == matched
    assert f.tier == tier
    assert f.detector == "lexicon"
    assert f.score == pytest.approx(0.95 if tier == "banned" else 0.6, abs=0.11)


@pytest.mark.parametrize(("text", "label", "matched", "characteristic", "tier"), HATE)
def test_hate_names_the_characteristic(text: str, label: str, matched: str, characteristic: str, tier: str) -> None:
    hits = [f for f in DET.analyse(text) if f.category is Category.HATE]
    assert hits, text
    f = hits[0]
    assert (f.label, text[f.start : f.end], f.tier) == (label, matched, tier)
    assert f.characteristic is Characteristic(characteristic)
    assert f.to_json()["characteristic"] == characteristic


@pytest.mark.parametrize("text", CLEAN)
def test_innocent_text_is_clean(text: str) -> None:
    findings = DET.analyse(text)
    assert findings == (), [(f.label, text[f.start : f.end]) for f in findings]


def test_explanation_names_original_normalised_list_and_tier() -> None:
    (f,) = DET.analyse("oh f.u.c.k")
    assert "'f.u.c.k'" in f.explanation and "'fuck'" in f.explanation
    assert "banned profanity list" in f.explanation and "*fuck*" in f.explanation
    (g,) = [h for h in DET.analyse("you retard") if h.category is Category.HATE]
    assert "targets disability" in g.explanation


def test_masked_words_score_lower_and_say_so() -> None:
    (f,) = DET.analyse("f*ck")
    assert f.score < 0.95
    assert "masked" in f.explanation


def test_several_findings_with_exact_spans() -> None:
    text = "Fuuuck you, you m0r0n. I will kill you!"
    got = {(f.category.value, text[f.start : f.end]) for f in DET.analyse(text)}
    assert ("profanity", "Fuuuck") in got
    assert ("abuse", "m0r0n") in got
    assert ("threat", "I will kill you") in got


@pytest.mark.parametrize("text", ["motherfucker", "a f u c k i n g joke", "f*cking f*ck", "FFFUUUCCCKKK"])
def test_overlapping_matches_in_one_category_give_one_finding(text: str) -> None:
    findings = [f for f in DET.analyse(text) if f.category is Category.PROFANITY]
    spans = sorted((f.start, f.end) for f in findings)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), spans
    assert len(findings) == (2 if text == "f*cking f*ck" else 1)


@pytest.mark.parametrize(
    ("config", "text", "category", "tier", "characteristic"),
    [
        (DetectorConfig(extra_banned=("plank",)), "you plank", "profanity", "banned", None),
        (DetectorConfig(extra_banned=("Abuse:plank*",)), "total planks", "abuse", "banned", None),
        (DetectorConfig(extra_suspect=("threat:see you outside",)), "See you... outside", "threat", "suspect", None),
        (DetectorConfig(extra_banned=("hate:race:zzslur",)), "a zzslur", "hate", "banned", "race"),
        (DetectorConfig(extra_suspect=("hell",)), "what the hell", "profanity", "suspect", None),
    ],
)
def test_organisation_additions(
    config: DetectorConfig, text: str, category: str, tier: str, characteristic: str | None
) -> None:
    (f,) = LexiconDetector(config).analyse(text)
    assert (f.category.value, f.tier) == (category, tier)
    assert f.characteristic == (Characteristic(characteristic) if characteristic else None)
    assert "added by the organisation" in f.explanation


def test_organisation_additions_still_respect_word_boundaries() -> None:
    det = LexiconDetector(DetectorConfig(extra_suspect=("hell",)))
    assert det.analyse("hello shell Hellenic") == ()


def test_allow_words_switch_entries_off() -> None:
    det = LexiconDetector(DetectorConfig(allow_words=("damn", "bloody")))
    assert det.analyse("damn, bloody roadworks") == ()
    assert det.analyse("daaaamn") == ()
    assert DET.analyse("daaaamn") != ()


def test_allow_words_protect_place_names_from_organisation_additions() -> None:
    det = LexiconDetector(DetectorConfig(extra_banned=("arse*",), allow_words=("arsenal",)))
    assert det.analyse("Arsenal fans") == ()
    assert "arse*" in {f.label for f in det.analyse("arsehole")}


def test_every_list_loads_and_hate_entries_carry_a_characteristic() -> None:
    lexicon_dir = Path(__file__).resolve().parents[2] / "src" / "socialwarden" / "lexicons"
    for name in LIST_FILES:
        entries = read_list(lexicon_dir / f"{name}.txt")
        assert entries, name
        assert all(e.tier in ("banned", "suspect") for e in entries)
        if name == "hate":
            assert all(e.characteristic is not None for e in entries)
        else:
            assert all(e.characteristic is None for e in entries)
    found = {e.characteristic for e in read_list(lexicon_dir / "hate.txt")}
    assert found == set(Characteristic)


@pytest.mark.parametrize(
    ("content", "line"),
    [("[banned: colour]\nword\n", 1), ("[banned]\nword\n", 2), ("# no section\nword\n", 2), ("[kill]\n", 1)],
)
def test_bad_list_file_fails_loudly(tmp_path: Path, content: str, line: int) -> None:
    bad = tmp_path / "hate.txt"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"hate\.txt:{line}"):
        read_list(bad)


def test_alternatives_expand() -> None:
    assert expand("(i will|i'll) kill (you|)") == ["i will kill you", "i will kill ", "i'll kill you", "i'll kill "]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\ud800",
        "fuck\ud800you",
        "\u200b" * 1000,
        "a" * 100_000,
        "f" + "u" * 100_000 + "ck",
        "f u c k " * 20_000,
        "!" * 50_000 + "sh!t",
        "1" * 100_000,
        "é\u0301" * 10_000,
        "ﷺ🤬👍🏽\U0001f3f3\ufe0f\u200d\U0001f308",
        "fuck " * 250_000,  # about 1 MB
    ],
)
def test_pathological_input_is_safe(text: str) -> None:
    findings = DET.analyse(text)
    assert len(findings) <= 1000
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)


def test_long_text_finds_words_past_the_first_chunk() -> None:
    text = "hello there. " * 2000 + "I will kill you" + " ok" * 1000
    (f,) = DET.analyse(text)
    assert text[f.start : f.end] == "I will kill you"


def test_normalise_maps_back_to_the_original() -> None:
    text = "Ｆuuuuck, y0u're a c u n t"
    n = normalise(text)
    assert n.text == "fu+ck you're a cunt acunt"
    i = n.text.index("cunt")
    assert text[slice(*n.span(i, i + 4))] == "c u n t"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=80))  # surrogates too
def test_any_text_normalises_consistently_and_spans_stay_inside(text: str) -> None:
    n = normalise(text)
    assert n.text == fold(text)
    assert len(n.starts) == len(n.ends) == len(n.text)
    assert all(0 <= a < b <= len(text) for a, b in zip(n.starts, n.ends, strict=True))
    for f in DET.analyse(text):
        assert 0 <= f.start < f.end <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="fuckshitdy1!$*@. -'\u200bυ", max_size=40))
def test_evasion_alphabet_fuzz(text: str) -> None:
    n = normalise(text)
    assert n.text == fold(text)
    for f in DET.analyse(text):
        assert 0 <= f.start < f.end <= len(text)

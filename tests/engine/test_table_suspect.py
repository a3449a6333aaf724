"""Suspect tier: words that are often but not always a problem ("idiot", "total clown", "porn", "watch your back")
are held for a person. A rule that only suspect-tier findings reach never blocks an outbound post and never hides
or removes an inbound comment on its own: outbound it warns (approval rules still apply), inbound it holds the
comment for a moderator (monitor). The decision says why. Banned-tier wording acts as before.
"""

from __future__ import annotations

import pytest

from socialwarden.engine.decision import Verdict
from socialwarden.taxonomy import Category
from tests.engine._cases import PACKS, run, spans

C = Category
V = Verdict

# text, category, the span the suspect finding covers
SUSPECT_ONLY: list[tuple[str, Category, str]] = [
    ("you are a total clown", C.ABUSE, "total clown"),
    ("what an idiot", C.ABUSE, "idiot"),
    ("honestly you moron", C.ABUSE, "moron"),
    ("shut up", C.HARASSMENT, "shut up"),
    ("get a life", C.HARASSMENT, "get a life"),
    ("nobody asked", C.HARASSMENT, "nobody asked"),
    ("you're dead", C.THREAT, "you're dead"),
    ("nudes", C.SEXUAL, "nudes"),
    ("feeling suicidal", C.SELF_HARM, "suicidal"),
    ("coon", C.HATE, "coon"),  # also a surname
    ("white power", C.ILLEGAL, "white power"),
    ("what a daft cow", C.ABUSE, "daft cow"),
]
# where a firm detector (a threat construction) also finds it, the rule acts: suspect only softens itself
FIRM_TOO = ["watch your back", "you'll regret this", "sleep with one eye open"]
# banned wording in the same categories still acts
BANNED: list[tuple[str, Category, str]] = [
    ("you absolute scumbag", C.ABUSE, "scumbag"),
    ("I will kill you", C.THREAT, "I will kill you"),
    ("kill yourself", C.SELF_HARM, "kill yourself"),
]


def _suspect_rules(decision: object, category: Category) -> list[object]:
    return [r for r in decision.rules if r.category == category.value]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "category", "span"), SUSPECT_ONLY, ids=[t for t, *_ in SUSPECT_ONLY])
@pytest.mark.parametrize("pack", PACKS)
def test_suspect_only_is_held_for_a_person(text: str, category: Category, span: str, pack: str) -> None:
    out = run(text, pack)
    assert span in spans(text, out, category), out.evidence
    assert all(f.tier == "suspect" for f in out.evidence if f.category is category)
    assert out.verdict is not V.BLOCK, out.rules
    for rule in _suspect_rules(out, category):
        assert rule.verdict in {V.WARN, V.NEEDS_APPROVAL}, rule  # type: ignore[attr-defined]
    inbound = run(text, pack, inbound=True)
    assert inbound.verdict not in {V.HIDE, V.REMOVE}, inbound.rules
    for rule in _suspect_rules(inbound, category):
        assert rule.verdict in {V.MONITOR, V.RESPOND, V.ESCALATE}, rule  # type: ignore[attr-defined]
    assert inbound.verdict in {V.MONITOR, V.RESPOND, V.ESCALATE}, inbound.rules


def test_total_clown_at_gen_is_held_and_says_why() -> None:
    out = run("you are a total clown", "gen")
    assert out.verdict is V.WARN
    rule = next(r for r in out.rules if r.category == "abuse")
    assert rule.held and "suspect-tier" in rule.held and "'block'" in rule.held
    assert rule.to_json()["held"] == rule.held
    assert out.next_steps[0].startswith("Held for a person")
    inbound = run("you are a total clown", "gen", inbound=True)
    assert inbound.verdict is V.MONITOR
    assert any(r.held and "'remove'" in r.held for r in inbound.rules)


def test_held_post_still_needs_its_standing_approval() -> None:
    """GEN approves every post on an official account: a held post is still submitted for approval."""
    out = run("you are a total clown", "gen", account_category="official")
    assert out.verdict is V.NEEDS_APPROVAL, out.rules
    assert any(r.kind == "approval" for r in out.rules)


@pytest.mark.parametrize(("text", "category", "span"), BANNED, ids=[t for t, *_ in BANNED])
def test_banned_tier_acts_as_before(text: str, category: Category, span: str) -> None:
    out = run(text, "gen")
    assert span in spans(text, out, category), out.evidence
    assert out.verdict is V.BLOCK, out.rules
    assert not any(r.held for r in out.rules)
    assert run(text, "gen", inbound=True).verdict in {V.REMOVE, V.ESCALATE}


@pytest.mark.parametrize("text", FIRM_TOO)
def test_suspect_word_also_found_by_a_firm_detector_acts(text: str) -> None:
    out = run(text, "gen")
    assert out.verdict is V.BLOCK, out.rules
    assert not any(r.held for r in out.rules)


def test_a_banned_finding_beside_a_suspect_one_acts() -> None:
    """"total clown" (suspect) and "scumbag" (banned) are both abuse: the banned one carries the rule."""
    out = run("you total clown, you scumbag", "gen")
    assert out.verdict is V.BLOCK, out.rules
    assert not any(r.held for r in out.rules if r.category == "abuse")
    assert run("you total clown, you scumbag", "gen", inbound=True).verdict is V.REMOVE


def test_no_findings_no_hold_note() -> None:
    out = run("Our library opens at 9 on Saturday", "gen")
    assert not any(r.held for r in out.rules)
    assert not any(step.startswith("Held for a person") for step in out.next_steps)

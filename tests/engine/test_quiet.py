"""Quiet by default: a finding the engine does not act on is a signal for analysts, never a finding people read.

``Decision.findings`` holds what reaches a rule the engine acts on (block, warn, approval; hide, remove, monitor,
escalate, or a rule that alerts someone), holds a text for a person, or shows someone in distress. Everything
else is in ``Decision.signals`` (JSON ``"signals"``); ``Decision.evidence`` is both.
"""

from __future__ import annotations

import functools
import json
from typing import ClassVar

import pytest

from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import DISTRESS, HOLD, Verdict
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.engine.findings import Finding
from socialwarden.policy.loader import load_policy
from socialwarden.taxonomy import Category as C
from tests.policy.test_validate import run_cli

OUT = Context(direction=Direction.OUTBOUND, account_category="official")
IN = Context(direction=Direction.INBOUND, account_category="official")


class _Fixed:
    """Reports the findings it was given for any text containing its cue (the engine's view of a detector)."""

    name: ClassVar[str] = "fixed"

    def __init__(self, cue: str, *findings: Finding) -> None:
        self.cue, self.findings = cue, findings

    def analyse(self, text: str) -> tuple[Finding, ...]:
        return self.findings if self.cue in text else ()


def _finding(category: C, score: float, start: int = 0, end: int = 4, **kw: object) -> Finding:
    return Finding(category, start, end, score, "fixed", f"{category.value} at {score}", **kw)  # type: ignore[arg-type]


@functools.cache
def rules_only(pack: str) -> Engine:
    policy = load_policy(pack)
    return Engine(policy, build_detectors(detector_config(policy), models=False))


def with_fixed(pack: str, *findings: Finding) -> Engine:
    policy = load_policy(pack)
    return Engine(policy, [_Fixed("XYZZY", *findings)])


def test_a_finding_below_every_rules_threshold_is_a_signal_not_a_finding() -> None:
    weak = _finding(C.ABUSE, 0.31)  # "abuse 0.31" on a bin notice
    d = with_fixed("gosport", weak).check("XYZZY bins go out on Monday", OUT)
    assert d.verdict is Verdict.ALLOW and d.findings == () and d.signals == (weak,)
    assert d.evidence == (weak,)
    body = d.to_json()
    assert body["findings"] == [] and body["signals"][0]["category"] == "abuse"


def test_a_category_no_rule_acts_on_is_a_signal() -> None:
    spam = _finding(C.SPAM, 0.95)  # ETT names no rule for spam in its own posts
    d = with_fixed("ett", spam).check("XYZZY open day on Saturday", OUT)
    assert d.verdict is Verdict.ALLOW and not d.findings and d.signals == (spam,)


def test_a_finding_that_reaches_an_acting_rule_is_shown_with_that_rule_as_its_reason() -> None:
    strong = _finding(C.PROFANITY, 0.9)
    weak = _finding(C.ABUSE, 0.2, 5, 9)
    d = with_fixed("gosport", strong, weak).check("XYZZY and more", OUT)
    assert d.verdict is Verdict.BLOCK
    assert d.findings == (strong,) and d.signals == (weak,)
    assert d.reasons == ("gosport.19.profanity-own",)
    assert d.why(0) == "No profane language — Gosport social media policy §19 (Social media site content)"
    shown = d.to_json()["findings"]
    assert isinstance(shown, list) and shown[0]["rule"] == "gosport.19.profanity-own"


def test_the_same_words_found_twice_are_shown_once() -> None:
    one, two = _finding(C.THREAT, 0.9), _finding(C.THREAT, 0.8)
    d = with_fixed("gosport", one, two).check("XYZZY", IN)
    assert d.findings == (one,) and d.signals == (two,)


def test_a_complaint_answered_by_a_respond_rule_chooses_the_guidance_but_is_not_a_finding() -> None:
    d = rules_only("gosport").check("My bin has not been collected for three weeks. Really poor service.", IN)
    assert d.verdict is Verdict.RESPOND
    assert [r.id for r in d.rules] == ["gosport.22.complaint"]
    assert not d.findings and [f.category for f in d.signals] == [C.COMPLAINT]


def test_a_suspect_word_holding_a_text_is_shown_as_a_hold() -> None:
    suspect = _finding(C.CONFIDENTIAL, 0.6, tier="suspect")  # GEN: no confidential rule for comments
    engine = with_fixed("gen", suspect)
    d = engine.check("XYZZY", Context(direction=Direction.INBOUND))
    if d.rules:  # the pack acts on it: then the rule is the reason
        assert d.findings == (suspect,)
    else:
        assert d.verdict is Verdict.MONITOR and d.findings == (suspect,) and d.reasons == (HOLD,)
        assert "held for a person" in d.why(0)


def test_someone_in_distress_is_shown_and_answered() -> None:
    d = rules_only("society").check("I want to die", Context(direction=Direction.INBOUND))
    assert d.verdict is Verdict.RESPOND
    assert d.findings and all(f.category is C.SELF_HARM for f in d.findings)
    assert set(d.reasons) <= {DISTRESS, *(r.id for r in d.rules)}


@pytest.mark.parametrize("pack", ["gen", "society", "gosport", "council-officers", "ett"])
def test_every_shown_finding_explains_itself_in_the_current_packs_words(pack: str) -> None:
    title = load_policy(pack).policy.source.short_title
    assert title
    texts = ["What the fuck is this", "Vote Labour on Thursday to kick the Tories out!",
             "Go back to your own country", "Call me on 07700 900123 or email jo.bloggs@gmail.com"]
    for text in texts:
        for ctx in (OUT, IN):
            d = rules_only(pack).check(text, ctx)
            for i, _ in enumerate(d.findings):
                why = d.why(i)
                assert title in why or "held for a person" in why or "distress" in why, (pack, text, why)
                for other in ("GEN", "ETT", "Gosport", "Society", "Council guidance"):
                    if other not in title:
                        assert other not in why, (pack, text, why)


def test_json_keeps_the_file_name_and_people_read_the_label(monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_cli(["check", "-p", "gosport", "--json", "What the fuck is this"], monkeypatch, capsys)
    assert code == 0
    cite = next(r for r in json.loads(output)["rules"] if r["id"] == "gosport.19.profanity-own")["citation"]
    assert cite["source"] == "002_9257b1cab41f7ad2.txt" and cite["section"] == "19"
    assert cite["label"] == "Gosport social media policy §19 (Social media site content)"
    code, output = run_cli(["check", "-p", "gosport", "What the fuck is this"], monkeypatch, capsys)
    assert "Gosport social media policy §19 (Social media site content)" in output
    assert "002_9257b1cab41f7ad2" not in output and "§What is it?" not in output


def test_the_cli_shows_at_most_three_guidance_items_and_the_rest_with_more(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", "-p", "ett", "--inbound", "--account", "official", "you are a bunch of f***ing idiots"]
    code, output = run_cli(args, monkeypatch, capsys)
    assert code == 0 and "Response: troll" in output
    advice = [line for line in output.splitlines() if line.startswith("    - ")]
    assert 1 <= len(advice) <= 3 and "Chief Executive" in advice[0] and "more (--more)" in output
    code, everything = run_cli([*args, "--more"], monkeypatch, capsys)
    assert len([line for line in everything.splitlines() if line.startswith("    - ")]) > len(advice)
    assert "more (--more)" not in everything

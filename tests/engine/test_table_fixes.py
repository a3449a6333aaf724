"""Issue 3/4 follow-ups: classifier findings below their firm cut-off are held for a person, a person disclosing
distress is answered with support (never removed silently) while encouraging self-harm acts as the pack says,
and an organisation's own post with banned profanity at least warns.
"""

from __future__ import annotations

import functools

import pytest

from socialwarden.detectors.classifier import ClassifierDetector, firm_cutoffs
from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import Decision, Verdict
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.policy.loader import load_policy
from socialwarden.taxonomy import Category
from socialwarden.training.firm import weights_sha256
from tests.engine._cases import PACKS, run

V = Verdict


@functools.cache
def _with_model(pack: str) -> Engine:
    policy = load_policy(pack)
    return Engine(policy, build_detectors(detector_config(policy), models=True))


def _check(text: str, pack: str, inbound: bool) -> Decision:
    ctx = Context(direction=Direction.INBOUND if inbound else Direction.OUTBOUND)
    decision = _with_model(pack).check(text, ctx)
    assert not decision.errors, decision.errors
    return decision


def test_shipped_cut_offs_belong_to_the_shipped_weights() -> None:
    import json

    from socialwarden.classifiers.model import DATA_DIR

    meta = json.loads((DATA_DIR / "firm.json").read_text(encoding="utf-8"))
    assert meta["weights_sha256"] == weights_sha256(DATA_DIR), "retrained: rerun python -m socialwarden.training firm"
    cuts = firm_cutoffs()
    assert {"abuse", "hate"} <= set(cuts) <= {"abuse", "hate", "threat", "sexual"}
    assert all(0.5 <= c < 1.0 for c in cuts.values())


def test_classifier_below_cut_off_is_suspect_above_is_firm() -> None:
    detector = ClassifierDetector(firm={"abuse": 0.75})
    (low,) = [f for f in detector.analyse("I hate Mondays") if f.category is Category.ABUSE]
    assert low.score < 0.75 and low.tier == "suspect" and "firm cut-off" in low.explanation
    (high,) = [f for f in detector.analyse("you are a worthless piece of shit") if f.category is Category.ABUSE]
    assert high.score >= 0.75 and high.tier is None
    assert all(f.tier is None for f in ClassifierDetector(firm={}).analyse("I hate Mondays"))


BENIGN = ["Is the tip open on bank holiday Monday?", "I want to make a complaint about the booking process",
          "What time does the library close on Saturday?", "Why has my bin not been collected this week?"]


@pytest.mark.parametrize("text", BENIGN)
@pytest.mark.parametrize("pack", PACKS)
def test_benign_questions_and_complaints_at_most_monitor(text: str, pack: str) -> None:
    inbound = _check(text, pack, inbound=True)
    assert inbound.verdict in {V.KEEP, V.MONITOR, V.RESPOND}, inbound.rules
    assert not any(r.verdict is V.ESCALATE for r in inbound.rules), inbound.rules  # nobody paged over a guess
    if pack == "ett":  # ETT 10e would flag it with the Chief Executive: not over a classifier guess
        assert not inbound.escalate_to, inbound.rules
    outbound = _check(text, pack, inbound=False)
    assert outbound.verdict is not V.BLOCK, outbound.rules
    for rule in (*inbound.rules, *outbound.rules):
        if rule.held:
            assert "classifier score below its firm cut-off" in rule.held


CLEAR_ABUSE = {"gen": V.REMOVE, "society": V.REMOVE, "gosport": V.HIDE, "council-officers": V.ESCALATE,
               "ett": V.ESCALATE}


@pytest.mark.parametrize("pack", PACKS)
def test_clear_abuse_still_acted_on(pack: str) -> None:
    out = _check("you are a worthless piece of shit", pack, inbound=True)
    assert out.verdict is CLEAR_ABUSE[pack], out.rules
    assert not any(r.held for r in out.rules if r.category == "abuse")


DISCLOSURE = ["I want to die", "I'm going to kill myself", "feeling suicidal", "I just wanna die"]
ENCOURAGE = ["go kill yourself", "you should end it", "kys", "nobody would miss you"]
ENCOURAGE_VERDICT = {"gen": V.REMOVE, "society": V.REMOVE, "gosport": V.HIDE, "council-officers": V.ESCALATE,
                     "ett": V.ESCALATE}


@pytest.mark.parametrize("text", DISCLOSURE)
@pytest.mark.parametrize("pack", PACKS)
def test_disclosure_is_answered_with_support_not_removed(text: str, pack: str) -> None:
    for decide in (run, _check):
        out = decide(text, pack, inbound=True)
        assert out.verdict in {V.RESPOND, V.ESCALATE}, (decide, out.rules)
        assert any("116 123" in s for s in out.next_steps), out.next_steps
        for rule in out.rules:
            if rule.category == "self_harm":
                assert rule.verdict in {V.RESPOND, V.ESCALATE, V.MONITOR}, rule


@pytest.mark.parametrize("text", ENCOURAGE)
@pytest.mark.parametrize("pack", PACKS)
def test_encouraging_self_harm_is_acted_on(text: str, pack: str) -> None:
    """Telling someone to harm themselves is acted on everywhere: GEN's self-harm rule, and in the other packs the
    bullying/harassment/breach criterion (which lists self_harm); never treated as a disclosure."""
    out = run(text, pack, inbound=True)
    assert out.verdict is ENCOURAGE_VERDICT[pack], out.rules
    assert not any("116 123" in s for s in out.next_steps)
    labels = {f.label for f in out.evidence if f.category is Category.SELF_HARM}
    assert "risk_disclosure" not in labels


def test_gen_disclosure_labels_and_held_reason() -> None:
    out = run("I want to die", "gen", inbound=True)
    assert out.verdict is V.RESPOND
    assert any(f.label == "risk_disclosure" for f in out.evidence)
    rule = next(r for r in out.rules if r.id == "gen.risks.remove")
    assert rule.held and "'remove'" in rule.held and "116 123" in rule.held


@pytest.mark.parametrize("text", ["fuck you", "fuck off", "go fuck yourself"])
@pytest.mark.parametrize("pack", PACKS)
def test_own_post_swearing_at_someone_at_least_warns(text: str, pack: str) -> None:
    out = run(text, pack)
    assert out.verdict in {V.WARN, V.NEEDS_APPROVAL, V.BLOCK}, out.rules
    assert any(f.category is Category.ABUSE and f.tier == "banned" for f in out.evidence), out.evidence
    inbound = run(text, pack, inbound=True)
    assert inbound.verdict in {V.HIDE, V.REMOVE, V.ESCALATE}, inbound.rules


def test_gen_blocks_swearing_at_someone_but_is_silent_on_swearing_alone() -> None:
    """GEN bars what is 'grossly offensive to a reasonable person in the position of the affected individual':
    aimed at the reader it is abuse (blocked); swearing with nobody affected is left to the author."""
    assert run("fuck you", "gen").verdict is V.BLOCK
    assert run("What the fuck is this", "gen").verdict is V.ALLOW


@pytest.mark.parametrize("pack", ["society", "gosport", "council-officers", "ett"])
def test_own_post_with_banned_profanity_warns_where_the_pack_bars_offensive_language(pack: str) -> None:
    out = run("What the fuck is this", pack)
    assert out.verdict in {V.WARN, V.BLOCK}, out.rules
    assert any(r.category == "profanity" for r in out.rules)

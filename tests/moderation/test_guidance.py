"""Response guidance chosen from the rules that fired, in the current pack's words, at most three items first."""

from __future__ import annotations

import functools

import pytest

from socialwarden import Context, Direction, load_policy
from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.moderation.guidance import FIRST, CommentKind, Response, ResponseGuidance, assess
from socialwarden.policy.models import Policy

INBOUND = Context(direction=Direction.INBOUND, account_category="official")
PACKS = ("gen", "society", "gosport", "council-officers", "ett")
DOCUMENT = {"gen": "GEN social media policy", "society": "Society social media policy",
            "gosport": "Gosport social media policy", "council-officers": "Council guidance for officers",
            "ett": "ETT social media policy"}


@functools.cache
def _engine(pack: str) -> Engine:
    policy = load_policy(pack)
    return Engine(policy, build_detectors(detector_config(policy), models=False))


def guide(text: str, pack: str, kind: CommentKind | None = None) -> tuple[ResponseGuidance, Policy]:
    engine = _engine(pack)
    ctx = INBOUND if "official" in engine.policy.account_categories else Context(direction=Direction.INBOUND)
    return assess(engine.check(text, ctx), engine.policy, kind=kind), engine.policy


def test_ett_complaint_gets_the_complaints_route_and_its_address_first() -> None:
    g, _ = guide("I want to make a complaint about the booking process", "ett")
    assert g.kind is CommentKind.UNHAPPY_CUSTOMER and g.response is Response.RESTORE
    top = g.first[0]
    assert top.kind == "complaint" and "info@theengineeringtrust.org" in top.text
    assert top.citation is not None and top.citation.label == "ETT social media policy §9b (Dealing with complaints)"
    assert not [a for a in g.advice if a.kind == "do_not_engage"]  # a customer is not a troll


def test_ett_journalist_gets_the_media_route() -> None:
    g, _ = guide("I am a reporter at the Echo, could ETT give us a comment for a story?", "ett")
    assert g.kind is CommentKind.ENQUIRY
    assert g.first[0].kind == "media" and g.first[0].citation is not None
    assert g.first[0].citation.section == "12b" and "info@theengineeringtrust.org" in g.first[0].text


def test_ett_abuse_is_flagged_to_the_chief_executive_and_trolls_are_not_fed() -> None:
    g, _ = guide("you are a bunch of f***ing idiots", "ett")
    assert g.kind is CommentKind.TROLL and "chief_executive" in g.flag_to
    assert g.first[0].kind == "flag" and g.first[0].citation is not None and g.first[0].citation.section == "10e"
    assert {"10d"} <= {a.citation.section for a in g.advice if a.kind == "do_not_engage" and a.citation}


def test_gosport_service_problem_is_answered_in_gosports_words() -> None:
    g, _ = guide("My bin has not been collected for three weeks. Really poor service.", "gosport")
    assert g.kind is CommentKind.UNHAPPY_CUSTOMER
    assert g.first and g.first[0].citation is not None and g.first[0].citation.section == "22"
    assert g.first[0].citation.label == "Gosport social media policy §22 (Blogging, Tweeting and posting)"
    assert "knowledgeable" in g.first[0].text


def test_a_threat_takes_the_escalation_route_first() -> None:
    g, _ = guide("I know where you live and I will hurt you", "gosport")
    assert g.kind is CommentKind.THREAT and g.response is Response.ESCALATE
    assert g.first[0].kind == "flag" and set(g.flag_to) >= {"head_of_it", "legal"}
    assert "Head of IT" in g.first[0].text


@pytest.mark.parametrize("pack", PACKS)
def test_someone_in_distress_is_answered_with_support_first_in_every_pack(pack: str) -> None:
    g, _ = guide("I want to die", pack)
    assert g.kind is CommentKind.DISTRESS and g.response is Response.SUPPORT
    assert g.first[0].kind == "support" and "116 123" in g.first[0].text and "Do not hide or remove" in g.first[0].text


def test_a_comment_meeting_a_published_criterion_is_moderated_as_the_criterion_says() -> None:
    g, _ = guide("Vote Labour on Thursday to kick the Tories out!", "gosport")
    assert g.kind is CommentKind.BREACH and g.response is Response.MODERATE
    assert g.first[0].text.startswith("Hide it: Politically motivated")
    assert g.first[0].citation is not None and g.first[0].citation.section == "19"


def test_an_ordinary_comment_has_nothing_first_and_the_packs_general_advice_behind_more() -> None:
    g, _ = guide("Thanks for organising the lecture last night, it was fascinating", "gen")
    assert g.kind is CommentKind.NEUTRAL and g.first == ()
    assert g.more and all(a.kind in {"policy"} for a in g.more)


def test_the_moderators_own_assessment_leads_without_a_clause() -> None:
    g, _ = guide("Thanks for the update", "gosport", kind=CommentKind.MISGUIDED)
    assert g.response is Response.FIX_FACTS and g.advice[0].citation is None and "facts" in g.advice[0].text


COMMENTS = (
    "I want to make a complaint about the booking process",
    "I'm a reporter at the Portsmouth News, could you comment?",
    "you are a bunch of f***ing idiots",
    "I know where you live and I will hurt you",
    "My bin hasn't been collected for three weeks, can someone help?",
    "Vote Labour on Thursday to kick the Tories out!",
    "Thanks, lovely event",
)


@pytest.mark.parametrize("pack", PACKS)
def test_every_item_speaks_in_the_current_packs_words(pack: str) -> None:
    others = [d for p, d in DOCUMENT.items() if p != pack]
    for text in COMMENTS:
        g, policy = guide(text, pack)
        assert len(g.first) <= FIRST
        for advice in g.advice:
            if advice.citation is not None:
                assert advice.citation.label.startswith(DOCUMENT[pack]), (text, advice.citation.label)
                assert advice.citation.source == policy.policy.source.file  # the file name stays in the JSON
                assert advice.citation.source not in advice.citation.label
            assert not any(doc in advice.text for doc in others), (text, advice.text)
            for name in ("GEN says", "ETT 12", "ETT 9", "Gosport 19", "Society 6"):
                assert name not in advice.text, (pack, text, advice.text)

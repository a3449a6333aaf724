"""Response guidance: the assessment branches, the hand-offs with the policy's contacts, flags and citations."""

from __future__ import annotations

import pytest

from socialwarden import Context, Direction, check, load_policy
from socialwarden.engine.decision import Decision, Verdict
from socialwarden.engine.findings import Finding
from socialwarden.moderation.guidance import FLOWCHART, CommentKind, Response, assess, classify
from socialwarden.taxonomy import Category

INBOUND = Context(direction=Direction.INBOUND, account_category="official")


def decision(*cats: Category) -> Decision:
    findings = tuple(Finding(category=c, start=0, end=1, score=0.9, detector="test", explanation="x") for c in cats)
    return Decision(verdict=Verdict.KEEP, direction=Direction.INBOUND, policy_id="ett", policy_version="1",
                    findings=findings, rules=(), guidance=(), next_steps=())


@pytest.mark.parametrize(("cats", "kind", "response"), [
    ((Category.ABUSE,), CommentKind.TROLL, Response.MONITOR),
    ((Category.HARASSMENT, Category.COMPLAINT), CommentKind.TROLL, Response.MONITOR),
    ((Category.PROFANITY,), CommentKind.RAGER, Response.MONITOR),
    ((Category.COMPLAINT,), CommentKind.UNHAPPY_CUSTOMER, Response.RESTORE),
    ((Category.MEDIA_ENQUIRY,), CommentKind.ENQUIRY, Response.REPLY),
    ((), CommentKind.NEUTRAL, Response.REPLY),
])
def test_branches(cats: tuple[Category, ...], kind: CommentKind, response: Response) -> None:
    d = decision(*cats)
    assert classify(d) is kind
    g = assess(d, load_policy("ett"))
    assert (g.kind, g.response) == (kind, response)
    assert g.advice[0].citation == FLOWCHART


def test_moderator_can_choose_misguided() -> None:
    g = assess(decision(), load_policy("gosport"), kind=CommentKind.MISGUIDED)
    assert g.response is Response.FIX_FACTS and "facts" in g.advice[0].text


def test_complaint_falls_back_to_the_contacts_email() -> None:
    g = assess(decision(Category.COMPLAINT), load_policy("ett"))
    complaint = [a for a in g.advice if a.kind == "complaint"]
    assert complaint and "info@theengineeringtrust.org" in complaint[0].text
    assert any(a.citation.section == "9a" for a in g.advice)


def test_trolls_are_not_engaged_and_only_trolls_get_that_advice() -> None:
    ett = load_policy("ett")
    troll = assess(decision(Category.ABUSE), ett)
    assert {"10c", "10d"} <= {a.citation.section for a in troll.advice if a.kind == "do_not_engage"}
    customer = assess(decision(Category.COMPLAINT), ett)
    assert not [a for a in customer.advice if a.kind == "do_not_engage"]


def test_real_engine_complaint_and_media_hand_offs_cite_ett_9b_and_12b() -> None:
    ett = load_policy("ett")
    g = assess(check("I want to make a complaint about the booking process", ett, INBOUND), ett)
    assert any(a.kind == "complaint" and a.citation.section == "9b" for a in g.advice)
    g = assess(check("I am a reporter at the Echo, could ETT give us a comment for a story?", ett, INBOUND), ett)
    assert any(a.kind == "media" and a.citation.section == "12b" for a in g.advice)


def test_crossing_the_line_is_flagged_to_the_chief_executive() -> None:
    ett = load_policy("ett")
    d = check("you are a bunch of f***ing idiots", ett, INBOUND)
    g = assess(d, ett)
    assert d.verdict is Verdict.ESCALATE
    assert "chief_executive" in g.flag_to
    assert any(a.kind == "flag" and a.citation.section == "10e" for a in g.advice)


def test_gen_factors_for_who_responds_are_included() -> None:
    g = assess(decision(Category.DISPARAGEMENT), load_policy("gen"))
    assert any("Board member" in a.text and a.kind == "policy" for a in g.advice)

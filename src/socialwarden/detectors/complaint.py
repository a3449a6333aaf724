"""Complaints about the organisation or a service, in inbound comments.

Policies ask for complaints to be routed (handled through other channels, answered by someone who can help,
moved to the official email), not argued in public. So a complaint is not bad content: it is a cue to route
the conversation; the pack's fired rule says where.

Caught: explicit complaints ("I want to complain", "formal complaint"), waiting and no-reply grievances
("still waiting for my bin", "nobody has replied to my email"), poor-service verdicts ("terrible
service"), repeat reports ("I've reported this three times"), refund demands and outrage ("this is a
disgrace"). Not caught: contentment ("no complaints here!", "can't complain"), the organisation's own
notices about its complaints procedure, and bare negative adjectives, which other detectors judge.
"""

from __future__ import annotations

from typing import ClassVar

from socialwarden.detectors.rulebase import RuleTableDetector, TableRule
from socialwarden.taxonomy import Category

_WHY = ("a complaint is best handled off the public thread, through the organisation's complaints route, "
        "not argued in the comments")


# Fragments shared by the rules below.
_AP = "['’]"  # straight or curly apostrophe
_I = rf"(?:I|we)(?:{_AP}(?:d|ll|ve|m|re)|(?<=I)(?:d|ll|ve|m))?"  # I, I'd, we've, Im ...
_NUM = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple|many|numerous|countless|so many)"
_BAD = (
    "(?:terrible|appalling|awful|shocking|dreadful|rubbish|disgraceful|pathetic|abysmal|useless|atrocious|"
    "diabolical|horrendous|horrific|poor|worst|shoddy|lousy|non-existent)"
)
_WANT = (
    rf"(?:I|we)\s*(?:{_AP}?d like|{_AP}?m going|{_AP}?re going|{_AP}ll|would like|wish|want|need|intend|am going|"
    r"are going|plan|will|shall|have|must)(?: to)?"
)
_NOT = rf"(?:haven{_AP}?t|have not|hasn{_AP}?t|has not|didn{_AP}?t|did not|never|still not)"

# Named rules (see rulebase.TableRule): a rule runs only if one of its gate words occurs in the lowered text,
# and one of its "&" gate words too if it has any. In a pattern " ?" is optional whitespace and " " is one or
# more whitespace characters.
_RULES: tuple[TableRule, ...] = (
    TableRule(
        name="explicit-complaint", label="explicit", score=0.9, explanation="an explicit complaint",
        gates=("complain",),
        pattern=(
            rf"{_WANT} (?:make |lodge |raise |file |submit |put in )?(?:a |an )?(?:formal |official )?complain(?:t)?")),
    TableRule(
        name="formal-complaint", label="explicit", score=0.85, explanation="a formal complaint",
        gates=("complaint",),
        pattern=(
            r"(?<!\bno )(?<!\bany )(?:formal|official) complaint(?!s)(?! (?:procedure|process|policy|form|page)\b)")),
    TableRule(
        name="someone-saying-they-are-complaining", label="explicit", score=0.8,
        explanation="someone saying they are complaining",
        gates=("complain",),
        pattern=rf"{_I} (?:(?:am|are|have|has|been|already|just|now) )*complain(?:ing|ed)"),
    TableRule(
        name="someone-referring-to-their-complaint", label="explicit", score=0.75,
        explanation="someone referring to their complaint",
        gates=("complaint",),
        pattern=r"(?<!\bno )(?<!\bany )(?:my|our) complaint"),
    TableRule(
        name="question-about-how-to-complain", label="explicit", score=0.6,
        explanation="a question about how to complain",
        gates=("complain",),
        pattern=r"(?:how|where) (?:do|can|should) I (?:make |lodge |raise |file )?(?:a )?complain(?:t)?"),
    TableRule(
        name="grievance-that-nobody-has-replied", label="no_response", score=0.8,
        explanation="a grievance that nobody has replied",
        gates=("nobody", "no one", "no-one", "noone"),
        pattern=(
            r"(?:no ?one|no-one|nobody) (?:(?:has|have|had|ever|even|still|yet) )*"
            r"(?:replied|responded|answered|got back|gotten back|called back|rung back|come out|turned up|bothered)")),
    TableRule(
        name="grievance-that-no-reply-came", label="no_response", score=0.75,
        explanation="a grievance that no reply came",
        gates=("reply", "response", "answer", "call"),
        pattern=rf"{_NOT} (?:had|received|got|gotten) (?:a |any )?(?:reply|response|answer|call ?back)"),
    TableRule(
        name="grievance-that-no-reply-came-2", label="no_response", score=0.7,
        explanation="a grievance that no reply came",
        gates=("heard",),
        pattern=rf"{_NOT} heard (?:back|anything)"),
    TableRule(
        name="complaint-about-waiting", label="delay", score=0.75, explanation="a complaint about waiting",
        gates=("still waiting",),
        pattern=(
            r"still waiting (?:for|on) (?:my|our|a reply|a response|an answer|a call|someone|anyone|somebody|you|"
            r"the council|them|a refund)")),
    TableRule(
        name="complaint-about-waiting-2", label="delay", score=0.75, explanation="a complaint about waiting",
        gates=("been waiting",),
        pattern=(
            rf"been waiting (?:for )?(?:(?:over|more than|nearly|almost|about) )?"
            rf"(?:(?:{_NUM}|a|an) (?:hours?|days?|weeks?|months?|years?)|ages|weeks|months|years|forever)"
            r"(?! (?:for|to) (?:this|see|watch|hear|meet|try|get my hands))")),
    TableRule(
        name="poor-service-verdict", label="poor_service", score=0.8, explanation="a poor-service verdict",
        gates=("service",),
        pattern=rf"{_BAD} (?:[\w-]+ )?service"),
    TableRule(
        name="problem-reported-repeatedly", label="repeat_report", score=0.85,
        explanation="a problem reported repeatedly",
        gates=("times",),
        pattern=(
            rf"(?:reported|rung|called|emailed|chased|complained about|asked about) (?:[\w'’]+ ){{0,4}}?"
            rf"(?:{_NUM}|a few|a couple of) times")),
    TableRule(
        name="problem-reported-repeatedly-2", label="repeat_report", score=0.8,
        explanation="a problem reported repeatedly",
        gates=("time",),
        pattern=(
            r"(?:third|fourth|fifth|sixth|tenth|nth|umpteenth|hundredth) time (?:I|we)(?:'ve|’ve| have)? "
            r"(?:reported|asked|called|rung|emailed|complained|chased|contacted)")),
    TableRule(
        name="refund-demand", label="refund", score=0.8, explanation="a refund demand",
        gates=("refund",),
        pattern=(
            rf"(?:want|demand|expect|deserve|(?:am|are|{_AP}m|{_AP}re) (?:owed|due)) "
            r"(?:a |my |our )?(?:full )?refund")),
    TableRule(
        name="refund-demand-2", label="refund", score=0.7, explanation="a refund demand",
        gates=("refund",),
        pattern=r"refund (?:me|us) (?:now|immediately|in full)"),
    TableRule(
        name="refund-demand-3", label="refund", score=0.8, explanation="a refund demand",
        gates=("money back",),
        pattern=r"(?:give|want|get|return) (?:me |us )?(?:my|our) money back"),
    TableRule(
        name="outrage-at-the-service", label="outrage", score=0.75, explanation="outrage at the service",
        gates=("disgrace", "shambles", "scandal", "unacceptable", "outrageous", "appalling"),
        pattern=(
            rf"(?:this|that|it|which|you|you lot)(?: is| was| are|{_AP}s|{_AP}re)"
            r"(?: (?:an?|absolutely|utterly|totally|completely|frankly|just|such|complete|absolute|utter|total"
            r"|bloody))*"
            r" (?:disgrace|disgraceful|shambles|scandal|scandalous|unacceptable|outrageous|appalling)")),
    TableRule(
        name="outrage-at-the-service-2", label="outrage", score=0.6, explanation="outrage at the service",
        gates=("disgrace", "shambles"),
        pattern=r"(?:absolute|utter|total|complete|bloody|a) (?:disgrace|shambles)|disgraceful"),
    TableRule(
        name="outrage-at-the-service-3", label="outrage", score=0.6, explanation="outrage at the service",
        gates=("joke", "shambolic"),
        pattern=r"(?:absolute|utter|total|complete) joke|shambolic"),
)


class ComplaintDetector(RuleTableDetector):
    """Flags comments that complain about the organisation or a service."""

    name: ClassVar[str] = "complaint"
    category: ClassVar[Category] = Category.COMPLAINT
    rules: ClassVar[tuple[TableRule, ...]] = _RULES
    why: ClassVar[str] = _WHY
    min_length: ClassVar[int] = 4

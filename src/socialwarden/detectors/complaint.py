"""Complaints about the organisation or a service, in inbound comments.

Policies: GEN says "handle complex queries via other channels"; Gosport 22 asks staff to help people
"having a problem with a service we provide"; ETT 9 says complaints go to the official email, not a
public thread. So a complaint is not bad content: it is a cue to route the conversation.

Caught: explicit complaints ("I want to complain", "formal complaint"), waiting and no-reply grievances
("still waiting for my bin", "nobody has replied to my email"), poor-service verdicts ("terrible
service"), repeat reports ("I've reported this three times"), refund demands and outrage ("this is a
disgrace"). Not caught: contentment ("no complaints here!", "can't complain"), the organisation's own
notices about its complaints procedure, and bare negative adjectives, which other detectors judge.
"""

from __future__ import annotations

from typing import ClassVar

from socialwarden.detectors._rule_table import MAX_PER_RULE as _MAX_PER_RULE
from socialwarden.detectors._rule_table import compile_rule as _compile
from socialwarden.detectors._rule_table import drop_overlaps as _drop_overlaps
from socialwarden.detectors._rule_table import gates as _gates
from socialwarden.detectors._rule_table import quote as _quote
from socialwarden.detectors._rule_table import runnable as _runnable
from socialwarden.detectors.base import DetectorConfig
from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import finditer
from socialwarden.taxonomy import Category

_WHY = "GEN says handle complex queries via other channels; ETT 9 says move complaints to the official email"


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

# (label, score, meaning, gate words, pattern). A rule runs only if one of its gate words occurs in the lowered
# text, and one of its "&" gate words too if it has any. In a pattern " ?" is optional whitespace and " " is one
# or more whitespace characters.
_RULES: tuple[tuple[str, float, str, tuple[str, ...], str], ...] = (
    ("explicit", 0.9, "an explicit complaint", ("complain",),
     rf"{_WANT} (?:make |lodge |raise |file |submit |put in )?(?:a |an )?(?:formal |official )?complain(?:t)?"),
    ("explicit", 0.85, "a formal complaint", ("complaint",),
     r"(?<!\bno )(?<!\bany )(?:formal|official) complaint(?!s)(?! (?:procedure|process|policy|form|page)\b)"),
    ("explicit", 0.8, "someone saying they are complaining", ("complain",),
     rf"{_I} (?:(?:am|are|have|has|been|already|just|now) )*complain(?:ing|ed)"),
    ("explicit", 0.75, "someone referring to their complaint", ("complaint",),
     r"(?<!\bno )(?<!\bany )(?:my|our) complaint"),
    ("explicit", 0.6, "a question about how to complain", ("complain",),
     r"(?:how|where) (?:do|can|should) I (?:make |lodge |raise |file )?(?:a )?complain(?:t)?"),
    ("no_response", 0.8, "a grievance that nobody has replied", ("nobody", "no one", "no-one", "noone"),
     r"(?:no ?one|no-one|nobody) (?:(?:has|have|had|ever|even|still|yet) )*"
     r"(?:replied|responded|answered|got back|gotten back|called back|rung back|come out|turned up|bothered)"),
    ("no_response", 0.75, "a grievance that no reply came", ("reply", "response", "answer", "call"),
     rf"{_NOT} (?:had|received|got|gotten) (?:a |any )?(?:reply|response|answer|call ?back)"),
    ("no_response", 0.7, "a grievance that no reply came", ("heard",), rf"{_NOT} heard (?:back|anything)"),
    ("delay", 0.75, "a complaint about waiting", ("still waiting",),
     r"still waiting (?:for|on) (?:my|our|a reply|a response|an answer|a call|someone|anyone|somebody|you|"
     r"the council|them|a refund)"),
    ("delay", 0.75, "a complaint about waiting", ("been waiting",),
     rf"been waiting (?:for )?(?:(?:over|more than|nearly|almost|about) )?"
     rf"(?:(?:{_NUM}|a|an) (?:hours?|days?|weeks?|months?|years?)|ages|weeks|months|years|forever)"
     r"(?! (?:for|to) (?:this|see|watch|hear|meet|try|get my hands))"),
    ("poor_service", 0.8, "a poor-service verdict", ("service",), rf"{_BAD} (?:[\w-]+ )?service"),
    ("repeat_report", 0.85, "a problem reported repeatedly", ("times",),
     rf"(?:reported|rung|called|emailed|chased|complained about|asked about) (?:[\w'’]+ ){{0,4}}?"
     rf"(?:{_NUM}|a few|a couple of) times"),
    ("repeat_report", 0.8, "a problem reported repeatedly", ("time",),
     r"(?:third|fourth|fifth|sixth|tenth|nth|umpteenth|hundredth) time (?:I|we)(?:'ve|’ve| have)? "
     r"(?:reported|asked|called|rung|emailed|complained|chased|contacted)"),
    ("refund", 0.8, "a refund demand", ("refund",),
     rf"(?:want|demand|expect|deserve|(?:am|are|{_AP}m|{_AP}re) (?:owed|due)) (?:a |my |our )?(?:full )?refund"),
    ("refund", 0.7, "a refund demand", ("refund",), r"refund (?:me|us) (?:now|immediately|in full)"),
    ("refund", 0.8, "a refund demand", ("money back",), r"(?:give|want|get|return) (?:me |us )?(?:my|our) money back"),
    ("outrage", 0.75, "outrage at the service",
     ("disgrace", "shambles", "scandal", "unacceptable", "outrageous", "appalling"),
     rf"(?:this|that|it|which|you|you lot)(?: is| was| are|{_AP}s|{_AP}re)"
     r"(?: (?:an?|absolutely|utterly|totally|completely|frankly|just|such|complete|absolute|utter|total|bloody))*"
     r" (?:disgrace|disgraceful|shambles|scandal|scandalous|unacceptable|outrageous|appalling)"),
    ("outrage", 0.6, "outrage at the service", ("disgrace", "shambles"),
     r"(?:absolute|utter|total|complete|bloody|a) (?:disgrace|shambles)|disgraceful"),
    ("outrage", 0.6, "outrage at the service", ("joke", "shambolic"),
     r"(?:absolute|utter|total|complete) joke|shambolic"),
)


class ComplaintDetector:
    """Flags comments that complain about the organisation or a service."""

    name: ClassVar[str] = "complaint"

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self._config = config or DetectorConfig()
        self._rules = tuple((_compile(rule[4]), *rule[:3]) for rule in _RULES)
        # One Aho-Corasick pass over the lowered text tells which rules can match at all.
        self._gates, self._need = _gates(rule[3] for rule in _RULES)

    def analyse(self, text: str) -> tuple[Finding, ...]:
        if not isinstance(text, str) or len(text) < 4:
            return ()
        mask = 0
        for _, bits in self._gates.iter(text.lower()):
            mask |= bits
        if not mask:
            return ()
        found: list[Finding] = []
        for index in _runnable(mask, self._need):
            pattern, label, score, meaning = self._rules[index]
            for count, match in enumerate(finditer(pattern, text)):
                if count == _MAX_PER_RULE:
                    break
                start, end = match.span()
                if start < end:
                    found.append(Finding(
                        category=Category.COMPLAINT, start=start, end=end, score=score, detector=self.name,
                        label=label, explanation=f"matched '{_quote(match.group())}', {meaning}: {_WHY}",
                    ))
        return _drop_overlaps(found)



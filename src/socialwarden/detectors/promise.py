"""Promises and commitments in the organisation's own (outbound) posts.

GEN: "don't make promises without first checking with the Director of Operations on our ability to
deliver." The risk is a public commitment to an outcome or a deadline that the organisation may miss.

What counts: explicit promise verbs ("we promise", "we guarantee", "you have my word"), assurances ("I can
assure you", "rest assured"), intensified futures ("will definitely be open tomorrow"), commitments to
deliver an outcome ("we'll fix it", "we'll refund everyone") and above all outcomes tied to a deadline
("we will fix it by Friday", "will be completed by March").

What does not: scheduling announcements ("we will be at the fair on Saturday", "the library will be closed
on Monday", "we will post updates") which report a plan rather than pledge a result; hedged aims ("we hope
to", "we aim to"); refusals ("we can't promise"); and third parties' past promises ("the council promised").
Deliberately conservative: an outcome verb without a deadline scores only 0.6.
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

_WHY = "GEN says don't make promises without first checking our ability to deliver"


_AP = "['’]"
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_WHEN = (
    rf"(?:{_DAY}|the end of (?:the |this |next )?(?:day|week|month|year|term|summer|spring|autumn|winter)|"
    rf"end of (?:the )?(?:day|week|month)|tomorrow|tonight|today|midday|noon|close of play|next week|next month|"
    rf"the weekend|this weekend|christmas|easter|(?:the )?(?:summer|spring|autumn|winter)(?: \d{{4}})?|"
    rf"{_MONTH}(?: \d{{4}})?|(?:the )?\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {_MONTH}|the \d{{1,2}}(?:st|nd|rd|th)|"
    rf"\d{{1,2}}(?:[:.]\d{{2}})? ?(?:am|pm)|\d{{1,2}}[:.]\d{{2}}|(?:\d+|a|one|two|three|four|five|ten) "
    rf"(?:working )?(?:hours?|days?|weeks?|months?))"
)
# A deadline: "by Friday", "within 24 hours", or a bare near date ("today", "first thing tomorrow").
_DEADLINE = (
    rf"(?:(?:by|before|within|no later than|in time for|at the latest by) {_WHEN}|today|tonight|"
    rf"tomorrow(?: morning| afternoon)?|this (?:week|afternoon|evening)|first thing (?:tomorrow|on {_DAY}))"
)
_WHO = (
    r"(?:we|I|our (?:team|engineers?|contractors?|crews?|staff)|the (?:team|council|contractors?|engineers?)|"
    r"an engineer|someone|somebody)"
)
_WILL = (
    rf"(?:{_AP}ll| will| shall| are going to| am going to|{_AP}re going to|{_AP}m going to|{_AP}ll be able to|"
    r" will be able to)"
)
_ADV = r"(?: (?:definitely|certainly|personally|also|now|then|soon|quickly|promptly|urgently|immediately))*"
_THING = r"(?:it|this|that|them|these|those|everything|things|the (?:problem|issue|fault|leak|light|road|bins?))"
_DO = (
    rf"(?:fix(?! (?:a|the) (?:date|time|meeting))|repair|resolve|sort (?:it|this|that|them|things|everything|out)|"
    rf"sort out|replace|reopen|restore|collect (?:it|them|your bins?|the bins?|your waste|your recycling)|"
    rf"empty (?:it|them|your bins?|the bins?)|(?:get|have) {_THING} (?:fixed|sorted|done|repaired|resolved|"
    rf"replaced|collected|back up|reopened))"
)
_PAY = r"(?:refund|reimburse|compensate|pay (?:you |everyone |them )?back)"
_DONE = (
    r"(?:fully |all |completely )?(?:fixed|repaired|resolved|sorted|completed|finished|done|ready|restored|"
    r"replaced|collected|reopened|delivered|refunded|back (?:up|open|to normal)|up and running|open again|"
    r"operational)"
)
_DONE_GATES = ("fixed", "repaired", "resolved", "sorted", "completed", "finished", "done", "ready", "restored",
               "replaced", "collected", "reopened", "delivered", "refunded", "back ", "up and running",
               "open again", "operational")
_MODAL = "(?:can|do|will|hereby|absolutely|personally|solemnly|faithfully)"
_DO_GATES = ("fix", "repair", "resolv", "sort", "replac", "reopen", "restor", "collect it", "collect them",
             "collect your", "collect the", "empty it", "empty them", "empty your", "empty the", "refund",
             "reimburs", "compensat", "pay ")

# (label, score, meaning, gate words, pattern). A rule runs only if one of its gate words occurs in the lowered
# text, and one of its "&" gate words too if it has any. In a pattern " ?" is optional whitespace and " " is one
# or more whitespace characters.
_RULES: tuple[tuple[str, float, str, tuple[str, ...], str], ...] = (
    # An outcome promised by us; scored on what follows (see _ACTIVE_SCORES).
    ("outcome", 0.6, "a commitment to deliver an outcome", _DO_GATES,
     rf"{_WHO}{_WILL}{_ADV} (?:(?P<pay>{_PAY}(?: (?:everyone|everybody|you|all|them|customers|in full))?)|{_DO})"
     rf"(?:(?: [^.!?\n]{{0,40}}?)? (?P<deadline>{_DEADLINE}))?"),
    ("deadline", 0.85, "a commitment to an outcome by a deadline", _DONE_GATES,
     rf"(?:will|{_AP}ll|shall) (?:definitely |certainly |all |also )?be {_DONE}(?: [^.!?\n]{{0,30}}?)? {_DEADLINE}"),
    ("explicit", 0.85, "an explicit promise", ("promise", "guarantee", "pledge"),
     rf"we (?:{_MODAL} )*(?:promise|guarantee|pledge)(?! not)"),
    ("explicit", 0.8, "an explicit promise", ("promise", "pledge"), rf"I (?:{_MODAL} )*(?:promise|pledge)(?! not)"),
    ("explicit", 0.7, "a guarantee (often a prediction when personal)", ("guarantee",),
     rf"I (?:{_MODAL} )*guarantee(?! not)"),
    ("explicit", 0.8, "an explicit promise", ("word", "promise", "guarantee"),
     r"you have (?:my|our) (?:word|promise|guarantee|assurance)"),
    ("explicit", 0.65, "a guarantee", ("guarantee",),
     rf"(?:is|are|it{_AP}s|be|been|100%|fully) guaranteed|guaranteed to"),
    ("assurance", 0.8, "an assurance", ("assur",), r"(?:I|we) (?:can |do )?(?:assure|reassure) you|rest assured"),
    ("assurance", 0.75, "an intensified future", ("definitely", "certainly", "absolutely", "100%", "for sure"),
     rf"(?:(?:will|{_AP}ll|shall|going to|gonna)(?: be)? (?:definitely|certainly|absolutely|100%|for sure)"
     rf"|(?:definitely|certainly|absolutely|100%) be) (?:be )?(?:{_DONE}|open|closed|back|running|available|"
     rf"going ahead|go ahead|happen|happening|{_DO}|{_PAY})"),
    ("refund", 0.8, "a commitment to pay money back", ("refund", "reimburs", "compensat"),
     rf"(?:you|everyone|all (?:customers|residents|members))(?:{_AP}ll| will) (?:(?:get|receive|be given) "
     r"(?:a |your |an )?(?:full )?(?:refund|compensation|reimbursement)|be (?:fully )?(?:refunded|reimbursed|"
     r"compensated))"),
    ("outcome", 0.7, "a commitment to deliver an outcome", ("make sure",),
     rf"(?:I|we)(?:{_AP}ll| will| shall) (?:personally )?make sure (?:that )?{_THING}(?: is| are| gets?| will be|"
     rf"{_AP}s)? {_DONE}"),
)
# The first rule's (label, score, meaning) when it names a deadline or a payment.
_ACTIVE_SCORES = {
    "deadline": ("deadline", 0.85, "a commitment to an outcome by a deadline"),
    "pay": ("refund", 0.8, "a commitment to pay money back"),
}


class PromiseDetector:
    """Flags commitments in outbound posts that someone should check before they are made."""

    name: ClassVar[str] = "promise"

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
                if index == 0:
                    label, score, meaning = _RULES[0][:3]
                    for group, upgrade in _ACTIVE_SCORES.items():
                        if match.group(group):
                            label, score, meaning = upgrade
                            break
                if start < end:
                    found.append(Finding(
                        category=Category.PROMISE, start=start, end=end, score=score, detector=self.name,
                        label=label, explanation=f"matched '{_quote(match.group())}', {meaning}: {_WHY}",
                    ))
        return _drop_overlaps(found)



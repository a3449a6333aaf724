"""Promises and commitments in the organisation's own (outbound) posts.

Policies ask that promises are checked (with whoever can say whether the organisation can deliver) before they
are made. The risk is a public commitment to an outcome or a deadline that the organisation may miss.

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

from socialwarden.detectors.rulebase import RuleTableDetector, TableRule, Upgrade
from socialwarden.taxonomy import Category

_WHY = "a public commitment the organisation may not be able to keep: check it can deliver before promising"


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

# Named rules (see rulebase.TableRule): a rule runs only if one of its gate words occurs in the lowered text,
# and one of its "&" gate words too if it has any. In a pattern " ?" is optional whitespace and " " is one or
# more whitespace characters.
_RULES: tuple[TableRule, ...] = (
    # An outcome promised by us; scored on what follows (its upgrades).
    TableRule(
        name="commitment-to-deliver-an-outcome", label="outcome", score=0.6,
        explanation="a commitment to deliver an outcome",
        gates=_DO_GATES,
        pattern=(
            rf"{_WHO}{_WILL}{_ADV} (?:(?P<pay>{_PAY}(?: (?:everyone|everybody|you|all|them|customers|in full))?)|{_DO})"
            rf"(?:(?: [^.!?\n]{{0,40}}?)? (?P<deadline>{_DEADLINE}))?"),
        upgrades=(Upgrade("deadline", "deadline", 0.85, "a commitment to an outcome by a deadline"),
                  Upgrade("pay", "refund", 0.8, "a commitment to pay money back"))),
    TableRule(
        name="commitment-to-an-outcome-by-a-deadline", label="deadline", score=0.85,
        explanation="a commitment to an outcome by a deadline",
        gates=_DONE_GATES,
        pattern=(
            rf"(?:will|{_AP}ll|shall) (?:definitely |certainly |all "
            rf"|also )?be {_DONE}(?: [^.!?\n]{{0,30}}?)? {_DEADLINE}")),
    TableRule(
        name="explicit-promise", label="explicit", score=0.85, explanation="an explicit promise",
        gates=("promise", "guarantee", "pledge"),
        pattern=rf"we (?:{_MODAL} )*(?:promise|guarantee|pledge)(?! not)"),
    TableRule(
        name="explicit-promise-2", label="explicit", score=0.8, explanation="an explicit promise",
        gates=("promise", "pledge"),
        pattern=rf"I (?:{_MODAL} )*(?:promise|pledge)(?! not)"),
    TableRule(
        name="guarantee", label="explicit", score=0.7, explanation="a guarantee (often a prediction when personal)",
        gates=("guarantee",),
        pattern=rf"I (?:{_MODAL} )*guarantee(?! not)"),
    TableRule(
        name="explicit-promise-3", label="explicit", score=0.8, explanation="an explicit promise",
        gates=("word", "promise", "guarantee"),
        pattern=r"you have (?:my|our) (?:word|promise|guarantee|assurance)"),
    TableRule(
        name="guarantee-2", label="explicit", score=0.65, explanation="a guarantee",
        gates=("guarantee",),
        pattern=rf"(?:is|are|it{_AP}s|be|been|100%|fully) guaranteed|guaranteed to"),
    TableRule(
        name="assurance", label="assurance", score=0.8, explanation="an assurance",
        gates=("assur",),
        pattern=r"(?:I|we) (?:can |do )?(?:assure|reassure) you|rest assured"),
    TableRule(
        name="intensified-future", label="assurance", score=0.75, explanation="an intensified future",
        gates=("definitely", "certainly", "absolutely", "100%", "for sure"),
        pattern=(
            rf"(?:(?:will|{_AP}ll|shall|going to|gonna)(?: be)? (?:definitely|certainly|absolutely|100%|for sure)"
            rf"|(?:definitely|certainly|absolutely|100%) be) (?:be )?(?:{_DONE}|open|closed|back|running|available|"
            rf"going ahead|go ahead|happen|happening|{_DO}|{_PAY})")),
    TableRule(
        name="commitment-to-pay-money-back", label="refund", score=0.8, explanation="a commitment to pay money back",
        gates=("refund", "reimburs", "compensat"),
        pattern=(
            rf"(?:you|everyone|all (?:customers|residents|members))(?:{_AP}ll| will) (?:(?:get|receive|be given) "
            r"(?:a |your |an )?(?:full )?(?:refund|compensation|reimbursement)|be (?:fully )?(?:refunded|reimbursed|"
            r"compensated))")),
    TableRule(
        name="commitment-to-deliver-an-outcome-2", label="outcome", score=0.7,
        explanation="a commitment to deliver an outcome",
        gates=("make sure",),
        pattern=(
            rf"(?:I|we)(?:{_AP}ll| will| shall) (?:personally )?make sure (?:that )?{_THING}(?: is| are| gets?"
            rf"| will be|"
            rf"{_AP}s)? {_DONE}")),
)


class PromiseDetector(RuleTableDetector):
    """Flags commitments in outbound posts that someone should check before they are made."""

    name: ClassVar[str] = "promise"
    category: ClassVar[Category] = Category.PROMISE
    rules: ClassVar[tuple[TableRule, ...]] = _RULES
    why: ClassVar[str] = _WHY
    min_length: ClassVar[int] = 4

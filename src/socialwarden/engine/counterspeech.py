"""Negation and quotation: "we do not tolerate racism" is not racism; quoting abuse to condemn it is not abuse.

We look at a short window before each finding for a negating or condemning cue, and check whether the
span sits inside quotation marks next to a reporting or condemning cue. Matching findings are
down-weighted (never dropped), and the explanation says why, so a person can still see them.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from socialwarden.engine.findings import Finding
from socialwarden.taxonomy import Category

# Categories whose meaning flips under negation or condemnation. Profanity is published whatever the intent;
# personal data and links are facts about the text, not stances.
STANCE_CATEGORIES = frozenset({
    Category.HATE, Category.ABUSE, Category.HARASSMENT, Category.THREAT, Category.INCITEMENT,
    Category.SELF_HARM, Category.ILLEGAL, Category.SEXUAL, Category.DEFAMATION, Category.DISPARAGEMENT,
})

_WINDOW = 60  # characters before the finding that we inspect
_DISCOUNT = 0.25

_NEGATION = regex.compile(
    r"\b(?:not|never|don'?t|doesn'?t|didn'?t|won'?t|wouldn'?t|isn'?t|aren'?t|cannot|can'?t|"
    r"zero[- ]tolerance(?:\s+(?:for|of|to))?|tolerate|against|condemn(?:s|ed|ing)?|reject(?:s|ed|ing)?|"
    r"oppose[sd]?|opposing|stand(?:ing)?\s+up\s+to|tackl(?:e|es|ed|ing)|challeng(?:e|es|ed|ing)|"
    r"end(?:ing)?|stop(?:ping)?|report(?:ing|ed)?|free\s+from|anti)\b(?P<gap>[^.!?\n]{0,50})$",
    regex.IGNORECASE,
)
_REPORTING = regex.compile(
    r"\b(?:called|call(?:ing)?|said|says|saying|told|wrote|shouted|messaged|labelled|named|heard|"
    r"received|being\s+called|been\s+called|words?\s+like|terms?\s+like|phrases?\s+like|such\s+as)\b",
    regex.IGNORECASE,
)
# A negation followed by "you" is aimed at someone ("you are not welcome, you idiot"): it does not flip meaning.
_TARGETED_GAP = regex.compile(r"\b(?:you|your|you're|ur|u)\b", regex.IGNORECASE)
_QUOTES = {'"': '"', "“": "”", "‘": "’", "'": "'", "«": "»"}


def _inside_quotes(text: str, start: int, end: int) -> bool:
    """True when the span is enclosed by a matching pair of quotation marks on the same line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    for opener, closer in _QUOTES.items():
        left = text.rfind(opener, line_start, start)
        if left < 0:
            continue
        right = text.find(closer, end, line_end)
        if right >= 0 and (opener != "'" or (left == 0 or not text[left - 1].isalnum())):
            return True
    return False


def apply(text: str, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Return findings with stance categories down-weighted when negated, condemned or quoted to report."""
    out: list[Finding] = []
    for finding in findings:
        if finding.category not in STANCE_CATEGORIES:
            out.append(finding)
            continue
        before = text[max(0, finding.start - _WINDOW):finding.start]
        reason = None
        try:
            negation = _NEGATION.search(before, timeout=0.01)
            if negation and not _TARGETED_GAP.search(negation.group("gap")):
                reason = "negated or condemned in the words before it"
            elif _inside_quotes(text, finding.start, finding.end) and _REPORTING.search(
                text[max(0, finding.start - 120):min(len(text), finding.end + 120)], timeout=0.01
            ):
                reason = "quoted while reporting what someone else said"
        except TimeoutError:
            reason = None
        if reason is None:
            out.append(finding)
        else:
            out.append(replace(finding, score=finding.score * _DISCOUNT,
                               explanation=f"{finding.explanation} [down-weighted: {reason}]"))
    return tuple(out)

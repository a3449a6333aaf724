"""Negation and quotation: "we do not tolerate racism" is not racism; quoting abuse to condemn it is not abuse.

A stance finding is down-weighted (never dropped; the explanation says why, so a person still sees it) when:

1. a negated verb of allowing or saying governs it in the same clause ("we will never call anyone a ...",
   "it's not ok to say ..."), or a condemning cue does ("zero tolerance for ...", "stop calling people ...");
2. it is reported ("he called me a ...", "words like ...", "the phrase ...") and judged in the same breath
   ("... and it was disgusting", "... is never acceptable");
3. it sits inside quotation marks next to a reporting cue;
4. it is a wide finding (a model's score for the whole text) whose only stance evidence inside is 1-3.

Negation only reaches to the end of its clause (a comma, colon, "but", "or I ..."), never across "you"
("you are not welcome here, you idiot" is still abuse), and a bare slur needs a word of saying or naming
between the cue and itself: "we don't tolerate <slur>s in my street" names people, not words.
"""

from __future__ import annotations

import regex

from socialwarden.engine.findings import AdjustmentKind, Finding
from socialwarden.engine.safe_regex import compile_pattern, search
from socialwarden.taxonomy import Category

# Categories whose meaning flips under negation or condemnation. Profanity is published whatever the intent;
# personal data and links are facts about the text, not stances.
STANCE_CATEGORIES = frozenset({
    Category.HATE, Category.ABUSE, Category.HARASSMENT, Category.THREAT, Category.INCITEMENT,
    Category.SELF_HARM, Category.ILLEGAL, Category.SEXUAL, Category.DEFAMATION, Category.DISPARAGEMENT,
})

_BEFORE = 80  # characters before the finding that we inspect
_AFTER = 120  # characters after it, for a judgement such as "... and it was disgusting"
_DISCOUNT = 0.25
_TIMEOUT = 0.01
_MAX_COVER_CHECK = 200  # the covering check is quadratic; past this many findings the text is not counter-speech
_I = regex.IGNORECASE

_NEGATOR = r"(?:not|never|no\s+one\s+should|nobody\s+should|(?:do|does|did|wo|would|is|are|ca|should|must)n'?t|cannot)"
# Where a cue's reach ends: the end of its clause, a contrast, "or I ...", or words aimed at the reader.
_STOP = (r"[.!?;:,\n]|\b(?:but|though|although|however|yet|you|your|you're|youre|ur|u|ya|being|acting)\b"
         r"|\bor(?:\s+else)?\s*$")
# A cue followed by the rest of its clause up to the finding (the "gap").
_CUE = compile_pattern(
    rf"(?:\b{_NEGATOR}\s+(?:\w+\s+){{0,2}}?(?P<verb>tolerat\w*|accept\w*|allow\w*|condone\w*|ok|okay|fine|"
    r"acceptable|say|saying|said|call|calling|called|use|using|used|post|posting|share|sharing|repeat\w*|"
    r"endorse\w*|put\s+up\s+with|stand\s+for)"
    rf"|(?<!\b{_NEGATOR}\s)\b(?:zero[- ]tolerance(?:\s+(?:for|of|to|towards))?|condemn\w*|reject\w*|oppos\w*|"
    r"against|stand(?:ing)?\s+up\s+to|tackl\w*|challeng\w*|end(?:ing)?|stop(?:ping)?|free\s+from|anti|"
    r"no\s+(?:place|room)\s+for|(?:wrong|false|untrue|nonsense|rubbish|ridiculous|offensive|unacceptable|"
    r"a\s+myth|a\s+lie|not\s+true)\s+(?:to\s+(?:say|claim|suggest|think|believe|imply|pretend)|that)|"
    r"the\s+(?:idea|claim|notion|myth|lie|suggestion|view)\s+that))\b"
    rf"(?P<gap>(?:(?!{_STOP}).){{0,60}})$",
    _I,
)
_MENTION = compile_pattern(
    r"\b(?:call\w*|say\w*|said|tell\w*|told|shout\w*|us(?:e|es|ed|ing)|words?|terms?|names?|slurs?|phrases?|"
    r"like|such\s+as|abuse|language|chants?|remarks?|comments?|insults?)\b", _I)
# Reporting just before the finding: "he called me a", "was called a", "words like", "the phrase", "telling X to".
_REPORTED = compile_pattern(
    r"(?:(?<!\b(?:i|we|i've|we've|i\s+just|i\s+then)\s)\b(?:called|calling|call|named|labelled|shouted|yelled|"
    r"screamed|said|says|saying|wrote|messaged|told|sent|posted|posting|commented|claiming|claimed|suggesting)\b"
    r"(?:\s+[\w']+){0,4}?"
    r"|\b(?:words?|terms?|names?|slurs?|phrases?|chants?|insults?|comments?|abuse|messages?)\s+(?:like|such\s+as)"
    r"|\bthe\s+(?:word|phrase|term|slur|name|insult)"
    r"|\b(?:telling|tell|told)\s+(?:[\w']+\s+){0,2}to)\s*['\"“‘]?$",
    _I,
)
_JUDGED = compile_pattern(
    r"\b(?:disgust\w*|disgrace\w*|vile|appalling|horrible|horrific|awful|unacceptable|(?:not|never)\s+"
    r"(?:acceptable|ok|okay|funny|right)|hurt\w*|heartbreaking|upsetting|upset|cruel|shocking|sickening|abhorrent|"
    r"offensive|wrong|hate\s+crime|condemn\w*|report(?:ed|ing)?\s+(?:it|this|that|them|him|her)|no\s+place|"
    r"remove[ds]?|racist|homophobic|transphobic|sexist|ableist|bigoted|not\s+(?:the|our)\s+view|"
    r"do(?:es)?\s+not\s+(?:reflect|represent)|we\s+reject|(?:has|have)\s+been\s+(?:removed|deleted|reported)|"
    r"(?:will\s+not|won't|is\s+not|isn't)\s+(?:be\s+)?tolerated|not\s+welcome\s+here)\b",
    _I,
)
_REPORTING = compile_pattern(
    r"\b(?:called|call(?:ing)?|said|says|saying|told|wrote|shouted|messaged|labelled|named|heard|"
    r"received|being\s+called|been\s+called|words?\s+like|terms?\s+like|phrases?\s+like|such\s+as)\b",
    _I,
)
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


# "It's not racist to say ...", "it isn't hate to point out ...": a denial that what follows is hate is how hate
# is prefaced, not how it is condemned.
_DENIAL = compile_pattern(
    rf"\b{_NEGATOR}\s+(?:\w+\s+)?(?:racist|sexist|homophobic|transphobic|islamophobic|antisemitic|xenophobic|"
    r"bigoted|prejudiced|discriminat\w*|hate(?:ful|\s+speech)?|wrong|a\s+crime|illegal|offensive|phobic|"
    r"controversial)\b", _I)


def _negated(before: str, word: bool) -> AdjustmentKind | None:
    """A negating or condemning cue governs the finding within its clause, not aimed at "you"."""
    cue = search(_CUE, before, _TIMEOUT)
    if cue is None or search(_DENIAL, cue.group(0), _TIMEOUT) is not None:
        return None
    # a bare word (a slur or insult) must be mentioned, not aimed at people: "never call anyone a ..."
    if word and search(_MENTION, cue.group(0), _TIMEOUT) is None:
        return None
    return "negation" if cue.group("verb") else "condemnation"


def _reported_and_judged(text: str, finding: Finding, before: str) -> bool:
    """"He called me a ... and it was disgusting": reported just before, and condemned around it."""
    report = search(_REPORTED, before, _TIMEOUT)
    if report is None:
        return False
    earlier = before[:report.start()]
    later = text[finding.end:finding.end + _AFTER]
    return search(_JUDGED, earlier, _TIMEOUT) is not None or search(_JUDGED, later, _TIMEOUT) is not None


Reason = tuple[AdjustmentKind, str]


def _reason(text: str, finding: Finding) -> Reason | None:
    before = text[max(0, finding.start - _BEFORE):finding.start]
    word = not any(ch.isspace() for ch in text[finding.start:finding.end])
    kind = _negated(before, word)
    if kind is not None:
        return kind, "negated or condemned in the words before it"
    if _reported_and_judged(text, finding, before):
        return "counter_speech", "reported in order to condemn it"
    if _inside_quotes(text, finding.start, finding.end) and search(
            _REPORTING, text[max(0, finding.start - _AFTER):finding.end + _AFTER], _TIMEOUT):
        return "quotation", "quoted while reporting what someone else said"
    return None


def apply(text: str, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Return findings with stance categories down-weighted when negated, condemned or quoted to report.

    Each down-weighted finding keeps the detector's score (``original_score``) and gains an ``Adjustment``
    saying which kind of counter-speech it is and why."""
    reasons = [_reason(text, f) if f.category in STANCE_CATEGORIES else None for f in findings]
    # a detector may have weighed negation itself ("immigrants are not vermin"): that counts as counter-speech
    # for a wider finding over it, and is not discounted twice
    given = [(f.adjustments[0].kind, f.adjustments[0].reason) if f.adjustments and f.category in STANCE_CATEGORIES
             else None for f in findings]
    evidence = [r or g for r, g in zip(reasons, given, strict=True)]
    covering = any(evidence) and len(findings) <= _MAX_COVER_CHECK
    out: list[Finding] = []
    for n, finding in enumerate(findings):
        if given[n] is not None:
            out.append(finding)
            continue
        reason = reasons[n] or (_covers_counter_speech(n, findings, evidence) if covering else None)
        out.append(finding if reason is None else finding.adjusted(reason[0], _DISCOUNT, reason[1]))
    return tuple(out)


def _covers_counter_speech(n: int, findings: tuple[Finding, ...], reasons: list[Reason | None]) -> Reason | None:
    """A wide stance finding (a model's score for the whole text) whose only stance evidence inside it is
    counter-speech: "we will never call anyone a <slur>" must not come back as abuse through the model."""
    wide = findings[n]
    if wide.category not in STANCE_CATEGORIES:
        return None
    inside = [m for m, f in enumerate(findings) if m != n and f.category in STANCE_CATEGORIES
              and wide.start <= f.start and f.end <= wide.end and (f.start, f.end) != (wide.start, wide.end)]
    first = reasons[inside[0]] if inside else None
    if first is not None and all(reasons[m] for m in inside):
        return "counter_speech", "the words it rests on are " + first[1]
    return None

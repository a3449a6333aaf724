"""Confidential, internal or unannounced information, and the organisation's own watch words.

Cues are phrases ("keep this under wraps", "embargoed until", "redundancies planned"), not the bare
word "confidential": charities rightly say "our helpline is free and confidential". Each rule is
tried only where one of its key words occurs, so clean text costs a few microseconds.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from socialwarden.detectors._phrases import PhraseRules, Rule, rule
from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.rulebase import PhraseDetector
from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import lazy_pattern, search
from socialwarden.taxonomy import Category

_WHY = ("confidential, internal or not-yet-public information (a breach of confidence if published)")

_NOT_ME = r"(?<!\b(?:never|not|don['’]?t|won['’]?t|cannot|can['’]?t|no)\s+(?:\w+\s+){0,2})"


def _r(keys: tuple[str, ...], pattern: str, label: str, score: float, cue: str, back: int = 0) -> Rule:
    return rule(keys, pattern, Category.CONFIDENTIAL, label, score, cue, _WHY, back)


_RULES: tuple[Rule, ...] = (
    _r(("before", "ahead of"), r"\b(?:before|ahead\s+of)\s+(?:it|this|they|the\s+news|the\s+\w+|anyone)"
       r"\s*(?:['’]s|\s+is|\s+are|\s+goes|\s+go|\s+gets|\s+get|\s+becomes?)?\s+(?:made\s+|officially\s+)?"
       r"(?:public|announced|official|out\s+there)\b", "unannounced", 0.8, "information not yet public"),
    _r(("before", "ahead of"), r"\b(?:before|ahead\s+of)\s+(?:the\s+)?(?:official|public|formal)\s+announcement"
       r"|\bbefore\s+(?:we|they|the\s+\w+)\s+(?:officially\s+|formally\s+|publicly\s+)?(?:announce|go\s+public"
       r"|tell\s+(?:staff|everyone|the\s+public|the\s+press))\b", "unannounced", 0.6,
       "information ahead of its announcement"),
    _r(("announced", "made public", "released", "public", "official", "unannounced"),
       r"(?<=(?P<lead>\b(?:not\s+(?:yet\s+)?(?:been\s+)?|(?:has|have|had)(?:n['’]?t|\s+not)\s+(?:yet\s+)?"
       r"(?:been\s+)?|yet\s+to\s+be\s+)(?:officially\s+|publicly\s+)?))(?:announced|made\s+public|released)\b"
       r"(?:\s+yet\b)?|(?<=(?P<lead>\bnot\s+(?:yet\s+)?))(?:public|official)\s+(?:yet|news)\b"
       r"|unannounced\b(?!\s+(?:visits?|inspections?|checks?|spot\s+checks?))", "unannounced", 0.55,
       "information described as not yet announced"),
    _r(("under wraps", "keep this", "keep it", "keep that", "keeping this", "keeping it", "between you",
        "just between", "strictly between", "don't tell", "dont tell", "don’t tell", "do not tell",
        "didn't hear", "didnt hear", "didn’t hear", "did not hear", "mum's the word", "mums the word",
        "mum’s the word", "off the record", "sworn to secrecy", "not for", "not to be"),
       r"(?:keep(?:ing)?\s+(?:this|it|that)\s+(?:\w+\s+)?(?:under\s+wraps|secret|to\s+yourselves?|between\s+"
       r"(?:us|ourselves|you\s+and\s+me))|under\s+wraps|(?:just\s+|strictly\s+)?between\s+you\s+and\s+(?:me|i)"
       r"|(?:just|strictly)\s+between\s+(?:us|ourselves)|(?:do\s+not|don['’]?t|dont)\s+tell\s+(?:anyone"
       r"|anybody|a\s+soul|the\s+press|the\s+public|the\s+others)|did(?:n['’]?t|nt|\s+not)\s+hear"
       r"\s+(?:it|this|that)\s+from\s+me|mum['’]?s\s+the\s+word|off\s+the\s+record|sworn\s+to\s+secrecy"
       r"|not\s+(?:for|to\s+be)\s+(?:publication|circulation|sharing|shared|published|circulated|repeated"
       r"|quoted|made\s+public))\b", "secrecy", 0.85, "asks for secrecy"),
    _r(("keep it quiet", "keep this quiet", "hush", "top secret", "secret", "don't share", "dont share",
        "don’t share", "do not share", "don't forward", "do not forward", "don’t forward", "do not circulate"),
       r"(?:keep\s+(?:it|this)\s+quiet|hush[\s\-]hush|top\s+secret|secret\s+(?:plans?|deal|talks|meeting"
       r"|report|negotiations)|(?:do\s+not|don['’]?t|dont)\s+(?:share|forward|circulate)\s+(?:this|it|these"
       r"|outside))\b", "secrecy", 0.55, "hints at secrecy"),
    _r(("internal", "for internal", "not for external", "not for public", "embargoed", "embargo", "under embargo",
        "under an embargo", "under a strict embargo", "under strict embargo", "official-sensitive",
        "official sensitive", "strictly private", "under nda", "under an nda", "signed an nda", "signed a nda"),
       r"(?:(?:for\s+)?internal\s+(?:use\s+|eyes\s+|circulation\s+|purposes\s+)?only|for\s+internal\s+"
       r"(?:use|circulation|eyes|discussion)|not\s+for\s+(?:external|public)\s+(?:use|circulation|release"
       r"|distribution|sharing|consumption|eyes)|embargoed\s+(?:until|till|to|before)|under\s+(?:an?\s+"
       r"|(?:a\s+)?strict\s+)?embargo|embargo(?:ed)?\s*(?::|\s+(?:lifts|ends|expires|until|till))|official"
       r"[\s\-]+sensitive|strictly\s+private\s+and\s+confidential|under\s+(?:an?\s+)?nda|signed\s+an?\s+nda)\b",
       "marking", 0.85, "confidentiality or embargo marking"),
    _r(("confidential", "confidence"), r"(?<=(?P<lead>\b(?:this\s+is|(?:marked|labell?ed|classed)\s+(?:as\s+)?)"
       r"\s+(?:strictly\s+|highly\s+|very\s+|totally\s+)?))confidential\b|(?<=(?P<lead>\bin\s+(?:strict|the\s+"
       r"strictest)\s+))confidence\b", "marking", 0.8, "marked or told in confidence"),
    _r(("confidential",), r"(?-i:CONFIDENTIAL\b)|" + _NOT_ME + r"confidential\s+(?:documents?|reports?|memos?"
       r"|briefings?|papers?|minutes|figures|emails?|plans?|drafts?|items?|matters?|discussions?|negotiations?"
       r"|info|information\s+about|details\s+of|list)\b", "marking", 0.7, "confidential material"),
    _r(("leak*",), r"\b(?:leaked|leaking)\s+(?:\w+\s+){0,2}?(?:documents?|memos?|e-?mails?|reports?|plans?|papers?"
       r"|minutes|figures|budget|details|info|information|list|recording|audio|screenshots?|letters?|drafts?"
       r"|proposals?|spreadsheet|news)\b|\b(?:i|we)\s+(?:just\s+)?leaked\b|\bleak(?:ed)?\s+(?:it|this)\s+to\b",
       "leak", 0.8, "leaked material", back=15),
    _r(("leak*",), r"\b(?:has|have|had|was|were|got|been)\s+(?:been\s+)?leaked\b|\b(?:a|the)\s+leak\s+(?:from"
       r"\s+(?:inside|within|the\s+board|the\s+council|management)|of\s+(?:the\s+)?(?:plans?|documents?|report"
       r"|budget|minutes))\b", "leak", 0.6, "something described as leaked", back=20),
    _r(("draft budget",), r"(?<!\b(?:consultation|say|comment|views|feedback|published|publishes|publish"
       r"|publishing|read|see)\s+(?:on\s+|about\s+)?(?:the\s+|our\s+)?)draft\s+budget\b", "internal_plans", 0.5,
       "draft budget (often not yet public)"),
    _r(("restructur*", "reorgani*", "redundancies", "job cuts", "layoffs", "lay-offs", "closure", "closures",
        "merger", "takeover", "plan to", "plans to"),
       r"(?<!\bno\s+(?:\w+\s+)?)redundancies\s+(?:are\s+|being\s+)?(?:planned|coming|expected|on\s+the\s+way"
       r"|looming|in\s+the\s+pipeline|next\s+\w+)\b|(?:restructur\w*|reorgani[sz]ation)\s+(?:plans?"
       r"|proposals?|is\s+coming)\b|plans?\s+to\s+(?:restructure|reorgani[sz]e|merge|make\s+\w+\s+redundant)"
       r"|(?<=(?P<lead>\b(?:secret|upcoming|planned|proposed|imminent)\s+))(?:restructur\w*|reorgani[sz]ation"
       r"|redundancies|job\s+cuts|lay-?offs|closures?|merger|takeover)\b", "internal_plans", 0.7,
       "internal plans"),
    rule(keys=("split", "divided", "odds", "loggerheads", "arguing", "rowing", "fighting", "deadlocked", "turmoil",
               "falling out", "at war"), back=70, category=Category.CONFIDENTIAL, label="internal_workings",
         score=0.75, cue="internal workings: disagreement inside the organisation's leadership", why=_WHY,
         pattern=r"\b(?:the\s+|our\s+)?(?:board|trustees|committee|management|senior\s+(?:team|leadership(?:\s+team)?)"
                 r"|slt|cabinet|executive|directors|leadership(?:\s+team)?|council\s+leadership)\s+(?:is|are|were"
                 r"|was|has\s+been|have\s+been|remains?)\s+(?:(?:still|now|completely|totally|deeply|bitterly|badly"
                 r"|privately|internally)\s+)?(?:(?:split|divided|arguing|rowing|fighting|falling\s+out)(?=\s+(?:on|over"
                 r"|about|down\s+the\s+middle|among(?:st)?\s+themselves|with\s+each\s+other)\b|\s*[.!?,;]|\s*$)"
                 r"|at\s+odds|at\s+loggerheads|deadlocked|in\s+turmoil|at\s+war)\b(?:\s+(?:on|over|about)\s+"
                 r"(?:whether\s+)?(?:\w+\s+){0,3}\w+)?"),
    rule(keys=("internally",), category=Category.CONFIDENTIAL, label="internal_workings", score=0.6,
         cue="internal workings described to the public", why=_WHY,
         pattern=r"internally\b,?\s+(?:the|we|our|management|staff|people|everyone|there|senior|they|it|this|that"
                 r"|nobody|no\s+one|the\s+\w+)\b(?!\s+(?:and\s+externally|or\s+externally))"),
    rule(keys=("closed doors", "secretly", "quietly", "privately"), back=40, category=Category.CONFIDENTIAL,
         label="internal_plans", score=0.75, cue="plans discussed privately, not yet public", why=_WHY,
         pattern=r"\b(?:behind\s+closed\s+doors|secretly|quietly|privately)\s+(?:\w+\s+){0,3}?(?:considering"
                 r"|planning|discussing|looking\s+at|preparing|in\s+talks|negotiating|agreed|decided|drawing\s+up)\b"
                 r"|\b(?:considering|planning|discussing|negotiating|agreed|decided)\s+(?:\w+\s+){0,4}?behind\s+closed"
                 r"\s+doors\b"),
    rule(keys=("meeting",), back=50, category=Category.CONFIDENTIAL, label="internal_workings", score=0.7,
         cue="reports what was said in an internal meeting", why=_WHY,
         pattern=r"\b(?:i|we)\s+(?:heard|overheard|were\s+told|was\s+told|learned|found\s+out)\s+(?:at|in)\s+(?:the|our"
                 r"|today['’]?s|yesterday['’]?s|this\s+morning['’]?s)\s+(?:\w+\s+)?(?:board|staff|team|management|senior"
                 r"|leadership|trustees['’]?|cabinet|directors['’]?|private|confidential)\s+meeting\b"),
)
_PHRASES = PhraseRules(_RULES)


def _watch_rule(word: str) -> Rule | None:
    """A rule for one watch word: whole words, any case, flexible separators ("Project-Falcon")."""
    tokens = "".join(c if c.isalnum() else " " for c in word).split()
    if not tokens:
        return None
    key = tokens[0].lower() + ("*" if len(tokens) > 1 else "")  # "projectfalcon" starts with "project"
    body = r"[\W_]{0,3}".join(regex.escape(t) for t in tokens)
    return rule((key,), r"(?<!\w)" + body + r"(?!\w)", Category.CONFIDENTIAL, "watch_word", 0.9,
                f"watch word '{word.strip()}' (on the organisation's list of code names and unannounced plans)",
                _WHY)


# Words of a plan being made public, and of one being kept secret.
_PUBLIC_PROCESS = lazy_pattern(
    r"\b(?:consult(?:ing|ation)|have\s+your\s+say|tell\s+us|give\s+us\s+your\s+views|public\s+meeting|published|"
    r"publish(?:es|ing)?|papers|agenda|report|statement|announce[sd]?|announcement|cabinet|committee|full\s+council|"
    r"press\s+release|read\s+(?:more|the)|online|petition|decision)\b", regex.IGNORECASE)
_SECRECY = lazy_pattern(
    r"\b(?:secret(?:ly)?|confidential|leak(?:ed)?|(?:don['’]?t|do\s+not)\s+(?:tell|share)|not\s+(?:yet\s+)?"
    r"(?:public|announced)|off\s+the\s+record|hush|before\s+(?:it['’]?s|it\s+is)\s+announced|embargo(?:ed)?)\b",
    regex.IGNORECASE)
_PUBLIC_FACTOR = 0.5


class ConfidentialDetector(PhraseDetector):
    """Secrecy requests, confidentiality markings, leaks, unannounced plans, org watch words."""

    name: ClassVar[str] = "confidential"

    def build(self, config: DetectorConfig) -> PhraseRules:
        watch = [r for w in dict.fromkeys(config.watch_words) if (r := _watch_rule(w))]
        return PhraseRules(_RULES + tuple(watch)) if watch else _PHRASES

    def finish(self, text: str, found: tuple[Finding, ...]) -> tuple[Finding, ...]:
        """A plan the text itself makes public ("we are consulting on the proposed closure", "the papers are
        online", "a statement on the proposed takeover") is announced, not leaked: kept, below every rule."""
        if not any(f.label == "internal_plans" for f in found) or search(_PUBLIC_PROCESS, text[:20_000]) is None \
                or search(_SECRECY, text[:20_000]) is not None:
            return found
        return tuple(f.adjusted("neutral_context", _PUBLIC_FACTOR, "the text makes the plan public (a consultation, "
                                "published papers or a statement)") if f.label == "internal_plans" else f
                     for f in found)

"""Journalists and broadcasters asking the organisation for comment.

ETT 12: journalists approach organisations through social media looking for stories, and staff should not
talk to them there (they may be quoted without warning); enquiries go to the official email. So this
detector looks for a reporter identifying themselves, a request for comment, or newsroom vocabulary.

Caught: "I'm a reporter at the Portsmouth News", "journalist here", "BBC South researcher", "could you
comment", "request for comment", "for a story we're running", "press enquiry", "on the record", "our
readers", "#journorequest". Not caught: people merely citing the news ("saw it on the BBC"), readers'
own comments ("please comment below") and an outlet's name on its own.
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

_WHY = "ETT 12 says do not talk to journalists over social media; push enquiries to the official email"


_AP = "['’]"
_NOT_POSSESSIVE = rf"(?!{_AP}s\b)"
# Roles that mean a newsroom on their own, and roles that only do so next to an outlet's name
# ("researcher" alone is as likely to be an academic, "producer" a musician).
_JOURNALIST = (
    r"(?:(?:(?:freelance|local democracy|news|senior|chief|political|health|education|investigative|trainee|"
    r"district|community|business|crime|court) )?(?:reporter|journalist|correspondent|journo|broadcaster)"
    r"|(?:news|features|picture|deputy news|assistant news|programme) (?:editor|producer|researcher))"
    + _NOT_POSSESSIVE
)
_ROLE = rf"(?:{_JOURNALIST}|(?:researcher|producer|editor|presenter){_NOT_POSSESSIVE})"
# Newsrooms people name when they introduce themselves; "[Town] News" covers titles like the Portsmouth News.
_OUTLET = (
    r"(?:BBC|ITV|Sky News|Sky|Channel [45]|Channel Four|GB News|LBC|Radio \w+|Reuters|PA Media|"
    r"Press Association|the Guardian|the Times|the Telegraph|the Independent|the Mirror|the Sun|the Express|"
    r"Daily \w+|Evening Standard|Financial Times|Metro|HuffPost|[\w.]+ (?:News|Echo|Post|Gazette|Herald|"
    r"Chronicle|Mail|Times|Star|Argus|Observer|Telegraph|Journal|Advertiser|Live))"
)
# Up to two capitalised words between outlet and role: "BBC South East researcher", "ITV Meridian producer".
_REGION = r"(?: (?:local|regional|online|news|radio|TV|(?-i:[A-Z][\w-]+))){0,2}"
_SELF = rf"(?:I{_AP}?m|I am|this is|we{_AP}?re|we are|I work as|I{_AP}m working as)"
_ROLE_GATES = ("reporter", "journalist", "correspondent", "journo", "broadcaster", "producer", "researcher",
               "editor", "presenter")
# Outlet words, a second ("&") gate group for the rules that need a role and an outlet.
_OUTLET_GATES = tuple("&" + word for word in (
    "bbc", "itv", "sky", "channel", "gb news", "lbc", "radio", "reuters", "pa media", "press association",
    "guardian", "times", "telegraph", "independent", "mirror", "the sun", "express", "daily", "standard", "metro",
    "huffpost", "news", "echo", "post", "gazette", "herald", "chronicle", "mail", "star", "argus", "observer",
    "journal", "advertiser", "live"))
_STORY = r"(?:story|piece|article|feature|package|segment)"

# (label, score, meaning, gate words, pattern). A rule runs only if one of its gate words occurs in the lowered
# text, and one of its "&" gate words too if it has any. In a pattern " ?" is optional whitespace and " " is one
# or more whitespace characters.
_RULES: tuple[tuple[str, float, str, tuple[str, ...], str], ...] = (
    ("journalist", 0.9, "a journalist introducing themselves", _ROLE_GATES,
     rf"{_SELF} (?:an? |the )?{_JOURNALIST}(?: (?:at|for|with|from|on) (?:the )?(?:{_OUTLET}|[\w&.'’-]+))?"),
    ("journalist", 0.85, "a journalist introducing themselves", _ROLE_GATES, rf"{_JOURNALIST} here"),
    ("journalist", 0.85, "a newsroom role introducing themselves", _ROLE_GATES + _OUTLET_GATES,
     rf"{_OUTLET}{_REGION} {_ROLE} here"),
    ("journalist", 0.7, "a newsroom role named with its outlet", _ROLE_GATES + _OUTLET_GATES,
     rf"{_OUTLET}{_REGION} {_ROLE}"),
    ("journalist", 0.8, "a newsroom role named with its outlet", _ROLE_GATES + _OUTLET_GATES,
     rf"{_ROLE} (?:at|for|with|from) {_OUTLET}"),
    ("comment_request", 0.9, "a request for comment", ("comment", "statement"),
     r"(?:request(?:ing)? for|request(?:ing)? an?|seeking|seek an?|looking for an?|get an?|provide an?|"
     r"give us an?|give me an?) (?:quick |short |brief |formal |official )?(?:comment|statement)(?! below)"),
    ("comment_request", 0.85, "a journalist's approach for comment", ("comment",),
     r"(?:approached|contacted|reached out to|reaching out to|asked|approaching|contacting) "
     r"(?:you |the council |them |your team )?for (?:a )?comment"),
    ("comment_request", 0.75, "a request for comment", ("comment",),
     r"(?:could|can|would|will) (?:you|the council|your team|your organisation) (?:please )?"
     r"(?:(?:like|be able|be willing|care) to )?(?:give (?:us |me )?(?:a )?)?comment(?! below)"),
    ("comment_request", 0.7, "a request for comment", ("comment",), r"care to comment(?! below)"),
    ("comment_request", 0.9, "a request for comment for publication", ("comment", "statement", "response"),
     rf"(?:comment|statement|response) (?:for|ahead of|before) (?:a |an |our |my )?"
     rf"(?:{_STORY}|publication|broadcast|bulletin|programme)"),
    ("story", 0.85, "a journalist working on a story", ("story", "piece", "article", "feature", "package"),
     rf"for (?:a|an|the) (?:[\w-]+ )?{_STORY} (?:(?:I|we){_AP}?(?:m|re)|I am|we are|that I am|that we are|"
     r"which we are) (?:running|writing|doing|working on|publishing|putting together|preparing|filming|producing)"),
    ("story", 0.7, "a journalist working on a story", ("story", "piece", "article", "feature", "package"),
     rf"(?:(?:I|we){_AP}?(?:m|re)|I am|we are) (?:running|writing|doing|working on|putting together|publishing|"
     rf"filming) (?:a|an) (?:[\w-]+ )?{_STORY} (?:on|about|into)"),
    ("press", 0.9, "a press enquiry", ("enquir", "inquir", "request"),
     r"(?:press|media|news|journalist) (?:enquiry|inquiry|enquiries|inquiries|request)"),
    ("press", 0.85, "a journalist's request hashtag", ("journorequest", "prrequest"),
     r"#(?:journorequest|journorequests|prrequest)"),
    ("press", 0.6, "on-the-record language", ("the record",), r"(?:on|off) the record"),
    ("press", 0.7, "newsroom language about an audience", ("readers", "viewers", "listeners"),
     r"our (?:readers|viewers|listeners)"),
    ("press", 0.75, "a right-of-reply offer", ("right of reply", "right to reply"), r"right (?:of|to) reply"),
    ("press", 0.7, "a newsroom contact", ("news desk", "newsdesk", "newsroom"),
     r"(?:our|the|my) (?:news ?desk|newsroom)"),
    ("press", 0.55, "a journalist's deadline", ("deadline",), r"(?:my|our) deadline (?:is|of)"),
    ("press", 0.7, "a request for the press office",
     ("press office", "media team", "comms team", "communications team"),
     r"(?:put me in touch with|contact details for|details for|who is|number for|email for|email address for|"
     r"speak to|speak with) (?:your|the) (?:press office|media team|comms team|communications team)"),
    ("press", 0.5, "an interview request", ("interview",),
     r"(?:request an|like to|arrange an|set up an|available for an?) interview"),
)


class MediaEnquiryDetector:
    """Flags journalists seeking comment, so staff route them to the official email."""

    name: ClassVar[str] = "media_enquiry"

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
                        category=Category.MEDIA_ENQUIRY, start=start, end=end, score=score, detector=self.name,
                        label=label, explanation=f"matched '{_quote(match.group())}', {meaning}: {_WHY}",
                    ))
        return _drop_overlaps(found)



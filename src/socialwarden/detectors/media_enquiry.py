"""Journalists and broadcasters asking the organisation for comment.

Journalists approach organisations through social media looking for stories, and staff should not talk to
them there (they may be quoted without warning); enquiries go to the official contact. So this detector looks
for a reporter identifying themselves, a request for comment, or newsroom vocabulary.

Caught: "I'm a reporter at the Portsmouth News", "journalist here", "BBC South researcher", "could you
comment", "request for comment", "for a story we're running", "press enquiry", "on the record", "our
readers", "#journorequest". Not caught: people merely citing the news ("saw it on the BBC"), readers'
own comments ("please comment below") and an outlet's name on its own.
"""

from __future__ import annotations

from typing import ClassVar

from socialwarden.detectors.rulebase import RuleTableDetector, TableRule
from socialwarden.taxonomy import Category

_WHY = ("a journalist seeking comment: replies on social media can be quoted without warning, so the enquiry "
        "goes to the official press contact")


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

# Named rules (see rulebase.TableRule): a rule runs only if one of its gate words occurs in the lowered text,
# and one of its "&" gate words too if it has any. In a pattern " ?" is optional whitespace and " " is one or
# more whitespace characters.
_RULES: tuple[TableRule, ...] = (
    TableRule(
        name="journalist-introducing-themselves", label="journalist", score=0.9,
        explanation="a journalist introducing themselves",
        gates=_ROLE_GATES,
        pattern=rf"{_SELF} (?:an? |the )?{_JOURNALIST}(?: (?:at|for|with|from|on) (?:the )?(?:{_OUTLET}|[\w&.'’-]+))?"),
    TableRule(
        name="journalist-introducing-themselves-2", label="journalist", score=0.85,
        explanation="a journalist introducing themselves",
        gates=_ROLE_GATES,
        pattern=rf"{_JOURNALIST} here"),
    TableRule(
        name="newsroom-role-introducing-themselves", label="journalist", score=0.85,
        explanation="a newsroom role introducing themselves",
        gates=_ROLE_GATES + _OUTLET_GATES,
        pattern=rf"{_OUTLET}{_REGION} {_ROLE} here"),
    TableRule(
        name="newsroom-role-named-with-its-outlet", label="journalist", score=0.7,
        explanation="a newsroom role named with its outlet",
        gates=_ROLE_GATES + _OUTLET_GATES,
        pattern=rf"{_OUTLET}{_REGION} {_ROLE}"),
    TableRule(
        name="newsroom-role-named-with-its-outlet-2", label="journalist", score=0.8,
        explanation="a newsroom role named with its outlet",
        gates=_ROLE_GATES + _OUTLET_GATES,
        pattern=rf"{_ROLE} (?:at|for|with|from) {_OUTLET}"),
    TableRule(
        name="request-for-comment", label="comment_request", score=0.9, explanation="a request for comment",
        gates=("comment", "statement"),
        pattern=(
            r"(?:request(?:ing)? for|request(?:ing)? an?|seeking|seek an?|looking for an?|get an?|provide an?|"
            r"give us an?|give me an?) (?:quick |short |brief |formal |official )?(?:comment|statement)(?! below)")),
    TableRule(
        name="journalist-s-approach-for-comment", label="comment_request", score=0.85,
        explanation="a journalist's approach for comment",
        gates=("comment",),
        pattern=(
            r"(?:approached|contacted|reached out to|reaching out to|asked|approaching|contacting) "
            r"(?:you |the council |them |your team )?for (?:a )?comment")),
    TableRule(
        name="request-for-comment-2", label="comment_request", score=0.75, explanation="a request for comment",
        gates=("comment",),
        pattern=(
            r"(?:could|can|would|will) (?:you|the council|your team|your organisation) (?:please )?"
            r"(?:(?:like|be able|be willing|care) to )?(?:give (?:us |me )?(?:a )?)?comment(?! below)")),
    TableRule(
        name="request-for-comment-3", label="comment_request", score=0.7, explanation="a request for comment",
        gates=("comment",),
        pattern=r"care to comment(?! below)"),
    TableRule(
        name="request-for-comment-for-publication", label="comment_request", score=0.9,
        explanation="a request for comment for publication",
        gates=("comment", "statement", "response"),
        pattern=(
            rf"(?:comment|statement|response) (?:for|ahead of|before) (?:a |an |our |my )?"
            rf"(?:{_STORY}|publication|broadcast|bulletin|programme)")),
    TableRule(
        name="journalist-working-on-a-story", label="story", score=0.85, explanation="a journalist working on a story",
        gates=("story", "piece", "article", "feature", "package"),
        pattern=(
            rf"for (?:a|an|the) (?:[\w-]+ )?{_STORY} (?:(?:I|we){_AP}?(?:m|re)|I am|we are|that I am|that we are|"
            r"which we are) (?:running|writing|doing|working on|publishing|putting together|preparing|filming"
            r"|producing)")),
    TableRule(
        name="journalist-working-on-a-story-2", label="story", score=0.7,
        explanation="a journalist working on a story",
        gates=("story", "piece", "article", "feature", "package"),
        pattern=(
            rf"(?:(?:I|we){_AP}?(?:m|re)|I am|we are) (?:running|writing|doing|working on|putting together|publishing|"
            rf"filming) (?:a|an) (?:[\w-]+ )?{_STORY} (?:on|about|into)")),
    TableRule(
        name="press-enquiry", label="press", score=0.9, explanation="a press enquiry",
        gates=("enquir", "inquir", "request"),
        pattern=r"(?:press|media|news|journalist) (?:enquiry|inquiry|enquiries|inquiries|request)"),
    TableRule(
        name="journalist-s-request-hashtag", label="press", score=0.85, explanation="a journalist's request hashtag",
        gates=("journorequest", "prrequest"),
        pattern=r"#(?:journorequest|journorequests|prrequest)"),
    TableRule(
        name="on-the-record-language", label="press", score=0.6, explanation="on-the-record language",
        gates=("the record",),
        pattern=r"(?:on|off) the record"),
    TableRule(
        name="newsroom-language-about-an-audience", label="press", score=0.7,
        explanation="newsroom language about an audience",
        gates=("readers", "viewers", "listeners"),
        pattern=r"our (?:readers|viewers|listeners)"),
    TableRule(
        name="right-of-reply-offer", label="press", score=0.75, explanation="a right-of-reply offer",
        gates=("right of reply", "right to reply"),
        pattern=r"right (?:of|to) reply"),
    TableRule(
        name="newsroom-contact", label="press", score=0.7, explanation="a newsroom contact",
        gates=("news desk", "newsdesk", "newsroom"),
        pattern=r"(?:our|the|my) (?:news ?desk|newsroom)"),
    TableRule(
        name="journalist-s-deadline", label="press", score=0.55, explanation="a journalist's deadline",
        gates=("deadline",),
        pattern=r"(?:my|our) deadline (?:is|of)"),
    TableRule(
        name="request-for-the-press-office", label="press", score=0.7, explanation="a request for the press office",
        gates=("press office", "media team", "comms team", "communications team"),
        pattern=(
            r"(?:put me in touch with|contact details for|details for|who is|number for|email for|email address for|"
            r"speak to|speak with) (?:your|the) (?:press office|media team|comms team|communications team)")),
    TableRule(
        name="interview-request", label="press", score=0.5, explanation="an interview request",
        gates=("interview",),
        pattern=r"(?:request an|like to|arrange an|set up an|available for an?) interview"),
)


class MediaEnquiryDetector(RuleTableDetector):
    """Flags journalists and broadcasters asking for comment."""

    name: ClassVar[str] = "media_enquiry"
    category: ClassVar[Category] = Category.MEDIA_ENQUIRY
    rules: ClassVar[tuple[TableRule, ...]] = _RULES
    why: ClassVar[str] = _WHY
    min_length: ClassVar[int] = 4

"""Signs that media or text is someone else's work used without permission or credit.

Catches search-engine sourcing ("found this on Google Images"), admissions ("not my photo",
"no copyright intended", "credit unknown"), stripped credits ("cropped the watermark"), copying
("copied and pasted from") and long quotations with no attribution anywhere in the post. A credit
("Photo: Jane Smith", "via @bbcnews") is never flagged. "All rights reserved" and agency names
(Getty, Shutterstock) are weak cues (0.4-0.5): the post may be licensed, but someone should check.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from socialwarden.detectors._phrases import PhraseRules, Rule, rule
from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.rulebase import PhraseDetector
from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import compile_pattern, search
from socialwarden.taxonomy import Category

_WHY = ("someone else's work used without permission or acknowledgement (copyright or other legal ownership)")

_MEDIA = (r"(?:photo(?:graph)?s?|pics?|pictures?|images?|gifs?|memes?|videos?|clips?|graphics?|art(?:work)?s?"
          r"|illustrations?|cartoons?|drawings?|designs?|infographics?|footage)")
_SEARCH = (r"(?:google(?!\s+(?:maps|street\s*view|earth|docs|forms|drive|meet|reviews|classroom))(?:\s+images)?"
           r"|bing(?:\s+images)?|image\s+search|pinterest)")
_WEB = (r"(?:internet|web|net|interwebs?|online|tumblr|reddit|someone['’]?s\s+(?:page|profile|feed|account|blog"
        r"|website|insta(?:gram)?|facebook))")
# Any of these anywhere in the post counts as attribution for a long quotation or pasted article.
_ATTRIBUTION = compile_pattern(r"\b(?:via|source|sources|credit|courtesy|according\s+to|said|says|writes|wrote"
                               r"|reports?|quoted|quoting|from\s+the)\b|https?://|www\.|@\w", regex.IGNORECASE)
_SHOWING = (r"(?:here\s+is|here['’]?s|below\s+is|(?:i|we)\s*(?:['’]ve|\s+have)?\s+(?:pasted|copied|posted|included"
            r"|reproduced|typed\s+up|scanned)|pasting|copying|reproducing|posting)\s+(?:below\s+|here\s+|in\s+)?")
_UNATTRIBUTED_ONLY = frozenset({"long_quote", "pasted_article"})


def _r(keys: tuple[str, ...], pattern: str, label: str, score: float, cue: str, back: int = 0,
       reach: int = 0) -> Rule:
    return rule(keys, pattern, Category.COPYRIGHT, label, score, cue, _WHY, back, reach=reach)


_FETCH = (r"\b(?:found|got|grabbed|took|pulled|nicked|pinched|stole|swiped|yoinked|saved|downloaded|ripped)\s+"
          r"(?:(?:this|it|these|that|the|an?|some)\s+)?(?:(?:great|lovely|cool|funny|random|nice)\s+)?(?:"
          + _MEDIA + r"\s+)?(?:on|from|off|via)\s+(?:a\s+|the\s+)?")
_RULES: tuple[Rule, ...] = (
    _r(("google", "bing", "image search", "pinterest"), _FETCH + _SEARCH + r"\b|\b" + _MEDIA + r"\s+(?:(?:is|was"
       r"|were|are)\s+)?(?:from|via|off|courtesy\s+of|taken\s+from|sourced\s+from|found\s+on|pulled\s+from)\s+"
       r"(?:a\s+)?" + _SEARCH + r"\b|\bgoogle\s+images\b", "search_engine", 0.85,
       "media sourced from a search engine", back=45),
    _r(("internet", "web", "net", "interweb*", "online", "tumblr", "reddit", "someone", "someone's", "someone’s",
        "someones"), r"(?<=(?P<lead>" + _FETCH + r"))" + _WEB + r"\b|(?<=(?P<lead>\b(?:found|got|grabbed|saved"
       r"|downloaded)\s+(?:this|it|these|that)\s+(?:" + _MEDIA + r"\s+)?))online\b", "found_online", 0.6,
       "media found online, owner unknown"),
    _r(("stolen", "nicked", "pinched", "borrowed", "lifted", "swiped", "yoinked", "ripped", "robbed"),
       r"\b(?:" + _MEDIA + r"|post|tweet|joke|content|caption|words|this|it)\s+(?:(?:shamelessly|blatantly"
       r"|totally)\s+)?(?:stolen|nicked|pinched|borrowed|lifted|swiped|yoinked|robbed|ripped)\s+(?:from|off)\b"
       r"|\b(?:i|we)\s+(?:(?:shamelessly|totally|just)\s+)?(?:stole|nicked|pinched|swiped|yoinked)\s+(?:this"
       r"|it|these|that|(?:the|their|his|her)\s+" + _MEDIA + r")\s+(?:from|off)\b", "taken", 0.8,
       "someone else's work, taken", back=30),
    _r(("not my", "not our", "own this", "own the", "own these", "own any", "own it", "no copyright", "credit*",
        "unknown", "who took", "who made", "who drew", "who created", "who owns", "who filmed", "who painted",
        "who designed", "is yours", "s yours", "whoever", "remove if", "delete if", "down if", "removal"),
       r"\bnot\s+(?:my|our)\s+(?:own\s+)?(?:" + _MEDIA + r"|work|content|words|tweet)\b|\b(?:i|we)\s+(?:do\s+not"
       r"|don['’]?t|dont)\s+own\s+(?:this|the|these|any|it)\b|\bno\s+copyright\s+(?:infringement\s+)?intended\b"
       r"|\b(?:all\s+)?credits?\s+(?:goes\s+|go\s+)?to\s+(?:the\s+)?(?:original|owner|creator|artist|respective"
       r"|whoever)\b|\b(?:credit|photo\s+credit|image\s+credit|source)\s*[:\-]?\s*(?:unknown|n/a|unsure)\b"
       r"|\b(?:photographer|artist|author|creator|original\s+poster|source)\s+unknown\b|\b(?:don['’]?t|do\s+not"
       r"|dont|no\s+idea|not\s+sure)\s+(?:know\s+)?who\s+(?:took|made|drew|created|owns|filmed|painted"
       r"|designed)\s+(?:this|it|these|the)\b|\bif\s+(?:this|it)\s+(?:is|['’]s)\s+yours\b|\bwhoever\s+(?:made"
       r"|took|owns|drew)\s+this\b|\b(?:will|happy\s+to)\s+(?:remove|delete|take\s+(?:it\s+)?down)\s+(?:it\s+)?"
       r"(?:if|on)\s+(?:asked|requested|request)\b|\b(?:dm|message)\s+(?:me|us)\s+for\s+(?:credit|removal)\b",
       "admitted_unowned", 0.8, "admits the work is someone else's", back=45),
    _r(("watermark*", "credit*", "signature", "logo", "attribution", "permission", "asking"),
       r"\b(?:remove[ds]?|removing|crop(?:ped)?\s+out|cut\s+out|blur(?:red)?\s+out|edit(?:ed)?\s+out"
       r"|photoshopp?ed\s+out)\s+(?:the\s+|their\s+|its\s+)?(?:watermarks?|credits?|signature|logo"
       r"|copyright\s+notice|attribution)\b|\b(?:repost(?:ed|ing)?|shar(?:ed|ing)|us(?:ed|ing)|post(?:ed|ing)"
       r"|upload(?:ed|ing))\s+(?:(?:this|it|their|his|her|the|an?)\s+(?:\w+\s+)?)?(?:without|w/o|with\s+no)\s+"
       r"(?:any\s+)?(?:credit|credits|permission|attribution|asking)\b", "credit_stripped", 0.85,
       "credit or permission missing", back=45),
    _r(("screenshot*", "screen shot*", "screengrab*", "screen grab*", "screencap*"),
       r"\bscreen[\s\-]?(?:shot|grab|cap)(?:s|ped|ted)?\s+(?:of\s+)?(?:their|his|her|the|a|an|this|today['’]?s)"
       r"\s+(?:\w+\s+){0,2}?(?:article|post|tweet|story|paper|newspaper|report|piece|blog|thread|newsletter"
       r"|chart|column|headline|front\s+page|artwork|comic|cartoon)\b", "screenshot", 0.6,
       "screenshot of someone else's published work"),
    _r(("copied", "copy", "pasted", "c&p", "c & p", "copypasta"), r"\b(?:copied|copy[\s\-]?pasted|c\s*&\s*p(?:['’]?d)?"
       r"|pasted)\s+(?:(?:and\s+pasted|word\s+for\s+word|verbatim|straight|directly|wholesale)\s+)*(?:from|off)"
       r"\b|\bcopypasta\b", "copied", 0.6, "text or media copied from elsewhere"),
    _r(("meme*",), r"\b(?:random\s+)?meme\s+(?:i|we)\s+(?:found|saw|came\s+across|stumbled\s+(?:on|across))"
       r"|\bfound\s+(?:this|a|the)\s+(?:great\s+|funny\s+)?meme\b|\bsaw\s+this\s+meme\b", "found_meme", 0.6,
       "meme of unknown origin", back=25),
    _r(("getty", "gettyimages", "shutterstock", "alamy", "istock*", "dreamstime", "123rf", "adobe stock",
        "depositphotos", "pa images"),
       r"\b(?:getty\s+images|gettyimages|shutterstock|alamy|istock(?:photo)?|dreamstime|123rf|adobe\s+stock"
       r"|depositphotos|pa\s+images)\b", "stock_agency", 0.5,
       "picture-agency name: check the licence covers this use"),
    _r(("©", "copyright", "all rights reserved"), r"(?:©\s*(?:\d{4}(?:[\-–]\d{2,4})?\s*)?|\bcopyright\s+(?:©\s*)?"
       r"\d{4}(?:[\-–]\d{2,4})?\s+)(?-i:[A-Z])[\w&.'’\-]*(?:\s+(?-i:[A-Z])[\w&.'’\-]*){0,4}|\ball\s+rights\s+"
       r"reserved\b", "rights_notice", 0.4, "third-party rights notice: check who owns this"),
    _r(("continue reading", "subscribe", "sign up to", "subscribers only"),
       r"(?:continue\s+reading|subscribe\s+(?:now\s+)?to\s+(?:read|continue)|sign\s+up\s+to\s+(?:read"
       r"|continue)|subscribers\s+only)\b", "pasted_article", 0.55,
       "paywall footer: looks like a pasted article with no credit"),
    _r(('"', "“"), r"[\"“][^\"”\n]{300,2000}[\"”]", "long_quote", 0.5,
       "long quotation with no credit or link anywhere in the post", reach=302),  # two marks and 300 between
    rule(keys=("full", "entire", "complete", "whole"), back=70, category=Category.COPYRIGHT, label="copied_in_full",
         score=0.8, why=_WHY, cue="someone else's text reproduced in full",
         pattern=r"\b" + _SHOWING + r"(?:the|this)\s+(?:full|entire|complete|whole)\s+"
                 r"(?:text|article|chapter|transcript"
                 r"|report|lyrics|script|paper|book|story|piece|column|contents?)\s+of\s+(?!(?:our|my|your|this|today['’]?s"
                 r"|the\s+(?:council|society|trust|network)['’]?s?)\b)(?:chapter\s+\w+\s+of\s+)?(?:[\w'’.]+\s+){0,5}?"
                 r"(?:book|article|paper|report|novel|column|piece|song|album|story|study|thesis|textbook|guide|magazine"
                 r"|newspaper|speech|poem|lecture)\b"),
    rule(keys=("full", "entire", "whole"), back=70, category=Category.COPYRIGHT, label="copied_in_full",
         score=0.7, why=_WHY, cue="a published work apparently reproduced in full",
         pattern=r"\b" + _SHOWING + r"(?:the|this)\s+(?:full|entire|whole)\s+"
                 r"(?:article|chapter|book|lyrics|column|paper"
                 r"|transcript)\b(?!\s+(?:on|at|from|via|in|of)\s+(?:our|my|the|this)\b)(?!\s+(?:here|below)?\s*:?\s*"
                 r"(?:https?://|www\.))"),
    rule(keys=("paywalled", "paywall"), back=60, category=Category.COPYRIGHT, label="paywall_bypass", score=0.75,
         why=_WHY, cue="a paywalled article copied to get round the paywall",
         pattern=r"\b(?:since|as|because|cos|coz)\s+it['’]?s\s+(?:paywalled|behind\s+(?:a|the)\s+paywall)|\bfor\s+those"
                 r"\s+(?:without|who\s+can['’]?t\s+get\s+past)\s+(?:a\s+|the\s+)?(?:subscription|paywall)"
                 r"|\b(?:pasted|copied)\s+(?:\w+\s+){0,3}?(?:from\s+)?(?:behind\s+)?(?:the\s+|a\s+)?paywall"),
)
_PHRASES = PhraseRules(_RULES)


class CopyrightDetector(PhraseDetector):
    """Unattributed, search-engine-sourced or copied media and text (see module docstring)."""

    name: ClassVar[str] = "copyright"

    def build(self, config: DetectorConfig) -> PhraseRules:
        return _PHRASES

    def finish(self, text: str, found: tuple[Finding, ...]) -> tuple[Finding, ...]:
        """Drop the "no credit" findings when the post credits a source somewhere."""
        if any(f.label in _UNATTRIBUTED_ONLY for f in found) and search(_ATTRIBUTION, text):
            found = tuple(f for f in found if f.label not in _UNATTRIBUTED_ONLY)
        return found

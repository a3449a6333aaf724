"""Personal promotion through an official role: a conflict of interest.

Staff, councillors and trustees must not use their affiliation to promote personal financial interests,
personal commercial ventures or personal campaigns, and must disclose conflicts of interest. A finding needs a
promotion of one's own or one's family's business or campaign ("I can recommend my brother's building firm", "use
my company", "sign my petition"); it scores high when the author also invokes their role ("As a council planning
officer ...", "in my role as trustee ...").

Not caught: the organisation recommending its own services ("we recommend our evening courses"), and a resident
recommending a business they do not own ("I can recommend Acme Builders", which solicitation judges).
"""

from __future__ import annotations

from typing import ClassVar

from socialwarden.detectors.rulebase import RuleTableDetector, TableRule
from socialwarden.taxonomy import Category

_WHY = ("uses a personal connection (and perhaps an official role) to promote a personal or family interest: a "
        "conflict of interest that must be disclosed, and not promoted through the role")
_AP = "['’]"
_ROLE = (r"(?:(?:as|in\s+my\s+(?:role|capacity|job|position)\s+as|speaking\s+as|wearing\s+my\s+[\w-]+\s+hat(?:\s+as)?|"
         r"being)\s+(?:a|an|the|your|our|one\s+of\s+(?:the|your))?\s*(?:[\w-]+\s+){0,3}?(?:officer|councillor|cllr|"
         r"trustee|director|manager|employee|member\s+of\s+staff|staff\s+member|board\s+member|committee\s+member|"
         r"chair(?:man|woman|person)?|clerk|inspector|planner|assessor|tutor|trainer|lecturer|social\s+worker|ceo|"
         r"chief\s+executive|head\s+of\s+[\w-]+|secretary|treasurer|governor|mayor)s?"
         r"|(?:i|we)\s+work\s+(?:for|at|in)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:council|trust|society|network)"
         r"|(?:my|our)\s+(?:council|official|work)\s+(?:role|position|job))\b")
_KIN = (r"(?:brother|sister|wife|husband|partner|son|daughter|dad|father|mum|mother|cousin|friend|mate|uncle|aunt|"
        r"family|brother-in-law|sister-in-law|son-in-law|daughter-in-law|other\s+half)")
_BUSINESS = (r"(?:firm|company|business|shop|services?|products?|consultancy|practice|agency|builders?|"
             r"contractors?|app|book|course|restaurant|café|cafe|salon|garage|pub|bakery|band|gym|nursery|"
             r"clinic|surgery|lettings|estate\s+agents?|removals|plumbing|electricals?|roofing)")
_PROMOTE = (rf"(?:(?:(?:i|we)\s+)?(?:(?:can|could|would|do|highly|strongly|definitely|personally|always|also)\s+)*"
            rf"recommend\s+(?:my|our\s+(?:family|own))\s+(?:own\s+)?(?:{_KIN}{_AP}?s?\s+)?(?:[\w&-]+\s+){{0,2}}"
            rf"{_BUSINESS}"
            rf"|(?:use|try|hire|call|contact|book|go\s+to|visit|buy\s+from|check\s+out|support)\s+my\s+(?:own\s+)?"
            rf"(?:{_KIN}{_AP}?s?\s+)?(?:[\w&-]+\s+){{0,2}}{_BUSINESS}"
            rf"|(?:sign|share|support|back|donate\s+to|vote\s+for)\s+my\s+(?:{_KIN}{_AP}?s?\s+)?(?:[\w-]+\s+)?"
            rf"(?:petition|campaign|"
            rf"crowdfunder|gofundme|fundraiser|planning\s+application|application)"
            rf"|my\s+(?:own\s+)?(?:{_KIN}{_AP}?s?\s+)?(?:company|firm|business|consultancy)\s+(?:can|will|does|"
            rf"offers?|provides?|specialises|specializes|is\s+the\s+best))\b")
_GATES = ("recommend my", "recommend our family", "recommend our own", "use my", "try my", "hire my", "call my",
          "contact my", "book my", "go to my", "visit my", "buy from my", "check out my", "support my", "sign my",
          "share my", "back my", "donate to my", "vote for my", "my company", "my firm", "my business",
          "my consultancy", "my own company", "my own firm", "my own business")
_ROLE_GATES = tuple("&" + w for w in ("officer", "councillor", "cllr", "trustee", "director", "manager", "employee",
                                      "staff", "board member", "committee member", "chair", "clerk", "inspector",
                                      "planner", "assessor", "tutor", "trainer", "lecturer", "social worker", "ceo",
                                      "chief executive", "head of", "secretary", "treasurer", "governor", "mayor",
                                      "work for", "work at", "work in", "council role", "official role", "work role"))
_RULES: tuple[TableRule, ...] = (
    TableRule(name="role-then-promotion", label="role_promotion", score=0.85,
              explanation="promotes a personal or family business or campaign while invoking an official role",
              gates=(*_GATES, *_ROLE_GATES), pattern=rf"\b{_ROLE}[^\n]{{0,150}}?{_PROMOTE}"),
    TableRule(name="promotion-then-role", label="role_promotion", score=0.85,
              explanation="promotes a personal or family business or campaign while invoking an official role",
              gates=(*_GATES, *_ROLE_GATES), pattern=rf"{_PROMOTE}[^\n]{{0,100}}?\b{_ROLE}"),
    TableRule(name="personal-promotion", label="personal_promotion", score=0.6,
              explanation="promotes the author's own or a relative's business or campaign",
              gates=_GATES, pattern=_PROMOTE),
)


class PromotionDetector(RuleTableDetector):
    """Promotion of personal or family interests, above all through an official role (see module docstring)."""

    name: ClassVar[str] = "promotion"
    category: ClassVar[Category] = Category.CONFLICT_OF_INTEREST
    rules: ClassVar[tuple[TableRule, ...]] = _RULES
    why: ClassVar[str] = _WHY
    min_length: ClassVar[int] = 10

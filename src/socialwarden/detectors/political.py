"""Party-political content: parties, elections, candidates and partisan statements.

Policies: the Society keeps "party-political neutrality" (6c); Gosport removes "politically motivated"
comments (19); council officers must not "make any political comment; state any political preference or
make any kind of partisan comment". So we report the evidence and let the policy decide what to do.

Labels: "party" (a UK party named in a political sense, or a current or recent party leader: a weaker,
suspect signal), "election" (elections, polling, manifestos: neutral notices can mention these, so scores
are moderate), "candidate" (MPs, candidates, party-tagged councillors and the organisation's own
``DetectorConfig.political_terms``) and "partisan" (voting intentions, party hashtags, "the Tories have
ruined...", "this government is a disgrace").

False positives avoided by requiring capitals or political context for ambiguous names: "labour market",
"Conservative estimates", "green spaces", "party in the park", "the reform of adult social care", "vote of
thanks", "alliance of charities" and "#LabourMarket" do not match.
"""

from __future__ import annotations

from typing import ClassVar

import regex

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

_WHY = ("the Society keeps party-political neutrality, Gosport removes politically motivated comments and "
        "officers must not make political or partisan comment")


# Patterns are case-sensitive unless marked (?i:...): capitals are what tell "Labour" from "labour costs".
_PARTY = (  # in voting and attack phrases; ambiguous words (Reform, Green, Alliance) need their capital
    r"(?i:labour(?: party)?|tory|tories|conservatives?(?: party)?|lib ?dems?|liberal democrats?|reform uk|"
    r"green party|snp|plaid(?: cymru)?|ukip|sinn f[eé]in|brexit party)|DUP|Reform|Greens?|Alliance"
)
_PARTY_CAPS = (  # after "support", "back" or "join", where lower case is usually a cause, not a party
    r"Labour|Tory|Tories|Conservatives?|Lib ?Dems?|Liberal Democrats?|Reform(?: UK)?|Green Party|Greens|SNP|"
    r"Plaid(?: Cymru)?|UKIP|Sinn F[eé]in|DUP|Alliance"
)
_LEADERS = (
    r"(?:Keir )?Starmer|(?:Rishi )?Sunak|Liz Truss|Boris Johnson|Theresa May|David Cameron|(?:Kemi )?Badenoch|"
    r"(?:Nigel )?Farage|(?:Jeremy )?Corbyn|Ed Davey|Ed Miliband|Angela Rayner|Rachel Reeves|(?:Suella )?Braverman|"
    r"(?:Robert )?Jenrick|Penny Mordaunt|Nicola Sturgeon|Humza Yousaf|John Swinney|Carla Denyer|Adrian Ramsay|"
    r"Zack Polanski|Rhun ap Iorwerth|Mary Lou McDonald|Michelle O['’]Neill|Jeffrey Donaldson|Gavin Robinson|"
    r"Naomi Long|Richard Tice|Michael Gove|Jeremy Hunt|Yvette Cooper|David Lammy|Wes Streeting|Priti Patel|"
    r"Matt Hancock|Kwasi Kwarteng|Nadhim Zahawi|Lee Anderson|Tim Farron|Jo Swinson|Caroline Lucas|Andy Burnham|"
    r"Sadiq Khan"
)
_LEADER_GATES = ("starmer", "sunak", "liz truss", "boris johnson", "theresa may", "david cameron", "badenoch",
                 "farage", "corbyn", "ed davey", "ed miliband", "angela rayner", "rachel reeves", "braverman",
                 "jenrick", "penny mordaunt", "nicola sturgeon", "humza yousaf", "john swinney", "carla denyer",
                 "adrian ramsay", "zack polanski", "rhun ap", "mary lou", "michelle o", "jeffrey donaldson",
                 "gavin robinson", "naomi long", "richard tice", "michael gove", "jeremy hunt", "yvette cooper",
                 "david lammy", "wes streeting", "priti patel", "matt hancock", "kwasi kwarteng", "nadhim zahawi",
                 "lee anderson", "tim farron", "jo swinson", "caroline lucas", "andy burnham", "sadiq khan")
_PARTY_GATES = ("labour", "tory", "tories", "conservative", "lib dem", "libdem", "liberal democrat", "reform",
                "green", "snp", "plaid", "ukip", "sinn f", "brexit party", "dup", "alliance")
# Nouns that make a capitalised "Labour", "Conservative", "Green" or "Reform" a party.
_POLNOUN = (
    r"(?:[Pp]arty|MPs?|MSPs?|MEPs?|[Cc]ouncillors?|Cllrs?|[Cc]andidates?|[Gg]overnments?|[Ll]eader(?:ship)?|"
    r"[Vv]oters?|[Mm]anifesto|[Mm]embers?|[Pp]eers?|[Mm]inisters?|[Cc]ampaign(?:ers)?|[Aa]ctivists?|"
    r"[Ss]upporters?|[Aa]dministration|[Gg]roup|[Mm]ajority|[Cc]onference|[Ww]hips?|[Bb]enches|[Ff]rontbench|"
    r"[Bb]ackbench(?:ers?)?|[Mm]ayor|[Cc]ouncils?|[Ss]eats?|[Hh]eld|[Gg]ains?|[Vv]ictory|[Ll]andslide|[Dd]onors?|"
    r"HQ|run|led|controlled|won|lost|wins|pledged|promised|announced|has pledged|have pledged)"
)
# Fewer nouns for words that are also ordinary ("Green seats", "the Prison Reform Group").
_POLNOUN_NARROW = (
    r"(?:[Pp]arty|MPs?|MSPs?|MEPs?|[Cc]ouncillors?|Cllrs?|[Cc]andidates?|[Gg]overnment|(?:co-)?[Ll]eader|[Vv]oters|"
    r"[Mm]anifesto|[Mm]ajority|run|led|controlled|gains?|won|wins)"
)
_ATTACK = (
    r"(?i:ruined|destroyed|wrecked|failed|broken|betrayed|trashed|bankrupted|sold (?:us )?out|lied|ruining|"
    r"destroying|wrecking|failing|betraying|disgrace|disgraceful|shambles|joke|corrupt|incompetent|useless|"
    r"clueless|liars|lying|evil|criminals?|scum|out of touch|disaster|pathetic|hopeless|spineless|heartless|"
    r"crooks|traitors)"
)
_TARGET = (
    rf"(?:(?i:the )?(?:{_PARTY})|(?i:this|the|our|current|present) (?i:(?:tory |labour )?(?:government|govt))|"
    rf"Starmer|Sunak|Truss|Boris|Badenoch|Farage|Corbyn)"
)
_TARGET_GATES = (*_PARTY_GATES, "government", "govt", "starmer", "sunak", "truss", "boris", "badenoch", "farage",
                 "corbyn")
# Attack words, a second ("&") gate group for the partisan-attack rule.
_ATTACK_GATES = tuple("&" + word for word in (
    "ruin", "destroy", "wreck", "fail", "broke", "betray", "trash", "bankrupt", "sold", "lied", "lying", "disgrace",
    "shambles", "joke", "corrupt", "incompetent", "useless", "clueless", "liars", "evil", "criminal", "scum",
    "out of touch", "disaster", "pathetic", "hopeless", "spineless", "heartless", "crooks", "traitors"))
# Party names inside hashtags ("#ToriesOut", "#VoteLabour"), but not "#LabourMarket" or "#History".
_TAG_PARTY = (r"(?:tories|tory|labour(?!market|force|shortage|costs?|supply|productivity|share|stats?|law|day|ward)|"
              r"conservatives?|libdems?|reformuk|snp|starmer|sunak|farage|badenoch|corbyn)")
# "labour market", "labour costs", "the Labour ward" (maternity) are not the party.
_NOT_ECONOMICS = (r"(?! (?i:market|costs?|force|shortage|supply|productivity|share|intensive|law|relations|wards?|"
                  r"suite|unit))")

# (label, score, meaning, gate words, pattern). A rule runs only if one of its gate words occurs in the lowered
# text, and one of its "&" gate words too if it has any. In a pattern " ?" is optional whitespace and " " is one
# or more whitespace characters.
_RULES: tuple[tuple[str, float, str, tuple[str, ...], str], ...] = (
    ("partisan", 0.9, "a partisan attack", _TARGET_GATES + _ATTACK_GATES,
     rf"{_TARGET} (?i:(?:have|has|had|are|is|were|was|keep|just|literally)(?: (?:completely|totally|utterly|"
     rf"absolutely|just|literally|a|an|such a|so|an absolute|a complete|a total|an utter))* )?{_ATTACK}"),
    ("partisan", 0.9, "a call to remove a party", (*_TARGET_GATES, "& out"),
     rf"(?i:get|kick|vote|throw|boot|turf) {_TARGET} (?i:out)"),
    ("partisan", 0.85, "a voting intention for or against a party", (*_PARTY_GATES, "&vot"),
     rf"(?i:vote|voting|voted|votes) (?i:for |against )?(?i:the )?(?:{_PARTY}){_NOT_ECONOMICS}"),
    ("partisan", 0.7, "a voting intention", ("vote", "voting"),
     r"(?i:vote|voting|voted) (?i:for|against) (?i:the |this |any )?(?i:government|opposition|party|parties|"
     r"candidates?)"),
    ("partisan", 0.85, "a partisan hashtag", ("#",),
     rf"#(?i:(?:never|vote|voted|anti|stop|get|the|no|sack|ditch|kick|notmy|bye|back|join|fire)+{_TAG_PARTY}\w*"
     rf"|{_TAG_PARTY}(?:out|in|must\w*|scum|fail\w*|lies|liars|corrupt\w*|shambles|chaos|sleaze|crime\w*|"
     r"disaster|betray\w*|lied)|gtto\w*|getthetoriesout)"),
    ("party", 0.75, "a party hashtag", ("#",), rf"#(?i:{_TAG_PARTY}\w*)"),
    ("election", 0.7, "an election hashtag", ("#",),
     r"#(?i:ge20\d\d|ge\d\d|generalelection\w*|localelections?\w*|byelection\w*|votinghour\w*|polling\w*)"),
    ("party", 0.75, "support for a party", (*_PARTY_GATES, "&back", "&support", "&join", "&defect"),
     rf"(?i:backing|backed|back|support|supporting|supported|joined|join|defected to|defect to) "
     rf"(?i:the )?(?:{_PARTY_CAPS}){_NOT_ECONOMICS}"),
    ("party", 0.9, "a UK political party",
     ("labour party", "conservative party", "green party", "reform uk", "plaid cymru", "sinn f", "ukip",
      "brexit party", "alliance party", "co-operative party", "loony", "lib dem", "libdem", "liberal democrat",
      "tory", "tories", "snp", "dup", "sdlp", "uup", "tuv"),
     r"(?i:labour party|conservative party|the green party|reform uk|plaid cymru|sinn f[eé]in|ukip|brexit party|"
     r"co-operative party|monster raving loony|lib ?dems?|liberal democrats?|tory|tories)|Green Party|"
     r"Alliance Party|SNP|DUP|SDLP|UUP|TUV"),
    ("party", 0.85, "a UK political party", ("conservative", "labour", "green", "reform", "plaid"),
     rf"(?:Conservative|Labour)(?:['’]s)?(?:-| ){_POLNOUN}|(?:Green|Reform|Plaid)(?:['’]s)?(?:-| ){_POLNOUN_NARROW}"
     r"|Conservatives|New Labour|Scottish Labour|Welsh Labour"),
    ("party", 0.55, "a capitalised party name mid-sentence", ("labour",),
     rf"(?<=[a-z,;:] )Labour(?:['’]s)?{_NOT_ECONOMICS}"),
    ("party", 0.75, "a party conference", ("party conference",), r"(?i:party conferences?)"),
    ("election", 0.7, "an election", ("election",),
     r"(?i:general election|by-?elections?|by elections?|snap election|mayoral elections?|election campaign|"
     r"election day|election results?|election count)"),
    ("election", 0.6, "an election", ("election",),
     r"(?i:(?:local|council|county council|district council|parish council|borough council|european) elections?)"),
    ("election", 0.6, "election language", ("polling", "hustings", "ballot box", "manifesto", "referendum"),
     r"(?i:polling day|polling stations?|hustings|ballot box|(?:party |election )?manifestos?|referendum)"),
    ("election", 0.5, "electoral registration", ("register to vote", "postal vote", "electoral register"),
     r"(?i:register to vote|postal votes?|electoral register)"),
    ("candidate", 0.75, "a named MP", ("mp for",), r"MP for [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}"),
    ("candidate", 0.75, "a candidate", ("candidate", "standing for", "stand for", "stood for"),
     r"(?i:parliamentary|prospective|council|mayoral|election|independent) (?i:candidates?)"
     r"|(?i:standing|stand|stood) (?i:for) (?i:election|re-election|parliament|council|mayor)"),
    ("candidate", 0.85, "a councillor tagged with a party", ("cllr", "councillor"),
     r"(?i:councillor|cllr\.?) [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? \((?i:con|lab|ld|lib dem|libdem|conservative|"
     r"labour|green|grn|reform|reform uk|ref|snp|plaid|ind|independent|ukip|dup)\)"),
    ("candidate", 0.7, "a name tagged with a party",
     ("(con", "(lab", "(ld", "(lib", "(grn", "(green", "(ref", "(snp", "(ukip"),
     r"[A-Z][\w'’-]+ [A-Z][\w'’-]+ \((?:Con|Lab|LD|Lib Dem|Grn|Green|Ref|Reform|SNP|UKIP|Conservative|Labour)\)"),
    ("party", 0.5, "a current or recent party leader", _LEADER_GATES, _LEADERS),
)
_SUSPECT = "a current or recent party leader"  # reported with tier "suspect": a name alone is weak evidence


class PoliticalDetector:
    """Flags party-political and partisan content; ``political_terms`` adds local names."""

    name: ClassVar[str] = "political"

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self._config = config or DetectorConfig()
        rules = list(_RULES)
        terms = sorted({t.strip() for t in self._config.political_terms if t and t.strip()}, key=len, reverse=True)
        if terms:
            alternation = "|".join(regex.escape(t).replace(r"\ ", " ") for t in terms)
            rules.append(("candidate", 0.8, "a name your policy lists as political",
                          tuple(t.lower().split()[0] for t in terms), f"(?i:{alternation})"))
        self._rules = tuple((_compile(rule[4], 0), *rule[:3]) for rule in rules)
        # One Aho-Corasick pass over the lowered text tells which rules can match at all.
        self._gates, self._need = _gates(rule[3] for rule in rules)

    def analyse(self, text: str) -> tuple[Finding, ...]:
        if not isinstance(text, str) or len(text) < 3:
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
                        category=Category.POLITICAL, start=start, end=end, score=score, detector=self.name,
                        label=label, tier="suspect" if meaning == _SUSPECT else None,
                        explanation=f"matched '{_quote(match.group())}', {meaning}: {_WHY}",
                    ))
        return _drop_overlaps(found)



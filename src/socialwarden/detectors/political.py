"""Party-political content: parties, elections, candidates and partisan statements.

Policies keep organisations party-politically neutral: no politically motivated comments, no political preference
or partisan comment. So we report the evidence of campaigning, endorsement and party attacks and let the pack's
rules decide what to do. Neutral electoral administration (polling stations and their hours, polling cards,
registering to vote, postal votes, count times, election results, council meeting notices) is not flagged at all,
and neither is a minister or party leader named in passing.

Labels: "party" (a UK party named in a political sense), "candidate" (a party's candidate, someone campaigning
for their own election, party-tagged councillors, an MP named in passing at a low score, and the organisation's
own ``DetectorConfig.political_terms``) and "partisan" (voting intentions for a party, leader or named person,
campaigning, party hashtags, "the Tories have ruined...", "this government is a disgrace").

Scores are graded by what the text does with a party: campaigning, credit, attacks and voting intentions score 0.7
and up (packs block them in their own posts), a party or a party's candidate merely named scores ``NAMED`` (0.6,
packs warn), and a party named in neutral election information (results, nominations) or as a past government is
adjusted below every rule (``adjust``, kind ``neutral_context``). Informal names ("Tories") stay at 0.9.

False positives avoided by requiring capitals or political context for ambiguous names: "labour market",
"Conservative estimates", "green spaces", "party in the park", "the reform of adult social care", "vote of
thanks", "alliance of charities" and "#LabourMarket" do not match.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.rulebase import RuleTableDetector, TableRule
from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import lazy_pattern, search
from socialwarden.taxonomy import Category

_WHY = ("party-political or partisan content: campaigning, endorsing or attacking a party or candidate (neutral "
        "electoral administration such as polling stations, registering to vote or count times is not flagged)")


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
    rf"Starmer|Sunak|Truss|Boris|Badenoch|Farage|Corbyn|Davey|Polanski|Swinney)"
)
_TARGET_GATES = (*_PARTY_GATES, "government", "govt", "starmer", "sunak", "truss", "boris", "badenoch", "farage",
                 "corbyn", "davey", "polanski", "swinney")
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
                  r"suite|unit|organi[sz]ation|abuse|standards|exchange|inspectorate|court|statistics|movement))")

# A party or a party's person named without praise, attack or campaigning: evidence for a person to judge (packs
# warn on it in their own posts), below the scores of the partisan rules (which packs block).
NAMED = 0.6
# A party, a body it runs, or a leader, as the object of credit ("thanks to the Labour-led council").
_TARGET_NAMED = (
    rf"(?:(?i:the )?(?:{_PARTY})(?:(?:-| )(?i:led|run|controlled))?"
    rf"(?: (?i:government|council|administration|councillors|MPs|group))?|{_LEADERS})"
)
# Neutral election information (results, nominations, notices of poll) names parties because it must; a
# government named by its years ("the 2010 to 2015 coalition government") is history, not a preference.
_NEUTRAL_CONTEXT = lazy_pattern(
    r"(?i:statement of persons nominated|persons nominated|notice of poll|candidates? (?:standing|nominated)"
    r"|(?:by-)?elections? results?|results? of the (?:\w+ )?(?:by-)?election|declaration of (?:the )?results?"
    r"|declared elected|duly elected|(?:was|were) elected|\d[\d,]* votes|turnout of|returning officer)"
    r"|(?:1[89]\d\d|20\d\d)s?(?: ?(?:to|-|–) ?(?:1[89]\d\d|20\d\d))? (?:[A-Z][\w'’]+ (?:and )?){0,6}"
    r"(?i:coalition )?(?i:government|administration|ministry)")
_NEUTRAL_FACTOR = 0.6
_NEUTRAL_REASON = "named in neutral election information or as a past government, not as a preference"

# (label, score, meaning, gate words, pattern). A rule runs only if one of its gate words occurs in the lowered
# text, and one of its "&" gate words too if it has any. In a pattern " ?" is optional whitespace and " " is one
# or more whitespace characters.
_RULES: tuple[TableRule, ...] = (
    TableRule(
        name="partisan-attack", label="partisan", score=0.9, explanation="a partisan attack",
        gates=_TARGET_GATES + _ATTACK_GATES,
        pattern=(
            rf"{_TARGET} (?i:(?:have|has|had|are|is|were|was|keep|just|literally)(?: (?:completely|totally|utterly|"
            rf"absolutely|just|literally|a|an|such a|so|an absolute|a complete|a total|an utter))* )?{_ATTACK}")),
    TableRule(
        name="call-to-remove-a-party", label="partisan", score=0.9, explanation="a call to remove a party",
        gates=(*_TARGET_GATES, "& out"),
        pattern=rf"(?i:get|kick|vote|throw|boot|turf) {_TARGET} (?i:out)"),
    TableRule(
        name="voting-intention-for-or-against-a-party", label="partisan", score=0.85,
        explanation="a voting intention for or against a party",
        gates=(*_PARTY_GATES, *_LEADER_GATES, "&vot"),
        pattern=rf"(?i:vote|voting|voted|votes) (?i:for |against )?(?i:the )?(?:{_PARTY}|{_LEADERS}){_NOT_ECONOMICS}"),
    TableRule(
        name="voting-intention", label="partisan", score=0.7, explanation="a voting intention",
        gates=("vote", "voting"),
        pattern=(
            r"(?i:vote|voting|voted) (?i:for|against) (?i:the |this |any )?(?i:government|opposition|party|parties|"
            r"candidates?)")),
    TableRule(
        name="partisan-hashtag", label="partisan", score=0.85, explanation="a partisan hashtag",
        gates=("#",),
        pattern=(
            rf"#(?i:(?:never|vote|voted|anti|stop|get|the|no|sack|ditch|kick|notmy|bye|back|join|fire)+{_TAG_PARTY}\w*"
            rf"|{_TAG_PARTY}(?:out|in|must\w*|scum|fail\w*|lies|liars|corrupt\w*|shambles|chaos|sleaze|crime\w*|"
            r"disaster|betray\w*|lied)|gtto\w*|getthetoriesout)")),
    TableRule(
        name="party-hashtag", label="party", score=0.75, explanation="a party hashtag",
        gates=("#",),
        pattern=rf"#(?i:{_TAG_PARTY}\w*)"),
    TableRule(
        name="support-for-a-party", label="party", score=0.75, explanation="support for a party",
        gates=(*_PARTY_GATES, "&back", "&support", "&join", "&defect"),
        pattern=(
            rf"(?i:backing|backed|back|support|supporting|supported|joined|join|defected to|defect to) "
            rf"(?i:the )?(?:{_PARTY_CAPS}){_NOT_ECONOMICS}")),
    TableRule(  # the informal names are how people argue about a party, not how they describe one
        name="informal-party-name", label="party", score=0.9, explanation="a UK political party, informally",
        gates=("tory", "tories", "lib dem", "libdem"),
        pattern=r"(?i:tory|tories|lib ?dems?)"),
    TableRule(
        name="uk-political-party", label="party", score=NAMED, explanation="a UK political party named",
        gates=("labour party", "conservative party", "green party", "reform uk", "plaid cymru", "sinn f", "ukip",
               "brexit party", "alliance party", "co-operative party", "loony", "liberal democrat", "snp", "dup",
               "sdlp", "uup", "tuv"),
        pattern=(
            r"(?i:labour party|conservative party|the green party|reform uk|plaid cymru|sinn f[eé]in|ukip|brexit party|"
            r"co-operative party|monster raving loony|liberal democrats?)|Green Party|"
            r"Alliance Party|SNP|DUP|SDLP|UUP|TUV")),
    TableRule(
        name="credit-to-a-party", label="partisan", score=0.8, explanation="credit or praise given to a party",
        gates=(*_TARGET_GATES, "&thanks to", "&credit", "&well done", "&proud of", "&delivered", "&delivering",
               "&praise"),
        pattern=(
            rf"(?i:thanks to|credit to|well done(?: to)?|proud of|praise for|all credit to) {_TARGET_NAMED}"
            rf"|{_TARGET_NAMED} (?i:(?:has|have|is|are|had) )?(?i:delivered|delivering|kept (?:its|their) promise)")),
    TableRule(
        name="uk-political-party-2", label="party", score=NAMED, explanation="a UK political party named",
        gates=("conservative", "labour", "green", "reform", "plaid"),
        pattern=(
            rf"(?:Conservative|Labour)(?:['’]s)?(?:-| ){_POLNOUN}|(?:Green|Reform|Plaid)(?:['’]s)?(?:-"
            rf"| ){_POLNOUN_NARROW}"
            r"|Conservatives|New Labour|Scottish Labour|Welsh Labour")),
    TableRule(
        name="capitalised-party-name-mid-sentence", label="party", score=NAMED - 0.05,
        explanation="a capitalised party name mid-sentence",
        gates=("labour",),
        pattern=rf"(?<=[a-z,;:] )Labour(?:['’]s)?{_NOT_ECONOMICS}"),
    TableRule(
        name="party-conference", label="party", score=0.75, explanation="a party conference",
        gates=("party conference",),
        pattern=r"(?i:party conferences?)"),
    TableRule(  # an MP named in passing is not campaigning: kept for analysts, below every rule's threshold
        name="named-mp", label="candidate", score=0.4, explanation="a named MP",
        gates=("mp for",),
        pattern=r"MP for [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}"),
    TableRule(
        name="party-candidate", label="candidate", score=0.75, explanation="a party's candidate",
        gates=("candidate",),
        pattern=r"(?i:prospective parliamentary|prospective|parliamentary) (?i:candidates?)"),
    TableRule(
        name="own-candidacy", label="candidate", score=0.8, explanation="someone campaigning for their own election",
        gates=("standing", "stand as", "stand for", "running for", "re-elect", "vote for me", "vote for us",
               "elect me"),
        pattern=(
            r"(?i:(?:I|we)(?:['’]m| am|['’]re| are| will be|['’]ll be) (?:proud(?:ly)? (?:to be )?)?"
            r"(?:standing|running) (?:as|for)"
            r"|(?:proud|honoured|delighted|excited) to (?:be )?(?:stand|standing|run|running) (?:as|for)"
            r"|re-elect me|vote for (?:me|us)|elect me)")),
    TableRule(
        name="campaigning", label="partisan", score=0.8, explanation="campaigning for a candidate or party",
        gates=("re-elect", "reelect", "canvass", "leaflet", "campaign for", "campaigning for", "vote for"),
        pattern=(
            r"(?i:re-?elect|canvass(?:ing)? for|delivering leaflets for|(?:join|support|back) (?:our|my|the) "
            r"campaign (?:for|to elect)|campaigning for) (?:Cllr\.? |Councillor )?[A-Z][\w'’-]+"
            r"|(?i:please |make sure you |remember to |don['’]t forget to )?(?i:vote for) (?:Cllr\.? |Councillor )?"
            r"[A-Z][a-z][\w'’-]+(?: [A-Z][\w'’-]+)?"
            r"(?![^.!?\n]{0,60}(?i:awards?|prize|competition|contest|categor|nominat|trophy|of the year|favourite"
            r"|best|bake|show|quiz|raffle|talent|photo|picture|entry|entries|design|poster|name))")),
    TableRule(
        name="councillor-tagged-with-a-party", label="candidate", score=NAMED,
        explanation="a councillor tagged with a party",
        gates=("cllr", "councillor"),
        pattern=(
            r"(?i:councillor|cllr\.?) [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? \((?i:con|lab|ld|lib dem|libdem|conservative|"
            r"labour|green|grn|reform|reform uk|ref|snp|plaid|ind|independent|ukip|dup)\)")),
    TableRule(
        name="name-tagged-with-a-party", label="candidate", score=NAMED, explanation="a name tagged with a party",
        gates=("(con", "(lab", "(ld", "(lib", "(grn", "(green", "(ref", "(snp", "(ukip"),
        pattern=(
            r"[A-Z][\w'’-]+ [A-Z][\w'’-]+ \((?:Con|Lab|LD|Lib Dem|Grn|Green|Ref|Reform|SNP|UKIP|Conservative"
            r"|Labour)\)")),
)


class PoliticalDetector(RuleTableDetector):
    """Flags party-political and partisan content; ``political_terms`` adds local names."""

    name: ClassVar[str] = "political"
    category: ClassVar[Category] = Category.POLITICAL
    rules: ClassVar[tuple[TableRule, ...]] = _RULES
    why: ClassVar[str] = _WHY
    ignore_case: ClassVar[bool] = False  # capitals tell "Labour" the party from "labour costs"

    def adjust(self, text: str, found: tuple[Finding, ...]) -> tuple[Finding, ...]:
        if search(_NEUTRAL_CONTEXT, text[:20_000]) is None:
            return found
        return tuple(f.adjusted("neutral_context", _NEUTRAL_FACTOR, _NEUTRAL_REASON)
                     if f.label in ("party", "candidate") and f.score <= NAMED else f for f in found)

    def extra_rules(self, config: DetectorConfig) -> tuple[TableRule, ...]:
        terms = sorted({t.strip() for t in config.political_terms if t and t.strip()}, key=len, reverse=True)
        if not terms:
            return ()
        alternation = "|".join(regex.escape(t).replace(r"\ ", " ") for t in terms)
        return (TableRule(name="organisation-political-term", label="candidate", score=0.8,
                          explanation="a name your policy lists as political",
                          gates=tuple(t.lower().split()[0] for t in terms), pattern=f"(?i:{alternation})"),)

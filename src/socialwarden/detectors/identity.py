"""Identity-directed derogation without slurs: hate that a word list cannot see.

A finding needs a group defined by a protected characteristic (Equality Act 2010: "women", "gay people",
"Muslims", "trans people", "immigrants", "disabled people", "pensioners", "new mums" ...) and a construction that
denigrates it:

- exclusion: "X shouldn't be allowed to ...", "X shouldn't be engineers", "X don't belong", "X have no place in
  ...", "no place for X in ...", "X should go back", "keep X out", "X out!";
- violence: "X should all be hanged / put down", "gas all the X", "death to X";
- dehumanising comparisons and negative attributes: "X are vermin / animals / a disease / parasites", "X are all
  terrorists / lazy / inferior", "X can't be trusted", "X breed like rats";
- the same phrased as a question or an opinion: "Why are X so ...?", "Why should X be allowed to ...?", "Should X
  even be allowed to vote?", "Are X all ...?";
- age abuse aimed at a person: "you old fossil", "the old fossil who runs the committee", "too old to understand".

Negation is part of every construction ("immigrants are not vermin", "women should be allowed to be scientists"
never match); counter-speech that quotes or reports hate is down-weighted by the engine (``counterspeech``).
Dehumanising abuse of a group that is not a protected characteristic ("councillors are parasites", "cyclists are
vermin") is reported as abuse, not hate. Each hate finding names the characteristic it targets.

How: the group phrases are the key words of phrase rules (``_phrases``), so a rule is only tried where a group is
named, and the engine runs them in its one shared pass with the other phrase detectors.
"""

from __future__ import annotations

from typing import ClassVar

import regex

from socialwarden.detectors._phrases import PhraseRules, Rule, rule
from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.rulebase import PhraseDetector
from socialwarden.engine.findings import Finding
from socialwarden.taxonomy import Category, Characteristic

_HATE = ("denigrates people by a protected characteristic (Equality Act 2010): discriminatory or hateful even "
         "without a slur")
_ABUSE = "dehumanising abuse of a group of people (not a protected characteristic, so abuse rather than hate)"
_C = Characteristic
_AP = "['’]"
NEGATED = 0.25  # the weight kept by a negated claim (the same discount the engine gives counter-speech)


def _forms(*specs: str) -> tuple[str, ...]:
    """'black people|men|women' -> ('black people', 'black men', 'black women'); plain words stay as they are."""
    out: list[str] = []
    for spec in specs:
        head, _, tails = spec.partition(" ")
        if "|" in tails:
            out += [f"{head} {tail}" for tail in tails.split("|")]
        else:
            out.append(spec)
    return tuple(out)


# The groups, as literal phrases (every form written out): they are the rules' key words and their patterns.
_GROUPS: dict[Characteristic, tuple[str, ...]] = {
    _C.SEX: _forms("women", "woman", "girls", "ladies", "females", "men", "males", "blokes"),
    _C.RACE: _forms(
        "immigrants", "immigrant", "migrants", "migrant", "refugees", "refugee", "asylum seekers", "asylum seeker",
        "foreigners", "foreigner", "illegals", "illegal immigrants", "blacks", "black people|men|women|folk|kids",
        "whites", "white people|men|women|folk", "brown people", "people of colour", "ethnic minorities",
        "non-whites", "asians", "asian people|men|women", "pakistanis", "indians", "bangladeshis", "chinese",
        "africans", "arabs", "gypsies", "travellers", "roma", "poles", "romanians", "eastern europeans",
        "mexicans", "nigerians", "somalis", "jamaicans", "afghans", "syrians", "albanians", "kurds", "turks",
        "iraqis", "iranians", "scots", "welsh", "irish", "english"),
    _C.RELIGION_BELIEF: _forms(
        "muslims", "muslim", "moslems", "islam", "jews", "jewish people", "christians", "hindus", "sikhs",
        "catholics", "protestants", "buddhists", "atheists", "mormons"),
    _C.SEXUAL_ORIENTATION: _forms(
        "gays", "gay people|men|women|couples|folk|man|woman|person|kids", "lesbians", "lesbian", "homosexuals",
        "homosexual", "bisexuals", "bi people", "queers", "queer people|folk", "lgbt people|community",
        "lgbtq people|community", "lgbtq+ people|community"),
    _C.GENDER_REASSIGNMENT: _forms(
        "trans people|folk|women|men|kids|children|woman|man|person|activists|lobby|community",
        "transgender people|women|men|person|woman|man|kids|children", "transgenders", "transsexuals",
        "transsexual", "non-binary people"),
    _C.DISABILITY: _forms(
        "disabled people|kids|children|adults|person|man|woman|folk", "disabled", "cripples", "wheelchair users",
        "autistic people|kids|children|adults", "autistics", "deaf people", "deaf", "blind people", "blind",
        "people with disabilities", "people with learning disabilities", "people with autism",
        "people with down's syndrome", "mentally ill", "mentally ill people", "special needs kids|children|people"),
    _C.AGE: _forms(
        "old people|folk|folks|codgers|gits|dears", "older people", "elderly", "elderly people", "pensioners",
        "oaps", "boomers", "oldies", "young people", "youths", "teenagers", "millennials", "zoomers"),
    _C.PREGNANCY_MATERNITY: _forms(
        "pregnant women|woman|staff|employees|workers|mums|girls", "expectant mothers", "new mums|mothers",
        "working mums|mothers", "mums", "mothers", "breastfeeding mothers|mums|women"),
    _C.MARRIAGE_CIVIL_PARTNERSHIP: _forms("married women|people|couples|men", "civil partners"),
}


def _alternation(phrases: tuple[str, ...]) -> str:
    parts = sorted(phrases, key=len, reverse=True)
    return "(?:" + "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in parts) + r")(?![\w-])"


_Q = r"(?:(?:all|the|these|those|most|many|so\s+many|any|some|you|bloody|fucking|filthy|dirty)\s+){0,2}"
_NOT_MODAL = (rf"(?:should(?:n{_AP}?t|\s+not|\s+never)|must(?:n{_AP}?t|\s+not|\s+never)|ought(?:n{_AP}?t|\s+not)\s+to|"
              rf"can(?:{_AP}?t|not|\s+never)|need\s+to\s+be\s+(?:stopped|banned|prevented)\s+from)")
_ROLE = (r"(?:[\w-]+(?:ists?|ers?|ors?|ians?|ants?|ents?|eers?|ees)|doctors?|nurses?|judges?|police|priests?|"
         r"bishops?|vicars?|imams?|rabbis?|ministers?|MPs?|councillors?|trustees?|members?|leaders?|bosses?|heads?|"
         r"chairs?|presidents?|pilots?|soldiers?|parents?|mothers?|fathers?|citizens?|british|english|here|"
         r"in\s+(?:charge|power|office|government|politics|parliament|this\s+(?:country|society|club|town|charity)|"
         r"our\s+(?:[\w-]+\s+){0,2}[\w-]+|the\s+(?:[\w-]+\s+)?(?:workplace|office|profession|industry|sector|army|"
         r"police|church|council|society|club|trust|team|board|committee)))")
_VERBS = (r"(?:work\s+(?:as|in|with)|teach|lead|vote|marry|adopt|"
          r"have\s+(?:children|kids|jobs|rights|a\s+say|the\s+vote)|"
          r"hold\s+(?:office|jobs|positions|power)|serve|preach|join|enter|own\s+(?:property|homes|businesses)|"
          r"be\s+in\s+charge|get\s+(?:jobs|benefits|houses|council\s+houses))")
_DEHUMAN = (r"(?:vermin|animals|rats|cockroaches|parasites|leeches|savages|barbarians|sub-?human|apes|monkeys|pigs|"
            r"dogs|insects|maggots|filth|filthy|scum|trash|garbage|a\s+disease|diseased|a\s+plague|a\s+cancer|a\s+virus|"
            r"a\s+disgrace|an\s+abomination|abominations|disgusting|vile|inferior|evil|sick|perverts|perverted|"
            r"deviants|degenerates|paedos?|paedophiles|pedos?|pedophiles|groomers|predators|mentally\s+ill|freaks|"
            r"unnatural|not\s+(?:real\s+|proper\s+|normal\s+|fully\s+|even\s+)?(?:people|human|humans|women|men|british|"
            r"english)|terrorists|criminals|rapists|thieves|crooks|invaders|an\s+invasion|inbred|backward|primitive|"
            r"uncivili[sz]ed|a\s+threat\s+to\s+(?:our|society|children|women|decent))")
_ATTRIBUTE = (r"(?:lazy|stupid|thick|dirty|smelly|useless|worthless|a\s+burden|a\s+drain(?:\s+on\s+[\w ]{1,20})?|"
              r"scroungers|spongers|too\s+emotional|hysterical|weak|dangerous|the\s+problem|ruining\s+(?:this|our|the)|"
              r"destroying\s+(?:this|our|the)|taking\s+over|dumb|incapable|unfit|bad\s+at\s+[\w ]{1,20}|"
              r"worse\s+at\s+[\w ]{1,20}|less\s+intelligent|less\s+capable|liars|cheats|greedy|ugly)")
_FILL = (r"(?:(?:all|just|nothing\s+but|literally|basically|such|so|a\s+bunch\s+of|a\s+load\s+of|a\s+pack\s+of|like|"
         r"no\s+better\s+than|worse\s+than|full\s+of|mostly|always|really|simply|naturally|genetically|inherently|"
         r"clearly|obviously|actually|total|complete|utter|absolute)\s+){0,3}")
_BE = rf"(?:are|is|r|were|{_AP}re|will\s+(?:always\s+|only\s+|just\s+)?(?:be|end\s+up(?:\s+as)?|become))"
_VIOLENT = (r"(?:hanged|hung|shot|killed|gassed|burned|burnt|put\s+down|exterminated|wiped\s+out|eradicated|executed|"
            r"lynched|sterili[sz]ed|culled|castrated|stoned|put\s+in\s+(?:camps|cages)|locked\s+up\s+for\s+good|die|"
            r"rot|drown|disappear)")
_QATTR = (r"(?:(?:so|always|all|such|even|really|just|this)\s+)*(?:" + _DEHUMAN[3:-1] + "|" + _ATTRIBUTE[3:-1]
          + r"|emotional|annoying|loud|aggressive|violent|arrogant|fat|entitled|obsessed|ungrateful|everywhere|"
          r"in\s+charge|allowed|let\s+in)")
_EXCLUDE = "excludes people by a protected characteristic"
_WORDS = r"(?:\s+[\w'’-]+){0,3}"


def _rules_for(c: Characteristic, phrases: tuple[str, ...]) -> list[Rule]:
    g = _alternation(phrases)

    def r(kind: str, score: float, meaning: str, pattern: str, back: int = 0) -> Rule:
        return rule(keys=phrases, pattern=pattern, category=Category.HATE, label=f"identity_{kind}", score=score,
                    cue=meaning, why=_HATE, back=back, characteristic=c)

    return [
        # -- at the group ("Women shouldn't ...")
        r("exclusion", 0.85, _EXCLUDE + " (not allowed, not trusted)",
          rf"{g}\s+{_NOT_MODAL}\s+(?:(?:even|really|ever|be|just)\s+)*(?:allowed|permitted|let|able|trusted)"
          rf"(?:\s+(?:to|in|into|near|on|at|around|anywhere|here|out|vote|work|drive)\b{_WORDS})?"),
        r("exclusion", 0.85, _EXCLUDE + " (from a role, a right or a place)",
          rf"{g}\s+{_NOT_MODAL}\s+(?:(?:be|become)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?{_ROLE}\b|{_VERBS}\b)"),
        r("exclusion", 0.85, _EXCLUDE + " (says they do not belong)",
          rf"{g}\s+(?:(?:do\s+not|don{_AP}?t|does\s+not|doesn{_AP}?t)\s+belong\b(?:\s+(?:in|here|on|at|to)\b{_WORDS})?"
          rf"|(?:are|is)\s+not\s+welcome|aren{_AP}?t\s+welcome|(?:have|has)\s+no\s+(?:place|business|right|room)\s+"
          rf"(?:in|on|at|here|being|to)\b{_WORDS}|should\s+(?:all\s+)?(?:go\s+back|get\s+out|leave|be\s+kept\s+out|"
          rf"be\s+deported|be\s+sent\s+(?:back|home)|stay\s+(?:at\s+home|in\s+the\s+kitchen|in\s+their\s+(?:own\s+)?"
          rf"[\w-]+))\b)"),
        r("exclusion", 0.8, _EXCLUDE + " (calls for them to be kept out)",
          rf"{g}\s+out(?=\s*(?:!|$|\.|#))|{g}\s+out\s+of\s+(?:our|this|my|the)\s+[\w-]+"),
        r("violence", 0.95, "calls for violence against people by a protected characteristic",
          rf"{g}\s+(?:should|ought\s+to|needs?\s+to|must|deserves?\s+to)\s+(?:(?:all|just|each|be|get)\s+)*{_VIOLENT}\b"),
        r("dehumanising", 0.9, "a dehumanising comparison of people by a protected characteristic",
          rf"{g}\s+{_BE}\s+{_FILL}(?:(?!(?:not|never|no|hardly|nothing|anything|neither)\b)[a-z-]+\s+)?{_DEHUMAN}\b"),
        r("exclusion", 0.85, _EXCLUDE + " (says they deserve nothing)",
          rf"{g}\s+(?:(?:do|does)\s+not|don{_AP}?t|doesn{_AP}?t)\s+deserve\s+(?:to\s+live|to\s+exist|rights|respect|"
          rf"to\s+be\s+here|jobs|homes|houses|benefits|to\s+be\s+(?:treated|called)\s+\w+)\b"
          rf"|{g}\s+(?:are|is)\s+not\s+worth\s+(?:the|it|saving|keeping|employing|hiring)\b"),
        r("stereotype", 0.75, "a negative stereotype of people by a protected characteristic",
          rf"{g}\s+{_BE}\s+{_FILL}{_ATTRIBUTE}\b"),
        # "immigrants are not vermin": reported for the record, already down-weighted (see finish), so that a
        # model's score for the whole sentence is recognised as resting on a negated claim
        r("negated", 0.9, "a derogatory claim about a protected group, negated",
          rf"{g}\s+(?:are|is|r|were)(?:\s+not|n{_AP}?t|\s+never)\s+{_FILL}(?:[a-z-]+\s+)?(?:{_DEHUMAN[3:-1]}|"
          rf"{_ATTRIBUTE[3:-1]})\b"),
        r("stereotype", 0.75, "a negative stereotype of people by a protected characteristic",
          rf"{g}\s+(?:can{_AP}?t|cannot|can\s+never)\s+(?:be\s+trusted|drive|do\s+(?:maths|math|science)|think|lead|"
          rf"control\s+themselves|help\s+(?:it|themselves))\b"),
        r("stereotype", 0.8, "a negative stereotype of people by a protected characteristic",
          rf"{g}\s+(?:(?:always|all|just)\s+)*(?:lie|steal|cheat|complain|moan|whinge|scrounge|breed\s+like|rob|"
          rf"smell|stink)\b"),
        r("conspiracy", 0.85, "a conspiracy theory about people by a protected characteristic (they secretly run "
          "or control institutions)",
          rf"{g}\s+(?:(?:secretly|really|basically|quietly|all|still|now|just)\s+)*(?:run|runs|control|controls|own|owns|"
          rf"rig|rigs|pull\s+the\s+strings\s+(?:of|at|in)|are\s+(?:behind|running|controlling))\s+"
          rf"(?:(?:the|our|this|all\s+the|everything\s+in\s+the)\s+)?(?:[\w-]+\s+)?(?:council|councils|government|media|"
          rf"banks?|country|world|press|bbc|nhs|police|courts?|money|economy|show|system|town|media\s+and\s+the\s+banks)"
          rf"\b"),
        r("exclusion", 0.75, _EXCLUDE + " (the group named, then 'ban them' or 'send them back')",
          rf"{g}\b[^!?\n]{{0,100}}?(?<!\b(?:not|never|don{_AP}?t|do\s+not|shouldn{_AP}?t|won{_AP}?t|can{_AP}?t|cannot|"
          rf"to)\s)\b(?:ban|deport|get\s+rid\s+of|kick|keep|lock|round|send|throw|exclude|bar)\s+them"
          rf"(?:\s+(?:out|up|back|home|all))?\b"),
        # -- the group inside a wider construction (searched in a window around it)
        r("exclusion", 0.85, _EXCLUDE + " (no place for them)",
          rf"\bno\s+(?:place|room)\s+for\s+{_Q}{g}\s+(?:in|here|at|on)\b{_WORDS}", back=30),
        r("exclusion", 0.8, _EXCLUDE + " (calls for them to be kept out)",
          rf"\b(?:keep|kick|get|throw|send|ban)\s+{_Q}{g}\s+(?:out|back|home)\b"
          rf"|\b(?:ban|bar|exclude|prevent|keep)\s+{_Q}{g}\s+from\b(?:\s+[\w'’-]+){{1,3}}", back=30),
        r("dehumanising", 0.8, "a dehumanising epithet for people by a protected characteristic",
          rf"\b(?:filthy|dirty|stinking|smelly|disgusting|vile|thieving|scrounging|inbred|parasitic|sub-?human|savage|"
          rf"backward|diseased)\s+{g}", back=15),
        r("violence", 0.9, "calls for violence against people by a protected characteristic",
          rf"\b(?:kill|hang|shoot|gas|exterminate|burn|wipe\s+out|get\s+rid\s+of|eradicate|cull|round\s+up|lock\s+up)\s+"
          rf"(?:all|every)\s+(?:(?:the|these|those|of\s+the)\s+)?{g}|\bdeath\s+to\s+(?:all\s+)?(?:the\s+)?{g}",
          back=40),
        r("question", 0.8, "derogation of a protected group phrased as a question",
          rf"\b(?:why|how\s+come)\s+(?:are|r|is|do|does|must|should)\s+{_Q}{g}\s+{_QATTR}\b", back=40),
        r("question", 0.8, "exclusion of a protected group phrased as a question",
          rf"\bwhy\s+(?:should|do|are|must|can{_AP}?t)\s+(?:we|you|they|i|taxpayers|people)\s+(?:let|allow|tolerate|"
          rf"accept|put\s+up\s+with|have\s+to\s+(?:put\s+up\s+with|accept|pay\s+for|fund)|pay\s+for|fund|employ|hire|"
          rf"trust)\s+{_Q}{g}|\bwhy\s+(?:should|are|do)\s+{_Q}{g}\s+(?:(?:even|really|ever)\s+)?(?:(?:be|get\s+to)\s+)?"
          rf"(?:allowed|let|permitted|given|entitled)\b", back=60),
        r("question", 0.8, "exclusion of a protected group phrased as a question",
          rf"\b(?:should|do)\s+{_Q}{g}\s+(?:even|really|ever|seriously)\s+(?:be\s+allowed|be\s+let|be\s+trusted|"
          rf"deserve|have\s+the\s+right)\b", back=30),
        r("question", 0.75, "derogation of a protected group phrased as a question",
          rf"\bare\s+{_Q}{g}\s+(?:(?:really|just|all|actually|basically)\s+)*{_DEHUMAN}\b", back=30),
    ]


_CONDITION = (r"(?:being\s+(?:gay|lesbian|bi|bisexual|trans|transgender|queer|disabled|autistic)|homosexuality|"
              r"bisexuality|transgenderism|transsexualism|gender\s+reassignment|islam|judaism)")
_SO, _GR, _DIS, _REL = _C.SEXUAL_ORIENTATION, _C.GENDER_REASSIGNMENT, _C.DISABILITY, _C.RELIGION_BELIEF
_CONDITION_KEYS: dict[str, Characteristic] = {
    "being gay": _SO, "being lesbian": _SO, "being bi": _SO, "being bisexual": _SO, "being queer": _SO,
    "homosexuality": _SO, "bisexuality": _SO, "being trans": _GR, "being transgender": _GR, "transgenderism": _GR,
    "transsexualism": _GR, "gender reassignment": _GR, "being disabled": _DIS, "being autistic": _DIS, "islam": _REL,
    "judaism": _REL}
_AGE_INSULT = (r"(?:fossils?|dinosaurs?|gits?|codgers?|farts?|bags?|biddy|biddies|crones?|hags?|duffers?|goats?|"
               r"timers?|coots?|bats?|trouts?|relics?|has-beens?|crumblies|crumbly|wrinklies)")
_AGE_KEYS = ("fossil", "fossils", "dinosaur", "dinosaurs", "git", "gits", "codger", "codgers", "fart", "farts",
             "bag", "bags", "biddy", "biddies", "crone", "crones", "hag", "hags", "duffer", "duffers", "goat", "goats",
             "timer", "timers", "coot", "coots", "bat", "bats", "trout", "trouts", "relic", "relics", "has-been",
             "has-beens",
             "crumblies", "crumbly", "wrinklies")
_AGE = "age abuse aimed at a person"
_NOT_PROTECTED = (r"(?:councillors|politicians|cyclists|drivers|motorists|landlords|tenants|bin\s?men|"
                  r"council\s+workers|"
                  r"council\s+staff|officers|wardens|parking\s+wardens|tourists|students|journalists|trustees|staff|"
                  r"managers|bosses|tories|lefties|leftists|remoaners|brexiteers|protesters|neighbours|people\s+like\s+"
                  r"(?:you|him|her|them)|you\s+lot|your\s+lot|the\s+lot\s+of\s+(?:you|them)|fly-?tippers|dog\s+walkers|"
                  r"[a-z][a-z-]+(?:ers|ists|ians|ants|ents|ors|ees|tes))")
_VERMIN_KEYS = ("vermin", "parasites", "scum", "animals", "rats", "subhuman", "sub-human", "filth", "pigs",
                "cockroaches", "disease", "plague", "cancer", "leeches", "maggots", "lowlifes", "scumbags",
                "waste of oxygen", "waste of space", "waste of skin")
_RULES: tuple[Rule, ...] = (
    *(r for c, phrases in _GROUPS.items() for r in _rules_for(c, phrases)),
    *(rule(keys=tuple(k for k, char in _CONDITION_KEYS.items() if char is c), category=Category.HATE,
           label="identity_dehumanising", score=0.85, why=_HATE, characteristic=c,
           cue="calls a protected identity an illness, a sin or unreal",
           pattern=_CONDITION + r"\s+(?:is\s+(?:just\s+|really\s+|clearly\s+|obviously\s+|only\s+)?(?:a\s+|an\s+)?"
                   r"(?:mental\s+illness|mental\s+disorder|disease|sickness|sin|abomination|perversion|unnatural|evil|"
                   r"disgusting|choice|lifestyle\s+choice|cancer|threat|fad|phase|disorder)"
                   rf"|(?:isn{_AP}?t|is\s+not|is\s+never)\s+(?:a\s+)?(?:real|natural|normal|valid|real\s+thing))\b")
      for c in (_SO, _GR, _DIS, _REL)),
    rule(keys=_AGE_KEYS, back=40, category=Category.HATE, label="identity_age_abuse", score=0.8, cue=_AGE, why=_HATE,
         characteristic=_C.AGE,
         pattern=rf"\b(?:you|ya|u)(?:\s+(?:stupid|silly|daft|useless|miserable|bitter|pathetic|bloody))?\s+"
                 rf"(?:old|senile|decrepit|doddery|wrinkly|ancient)\s+{_AGE_INSULT}\b"),
    rule(keys=_AGE_KEYS, back=40, category=Category.HATE, label="identity_age_abuse", score=0.8, cue=_AGE, why=_HATE,
         characteristic=_C.AGE,
         pattern=rf"\b(?:the|that|this|silly|stupid|senile|daft|useless|doddery|decrepit|some)\s+old\s+{_AGE_INSULT}"
                 rf"(?=\s+(?:who|on|in\s+charge|running|runs|should|needs?|can{_AP}?t|doesn{_AP}?t|won{_AP}?t|thinks?|"
                 rf"wants?|knows?|said|says|at\s+the\s+(?:top|helm)|in\s+the\s+chair|of\s+a|in\s+the\s+(?:office|chair|"
                 rf"corner)|from)\b|\s*[,.!?]\s*(?:he|she|they|who)\b|\s*$)"),
    rule(keys=("too old", "sell-by", "sell by", "pasture", "past it"), back=40, category=Category.HATE,
         label="identity_age_abuse", score=0.7, cue="an age stereotype aimed at a person", why=_HATE,
         characteristic=_C.AGE,
         pattern=rf"\b(?:he|she|they|you|u)(?:{_AP}s|{_AP}re|\s+is|\s+are)?\s+(?:(?:far|way|clearly|obviously|just)\s+)?"
                 rf"(?:too\s+old\s+to\s+(?:understand|use|work|do|lead|run|be|get|learn|know|keep\s+up|cope|chair|manage)"
                 rf"|past\s+(?:it|(?:his|her|their|your)\s+sell[- ]by\s+date))\b"
                 rf"|\bput\s+(?:him|her|them|you)\s+out\s+to\s+pasture\b"),
    rule(keys=_VERMIN_KEYS, back=60, category=Category.ABUSE, label="group_abuse", score=0.75,
         cue="dehumanising abuse of a group", why=_ABUSE,
         pattern=rf"(?<![\w-]){_Q}{_NOT_PROTECTED}\s+{_BE}\s+{_FILL}(?:vermin|parasites|scum|animals|rats|sub-?human|"
                 rf"filth|pigs|cockroaches|a\s+disease|a\s+plague|a\s+cancer|leeches|maggots|lowlifes|low\s+lifes|"
                 rf"scumbags|the\s+scum\s+of\s+the\s+earth|a\s+waste\s+of\s+(?:oxygen|space|skin))\b"),
)
_PHRASES = PhraseRules(_RULES)


class IdentityDetector(PhraseDetector):
    """Hate without slurs against protected groups (see module docstring); dehumanising abuse of other groups."""

    name: ClassVar[str] = "identity"

    def build(self, config: DetectorConfig) -> PhraseRules:
        return _PHRASES

    def finish(self, text: str, found: tuple[Finding, ...]) -> tuple[Finding, ...]:
        """Negated claims are down-weighted; "immigrants are vermin" is hate, so the group-abuse rule on the same
        words adds nothing."""
        found = tuple(f.adjusted("negation", NEGATED, "the derogatory claim is negated")
                      if f.label == "identity_negated" and not f.adjustments else f for f in found)
        hate = [f for f in found if f.category is Category.HATE]
        if not hate or len(hate) == len(found):
            return found
        return tuple(f for f in found if f.category is Category.HATE
                     or not any(h.start < f.end and f.start < h.end for h in hate))

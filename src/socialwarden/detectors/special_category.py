"""Special-category facts (UK GDPR art. 9 and 10) stated about an identifiable person.

A finding needs a fact keyword ("cancer", "gay", "arrested") preceded by the right verb ("has",
"is", "was") and, right before that, a person reference ("John", "@jo", "Mrs Patel", "my neighbour",
"she"). Topics on their own ("we support mental health awareness week", "cancer research
fundraiser") never fire.

How: one Aho-Corasick pass finds the keywords; for each, a small pattern compiled in REVERSE mode and
anchored at the keyword checks the words just before it. Scanning every position of a post with one
big case-insensitive pattern was ~100x slower.
"""

from __future__ import annotations

from typing import ClassVar

import ahocorasick
import regex

from socialwarden.detectors.base import DetectorConfig
from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import compile_pattern, lazy_pattern, search
from socialwarden.taxonomy import Category, Characteristic


def _alt(words: str) -> str:
    """'a b_c' -> '(?:a|b\\s+c)': underscores stand for any whitespace."""
    return "(?:" + "|".join(w.replace("_", r"\s+") for w in words.split()) + ")"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---- who the fact is about ---------------------------------------------------------------------
_RELATION = _alt(
    "neighbours? neighbors? colleagues? co-?workers? workmates? boss manager line_manager supervisor "
    "friends? mates? son daughter wife husband partner fianc[ée]e? mum mom mother dad father brother sister "
    "cousin aunt auntie uncle nephew niece grandson granddaughter grandma grandmother grandad granddad "
    "grandfather nan nana gran stepson stepdaughter child kid baby teacher tutor head_?teacher tenant "
    "landlord landlady lodger client patient pupil student employee member_of_staff staff_member councillor "
    "vicar priest imam rabbi doctor GP nurse carer ex ex-wife ex-husband ex-partner girlfriend boyfriend "
    "flatmate housemate roommate classmate team-?mate employer caretaker cleaner receptionist volunteer "
    "coach MP mayor"
)
# Capitalised words that start sentences or name things, not people.
_STOP = _alt(
    "I We Our Us My Mine You Your He She They It Its His Her Their The This That These Those There Here A "
    "An And But Or So If When Where Why How What Who Which Everyone Everybody Anyone Anybody Someone "
    "Somebody Nobody No One None All Each Every Many Most Some Any Today Tomorrow Yesterday Tonight Now "
    "Then Council Society Charity Team Staff Research Cancer Awareness Support Help Mental Health Pride "
    "Love Life Community Everything Nothing Something Monday Tuesday Wednesday Thursday Friday Saturday "
    "Sunday January February March April May June July August September October November December "
    "England Britain Scotland Wales Ireland London God Jesus Islam Church Faith Religion Just Also Still "
    "Please Thanks Thank Happy Congratulations Well Yes Yeah Oh Sadly Unfortunately Apparently Honestly "
    "Actually Clearly Obviously Maybe Perhaps Only Even Not Never Always Sometimes Hospital Government "
    "Police People Patients Men Women Children Kids Family Parents Residents Dear Hi Hello Birthday "
    "Christmas Trust Service Services Club Group Company Business School University"
)
_NAME_WORD = r"(?=[A-Z])(?!" + _STOP + r"\b)[A-Z][a-z]+(?:['’][A-Z][a-z]+)?(?:-[A-Z][a-z]+)?"
_REF = (
    r"(?:(?P<handle>(?<![\w@])@\w{1,30})"
    r"|(?P<title>\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Cllr|Councillor|Sir|Dame|Rev)\.?\s+[A-Z][\w'’\-]+"
    r"(?:\s+[A-Z][\w'’\-]+)?)"
    r"|(?P<rel>(?i:\b(?:my|our|your|his|her|their|the|this|that)\s+(?:[a-z\-]+\s+){0,2}?"
    + _RELATION + r"(?:['’]s\s+" + _RELATION + r")?\b)(?:\s+[A-Z][a-z]+){0,2})"
    r"|(?P<name>\b" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r")?(?:['’]s\s+(?i:" + _RELATION + r")\b)?"
    r"(?i:\s+(?:from|in|on)\s+(?:the\s+)?(?-i:[a-z][\w-]+|[A-Z]{2,5}))?)"
    r"|(?P<pron>(?i:\b(?:he|she|they|you)\b)))"
    r"(?:\s*,\s*who|\s+who)?(?i:\s+(?:apparently|actually|reportedly|allegedly|secretly|definitely|"
    r"probably|also|still|now|really|obviously|clearly|finally|recently|just|i\s+think|i\s+heard)){0,2}"
)

# "Sarah's treatment for ...", "her messy divorce": the person as a possessive (a pronoun needs a named person
# earlier in the text to be worth reporting).
_POSS_REF = (
    r"(?:(?:(?P<handle>(?<![\w@])@\w{1,30})"
    r"|(?P<title>\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Cllr|Councillor|Sir|Dame|Rev)\.?\s+[A-Z][\w'’\-]+"
    r"(?:\s+[A-Z][\w'’\-]+)?)"
    r"|(?P<rel>(?i:\b(?:my|our|your|his|her|their|the|this|that)\s+(?:[a-z\-]+\s+){0,2}?" + _RELATION + r"\b))"
    r"|(?P<name>\b" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r")?))['’]s"
    r"|(?P<pron>(?i:\b(?:his|her|their)\b)))"
)
_POSS_NOUN = (
    r"\s+(?:(?:recent|ongoing|long|brave|courageous|successful|messy|bitter|painful|nasty|difficult|horrible|"
    r"acrimonious|costly|secret|latest)\s+)*"
)
# Any named person (or handle, titled or described person) before a possessive pronoun.
_ANYONE = compile_pattern(
    r"(?<![\w@])@\w{1,30}|\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Cllr|Councillor|Sir|Dame|Rev)\.?\s+[A-Z]"
    r"|(?i:\b(?:my|our|your|the)\s+(?:[a-z\-]+\s+){0,2}?" + _RELATION + r"\b)"
    r"|\b" + _NAME_WORD + r"\b")

# ---- the verbs that must come between the person and the keyword ---------------------------------
_BE = (
    r"(?:['’](?:s|re)|\s+(?:is|was|are|were|has\s+been|have\s+been|had\s+been|is\s+now|will\s+be|must\s+be|"
    r"might\s+be|may\s+be|could\s+be|became|has\s+become))(?:\s+(?:secretly|actually|apparently|clearly|"
    r"definitely|obviously|openly|reportedly|allegedly|really|still|also|now|probably|totally|literally|"
    r"recently|just|finally|a|an|devout|practising|practicing|strict|born-again|lapsed|orthodox|"
    r"registered|active|paid-up|convicted)){0,3}"
)
_HAVE = (
    r"(?:['’](?:s|ve)\s+(?:got|had)|\s+(?:has|had|have|has\s+got|have\s+got|got|has\s+had|lives\s+with|"
    r"is\s+living\s+with|suffers\s+from|suffered\s+from|is\s+suffering\s+from|is\s+battling|is\s+fighting|"
    r"is\s+recovering\s+from|died\s+(?:of|from)|is\s+dying\s+of|(?:is|was)\s+being\s+treated\s+for|"
    r"was\s+treated\s+for|(?:is|was|has\s+been|got|been)\s+diagnosed\s+with|(?:has\s+)?tested\s+positive\s+"
    r"for|takes|is\s+taking|was\s+taking))(?:\s+(?:a|an|the))?(?:\s+(?:terminal|incurable|aggressive|"
    r"advanced|severe|chronic|serious|early[- ]onset|secondary|breast|lung|bowel|prostate|skin|brain|"
    r"ovarian|pancreatic|blood|liver|bone|cervical|testicular|clinical|postnatal|post-natal|rare|"
    r"previous|prior|spent|unspent|several|form\s+of|stage\s+[0-9iv]+)){0,3}"
)
_LEADS = {
    "be": _BE,
    "be_on": _BE + r"\s+on",
    "be_in": _BE + r"\s+(?:in|out\s+of|back\s+in)(?:\s+the)?",
    "be_of": _BE + r"\s+of\s+[a-z\-]+",
    "have": _HAVE,
    "had": r"(?:['’]s\s+had|\s+(?:had|has\s+had|have\s+had))\s+(?:a|an)(?:\s+(?:nervous|mental|major|serious))?",
    "aux": r"\s+(?:was|were|has\s+been|have\s+been|had\s+been|got|is\s+being|['’]s\s+been)"
           r"(?:\s+(?:recently|just|previously|once|already|finally))?",
    "served": r"(?:\s+(?:served|did|has\s+served|has\s+done|is\s+serving)|['’]s\s+(?:done|served))(?:\s+a)?",
    "converted": r"(?:\s+(?:converted|has\s+converted|is\s+converting)|['’]s\s+converted)\s+to",
    "goes": r"\s+(?:goes|went|used\s+to\s+go|still\s+goes)\s+to(?:\s+the)?",
    "came_out": r"(?:\s+(?:came|has\s+come|is\s+coming|just\s+came)|['’]s\s+come)\s+out\s+as(?:\s+a)?",
    "member": _BE + r"\s+(?:member\s+of(?:\s+the)?|in(?:\s+the)?)|\s+(?:joined|has\s+joined|is\s+joining)"
              r"(?:\s+the)?|['’]s\s+joined(?:\s+the)?",
    "none": "",
    "off": r"(?:\s+(?:has\s+been|is|was|had\s+to\s+go|went|is\s+still)|['’]s\s+been|['’]s)\s+off(?:\s+(?:sick|work"
           r"|long[-\s]term\s+sick))?\s+with(?:\s+(?:a|an|the|her|his|their))?(?:\s+(?:severe|bad|chronic|long|serious"
           r"|work[-\s]related|mental\s+health))*",
    "be_going": _BE + r"\s+(?:going|been\s+going|currently\s+going)\s+through(?:\s+(?:a|an|the))?"
                r"(?:\s+(?:messy|bitter|painful|nasty|difficult|horrible|acrimonious|long|costly|hard|rough|tough))*",
}
# Leads for a possessive reference: "<ref>'s <noun> for|with|of ...", "her divorce".
_POSS_LEADS = {
    "poss_treatment": _POSS_NOUN + r"(?:treatment|battle|fight|struggle|diagnosis|surgery|operation|recovery|rehab|"
                      r"chemo(?:therapy)?|radiotherapy|time\s+in\s+hospital|stay\s+in\s+hospital|illness)\s+(?:for|with|"
                      r"against|from|of)(?:\s+(?:a|an|the))?(?:\s+(?:terminal|incurable|aggressive|advanced|severe|"
                      r"chronic|serious|early[- ]onset|secondary|breast|lung|bowel|prostate|skin|brain|ovarian|"
                      r"pancreatic|"
                      r"blood|liver|bone|cervical|testicular|clinical|postnatal|post-natal|rare|stage\s+[0-9iv]+))*",
    "poss": _POSS_NOUN,
}

# ---- the keywords: label -> lead -> '|'-separated phrases; '^' = must not be all lower-case ---------
_VOCAB: dict[str, dict[str, str]] = {
    "health": {
        "have": "cancer|leukaemia|leukemia|lymphoma|tumour|tumor|hepatitis|herpes|chlamydia|gonorrhoea|"
                "gonorrhea|syphilis|dementia|alzheimer's|alzheimers|parkinson's|parkinsons|multiple sclerosis|"
                "motor neurone disease|diabetes|epilepsy|autism|depression|anxiety|bipolar|bipolar disorder|"
                "schizophrenia|psychosis|anorexia|bulimia|eating disorder|mental illness|mental health problems|"
                "mental health issues|mental health difficulties|covid|covid-19|coronavirus|tuberculosis|"
                "disability|learning disability|learning disabilities|cerebral palsy|down's syndrome|"
                "downs syndrome|brain injury|heart disease|heart condition|crohn's|crohn's disease|"
                "endometriosis|addiction|alcoholism|drug problem|drinking problem|terminal illness|"
                "antidepressants|anti-depressants|antipsychotics|methadone|chemo|chemotherapy|hiv|^aids|^ms|"
                "^tb|^sti|^std|^mnd|^ocd|^ptsd|^adhd|^prep",
        "be": "hiv positive|hiv-positive|hiv+|pregnant|diabetic|epileptic|alcoholic|schizophrenic|anorexic|"
              "bulimic|autistic|bipolar|drug addict|heroin addict|addict|depressed|suicidal|sectioned|in rehab|"
              "terminally ill|disabled|infertile|deaf|expecting a baby|expecting twins|having a breakdown|"
              "having a nervous breakdown",
        "be_on": "antidepressants|anti-depressants|antipsychotics|lithium|methadone|chemo|chemotherapy|"
                 "dialysis|^prep",
        "had": "miscarriage|abortion|stillbirth|stroke|heart attack|breakdown|mastectomy|hysterectomy|"
               "overdose|sex change",
        "be_going": "chemo|chemotherapy|rehab|ivf|the menopause|menopause|a breakdown|breakdown|treatment for cancer|"
                    "cancer treatment|radiotherapy|a miscarriage|gender reassignment",
        "poss": "miscarriage|abortion|mastectomy|hysterectomy|overdose|breakdown|cancer|chemo|chemotherapy|"
                "hiv status|hiv diagnosis|dementia|diagnosis|rehab|ivf|stroke|heart attack",
    },
    "religion": {
        "be": "muslim|moslem|jew|jewish|christian|catholic|roman catholic|protestant|anglican|methodist|"
              "baptist|hindu|sikh|buddhist|atheist|agnostic|mormon|jehovah's witness|jehovahs witness|"
              "scientologist|pagan|evangelical|quaker|rastafarian",
        "converted": "islam|judaism|christianity|catholicism|hinduism|sikhism|buddhism",
        "goes": "mosque|synagogue|gurdwara|mandir|church|kingdom hall|chapel",
    },
    "sexuality": {
        "be": "gay|lesbian|bisexual|^bi|queer|homosexual|asexual|pansexual|trans|transgender|transsexual|"
              "non-binary|nonbinary|trans man|trans woman|gay man|in the closet|closeted",
        "came_out": "gay|lesbian|bi|bisexual|trans|transgender|non-binary|queer|asexual|pansexual",
        "none": "sleeps with men|sleeps with women|slept with men|slept with women|sleeps with other men|"
                "sleeps with other women",
    },
    "ethnicity": {
        "be": "black|asian|pakistani|indian|bangladeshi|chinese|arab|african|afro-caribbean|caribbean|nigerian|"
              "somali|ghanaian|jamaican|polish|romanian|roma|gypsy|irish traveller|traveller|mixed race|"
              "mixed-race|biracial|latino|latina|hispanic|kurdish|turkish|eastern european|albanian",
        "be_of": "descent|origin|heritage|extraction",
    },
    "criminal_record": {
        "aux": "arrested|convicted|charged with|jailed|imprisoned|locked up|cautioned|sent down|remanded|"
               "sentenced|prosecuted|done for",
        "have": "criminal record|police record|convictions|conviction|^asbo|suspended sentence",
        "served": "time|prison sentence|jail sentence|custodial sentence",
        "be_in": "prison|jail|gaol|custody",
        "be": "ex-con|ex-convict|ex-offender|ex-prisoner|sex offender|paedophile|wanted by police|"
              "wanted by the police|known to police|known to the police",
        "be_on": "bail|probation|parole|remand|the sex offenders register|the sex offenders' register",
    },
    "relationships": {
        "be_going": "divorce|separation|break-up|breakup|custody battle|custody fight|marriage breakdown",
        "be": "getting divorced|getting a divorce|divorced|separated|separating|having an affair|cheating on his wife|"
              "cheating on her husband|cheating on his partner|cheating on her partner",
        "had": "affair|messy divorce",
        "poss": "divorce|separation|affair|marriage breakdown|custody battle|marriage problems",
    },
    "finances": {
        "be_going": "bankruptcy|money troubles|financial difficulties|repossession|debt|an iva",
        "be": "in debt|bankrupt|declared bankrupt|on benefits|on universal credit|claiming benefits|in arrears|"
              "behind on his rent|behind on her rent|behind on their rent|behind on the rent|facing eviction|"
              "being evicted|being repossessed|skint|penniless",
        "have": "debts|money problems|money troubles|gambling problem|gambling debts|a ccj|ccj|county court judgment",
        "poss": "debts|bankruptcy|money problems|gambling debts|gambling problem|benefits claim|rent arrears",
    },
    "trade_union": {
        "be": "union member|union rep|union representative|union activist|union official|union organiser|"
              "shop steward|trade union member|trade union rep",
        "member": "union|trade union|^unison|^unite|^gmb|^neu|^nasuwt|^rcn|^bma|^rmt|^pcs|^ucu|^cwu|^fbu|"
                  "^usdaw|^eis|^aslef|^nuj|^balpa|^tssa|^naht",
    },
}
_VOCAB["health"]["poss_treatment"] = _VOCAB["health"]["have"]  # "her treatment for breast cancer"
_VOCAB["health"]["off"] = _VOCAB["health"]["have"] + "|stress|anxiety|a breakdown|breakdown|burnout|long covid"
_SPECIAL = frozenset({"health", "religion", "sexuality", "ethnicity", "criminal_record", "trade_union"})
LABELS: dict[str, tuple[str, Characteristic | None]] = {
    "health": ("health information", None),
    "religion": ("religious belief", Characteristic.RELIGION_BELIEF),
    "sexuality": ("sex life, sexual orientation or gender identity", Characteristic.SEXUAL_ORIENTATION),
    "ethnicity": ("racial or ethnic origin", Characteristic.RACE),
    "criminal_record": ("criminal record or alleged offence (art. 10)", None),
    "relationships": ("a relationship or family matter", None),
    "finances": ("their financial situation", None),
    "trade_union": ("trade-union membership", None),
}
# A keyword followed by one of these is a topic or an organisation, not a fact about someone.
_TOPIC_NOUNS = _words(
    "research awareness charity charities trust foundation society uk care service services support ward "
    "unit nurse nurses screening week month day campaign fundraiser fundraising appeal patients sufferers "
    "walk run centre center clinic team policy strategy funding friendly bar club rights marriage community "
    "communities organisation organization school group festival food restaurant business event company "
    "area history culture values tradition holiday country nation pride icon venue night"
)
# Words that may follow "John's gay" when 's means "is" (anything else suggests a possessive).
_CONTINUATIONS = _words(
    "and but or now too again so though lol apparently already yet with since after because who which "
    "i he she they we you it right actually really then anyway haha"
)
# A pronoun after these is anyone the clause describes ("because you have a disability", "once they are pregnant").
_GENERIC = _words("if unless whether when whenever because as since where while whilst once until")
_MAX_HITS = 2000  # bounds the work on pathological input (a megabyte of "he is gay")


class SpecialCategoryDetector:
    """Flags special-category facts about a named, tagged, addressed or described person."""

    name: ClassVar[str] = "special_category"

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config or DetectorConfig()
        self._leads = {
            kind: lazy_pattern(r"(?r)" + _REF + r"(?i:" + lead + r")\s+\Z") for kind, lead in _LEADS.items()
        }
        self._leads.update({
            kind: lazy_pattern(r"(?r)" + _POSS_REF + r"(?i:" + lead + r")\s*\Z")
            for kind, lead in _POSS_LEADS.items()
        })
        self._keywords = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, str, bool]]] = {}
        for label, by_lead in _VOCAB.items():
            for kind, words in by_lead.items():
                for word in words.split("|"):
                    key = word.lstrip("^")
                    entries.setdefault(key, []).append((label, kind, word.startswith("^")))
        for key, uses in entries.items():
            self._keywords.add_word(key, (len(key), tuple(uses)))
        self._keywords.make_automaton()

    def analyse(self, text: str) -> tuple[Finding, ...]:
        try:
            return self._analyse(text)
        except Exception:  # never take the pipeline down on odd input
            return ()

    def _analyse(self, text: str) -> tuple[Finding, ...]:
        low = text.lower()
        if len(low) != len(text):  # a few characters change length when lower-cased; keep offsets honest
            low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
        found: list[tuple[int, int, str, regex.Match[str], int, str]] = []
        for hits, (last, (size, uses)) in enumerate(self._keywords.iter(low)):
            start, end = last - size + 1, last + 1
            if hits >= _MAX_HITS:
                break
            if start == 0 or not low[start - 1].isspace() or not _right_ok(low, end):
                continue
            for label, kind, cased in uses:
                if cased and text[start:end].islower():
                    continue  # "ms", "unite", "aids" in lower case are ordinary words
                lo = max(0, start - 120)
                m = search(self._leads[kind], text[lo:start])
                if m is not None and (m.start() > 0 or lo == 0) and not _rejected(text, lo, m, kind, end):
                    found.append((lo + m.start(), end, label, m, lo, kind))
                    break
        return self._findings(text, found)

    def _findings(self, text: str, found: list[tuple[int, int, str, regex.Match[str], int, str]]
                  ) -> tuple[Finding, ...]:
        out: list[Finding] = []
        last_end = -1
        for start, end, label, m, lo, lead in sorted(found, key=lambda f: (f[0], -f[1])):
            if start < last_end:
                continue  # "she is a trans woman": keep the longer of overlapping facts
            last_end = end
            kind = next(k for k in ("handle", "title", "rel", "name", "pron") if m.group(k) is not None)
            who = m.group(kind)
            fact = " ".join(text[lo + m.end(kind):end].split()).lower()
            what, characteristic = LABELS[label]
            if label == "health" and "pregnan" in fact:
                characteristic = Characteristic.PREGNANCY_MATERNITY
            if label == "sexuality" and ("trans" in fact or "binary" in fact):
                characteristic = Characteristic.GENDER_REASSIGNMENT
            direct = kind != "pron"
            about = f"'{who}'" if direct else f"the person referred to as '{who}' (a pronoun, so less certain)"
            score = 0.8 if direct else 0.6
            named = search(_ANYONE, text[max(0, start - 200):start]) if not direct and lead.startswith("poss") else None
            if named is not None:  # "Congratulations to Sarah Jones, back after her treatment for ..."
                score, about = 0.75, f"'{named.group()}', referred to as '{who}'"
            span = " ".join(text[start:end].split())
            kind_of = ("special-category personal data under UK GDPR" if label in _SPECIAL
                       else "a sensitive personal fact about an identifiable person")
            out.append(Finding(
                Category.PERSONAL_DATA, start, end, score, self.name,
                f"\"{span}\" states {what} about {about}: {kind_of}",
                characteristic=characteristic,
                label=f"special_category:{label}" if label in _SPECIAL else f"sensitive_fact:{label}",
            ))
        return tuple(out)


def _rejected(text: str, lo: int, m: regex.Match[str], kind: str, end: int) -> bool:
    """Generic pronouns ("if you are black", "he who goes to the mosque", "firing someone because they're a union
    member", a post telling its readers "because you have a disability") and possessives ("Spain's African
    exclave": name + 's + adjective + noun) are not facts about a person."""
    if m.group("pron") is not None:
        before = text[max(0, lo + m.start() - 12):lo + m.start()].lower().split()
        if m.group("pron").lower() == "you":  # "you're disabled under the Act if you have ...": a definition
            after = regex.split(r"[.!?\n]", text[end:end + 120], maxsplit=1)[0].lower().split()
            if set(after) & _GENERIC:
                return True
        return bool(before and before[-1] in _GENERIC) or "who" in text[lo + m.end("pron"):end].lower().split()
    if not kind.startswith("be"):
        return False
    ref = next(k for k in ("handle", "title", "rel", "name") if m.group(k) is not None)
    if text[lo + m.end(ref):lo + m.end(ref) + 2] not in ("'s", "’s"):
        return False
    following = text[end:end + 30]
    if not following[:1].isspace():
        return False  # end of text or punctuation: "John's gay."
    word = following.split(None, 1)[0].strip(".,;:!?'\"") if following.strip() else ""
    return word.isalpha() and word.lower() not in _CONTINUATIONS


def _right_ok(low: str, end: int) -> bool:
    """The keyword ends a word ("gay-friendly" does not count) and is not followed by a topic noun."""
    if end == len(low):
        return True
    nxt = low[end]
    if nxt.isalnum() or nxt in "-_":
        return False
    if not nxt.isspace():
        return True
    following = low[end:end + 20].split(None, 1)
    return not following or following[0].strip(".,;:!?'\"") not in _TOPIC_NOUNS

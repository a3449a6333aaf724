"""Allegations of wrongdoing against an identifiable target, and disparaging the organisation's people.

An allegation needs a target next to it: a name ("Dave Smith", "Cllr Jones"), an @handle or a role
("the council leader", "our treasurer"), then a construction ("is a fraud", "has been fiddling the
books", "stole"). So "the fraud awareness campaign", "thieves stole lead from the church roof" and
"Jane was robbed!" stay quiet. Pronoun targets ("he's a liar") score lower. Disparagement is an
insult aimed at the organisation's staff, customers or partners ("our useless IT team").
"""

from __future__ import annotations

from typing import ClassVar

from socialwarden.detectors._phrases import PhraseRules, Rule, rule
from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.rulebase import PhraseDetector
from socialwarden.taxonomy import Category

_DEFAME = ("an allegation of crime or misconduct about an identifiable person or organisation: if it is untrue it "
           "is a false allegation and may be defamatory (defamation, malicious falsehood)")
_DISPARAGE = ("negative or disparaging comment about the organisation's staff, colleagues, customers or partners")

# Capitalised words that start sentences or name no one: "Thieves stole ...", "Someone is lying".
_STOP = (r"(?:This|That|It|Its|There|Here|What|Which|Who|Everyone|Everybody|Someone|Somebody|Nobody|Anyone|Thieves"
         r"|Burglars|Criminals|Vandals|Scammers|Fraudsters|Police|People|They|He|She|We|I|You|Kids|Youths|Fans"
         r"|Our|The|My|Your|His|Her|Their|A|An|And|But|So|If|When|Why|How|Today|Yesterday|Tonight|Everything"
         r"|Nothing|Something|Life|Honestly|Apparently|Clearly|Sadly|Rumour|Reports|Sources|Fraud|Crime|Theft"
         r"|Lying|Cheating|Bullying|Abuse|Stealing|Some|Many|Most|All|Both|Each|Every|No|Not|Never|Then|Now"
         r"|Also|Just|Still|Even|Only|Well|Oh|Yes|Sorry|Please|Thanks|Thank|Hi|Hello|Dear|Look|Mum|Dad|Santa)")
_NAME = (r"(?-i:(?!" + _STOP + r"\b)[A-Z][a-z]+(?:[\-'’][A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:[\-'’][A-Z]?[a-z]+)?)"
         r"{0,2})")
_TITLE = r"(?:cllr|councillor|mr|mrs|ms|miss|dr|prof|sir|lord|lady|dame|rev|mp)\.?\s+(?-i:[A-Z][\w'’\-]+)"
_ROLE = (r"(?:the|our|my|your|this|that|their|his|her|these|those)\s+(?:\w+\s+){0,2}?(?:council\s+leader|council"
         r"|councillors?|leader|mayor|mp|chief\s+exec(?:utive)?|ceo|director|manager|boss|head(?:teacher)?"
         r"|headmaster|headmistress|chair(?:man|woman|person)?|treasurer|trustees?|board|committee|secretary"
         r"|charity|society|trust|company|landlord|contractor|officers?|staff|police|doctor|nurse|teacher|coach"
         r"|minister|government|mps|management|owner|organi[sz]ers|vicar|priest|caretaker|receptionist"
         r"|accountant|solicitor|firm|business|club|school|academy|surgery|developer|builder|agency|bank)")
_TARGET = r"(?:@\w{1,30}|" + _TITLE + "|" + _ROLE + "|" + _NAME + ")"
_PRONOUN = r"(?:he|she|they|you|u)"
_SEP = r"(?:\s+|(?=['’]))"  # "Dave is" or "Dave's"
_BE = (r"(?:is|was|are|were|['’]s|['’]re|has\s+(?:always\s+)?been|have\s+(?:always\s+)?been|is\s+nothing\s+but"
       r"|are\s+nothing\s+but|remains|became)")
_FILL = r"(?:an?\s+)?(?:(?!not\b|never\b|no\b|hardly\b|against\b|anti\b|victims?\b)\w+[\s\-]+){0,2}?"
_ALLEGATION = (r"(?:fraud(?:ster)?s?|thie(?:f|ves)|liars?|crooks?|criminals?|p(?:a)?edo(?:phile)?s?|nonces?"
               r"|rapists?|abusers?|groomers?|corrupt|embezzlers?|swindlers?|con\s?m[ae]n|con\s+artists?"
               r"|scammers?|cheats?|bent|on\s+the\s+take|drug\s+dealers?|sex\s+offenders?|predators?|fraudulent"
               r"|money\s+launderers?|racists?|bigots?|terrorists?|murderers?|wife[\s\-]beaters?|perverts?|crooked"
               r"|dishonest|a\s+danger\s+to\s+children)\b(?!\s+(?:investigat\w*|prevention|awareness|team"
               r"|officers?|squad|unit|department|detection|alerts?|warnings?|victims?|protection|specialists?"
               r"|experts?|lead|analysts?|cases?|law|lawyers?|solicitors?|barristers?|justice|checks?|novel|film"
               r"|movie|podcast|series|drama|character|game))")
_DEEDS_ING = (r"(?:stealing|robbing|defrauding|embezzling|fiddling\s+(?:the\s+|his\s+|her\s+|their\s+)?"
              r"(?:books|accounts|expenses|figures|funds)|cooking\s+the\s+books|taking\s+(?:backhanders|bribes|kickbacks|a\s+cut)|on\s+the\s+take"
              r"|lining\s+(?:his|her|their)\s+(?:own\s+)?pockets|lying\s+(?:to|about)|abusing|grooming|laundering"
              r"|bribing|rigging|scamming|ripping\s+(?:\w+\s+)?off|pocketing|cheating\s+(?:on|the|people|residents"
              r"|customers)|covering\s+up|forging|falsifying|harassing|bullying|misusing\s+(?:the\s+)?(?:funds"
              r"|money|donations)|fleecing|conning|swindling|having\s+an\s+affair|drunk\s+on\s+duty|dealing\s+drugs"
              r"|selling\s+drugs)")
_DEEDS_PAST = (r"(?:stole|stolen|robbed|defrauded|embezzled|fiddled\s+(?:the\s+|his\s+|her\s+|their\s+)?"
               r"(?:books|accounts|expenses|figures|funds)|cooked\s+the\s+books|(?:took|accepted)\s+(?:a\s+)?bribes?|lied\s+(?:to|about"
               r"|under\s+oath)|abused|groomed|raped|assaulted|laundered|bribed|rigged|scammed|ripped\s+(?:\w+\s+)?"
               r"off|pocketed|cheated|covered\s+up|forged|falsified|harassed|bullied|sexually\s+(?:harassed"
               r"|assaulted)|misused\s+(?:the\s+)?(?:funds|money|donations)|fleeced|conned|swindled|fabricated)\b"
               r"(?!\s+(?:the\s+show|(?:our|the|everyone['’]?s|my|your|their|all\s+our)\s+hearts?|the\s+limelight"
               r"|the\s+spotlight|a\s+(?:kiss|glance|march|look)|(?:a|the)\s+(?:win|point|goal|victory|title|ball"
               r"|base)|victory|death|\w+\s+thunder))")
_DEEDS_PRESENT = (r"(?:takes\s+(?:bribes|backhanders|kickbacks|a\s+cut|money\s+from|cash\s+from)|accepts\s+(?:bribes"
                  r"|backhanders|kickbacks)|steals(?:\s+from)?|fiddles\s+(?:his|her|their|the)\s+(?:books|accounts"
                  r"|expenses|figures)|lies\s+(?:to|about)|cheats\s+(?:on|the|people|residents|customers)|abuses\s+"
                  r"(?:his|her|their|children|kids|residents|staff|the)|grooms|launders|embezzles|pockets|rigs|cooks\s+"
                  r"the\s+books|fleeces|swindles|harasses|bullies|beats\s+(?:his|her|their)\s+(?:wife|husband|kids"
                  r"|children|partner)|deals\s+drugs|sells\s+drugs|is\s+on\s+the\s+take)\b")
_PRESENT_KEYS = ("takes", "accepts", "steals", "fiddles", "lies", "cheats", "abuses", "grooms", "launders",
                 "embezzles", "pockets", "rigs", "cooks", "fleeces", "swindles", "harasses", "bullies", "beats",
                 "deals", "sells", "is on the take")
_DEED_PRESENT_LEAD = (r"\s+(?:(?:allegedly|clearly|always|regularly|secretly|still|openly|routinely|apparently"
                      r"|obviously|definitely|also|just|actually|basically)\s+)?")
_PUNISHED = (r"(?:sacked|fired|dismissed|suspended|struck\s+off|kicked\s+out|thrown\s+out|booted\s+out|disciplined"
             r"|investigated|arrested|charged|cautioned|convicted|jailed|banned|removed|demoted)\s+(?:\w+\s+){0,3}?"
             r"for\s+(?:fiddling|stealing|theft|fraud|embezzl\w*|bullying|harass\w*|abus\w*|lying|cheating|gross"
             r"\s+misconduct|misconduct|sexual\s+\w+|assault\w*|taking\s+bribes|bribery|drink[\s\-]driving|drugs"
             r"|racism|racist\s+\w+|falsifying|forging|misusing|misappropriat\w*|corruption|dishonesty|grooming)\b")
_PUNISHED_KEYS = ("sacked", "fired", "dismissed", "suspended", "struck off", "kicked out", "thrown out", "booted out",
                  "disciplined", "investigated", "arrested", "charged", "cautioned", "convicted", "jailed", "banned",
                  "removed", "demoted")
_PUNISHED_LEAD = (r"\s+(?:(?:was|got|has\s+been|had\s+been|have\s+been|were|is\s+being|been)\s+)"
                  r"(?:(?:allegedly|secretly|quietly|recently|just|finally|once)\s+)?")
_DEED_ING_LEAD = (r"(?:\s+|(?=['’]))(?:is|are|was|were|['’]s|['’]re|(?:has|have|had)\s+been|keeps?|kept"
                  r"|(?:has|have|had)\s+been\s+caught|got\s+caught|caught)\s+(?:(?!not\b|never\b)\w+\s+)?")
_DEED_PAST_LEAD = (r"(?:\s+(?:has|have|had)|['’]ve)?\s+(?:(?:allegedly|clearly|obviously|definitely|also|just|even"
                   r"|actually|literally|openly|secretly|basically|then|once)\s+)?")
_ALLEGATION_KEYS = ("fraud*", "thie*", "liar*", "crook*", "criminal*", "paedo*", "pedo*", "nonce*", "rapist*",
                    "abuser*", "groomer*", "corrupt", "embezzler*", "swindler*", "con man", "con men", "conman",
                    "conmen", "con artist*", "scammer*", "cheat", "cheats", "bent", "on the take", "drug dealer*",
                    "sex offender*", "predator*", "money launderer*", "racist*", "bigot*", "terrorist*",
                    "murderer*", "wife beater*", "wife-beater*", "pervert*", "dishonest", "a danger to children")
_ING_KEYS = ("stealing", "robbing", "defrauding", "embezzling", "fiddling", "cooking the books", "taking bribes",
             "taking backhanders", "taking kickbacks", "taking a cut", "on the take", "lining his", "lining her",
             "lining their", "lying to", "lying about", "abusing", "grooming", "laundering", "bribing", "rigging",
             "scamming", "ripping", "pocketing", "cheating on", "cheating the", "cheating people",
             "cheating residents", "cheating customers", "covering up", "forging", "falsifying", "harassing",
             "bullying", "misusing", "fleecing", "conning", "swindling", "having an affair", "drunk on duty",
             "dealing drugs", "selling drugs")
_PAST_KEYS = ("stole", "stolen", "robbed", "defrauded", "embezzled", "fiddled", "cooked the books", "took bribes",
              "took a bribe", "accepted bribes", "accepted a bribe", "lied to", "lied about", "lied under", "abused",
              "groomed", "raped", "assaulted", "laundered", "bribed", "rigged", "scammed", "ripped", "pocketed",
              "cheated", "covered up", "forged", "falsified", "harassed", "bullied", "sexually harassed",
              "sexually assaulted", "misused", "fleeced", "conned", "swindled", "fabricated")
_ORG = (r"(?:it\s+team|it\s+department|it|teams?|colleagues?|co-?workers?|line\s+managers?|managers?|management"
        r"|bosses|boss|directors?|ceo|chief\s+exec\w*|staff|employees|workforce|council\s+staff|council"
        r"|councillors?|officers|admin|hr|finance|board|trustees|customers?|clients?|service\s+users|residents"
        r"|members|volunteers|learners|students|pupils|apprentices|partners?|suppliers?|contractors?|employers?"
        r"|department|dept|organi[sz]ation|company|firm|charity|society|trust|office|receptionists?|call\s+centre"
        r"|help\s*desk|service\s+desk|leadership|slt|head\s+office|hq|support\s+team|governors|committee|chair"
        r"|supervisors?|head(?:teacher)?|principal)")
_ORG_TARGET = (r"(?:(?:our|my|the|this|these|those|your)\s+(?:\w+\s+){0,2}?" + _ORG + r"|(?:customers|clients"
               r"|residents|service\s+users|colleagues|council\s+staff|councillors|staff|management|managers"
               r"|trustees|volunteers|parents|learners))(?:\s+(?-i:@?[A-Z][\w&]+)){0,2}")
_COPULA = (r"\s+(?:is|are|was|were|['’]s|['’]re|can\s+be|have\s+been|has\s+been|remains?|seems?\s+(?:to\s+be\s+)?"
           r"|looks?)\s+(?:(?:so|such|completely|totally|utterly|absolutely|bloody|fucking|just|really|truly"
           r"|pretty|proper|right|all|a|an|the|bunch\s+of|load\s+of|pack\s+of|complete|total|utter|most|biggest)"
           r"\s+){0,4}")
_INSULT = (r"(?:idiots?|morons?|imbeciles?|cretins?|halfwits?|numpties?|muppets?|clowns?|plonkers?|wankers?"
           r"|tossers?|dickheads?|useless|incompetent|clueless|hopeless|pathetic|inept|brain[\s\-]?dead|jokes?"
           r"|shambles|shambolic|disgrace|disgraceful|laughing\s+stock|waste\s+of\s+space|stupid|dumb"
           r"|thick(?![\s\-]+skinned)|lazy|worthless|spineless|jobsworths?|parasites?|scum|vermin|dinosaurs|fools?"
           r"|dimwits?|arrogant|greedy)\b")
_INSULT_KEYS = ("idiot*", "moron*", "imbecile*", "cretin*", "halfwit*", "numpt*", "muppet*", "clown*", "plonker*",
                "wanker*", "tosser*", "dickhead*", "useless", "incompetent", "clueless", "hopeless", "pathetic",
                "inept", "brain*", "joke", "jokes", "shambles", "shambolic", "disgrace*", "laughing stock",
                "waste of space", "stupid", "dumb", "thick", "lazy", "worthless", "spineless", "jobsworth*",
                "parasite*", "scum", "vermin", "dinosaurs", "fool", "fools", "dimwit*", "arrogant", "greedy")
_ADJ = (r"(?:useless|incompetent|clueless|hopeless|pathetic|lazy|stupid|idiotic|moronic|brain[\s\-]?dead"
        r"|shambolic|inept|dumb|worthless|spineless|penny[\s\-]pinching|jobsworth|good[\s\-]for[\s\-]nothing"
        r"|dozy|gormless)")
_ADJ_KEYS = ("useless", "incompetent", "clueless", "hopeless", "pathetic", "lazy", "stupid", "idiotic", "moronic",
             "brain*", "shambolic", "inept", "dumb", "worthless", "spineless", "penny-pinching", "penny pinching",
             "jobsworth", "good-for-nothing", "good for nothing", "dozy", "gormless")
_GROUP_INSULTS = ("idiots", "morons", "muppets", "numpties", "imbeciles", "cretins", "halfwits", "jokers",
                  "incompetents", "jobsworths", "dinosaurs", "dimwits", "plonkers", "tossers", "wankers", "dickheads",
                  "amateurs")


def _r(keys: tuple[str, ...], pattern: str, cat: Category, score: float, cue: str) -> Rule:
    label, why = ("defamation", _DEFAME) if cat is Category.DEFAMATION else ("disparagement", _DISPARAGE)
    return rule(keys, pattern, cat, label, score, cue, why)


# Each rule matches at the allegation or insult and looks behind it for the target (group "lead").
_D, _P = Category.DEFAMATION, Category.DISPARAGEMENT
_NAMED = "allegation of crime or misconduct against a named person or organisation"
_ADDRESSED = "allegation of crime or misconduct against the person addressed or referred to"
_TO_ORG = "insult aimed at the organisation's staff, customers or partners"
_WHO, _THEY = r"(?<![\w@])" + _TARGET, r"\b" + _PRONOUN
_RULES: tuple[Rule, ...] = (
    _r(_ALLEGATION_KEYS, r"(?<=(?P<lead>" + _WHO + ")" + _SEP + _BE + r"\s+" + _FILL + ")" + _ALLEGATION, _D, 0.8,
       _NAMED),
    _r(_ING_KEYS, r"(?<=(?P<lead>" + _WHO + ")" + _DEED_ING_LEAD + ")" + _DEEDS_ING, _D, 0.8, _NAMED),
    _r(_PAST_KEYS, r"(?<=(?P<lead>" + _WHO + ")" + _DEED_PAST_LEAD + ")" + _DEEDS_PAST, _D, 0.8, _NAMED),
    # the cheap look-ahead first: the target's look-behind is only tried where the deed is there
    _r(_PRESENT_KEYS, r"(?=" + _DEEDS_PRESENT + r")(?<=(?P<lead>" + _WHO + ")" + _DEED_PRESENT_LEAD + ")"
       + _DEEDS_PRESENT, _D, 0.8, _NAMED),
    _r(_PUNISHED_KEYS, r"(?=" + _PUNISHED + r")(?<=(?P<lead>" + _WHO + ")" + _PUNISHED_LEAD + ")" + _PUNISHED, _D,
       0.8, "allegation that a named person was punished for wrongdoing"),
    _r(_ALLEGATION_KEYS, r"(?<=(?P<lead>" + _THEY + ")" + _SEP + _BE + r"\s+" + _FILL + ")" + _ALLEGATION, _D, 0.55,
       _ADDRESSED),
    _r(_PRESENT_KEYS, r"(?=" + _DEEDS_PRESENT + r")(?<=(?P<lead>" + _THEY + ")" + _DEED_PRESENT_LEAD + ")"
       + _DEEDS_PRESENT, _D, 0.55, _ADDRESSED),
    _r(_PUNISHED_KEYS, r"(?=" + _PUNISHED + r")(?<=(?P<lead>" + _THEY + ")" + _PUNISHED_LEAD + ")" + _PUNISHED, _D,
       0.55, _ADDRESSED),
    _r(_ING_KEYS, r"(?<=(?P<lead>" + _THEY + ")" + _DEED_ING_LEAD + ")" + _DEEDS_ING, _D, 0.55, _ADDRESSED),
    _r(_PAST_KEYS, r"(?<=(?P<lead>" + _THEY + ")" + _DEED_PAST_LEAD + ")" + _DEEDS_PAST, _D, 0.55, _ADDRESSED),
    _r(_INSULT_KEYS, r"(?<=(?P<lead>\b" + _ORG_TARGET + ")" + _COPULA + ")" + _INSULT, _P, 0.75, _TO_ORG),
    _r(("awful", "terrible", "dreadful", "appalling", "rubbish", "garbage", "crap", "shit", "shite", "worst",
        "mess"), r"(?<=(?P<lead>\b" + _ORG_TARGET + ")" + _COPULA + r")(?:awful|terrible|dreadful|appalling"
       r"|rubbish|garbage|crap|shite?|worst|mess)\b", _P, 0.55,
       "harsh criticism of the organisation's staff, customers or partners"),
    _r(_ADJ_KEYS, r"(?<=(?P<lead>\b(?:our|my|the|these|those)\s+(?:(?:bloody|fucking|so[\s\-]called|completely"
       r"|totally|utterly)\s+)?))" + _ADJ + r"\s+(?:\w+\s+){0,2}?" + _ORG + r"\b", _P, 0.8, _TO_ORG),
    _r(_GROUP_INSULTS, r"(?<=(?P<lead>\b(?:the|those|these|our|my)\s+(?:bloody\s+|fucking\s+)?))(?:idiots|morons"
       r"|muppets|numpties|imbeciles|cretins|halfwits|jokers|incompetents|jobsworths|dinosaurs|dimwits|plonkers"
       r"|tossers|wankers|dickheads|amateurs)\s+(?:in|at|from|running|who\s+run|that\s+run|upstairs|downstairs"
       r"|over\s+in|down\s+in|up\s+in)\b(?:\s+(?:the\s+)?\w+)?", _P, 0.75, "insult aimed at a team or department"),
    _r(_INSULT_KEYS, r"(?<=(?P<lead>@\w{1,30})\s+(?:is|are)\s+(?:(?:such|so|a|an|absolute|complete|total|totally"
       r"|completely|utterly)\s+){0,3})" + _INSULT, _P, 0.55, "insult aimed at an account"),
)
_PHRASES = PhraseRules(_RULES)


class DefamationDetector(PhraseDetector):
    """Allegations against identifiable targets (defamation) and insults to the organisation's people
    (disparagement)."""

    name: ClassVar[str] = "defamation"

    def build(self, config: DetectorConfig) -> PhraseRules:
        return _PHRASES

"""Threats, incitement, encouragement of self-harm and of crime, found by phrase construction.

Single words are the lexicon's job; here every rule is a construction ("I'll <hurt> <you>",
"everyone go and <message> <her>") so that "kill two birds with one stone" or "the play was a
riot" stay quiet. Each rule is tried only where one of its key words occurs (one Aho-Corasick
pass), then matched at that spot with a bounded pattern, so clean text costs a few microseconds.
"""

from __future__ import annotations

from typing import ClassVar

from socialwarden.detectors._phrases import PhraseRules, Rule, rule
from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.rulebase import PhraseDetector
from socialwarden.taxonomy import Category

_THREAT = ("threatening, intimidating or menacing content (conveying a threat is an offence under the Malicious "
           "Communications Act 1988 and s.127 Communications Act 2003)")
_INCITE = ("inciting or urging others to harass, harm or target a person, or to commit crime or disorder")
_SELF_HARM = "inciting or encouraging someone to commit suicide or to harm themselves"
_DISCLOSURE = ("not encouragement but a safeguarding concern: respond with care and signpost support "
               "(e.g. Samaritans 116 123) rather than moderating silently")
_ILLEGAL = ("encouraging or supporting illegal activity, terrorism or extremism (proscribed groups, the Prevent "
            "duty)")

_OBJ = r"(?:you|u|ya|him|her|them|y['’]?all|you\s+all)"
_POSS = r"(?:your|ur|yer|his|her|their)"
_YOURSELF = r"(?:your\s*self|urself|yoself|ya\s*self|yourselves)"
_INTENT = (r"\b(?:(?:i|we)(?:['’]?ll|\s+will|\s+shall|['’]d|\s+would|\s+could|['’]?m\s+(?:going\s+to|gonna|about\s+to)"
           r"|\s+am\s+(?:going\s+to|gonna|about\s+to)|['’]re\s+(?:going\s+to|gonna)|\s+are\s+(?:going\s+to|gonna)"
           r"|\s+(?:want|need)\s+to|\s+wanna|\s+gonna|\s+swear\s+(?:i|we)['’]?ll)|gonna)"
           r"\s+(?:(?!not\b|never\b)\w+\s+){0,2}?")
_HARM_PERSON = (r"(?:kill|murder|hurt|stab|shoot|strangle|batter|punch|slap|knife|maim|throttle|glass|lynch|rape"
                r"|kidnap|behead|choke|smack|headbutt|deck|thump|twat|bottle)\s+" + _OBJ + r"\b"
                r"(?!\s+(?:with\s+kindness|an?\s+(?:email|e-mail|message|dm|text|line|note|link|invite|quick)"
                r"|a\s+line|over\b))")
_HARM_BODY = (r"(?:smash|break|kick|punch|knock|bash|cave|slit|cut|rip|snap)\s+" + _POSS + r"\s+(?:\w+\s+)?"
              r"(?:face|head|teeth|legs?|arms?|neck|skull|jaw|nose|throat|knees?|kneecaps?|fingers?|windows?"
              r"|car|door)\b(?:\s+(?:in|off|out))?")
_BEAT = (r"beat\s+(?:" + _OBJ + r"\s+up|up\s+" + _OBJ + r"|the\s+\w+(?:\s+\w+)?\s+out\s+of\s+" + _OBJ + r")")
_PLACE = (r"(?:house|home|place|car|van|shop|office|offices|building|school|church|mosque|synagogue|temple"
          r"|gurdwara|council|town\s+hall|headquarters|hq|premises|flat)")
_ARSON = (r"(?:burn|torch|petrol[\s\-]?bomb|firebomb|bomb|blow\s+up|shoot\s+up|smash\s+up|trash)\s+(?:down\s+)?"
          r"(?:" + _POSS + r"|the|this|that)\s+(?:\w+\s+)?" + _PLACE + r"\b(?:\s+down)?")
_HARM_VERBS = ("kill", "murder", "hurt", "stab", "shoot", "strangle", "batter", "punch", "slap", "knife", "maim",
               "throttle", "glass", "lynch", "rape", "kidnap", "behead", "choke", "smack", "headbutt", "deck",
               "thump", "twat", "bottle", "smash", "break", "kick", "knock", "bash", "cave", "slit", "cut", "rip",
               "snap", "beat", "burn", "torch", "bomb", "petrol", "firebomb", "blow", "trash")
_LIFE_HELL = (r"(?<=(?P<lead>\bmake\s+{who}\s+(?:\w+\s+)?))li(?:fe|ves)\s+(?:a\s+)?(?:living\s+)?"
              r"(?:hell|misery|miserable|unbearable|nightmare)")
_URGE = (r"\b(?:every(?:one|body)|all\s+of\s+you|you\s+all|y['’]?all|let['’]?s(?:\s+all)?|we\s+(?:should|must"
         r"|need\s+to)\s+all|(?:guys|people|folks|lads|girls),?|go)\W{1,3}(?:(?:all|just|go|and|now|pls)\W{1,3})"
         r"{0,3}(?:mass[\s\-]?)?")
_PILE_ON = (r"(?:message|msg|dm|pm|spam|flood|bombard|troll|report|harass|hound|tag|email|e-mail|tweet\s+at|inbox"
            r"|text|ring|phone"
            r"|pile\s+on(?:to)?|ratio|abuse|dox+|target|swamp)\w*\s+(?:(?:her|his|their|this|that)\s+(?:\w+\s+)?"
            r"(?:account|page|profile|inbox|dms|number|phone|email|mentions|comments|posts?|business|shop)\b|him\b"
            r"|her\b|them\b|(?:this|that)\s+(?:guy|man|woman|idiot|clown|person|bloke|lad|girl|muppet|moron"
            r"|account|page|troll)\b|@\w+)")
_GROUPS = (r"(?:isis|isil|daesh|islamic\s+state|al[\s\-]?qa['’]?eda|al[\s\-]?shabaab|boko\s+haram|hamas|hezbollah"
           r"|hizballah|taliban|the\s+caliphate|atomwaffen|sonnenkrieg(?:\s+division)?"
           r"|national\s+action\b(?!\s+(?:day|week|month|plan|network|group|campaign|programme|program)))")
_DRUG = (r"(?:weed|cocaine|mdma|ketamine|ket|heroin|xanax|xans|lsd|mephedrone|meow\s+meow|pingers|shrooms"
         r"|magic\s+mushrooms|cannabis|skunk|meth|dmt|oxycodone|oxy|valium|zoots?)")
_DRUG_KEYS = ("weed", "cocaine", "mdma", "ketamine", "ket", "heroin", "xanax", "xans", "lsd", "mephedrone",
              "meow meow", "pingers", "shrooms", "magic mushrooms", "cannabis", "skunk", "meth", "dmt", "oxycodone",
              "oxy", "valium", "zoot*")
_DRUG_SLANG = r"(?:coke|charlie|pills|bud|molly|mandy|crack|gear|spice|snow|grass|hash|green|ice)"
_CONTACT = (r"\W{1,4}(?:\w+\W{1,4}){0,5}?(?:dm\s+(?:me|us|for)|pm\s+(?:me|us)|hmu|hit\s+me\s+up|inbox\s+me"
            r"|message\s+me|msg\s+me|text\s+me|(?:on|via)\s+(?:snap(?:chat)?|telegram|wickr|whatsapp|signal)"
            r"|delivery|delivered|drop\s+off|link\s+in\s+bio|£\s?\d+|\d+\s?(?:g|grams?|oz|eighths?|q|bags?)\b)")
_DEALING = (r"\W{1,4}(?:\w+\W{1,4}){0,5}?(?:hmu|hit\s+me\s+up|(?:on|via)\s+(?:snap(?:chat)?|telegram|wickr|signal)"
            r"|link\s+in\s+bio|\d+\s?(?:g|grams?|oz|eighths?|q|bags?)\b)")

_WEAPON = (r"(?:knife|knives|blade|machete|gun|shotgun|rifle|pistol|firearm|bat|baseball\s+bat|crowbar|hammer|axe"
           r"|acid|petrol|jerry\s+can|weapon|sword|cleaver|screwdriver|bullet|bullets)")
_WEAPONS = ("knife", "knives", "blade", "machete", "gun", "shotgun", "rifle", "pistol", "firearm", "bat", "crowbar",
            "hammer", "axe", "acid", "petrol", "weapon", "sword", "cleaver", "screwdriver", "bullet", "bullets")
_PERSON = (r"(?:councillors?|cllrs?|officers?|staff|planners?|managers?|chief\s+executive|ceo|mayor|directors?|heads?"
           r"|leaders?|chair(?:man|woman|person)?|chief|clerk|secretary|treasurer"
           r"|person|people|man|men|woman|women|guy|guys|bloke|lad|girl|boy|kids?|idiots?|clowns?|muppets?"
           r"|jobsworths?|trustees?|members?|workers?|wardens?|inspectors?|receptionists?|clerks?|teachers?"
           r"|tutors?|boss|neighbours?|landlords?|immigrants?|muslims?|jews?|gays?|lesbians?|queers?|blacks?"
           r"|asians?|foreigners?|refugees?|migrants?|christians?|catholics?|hindus?|sikhs?|pakis?|whites?"
           r"|trans(?:gender)?\s+(?:person|people|woman|women|man|men))")
_WHOM_BASE = (r"(?:him|her|them|you|u|ya|(?-i:[A-Z][a-z]+)(?:\s+(?-i:[A-Z][a-z]+))?|(?:the|that|this|those|these"
              r"|our|your)\s+(?:\w+\s+){0,2}?")
_WHOM = _WHOM_BASE + _PERSON + r"(?:\s+of\s+\w+)?)"
_PLACE2 = (r"(?:offices?|building|buildings|town\s+hall|civic\s+(?:offices|centre|center)|council|headquarters|hq"
           r"|house|houses|home|homes|school|library|mosque|church|synagogue|temple|gurdwara|hotel|hotels|centre"
           r"|center|premises|shop|depot|station|surgery|clinic|hall|college|academy|camp|factory|chambers?"
           r"|hostel|flat|flats)")
_PLACE_KEYS = ("office", "offices", "building", "buildings", "town hall", "civic", "council", "headquarters", "hq",
               "house", "houses", "home", "homes", "school", "library", "mosque", "church", "synagogue", "temple",
               "gurdwara", "hotel", "hotels", "centre", "center", "premises", "shop", "depot", "station", "surgery",
               "clinic", "hall", "college", "academy", "camp", "factory", "chamber", "chambers", "hostel", "flat",
               "flats")

_T, _I, _S, _X = Category.THREAT, Category.INCITEMENT, Category.SELF_HARM, Category.ILLEGAL


def _r(keys: tuple[str, ...], pattern: str, cat: Category, label: str, score: float, cue: str,
       back: int = 0) -> Rule:
    why = {_T: _THREAT, _I: _INCITE, _S: _SELF_HARM, _X: _ILLEGAL}[cat]
    return rule(keys, pattern, cat, label, score, cue, _DISCLOSURE if label == "risk_disclosure" else why, back)


# Most rules match at their key word and check what comes before it with a look-behind whose group
# "lead" starts the span; rules with rare keys may instead search a window around the key ("back").
_RULES: tuple[Rule, ...] = (
    # -- threats --
    _r(_HARM_VERBS, r"(?<=(?P<lead>" + _INTENT + "))(?:" + _HARM_PERSON + "|" + _HARM_BODY + "|" + _BEAT + "|"
       + _ARSON + ")", _T, "threat", 0.9, "direct threat of violence"),
    _r(("shame if", "pity if"), r"(?:\b(?:it|that)\s+(?:would|['’]d)\s+be\s+a\s+(?:\w+\s+)?)?(?:shame|pity)\s+if\s+"
       r"(?:something|anything|owt|summat)\s+(?:\w+\s+){0,3}?(?:happen\w*|went\s+wrong)"
       r"(?:\s+to\s+(?:" + _POSS + r"\s+\w+|you\b))?", _T, "threat", 0.85, "veiled threat", back=30),
    _r(("something",), r"something\s+(?:bad\s+|nasty\s+|terrible\s+|unfortunate\s+)?(?:might|could|will|may"
       r"|is\s+going\s+to)\s+happen\s+to\s+(?:you|u|" + _POSS + r")\b", _T, "threat", 0.8, "veiled threat"),
    _r(("know where", "out where"), r"\b(?:(?:i|we)\s+(?:\w+\s+)?know|(?:find|found|finding|finds)\s+out)\s+where\s+"
       r"(?:you|u|ya|he|she|they|(?:your|his|her|their)\s+\w+|(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)|the\s+(?:\w+\s+)?\w+)\s+"
       r"(?:live|lives|sleep|sleeps|work|works|park|parks"
       r"|go(?:es)?\s+to\s+school)\b", _T, "threat", 0.85, "intimidation: knows where the target lives",
       back=30),
    _r(("waiting",), r"(?<=(?P<lead>\b(?:we|i|they)(?:['’]?ll|\s+will|['’]re|['’]?m|\s+are|\s+am)\s+(?:all\s+)?"
       r"(?:be\s+)?))waiting\s+(?:for\s+" + _OBJ + r"\s+(?:outside|after|when\s+(?:you|he|she|they)\s+(?:leave"
       r"|get\s+out|come\s+out)|at\s+" + _POSS + r"\s+\w+)|outside\s+" + _POSS + r"\s+\w+)", _T, "threat", 0.65,
       "possible intimidation: waiting for the target"),
    _r(("regret",), r"(?<=(?P<lead>\b(?:you|u|ya|he|she|they)(?:['’]?ll|\s+will|['’]re\s+(?:going\s+to|gonna)"
       r"|\s+(?:is|are)\s+(?:going\s+to|gonna))\s+(?:(?!not\b|never\b)\w+\s+)?))regret\s+(?:this|that|it|what"
       r"|saying|doing|crossing|messing|the\s+day|ever|posting|writing|attacking|speaking|talking|complaining"
       r"|reporting|going\s+to\s+the\s+(?:press|papers|police)|opening|touching|coming)\b(?!\s+if\s+(?:you|u)\s+(?:miss|don"
       r"|do\s+not|skip|pass|stay))", _T, "threat", 0.75, "menacing warning"),
    _r(("watch your back", "watch ur back", "one eye open", "days are numbered", "dead meat", "make you pay",
        "make you suffer", "make them pay", "make him pay", "make her pay", "coming to"),
       r"\b(?:watch\s+(?:your|ur|yer)\s+back|sleep\s+with\s+one\s+eye\s+open|(?:your|ur|his|her|their)\s+days"
       r"\s+are\s+numbered|(?:you['’]?re|you\s+are|ur)\s+dead\s+meat|(?:i|we)(?:['’]?ll|\s+will)\s+make\s+"
       + _OBJ + r"\s+(?:pay|suffer)|(?:you|u|he|she|they)(?:['’]?ll|\s+will)\s+(?:soon\s+)?get\s+what['’]?s\s+coming"
       r"(?:\s+to\s+" + _OBJ + r")?)\b", _T, "threat", 0.8, "menacing stock phrase", back=20),
    _r(("inside", "in it", "in there"),
       r"\b(?:burn|torch|bomb|blow\s+up|petrol[\s\-]?bomb)\s+(?:it|the\s+(?:\w+\s+)?(?:place|building|library|"
       r"offices?|council|hall|house|centre))\s+(?:down\s+)?with\s+(?:you|u|them|him|her|everyone|all\s+of\s+(?:you|"
       r"them)|the\s+(?:\w+\s+)?\w+)\s+(?:still\s+)?(?:inside|in\s+it|in\s+there)\b", _T, "threat", 0.9,
       "threat to burn or bomb a building with people inside", back=90),
    _r(("hope",), r"hope\s+(?:you|u|ya|he|she|they|that\s+\w+)\s+(?:(?!never\b|not\b)\w+\s+)?(?:die|dies|rot|rots"
       r"|burns?\s+in\s+hell|gets?\s+(?:cancer|raped|run\s+over|killed|stabbed|shot|hit\s+by\s+a\s+(?:bus|car"
       r"|train|truck)))\b(?!\s+(?:of\s+laughter|laughing))", _T, "death_wish", 0.75,
       "wishing death or serious harm"),
    _r(("bomb",), r"\bthere(?:['’]s|\s+is|\s+will\s+be)\s+(?:a|an)\s+(?:(?!bath\b|seed\b|glitter\b|calorie\b|flavou?r\b"
       r"|stink\b|smoke\b|photo\b)\w+\s+)?bomb\s+(?:in|at|under|inside|on)\b", _T, "threat", 0.9,
       "bomb threat", back=30),
    _r(("life", "lives"), _LIFE_HELL.format(who=r"(?:your|ur)"), _T, "threat", 0.8, "threat to make life hell"),
    rule(keys=_WEAPONS, back=140, category=_T, label="threat", score=0.9, cue="threat with a weapon", why=_THREAT,
         pattern=r"\b(?:i|we|they)(?:['’]?ll|\s+will|['’]?m|\s+am|['’]re|\s+are|\s+shall)\s+(?:\w+\s+){0,3}?"
                 r"(?:waiting|wait|coming|come|turn\w*\s+up|be\s+(?:there|outside|at|round)|visit\w*|find\w*|see\w*"
                 r"|pay\w*\s+(?:you|him|her|them)\s+a\s+visit|call\w*\s+round)\b[^.!?\n]{0,90}?\bwith\s+(?:a|my|an|the"
                 r"|some|me\s+a)\s+(?:\w+\s+)?" + _WEAPON + r"\b"),
    rule(keys=_WEAPONS, back=60, category=_T, label="threat", score=0.9, cue="threat with a weapon", why=_THREAT,
         pattern=r"\b(?:(?:i|we)\s*(?:['’]ve|\s+have)?\s+got|(?:i|we)\s+have|there['’]?s)\s+(?:a|an)\s+(?:\w+\s+)?"
                 + _WEAPON + r"\s+(?:with\s+(?:your|his|her|their)\s+names?\s+on|for\s+(?:you|him|her|them|whoever"
                 r"|anyone|the\s+\w+))\b|\bbring(?:ing)?\s+(?:a|my|an)\s+(?:\w+\s+)?" + _WEAPON
                 + r"\s+(?:to|for|next\s+time|round|down)\b"),
    rule(keys=_HARM_VERBS, category=_T, label="threat", score=0.9, why=_THREAT,
         cue="threat of violence against people not yet chosen (a group, 'the next one', 'whoever')",
         pattern=r"(?<=(?P<lead>" + _INTENT + r"))(?:kill|murder|hurt|stab|shoot|strangle|batter|punch|slap|knife"
                 r"|maim|lynch|rape|kidnap|behead|attack|beat\s+up|run\s+over|blow\s+up|bomb|burn)\s+(?:the\s+next"
                 r"|every|any|all\s+(?:the\s+|of\s+(?:the|them|you)\s+|these\s+|those\s+)?|whoever|anyone|anybody"
                 r"|everyone|everybody|some|a\s+few|the\s+first|the\s+(?:\w+\s+){0,2}?" + _PERSON + r")\b"
                 r"(?:\s+[\w'’]+){0,3}"),
    rule(keys=_PLACE_KEYS, back=110, category=_T, label="threat_place", score=0.85, why=_THREAT,
         cue="call to burn, bomb or attack a building",
         pattern=r"\b(?:let['’]?s|someone\s+(?:should|needs?\s+to|ought\s+to|has\s+to|wants?\s+to|gotta)|somebody"
                 r"\s+(?:should|needs?\s+to|ought\s+to)|we\s+(?:should|need\s+to|must|ought\s+to|will|['’]ll|['’]re"
                 r"\s+going\s+to|are\s+going\s+to|could)|(?:i|we)(?:['’]?ll|\s+will|['’]?m\s+going\s+to|\s+am\s+going\s+to"
                 r"|\s+want\s+to|\s+wanna|['’]d\s+happily)|who['’]?s\s+up\s+for|time\s+to|i\s+hope\s+(?:someone|somebody"
                 r"|they)|(?:go|come)\s+(?:and|on))\s+(?:\w+\s+){0,2}?(?:burn|torch|firebomb|petrol[\s\-]?bomb|bomb|blow\s+up"
                 r"|shoot\s+up|attack|raze|set\s+fire\s+to|smash\s+up)\s+(?:down\s+)?(?:the|their|that|this|those|his|her"
                 r"|your|every)\s+(?:\w+\s+){0,3}?" + _PLACE2 + r"\b(?:\s+down)?(?:\s+of\s+(?:\w+\s+){0,3}\w+)?"),
    rule(keys=("hanged", "lynched", "strung up", "executed", "put down", "gassed", "beheaded", "shot", "burned",
               "burnt", "raped", "stabbed", "murdered", "tortured", "beaten up", "sexually assaulted", "killed"),
         back=60, category=_T, label="violent_wish", score=0.8, why=_THREAT,
         cue="saying people should be killed",
         pattern=r"(?<!\b(?:it|this|that|film|films|video|videos|photos?|scenes?|footage|pictures?|paintings?|bunting"
                 r"|flags?|banners?|curtains?|washing|lights|decorations|shots?|dog|dogs|horse|horses|animal|animals"
                 r"|cat|cats|fox|foxes|pet|pets|bread|toast|food|rubbish|waste|leaves|stubble|bill|plan|plans|scheme|idea"
                 r"|proposal|proposals|project|motion|policy|deal|story|weeds)\s)\b(?:should|ought\s+to"
                 r"|deserves?\s+to|needs?\s+to|must)\s+(?:all\s+|each\s+|just\s+)?be\s+(?:publicly\s+|all\s+)?"
                 r"(?:(?:hanged|lynched|strung\s+up|executed|put\s+down|gassed|beheaded|shot|burned\s+alive"
                 r"|burnt\s+alive|burned\s+at\s+the\s+stake|killed(?!\s+off))\b(?!\s+(?:on|in|at|from|for|with|using"
                 r"|by\s+(?:a|the|our)|\w+ly\s+(?:on|in)))"  # "shot on location", "hanged in the gallery"
                 r"|(?:raped|stabbed|murdered|tortured|beaten\s+up|sexually\s+assaulted)\b)"),
    rule(keys=("die", "dies", "dead", "fire", "cancer", "covid", "aids", "ebola", "kills", "burns"), back=50,
         category=_T, label="death_wish", score=0.8, why=_THREAT, cue="wishing death or serious illness",
         pattern=r"\b(?:(?:i\s+)?wish\s+(?:you|u|he|she|they|(?-i:[A-Z][a-z]+))\s+(?:was|were|would\s+drop)\s+dead"
                 r"|(?:should|deserves?\s+to)\s+die\s+(?:in\s+a\s+fire|slowly|painfully"
                 r"|alone|screaming)|(?:hope|hoping|wish)\s+(?:your|his|her|their|the\s+[\w\s]{1,25}?['’]s|(?-i:[A-Z][a-z]+)['’]s)\s+"
                 r"(?:family|kids|children|wife"
                 r"|husband|mum|mother|dad|house|home)\s+(?:dies?|burns?(?:\s+down)?|gets?\s+(?:cancer|hurt|killed"
                 r"|raped))|(?:hope|hoping)\s+(?:you|u|he|she|they|(?-i:[A-Z][a-z]+))\s+(?:catch(?:es)?|gets?|dies?\s+of)"
                 r"\s+(?:covid|cancer|aids|ebola|something\s+(?:nasty|terminal|fatal))|(?:hope|hoping)\s+(?:it|that)"
                 r"\s+(?:kills|gives\s+\w+\s+cancer)\s+(?:you|him|her|them))\b"),
    rule(keys=("address", "reg", "registration", "kids", "children", "school", "number plate", "car"), back=40,
         category=_T, label="threat", score=0.75, why=_THREAT, cue="intimidation: knows the target's details",
         pattern=r"\b(?:i|we)(?:\s*(?:['’]ve|\s+have)?\s+(?:got|know|found|have)|(?:['’]ll|\s+will|\s+can)\s+find)"
                 r"\s+(?:your|ur|his|her|their)\s+"
                 r"(?:home\s+)?(?:address|reg(?:istration)?|number\s+plate|car|kids['’]?|children['’]?s?)"
                 r"(?:\s+school)?\b(?!\s+(?:on\s+file|details\s+on\s+file|from\s+your\s+application))"),
    rule(keys=("coming",), back=40, category=_T, label="threat", score=0.75, why=_THREAT,
         cue="menacing warning: the target will not see the author coming",
         pattern=r"\b(?:you|u|he|she|they)\s+(?:won['’]?t|will\s+not|will\s+never|never)\s+see\s+(?:me|us)\s+coming\b"),
    rule(keys=("visit",), back=120, category=_T, label="threat", score=0.75, why=_THREAT,
         cue="veiled threat: paying the target a visit",
         pattern=r"\b(?:i|we)(?:['’]?ll|\s+will|['’]?m\s+going\s+to|\s+am\s+going\s+to|\s+gonna|['’]d\s+like\s+to)\s+"
                 r"(?:\w+\s+)?pay\s+" + _WHOM + r"\s+a\s+(?:little|personal|late[-\s]night|surprise)\s+visit\b"
                 r"|\bwhere\s+(?:\w+\s+){1,3}(?:lives|works|sleeps)\b[^.!?\n]{0,50}?\bpay\s+" + _WHOM + r"\s+a\s+"
                 r"(?:\w+\s+)?visit\b"),
    rule(keys=("pay", "suffer", "regret it", "regret this"), back=90, category=_T, label="threat", score=0.8,
         why=_THREAT, cue="menacing warning: making the target pay",
         pattern=r"\b(?:i|we)(?:['’]?ll|\s+will|['’]?m\s+going\s+to|\s+am\s+going\s+to|['’]re\s+going\s+to"
                 r"|\s+are\s+going\s+to|\s+gonna)\s+make\s+" + _WHOM + r"\s+(?:pay|suffer|regret\s+(?:it|this))\b"
                 r"(?!\s+(?:for\s+(?:it|the|their|his|her)\s+(?:own\s+)?(?:tickets?|parking|meal|food|drinks?|lunch)"
                 r"|by\s+(?:card|cash|direct)))"),
    # -- incitement --
    _r(("messag*", "msg", "dm", "pm", "spam*", "flood*", "bombard*", "troll*", "report*", "harass*", "hound*",
        "text", "ring", "phone",
        "tag", "email*", "e-mail*", "tweet at", "inbox*", "pile on*", "ratio*", "abus*", "dox*", "target*",
        "swamp*"), r"(?<=(?P<lead>" + _URGE + "))" + _PILE_ON, _I, "incitement", 0.8,
       "urging others to target a person"),
    _r(("life", "lives"), _LIFE_HELL.format(who=r"(?:her|his|their|th(?:is|at)\s+\w+['’]s|@\w+['’]?s?)"), _I,
       "incitement", 0.8, "urging others to make someone's life hell"),
    _r(("turn up", "go round", "go around", "pay her", "pay him", "pay them", "visit her", "visit him", "visit them",
        "door"),
       r"(?<=(?P<lead>" + _URGE + r"))(?:turn\s+up|show\s+up|go\s+(?:round|around|over)|pay\s+(?:her|him|them)\s+a"
       r"\s+visit|visit|knock\s+on|bang\s+on)\s+(?:at\s+|to\s+)?(?:her|his|their|th(?:is|at)\s+\w+['’]s)\s+"
       r"(?:house|home|flat|door|address|place|work|office)\b", _I, "incitement", 0.8,
       "urging others to go to a person's home"),
    _r(("someone", "somebody", "some1"), r"some(?:one|body|1)\s+(?:should|needs?\s+to|ought\s+to|has\s+to|must"
       r"|gotta|wants?\s+to)\s+(?:\w+\s+)?(?:sort\s+" + _WHOM + r"\s+out|teach\s+" + _WHOM + r"\s+a\s+lesson"
       r"|(?:kill|shoot|stab|hurt|punch|slap|batter|smack|burn|torch|rape|attack|beat\s+up)\s+" + _WHOM
       + r"(?!\w)|(?:take|do|run"
       r"|shut)\s+" + _WHOM + r"\s+(?:out|in|over|up)|give\s+" + _WHOM + r"\s+a\s+(?:slap|beating|kicking"
       r"|hiding|good\s+\w+))", _I, "incitement", 0.85, "inviting someone to harm a person"),
    _r(("think of him", "think of her", "think of them"),
       r"(?<=(?P<lead>\bgo\s+(?:and\s+)?(?:tell|show)\s+(?:him|her|them|@\w+)\s+(?:exactly\s+)?what\s+(?:you|u|we)"
       r"\s+(?:all\s+)?))think\s+of\s+(?:him|her|them)\b", _I, "incitement", 0.7,
       "urging others to confront a person"),
    _r(("inbox", "dms", "mentions", "switchboard", "voicemail", "notifications", "phone", "emails", "comments",
        "timeline"), r"(?<=(?P<lead>\b(?:flood|spam|bombard|fill\s+up|blow\s+up|swamp|jam|clog)\s+(?:\w+\s+)?"
       r"(?:her|his|their|th(?:is|at)\s+\w+['’]s|@\w+['’]?s?)\s+(?:\w+\s+)?))(?:inbox|dms|mentions|phone\s+lines?"
       r"|emails?|comments|timeline|notifications|voicemail|switchboard)\b", _I, "incitement", 0.8,
       "urging a pile-on"),
    _r(("riot", "rioting"), r"(?<=(?P<lead>\b(?:let['’]?s|time\s+to|we\s+(?:should|need\s+to|must|will|['’]ll)"
       r"|everyone|everybody|come\s+and|go\s+out\s+and|need\s+to|gonna|going\s+to|start\s+an?|incite\s+an?)\s+"
       r"(?:all\s+)?(?:\w+\s+)?))riot(?:ing)?\b", _I, "incitement", 0.75, "call to riot"),
    _r(("storm the",), r"storm\s+the\s+(?:\w+\s+)?(?:council|town\s+hall|hotel|building|chamber|offices"
       r"|parliament|station|mosque|camp)\b", _I, "incitement", 0.7, "call to storm a building"),
    _r(("address", "number", "details", "location"), r"(?<=(?P<lead>\b(?:post|leak|publish|spread|dig\s+up"
       r"|track\s+down|find\s+out)\s+(?:her|his|their|th(?:is|at)\s+\w+['’]s|@\w+['’]?s?)\s+(?:home\s+|real\s+"
       r"|personal\s+|phone\s+|mobile\s+|work\s+|house\s+)?))(?:address|number|details|location)\b", _I,
       "incitement", 0.75, "urging others to expose a person's details"),
    # -- self-harm --
    _r(("yourself", "urself", "yourselves", "your self", "yoself", "yaself", "ya self"),
       r"(?<=(?P<lead>(?<!\b(?:not|n['’]?t|never|avoid|without|careful)\s+(?:to\s+)?)\b(?:(?:you|u)\s+(?:should"
       r"|must|can|could|need\s+to)\s+(?:just\s+|go\s+)?)?(?:kill|hang|neck|end|off|unalive|shoot|stab|drown|top)"
       r"\s+|\b(?:should|go|just|please|pls)\s+(?:go\s+)?(?:and\s+)?(?:hurt|cut|harm|starve|burn)\s+))" + _YOURSELF
       + r"\b(?!\s+(?:laughing|trying|with\s+work|over|working|for\b|in\s+the\s+foot))", _S, "self_harm", 0.9,
       "telling someone to kill or harm themselves"),
    _r(("kys",), r"\bkys\b", _S, "self_harm", 0.8, "'kys' (kill yourself)"),
    _r(("miss you", "miss u", "care if you", "care about you", "notice if you", "without you", "without u"),
       r"\b(?:no\s*(?:one|body)|no-one)\s+(?:would|will|['’]d|is\s+going\s+to)\s+(?:even\s+)?(?:miss|care"
       r"\s+(?:about|if)|notice|mourn|cry\s+(?:over|for|about))\s+(?:you|u|ya)\b|\b(?:the\s+world|everyone"
       r"|everybody|we|they|your\s+family)\s+(?:would|will)\s+be\s+better\s+(?:off\s+)?without\s+(?:you|u|ya)\b",
       _S, "self_harm", 0.8, "telling someone they would not be missed", back=40),
    _r(("end it all", "jump off", "in front of a", "in front of the", "play in traffic", "drink bleach",
        "go die", "just die", "and die", "should die", "drop dead", "get cancer", "go rot"),
       r"\b(?:(?:you|u|ya)\s+(?:should|need\s+to|ought\s+to|must)|go|just|pls|please|do\s+(?:us|everyone|the"
       r"\s+world)\s+a\s+favou?r\s+and|why\s+don['’]?t\s+you)\s+(?:(?:just|go|and|all)\s+){0,2}(?:end\s+it\s+"
       r"all|die\b|rot\b|drop\s+dead|get\s+cancer|jump\s+off\s+(?:a|the)\s+(?:\w+\s+)?(?:bridge|cliff|building"
       r"|roof|tower|ledge|balcony)|jump\s+in\s+front\s+of\s+(?:a|the)\s+(?:train|bus|lorry|truck|car)|play\s+in"
       r"\s+(?:the\s+)?traffic|drink\s+bleach)", _S, "self_harm", 0.85, "urging someone to die", back=45),
    _r(("myself",), r"(?<=(?P<lead>\b(?:i|i['’]?m|i\s+am)\s+(?:\w+\s+){0,2}?(?:want(?:\s+to|na)|going\s+to|gonna"
       r"|thinking\s+(?:of|about)|ready\s+to|about\s+to|plan(?:ning)?\s+to)\s+(?:just\s+)?(?:kill|hurt|harm|cut)"
       r"\s+))myself\b(?!\s+(?:laughing|if\b))", _S, "risk_disclosure", 0.7,
       "possible disclosure of suicidal or self-harm thoughts"),
    _r(("end it all", "end my life", "to die", "wanna die", "gonna die", "not be here", "not wake up",
        "not exist"),
       r"\b(?:i|i['’]?m|i\s+am)\s+(?:\w+\s+){0,2}?(?:want(?:\s+to|na)|going\s+to|gonna|thinking\s+(?:of|about)"
       r"|ready\s+to|about\s+to|plan(?:ning)?\s+to)\s+(?:just\s+)?(?:end\s+it\s+all|end\s+my\s+life|die"
       r"|not\s+(?:be\s+here|wake\s+up|exist))\b(?!\s+(?:of\b|laughing|from|for\b|happy|in\s+peace|if\b))", _S,
       "risk_disclosure", 0.7, "possible disclosure of suicidal thoughts", back=40),
    _r(("end it all",), r"end\s+it\s+all\b", _S, "self_harm", 0.5, "'end it all' (suicide idiom)"),
    rule(keys=("go on", "carry on", "cope", "take it", "take this", "do this any"), back=40, category=_S,
         label="risk_disclosure", score=0.7, why=_DISCLOSURE, cue="possible disclosure of suicidal thoughts",
         pattern=r"\b(?:i|i['’]?m|i\s+just)\s+(?:really\s+|honestly\s+|just\s+|simply\s+)?(?:can['’]?t|cannot|can\s+not"
                 r"|don['’]?t\s+think\s+i\s+can|am\s+not\s+able\s+to)\s+(?:go\s+on|carry\s+on|cope|take\s+(?:it|this)"
                 r"|do\s+this)(?:\s*(?:any\s*more|like\s+this|much\s+longer|living|with\s+(?:life|living)))?"
                 r"(?=\s*(?:[.!?,;:\n…\-]|$|and\b|but\b|i\b|so\b|please\b|tonight\b|today\b))"),
    rule(keys=("pills", "tablets", "paracetamol", "meds", "rope", "razor", "overdose"), back=50, category=_S,
         label="risk_disclosure", score=0.85, why=_DISCLOSURE, cue="possible disclosure of a plan to end their life",
         pattern=r"\b(?:(?:i['’]?ve|i\s+have|i)\s+(?:got|saved|stockpiled|collected|bought|hoarded)\s+(?:the|my|enough"
                 r"|all\s+my|a\s+load\s+of|some)\s+(?:\w+\s+)?(?:pills|tablets|paracetamol|meds|rope)\b(?:\s+(?:ready"
                 r"|together|lined\s+up|to\s+(?:do\s+it|end\s+it|take)))?|(?:the|my)\s+(?:pills|tablets|rope|razor)\s+"
                 r"(?:are|is)\s+ready|(?:going\s+to|gonna|about\s+to|will|['’]ll)\s+(?:take|swallow)\s+(?:all\s+)?"
                 r"(?:my|the|these|those|all\s+the)\s+(?:pills|tablets|paracetamol|meds)|(?:going\s+to|gonna|about\s+to"
                 r"|planning\s+to)\s+overdose)\b"),
    rule(keys=("my life", "my own life", "living", "live", "be here", "be alive", "wake up", "dead", "goodbye",
               "goodbyes", "note", "without me", "miss me", "notice if i", "care if i"), back=50, category=_S,
         label="risk_disclosure", score=0.8,
         why=_DISCLOSURE, cue="possible disclosure of suicidal thoughts",
         pattern=r"\b(?:(?:i['’]?m|i\s+am|i['’]ve\s+been|i\s+keep|i\s+was)\s+(?:\w+\s+)?(?:thinking\s+(?:of|about)|planning"
                 r"|going\s+to|considering)\s+(?:ending|taking|to\s+end|to\s+take)\s+my\s+(?:own\s+)?life"
                 r"|(?:i['’]?m|i\s+am|i\s+will|i['’]ll|i\s+want\s+to|i\s+wanna)\s+(?:going\s+to\s+)?(?:end|ending|take"
                 r"|taking)\s+my\s+(?:own\s+)?life|no\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|going\s+on|being\s+here"
                 r"|being\s+alive)|(?:i['’]?d|i\s+would|everyone['’]?d|everyone\s+would|they['’]?d)\s+be\s+better\s+off"
                 r"\s+(?:dead|without\s+me)|i\s+(?:don['’]?t|do\s+not)\s+want\s+to\s+(?:live|be\s+alive|be\s+here|wake"
                 r"\s+up)\s*(?:any\s*more|tomorrow)?|i\s+(?:wish|want)\s+i\s+(?:was|were)\s+dead|(?:this\s+is\s+(?:my\s+)?"
                 r"goodbye|saying\s+my\s+goodbyes)|(?:no\s*(?:one|body)|no-one)\s+(?:would|will|['’]d)\s+(?:even\s+)?(?:miss\s+me"
                 r"|notice\s+if\s+i|care\s+if\s+i)|(?:i['’]ve|i\s+have)\s+(?:written|wrote)\s+(?:my\s+(?:suicide\s+)?note"
                 r"|a\s+suicide\s+note)\b(?!\s+(?:to|for|about|on|of|in)\b)"
                 r"|(?:i['’]ve\s+)?(?:written|wrote|writing|leaving)\s+(?:a|my)\s+"
                 r"(?:suicide\s+)?note\b(?=[^.!?\n]{0,40}(?:goodbye|family|mum|dad|sorry|end|tonight|kids))|i\s+won['’]?t"
                 r"\s+be\s+(?:here|around|alive)\s+(?:tomorrow|much\s+longer|by\s+(?:morning|tomorrow)))\b"),
    # -- illegal activity and extremism --
    _r(("isis", "isil", "daesh", "islamic state", "qaeda", "alqaeda", "qa'eda", "shabaab", "boko haram", "hamas",
        "hezbollah", "hizballah", "taliban", "caliphate", "atomwaffen", "sonnenkrieg", "national action"),
       r"\b(?:join|joining|support|supporting|fight\s+for|fighting\s+for|pledge\s+allegiance\s+to|long\s+live"
       r"|glory\s+to|victory\s+to|donate\s+to|fund|funding|sign\s+up\s+(?:for|with|to)|recruit(?:ing)?\s+for"
       r"|travel\s+to\s+join|die\s+for|stand\s+with|proud\s+supporter\s+of)\s+(?:the\s+)?(?:mighty\s+"
       r"|glorious\s+)?" + _GROUPS + r"\b", _X, "illegal", 0.9, "support for a proscribed terrorist group",
       back=40),
    _r(("infidel*", "kuffar", "kufar", "kafir*", "kaffir*", "unbeliever*", "apostate*", "crusaders",
        "race traitor*", "race war", "rahowa", "martyrdom operation*", "day of the rope"),
       r"\b(?:kill|behead|slaughter|death\s+to|exterminate|wipe\s+out|purge)\s+(?:all\s+)?(?:the\s+)?"
       r"(?:infidels?|kuffar|kufar|kafirs?|kaffirs?|unbelievers|apostates|crusaders|race\s+traitors)\b"
       r"|\brace\s+war\s+now\b|\brahowa\b|\bmartyrdom\s+operations?\b|\bday\s+of\s+the\s+rope\b", _X, "illegal",
       0.9, "extremist call to violence", back=30),
    _r(("how to", "how do", "how can", "how would", "instructions", "recipe for", "guide to", "tutorial"),
       r"(?:how\s+(?:to|do\s+(?:i|you|u|we)|can\s+(?:i|you|u|we)|would\s+(?:i|you|one))|instructions\s+(?:for"
       r"|on)|(?:recipe|guide|tutorial)\s+(?:for|to|on))\s+(?:\w+\s+)?(?:make|making|build|building|get|buy"
       r"|3d[\s\-]?print|assemble|cook|synthesi[sz]e|mix)\s+(?:an?\s+|some\s+|your\s+own\s+)?(?:(?:pipe|nail"
       r"|car|letter|petrol|home[\s\-]?made|fertili[sz]er|pressure[\s\-]cooker|real)\s+)?(?:bombs?\b(?!\s+"
       r"(?:cake|cakes|drop))|explosives?|ied|napalm|thermite|molotovs?(?:\s+cocktails?)?|ricin|sarin|nerve\s+"
       r"agent|(?:crystal\s+)?meth\b|crack\b(?!-)|ghost\s+guns?|untraceable\s+(?:guns?|firearms?)|zip\s+guns?"
       r"|silencers?|fake\s+(?:ids?|passports?|notes|money)|counterfeit\s+(?:notes|money|cash))", _X, "illegal",
       0.85, "instructions for weapons, explosives or drugs"),
    _r(_DRUG_KEYS, r"\b(?<!\b(?:not|n['’]t|never|don['’]?t)\s)(?:buy|buying|sell|selling|sells|supply|supplying"
       r"|dealing|cheap|pure|order|ordering|score|scoring)\s+(?:some\s+|good\s+|the\s+best\s+|top\s+|decent\s+"
       r"|fire\s+|loud\s+)?" + _DRUG + r"\b|\b" + _DRUG + r"\b" + _CONTACT, _X, "illegal", 0.85,
       "offering or seeking illegal drugs", back=30),
    _r(("coke", "charlie", "pills", "bud", "molly", "mandy", "crack", "gear", "spice", "snow", "grass", "hash",
        "green", "ice"), r"\b" + _DRUG_SLANG + r"\b" + _DEALING, _X, "illegal", 0.5,
       "possible drug-dealing slang with a dealing cue"),
    _r(("dm", "pm", "hmu", "inbox", "message me", "msg me", "text me"),
       r"(?:dm|pm|hmu|inbox|message|msg|text)\s+(?:me|us)?\s*(?:for|4)\s+(?:some\s+|the\s+best\s+|cheap\s+"
       r"|top\s+)?(?:" + _DRUG + "|" + _DRUG_SLANG + r")\b", _X, "illegal", 0.8, "offering illegal drugs"),
    _r(("smash", "trash", "wreck", "torch", "burn", "vandalise", "vandalize", "graffiti", "spray", "egg", "key",
        "loot", "slash", "brick", "firebomb", "set fire", "break into", "rob"),
       r"(?<=(?P<lead>\b(?:let['’]?s|we\s+(?:should|need\s+to|must)|everyone|everybody|time\s+to|go|someone\s+"
       r"should|who['’]?s\s+up\s+for)\s+(?:all\s+)?(?:go\s+)?(?:and\s+)?))(?:smash|trash|wreck|torch|burn"
       r"|vandali[sz]e|graffiti|spray[\s\-]?paint|egg|key|loot|slash|brick|firebomb|set\s+fire\s+to|break\s+into"
       r"|rob)\s+(?:up\s+|down\s+)?(?:their|his|her|the|that|this|those|them|every|all\s+the)\s+(?:\w+\s+)?"
       r"(?:windows?|cars?|vans?|house|houses|home|offices?|shops?|store|premises|place|buildings?|bins?|tyres?"
       r"|statue|mosque|church|synagogue|temple|gurdwara|hotel|camp|school|bus\s+shelter|station)\b", _X,
       "illegal", 0.85, "encouraging criminal damage"),
    _r(("hack",), r"\b(?:how\s+(?:to|do\s+(?:i|you))|i\s+can|we\s+can|let['’]?s|i['’]?ll|we['’]?ll|help\s+me"
       r"|who\s+can|someone\s+should)\s+(?:\w+\s+)?hack\s+(?:into\s+)?(?:her|his|their|some(?:one|body)['’]s"
       r"|an?|the|my\s+ex['’]?s?|th(?:is|at)\s+\w+['’]s|@\w+['’]?s?)\s+(?:\w+\s+)?(?:account|email|e-mail"
       r"|instagram|insta|facebook|fb|twitter|snapchat|phone|wifi|wi-fi|computer|laptop|system|website|server"
       r"|network|database|icloud|whatsapp|tiktok|bank)", _X, "illegal", 0.8,
       "encouraging unauthorised access (Computer Misuse Act 1990)", back=40),
    _r(("fake", "forged", "counterfeit", "cloned", "stolen"),
       r"(?<=(?P<lead>(?<!\b(?:not|n['’]t|never|avoid|stop)\s)\b(?:sell|selling|buy|buying|got|cheap|making"
       r"|supply)\s+(?:\w+\s+)?))(?:fake|forged|counterfeit|cloned|stolen)\s+(?:ids?|passports?|driving\s+"
       r"licen[cs]es?|notes|money|cash|bank\s+cards?|credit\s+cards?|cards|documents|certificates|blue\s+badges?"
       r"|parking\s+permits?)\b", _X, "illegal", 0.8, "trading forged documents or stolen cards"),
)
_PHRASES = PhraseRules(_RULES)


class ViolencePatternDetector(PhraseDetector):
    """Threat, incitement, self-harm and illegal-activity constructions (see module docstring)."""

    name: ClassVar[str] = "violence_pattern"

    def build(self, config: DetectorConfig) -> PhraseRules:
        return _PHRASES

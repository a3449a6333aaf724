"""Contempt of court: comment on a live case that could prejudice a fair trial.

Once someone is arrested or charged, proceedings are "active" (Contempt of Court Act 1981): saying the accused
is guilty, calling them a murderer, telling the jury what to do, or naming a victim of a sexual offence (Sexual
Offences (Amendment) Act 1992) can be contempt, whoever posts it. A finding needs a live-case reference ("the man
charged with ...", "the accused", "the defendant", "Smith, who appears in court ...") and a prejudgement
("is obviously guilty", "did it", "should rot", "lock him up"), or a jury instruction, or a named victim.

Not caught: reporting facts of a case ("A man has been charged with burglary and will appear at Portsmouth
Magistrates' Court"), appeals for witnesses, and verdicts already given ("was found guilty yesterday").
"""

from __future__ import annotations

from typing import ClassVar

from socialwarden.detectors._phrases import PhraseRules, Rule, rule
from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.rulebase import PhraseDetector
from socialwarden.taxonomy import Category

_WHY = ("comment on an active court case that could prejudice a fair trial (contempt of court, Contempt of Court "
        "Act 1981): say nothing about guilt while proceedings are live")
_VICTIM = ("identifies the victim of a sexual offence, who has lifelong anonymity (Sexual Offences (Amendment) Act "
           "1992)")
_AP = "['’]"
_WHO = (r"(?:(?:the|this|that|a|our|local)\s+)?(?:man|woman|men|women|person|people|teenager|teen|boy|girl|youth|"
        r"suspect|suspects|defendant|defendants|accused|driver|mother|father|mum|dad|lad|couple|pair|carer|nurse|"
        r"teacher|councillor|officer|\d+[\s-]year[\s-]old|(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))")
_LIVE = (r"(?:(?:who\s+(?:is|was|has\s+been|'s)|(?:has\s+been|was|is|'s|been))\s+)?(?:charged\s+(?:with|over|in\s+"
         r"connection\s+with|after)|accused\s+of|arrested\s+(?:over|for|on\s+suspicion\s+of|in\s+connection\s+with|"
         r"after)|on\s+trial\s+(?:for|over|at)|awaiting\s+trial|remanded\s+(?:in\s+custody\s+)?(?:over|for|after|"
         r"charged)?|due\s+(?:to\s+appear\s+)?(?:in|at|before)\s+(?:court|the\s+\w+\s+(?:court|magistrates))|"
         r"appear(?:s|ed|ing)?\s+(?:in|at|before)\s+(?:court|the\s+\w+\s+(?:crown\s+)?court|magistrates|the\s+"
         r"magistrates)|(?:standing|stood|facing|faces|will\s+stand)\s+trial)")
# "the defendant" and "the accused" are live cases by definition
_CASE = (r"(?:" + _WHO + r",?(?:\s+[\w'’-]+){0,3}?,?\s+" + _LIVE
         + r"|(?:the|this|that)\s+(?:defendant|defendants|accused)(?:\s+(?:in|from)\s+the\s+(?:[\w'’-]+\s+){0,4}?"
           r"(?:case|trial))?)")
_PREJUDGE = (rf"(?:(?:is|was|are|were|{_AP}s)\s+(?:so\s+|obviously\s+|clearly\s+|definitely\s+|100%\s+|totally\s+|"
             r"blatantly\s+|undoubtedly\s+|surely\s+|absolutely\s+|without\s+(?:a\s+)?doubt\s+|bang\s+to\s+rights\s+)*"
             r"(?:guilty|a\s+(?:murderer|killer|rapist|monster|paedo\w*|nonce|thug|predator|liar|thief))\b"
             r"|(?:obviously|clearly|definitely|so\s+obviously)\s+did\s+it|\bdid\s+it\b(?!\s+(?:again|before|for))"
             r"|guilty\s+as\s+sin|should\s+(?:hang|rot|swing|be\s+locked\s+up|get\s+life|never\s+(?:be\s+released|see\s+"
             r"daylight))|lock\s+(?:him|her|them)\s+up|throw\s+away\s+the\s+key|string\s+(?:him|her|them)\s+up"
             r"|deserves?\s+(?:to\s+hang|life|to\s+rot|the\s+death\s+penalty|everything\s+(?:he|she|they)\s+gets?)"
             r"|everyone\s+knows\s+(?:he|she|they)\s+did\s+it|no\s+doubt\s+(?:he|she|they)\s+did\s+it)")
_PREJUDGE_KEYS = ("guilty", "did it", "murderer", "killer", "rapist", "monster", "paedo*", "nonce", "thug",
                  "predator", "liar", "thief", "hang", "rot", "swing", "locked up", "get life", "never be", "lock him",
                  "lock her", "lock them", "throw away", "string him", "string her", "string them", "deserve*")


def _r(keys: tuple[str, ...], pattern: str, label: str, score: float, cue: str, why: str = _WHY,
       back: int = 0) -> Rule:
    return rule(keys=keys, pattern=pattern, category=Category.CONTEMPT_OF_COURT, label=label, score=score, cue=cue,
                why=why, back=back)


_RULES: tuple[Rule, ...] = (
    _r(_PREJUDGE_KEYS, r"\b" + _CASE + r"\b[^.!?\n]{0,90}?" + _PREJUDGE, "prejudgment", 0.85,
       "assumes the guilt of someone facing trial", back=170),
    _r(("charged", "accused", "arrested", "trial", "remanded", "court"),
       r"(?:guilty\s+as\s+sin|(?:obviously|clearly|definitely)\s+guilty|(?:he|she|they)\s+(?:obviously\s+|clearly\s+)?"
       r"did\s+it|lock\s+(?:him|her|them)\s+up)[^.!?\n]{0,60}?\b" + _CASE, "prejudgment", 0.85,
       "assumes the guilt of someone facing trial", back=90),
    _r(("jury", "jurors"), r"\b(?:the\s+)?(?:jury|jurors)\s+(?:should|must|needs?\s+to|better|had\s+better|have\s+to)"
       r"\s+(?:convict|find\s+(?:him|her|them)\s+guilty|send\s+(?:him|her|them)\s+down|throw\s+the\s+book)",
       "jury_instruction", 0.85, "tells a jury what verdict to reach"),
    _r(("victim",), r"\b(?:the\s+)?(?:rape|sexual\s+assault|sex\s+attack|abuse|grooming|indecent\s+assault)\s+victim"
       r"(?:\s+(?:in|from)\s+the\s+[\w\s]{1,30}?case)?\s+(?:is|was|is\s+called|was\s+called|named\s+as)\s+"
       r"(?-i:[A-Z][a-z]+)", "identifies_victim", 0.85, "names the victim of a sexual offence", why=_VICTIM,
       back=40),
)
_PHRASES = PhraseRules(_RULES)


class ContemptDetector(PhraseDetector):
    """Prejudging live court cases, instructing juries, naming protected victims (see module docstring)."""

    name: ClassVar[str] = "contempt"

    def build(self, config: DetectorConfig) -> PhraseRules:
        return _PHRASES

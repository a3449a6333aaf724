"""Information that compromises public safety or the security of public systems.

Credentials written out ("the password is Summer2024!", "login: admin / admin123", AWS keys,
private-key blocks), door, alarm and key-safe codes, admitted weaknesses ("the back gate is never
locked", "CCTV is broken at the depot", "the server is unpatched") and where vulnerable people
are ("the refuge is at ..."). Advice such as "reset your password via the official site" or "use a
strong password" carries no secret and is not flagged.
"""

from __future__ import annotations

from typing import ClassVar

from socialwarden.detectors._phrases import PhraseRules, Rule, rule
from socialwarden.detectors.base import DetectorConfig
from socialwarden.detectors.rulebase import PhraseDetector
from socialwarden.taxonomy import Category

_WHY = "information that could compromise the safety or security of the public or of public systems"
_DIGITAL = _WHY + "; it invites unauthorised access (Computer Misuse Act 1990)"
_SAY = r"\s*(?:is|was|=|:|-|–|is\s+now|has\s+changed\s+to|changed\s+to|will\s+be)\s*[\"'“‘]?"
# Words that follow "password is" in advice, not secrets: "your password is case-sensitive".
_NOT_SECRET = (r"(?!(?:reset|required|incorrect|wrong|invalid|case|changed|expired|strong|weak|secure|not|the|a|an"
               r"|your|my|our|their|being|now|needed|available|sent|emailed|on|in|at|to|easy|hard|simple|long"
               r"|short|too|very|still|also|same|different|optional|mandatory|protected|forgotten|compromised"
               r"|updated|ask|below|above|attached|private|personal|unique|important|key|critical|never|only"
               r"|stored|encrypted|hashed|hidden|visible|shown|displayed|safe|yours|mine|set|blank|empty)\b)")
_SECRET = r"(?![*x•.]{3,}(?:\s|$))[^\s\"'”’]{3,64}"


def _r(keys: tuple[str, ...], pattern: str, label: str, score: float, cue: str, back: int = 0,
       then: tuple[str, ...] = ()) -> Rule:
    why = _DIGITAL if label in ("credential", "api_key", "system_weakness") else _WHY
    return rule(keys, pattern, Category.SECURITY_INFO, label, score, cue, why, back, then)


_RULES: tuple[Rule, ...] = (
    _r(("password", "pass word", "passwd", "pwd", "pw", "passcode", "pass code", "wifi", "wi-fi", "network",
        "admin", "login", "log-in", "account", "router", "default"),
       r"\b(?:(?:wi-?fi|network|admin|login|log-in|account|router|default)\s+)?(?:pass\s*word|passwd|pwd|pw"
       r"|pass\s*code|wi-?fi\s+key|network\s+key)(?:\s+for\s+(?:the\s+)?\w+(?:\s+\w+)?)?" + _SAY + _NOT_SECRET
       + _SECRET, "credential", 0.9, "a password written out"),
    _r(("pin",), r"\bpin(?:\s+(?:number|code))?" + _SAY + r"\d{4,8}\b", "credential", 0.85,
       "a PIN written out"),
    _r(("login", "log in", "log-in", "username", "user name", "user", "account", "acct"),
       r"\b(?:login|log[\s\-]?in|user\s*name|user(?:\s*id)?|account|acct)\s*[:=]\s*(?!www\.|https?:)[^\s/:]{2,40}"
       r"\s{0,3}[/|,;]\s{0,3}(?:(?:pass(?:word)?|pwd|pw)\s*[:=]\s*)?[^\s/]{3,64}", "credential", 0.85,
       "a username and password pair", then=(":", "=", "name", "id")),  # "@USER" in every tweet costs nothing
    _r(("akia*", "asia*", "agpa*", "aida*", "aroa*", "anpa*", "anva*", "aipa*"),
       r"(?-i:\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b)", "api_key", 0.95, "an AWS access key"),
    _r(("-----begin",), r"-----BEGIN\s+(?:RSA\s+|EC\s+|DSA\s+|OPENSSH\s+|PGP\s+|ENCRYPTED\s+)?PRIVATE\s+KEY"
       r"(?:\s+BLOCK)?-----", "api_key", 0.95, "a private key"),
    _r(("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox*", "aiza*", "sk_live_", "rk_live_", "eyj*"),
       r"(?-i:\bgh[pousr]_[A-Za-z0-9]{36,}|\bgithub_pat_[A-Za-z0-9_]{40,}|\bxox[abprs]-[A-Za-z0-9\-]{10,}"
       r"|\bAIza[0-9A-Za-z\-_]{35}|\b[sr]k_live_[0-9A-Za-z]{24,}|\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}"
       r"\.[A-Za-z0-9_\-]{10,})", "api_key", 0.95, "an access token"),
    _r(("api*", "secret*", "access*", "auth*", "client*", "bearer"),
       r"\b(?:api[_\s\-]?key|secret(?:[_\s\-]?key)?|access[_\s\-]?(?:key|token)|auth[_\s\-]?token|client[_\s\-]?"
       r"secret|bearer(?:\s+token)?)\s*[:=]\s*[\"']?[A-Za-z0-9_\-/+=]{16,}", "api_key", 0.85,
       "a secret key or token written out"),
    _r(("://",), r"\b[a-z][a-z0-9+.\-]{1,15}://[^\s:/@]{1,64}:[^\s:/@]{1,64}@", "credential", 0.9,
       "a password inside a link", back=20),
    _r(("door", "gate", "entry", "entrance", "access", "building", "garage", "keypad", "key safe", "keysafe",
        "key box", "keybox", "lockbox", "lock box", "alarm", "padlock", "combination", "combi", "locker", "safe"),
       r"(?:(?:door|gate|entry|entrance|access|building|garage)\s+(?:code|pin|combination|combo|passcode)"
       r"|(?:keypad|key\s*safe|key\s*box|lock\s*box|alarm|padlock|combination|combi|locker|safe)\s+(?:code|pin"
       r"|combination|combo|passcode|number))s?" + _SAY + r"(?:\d[\d\s\-*#]{2,10}\d|\d{3,8})\b", "access_code",
       0.9, "a door, alarm or key-safe code"),
    _r(("code for", "code to"), r"code\s+(?:for|to)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:door|gate|entrance|key\s*safe"
       r"|keysafe|alarm|lock\s*box|building|office|store|shed|cabinet|padlock|locker)" + _SAY + r"\d{3,8}\b",
       "access_code", 0.9, "a door, alarm or key-safe code"),
    _r(("cctv", "security", "doorbell", "burglar", "intruder", "alarm", "alarms", "motion"),
       r"\b(?:cctv(?:\s+cameras?)?|security\s+cameras?|doorbell\s+cameras?|(?:burglar|intruder|security)\s+alarms?"
       r"|alarms?|security\s+lights?|motion\s+sensors?|security\s+system)\s+(?:\w+\s+){0,3}?(?:is|are|has\s+been"
       r"|have\s+been|was|were|['’]s|['’]re)\s+(?:still\s+|currently\s+|completely\s+|totally\s+|now\s+|often\s+)?"
       r"(?:broken|down|off|not\s+working|out\s+of\s+(?:order|action)|disabled|switched\s+off|turned\s+off"
       r"|faulty|fake|dumm(?:y|ies)|dead|never\s+(?:on|switched\s+on|checked|monitored|working)|not\s+"
       r"(?:monitored|recording|connected|switched\s+on|turned\s+on|set)|unmonitored|unplugged|bust|knackered)\b",
       "weakness", 0.8, "security equipment said not to work"),
    _r(("door", "doors", "gate", "gates", "window", "windows", "fire exit", "entrance", "shutter", "shutters",
        "lock", "padlock"),
       r"\b(?:door|doors|gate|gates|window|windows|fire\s+exit|entrance|shutters?|lock|padlock)\s+(?:\w+\s+){0,2}?"
       r"(?:is|are|was|were|gets|get|['’]s|['’]re|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:never\s+locked"
       r"|(?:always|often|usually|still|left|kept)\s+(?:unlocked|propped\s+open|wedged\s+open|ajar"
       r"|off\s+the\s+latch|unsecured|insecure)|broken\s+and\s+(?:won['’]?t|doesn['’]?t|can['’]?t)\s+lock)"
       r"|\b(?:door|gate|lock|padlock|window)\s+(?:doesn['’]?t|won['’]?t|does\s+not|will\s+not|can['’]?t"
       r"|cannot)\s+(?:even\s+)?(?:lock|be\s+locked|close\s+properly)\b", "weakness", 0.8,
       "a door, gate or lock said to be insecure"),
    _r(("server*", "system*", "network", "firewall", "website", "site", "database", "software", "computer*", "pcs",
        "laptop*", "machine*", "router", "wifi", "wi-fi", "email server", "portal"),
       r"\b(?:server|servers|system|systems|network|firewall|website|site|database|software|computers?|pcs"
       r"|laptops?|machines?|router|wi-?fi|email\s+server|portal)\s+(?:\w+\s+){0,2}?(?:is|are|has|have|was|were"
       r"|['’]s|['’]re|hasn['’]?t|haven['’]?t|isn['’]?t|aren['’]?t)\s+(?:still\s+|been\s+|never\s+been\s+"
       r"|not\s+been\s+|completely\s+|totally\s+)?(?:unpatched|not\s+(?:been\s+)?patched|(?:not\s+)?(?:been\s+)?"
       r"updated\s+(?:in|for|since)\s+(?:years|ages|\d+)|out\s+of\s+date|running\s+(?:windows\s+(?:xp|7|2003"
       r"|2008)|an?\s+old|unsupported)|unsupported|vulnerable|wide\s+open|exposed\s+to|unprotected"
       r"|unencrypted|not\s+encrypted|no\s+password|(?:still\s+)?(?:using|on)\s+(?:the\s+)?default\s+password)",
       "system_weakness", 0.8, "an unpatched or exposed system"),
    _r(("refuge*", "safe house*", "safehouse*", "address"),
       r"\b(?:refuge|safe\s*house)s?\s+(?:\w+\s+){0,2}?(?:is|are|was|['’]s)\s+(?:located\s+|based\s+|situated\s+"
       r"|now\s+|actually\s+|just\s+)?(?:at|on|in|behind|next\s+to|opposite|above|near|round|off|by)\s+"
       r"(?:\d+\w?\s+(?-i:[A-Z])\w+(?:\s+(?-i:[A-Z])\w+)?|(?-i:[A-Z])\w+(?:\s+(?-i:[A-Z])\w+){0,2}|the\s+\w+"
       r"(?:\s+\w+)?)|\baddress\s+(?:of|for)\s+(?:the\s+)?(?:\w+\s+)?(?:refuge|safe\s*house)"
       r"\s+is\b", "vulnerable_location", 0.9, "where a refuge or safe house is"),
    _r(("victim*", "witness*", "survivor*", "informant*", "whistleblower*", "child in care", "looked after child",
        "looked-after child"),
       r"\b(?:victim|witness|survivor|informant|whistleblower|child\s+in\s+care|looked[\s\-]after\s+child)s?\s+"
       r"(?:\w+\s+){0,2}?(?:is|are|was|['’]s|['’]re)\s+(?:now\s+|currently\s+)?(?:staying|living|housed"
       r"|being\s+housed|hiding|placed|kept|moved)\s+(?:at|on|with|in\s+(?:\d|(?-i:[A-Z])))", "vulnerable_location",
       0.85, "where a vulnerable person is staying"),
    _r(("key", "keys", "spare", "master", "safe", "cash", "petty cash", "takings", "money box"),
       r"\b(?:(?:spare|master)\s+)?(?:keys?|safe|cash|petty\s+cash|takings|money\s+box)\s+(?:is|are|gets|get)\s+"
       r"(?:always\s+|usually\s+|often\s+|just\s+)?(?:kept|left|hidden|stored|hung|hanging)\s+(?:in|under|behind"
       r"|at|on|inside|above|next\s+to)\b", "weakness", 0.6, "where keys or cash are kept"),
)
_PHRASES = PhraseRules(_RULES)


class SecurityInfoDetector(PhraseDetector):
    """Credentials, access codes, security weaknesses and locations of vulnerable people."""

    name: ClassVar[str] = "security_info"

    def build(self, config: DetectorConfig) -> PhraseRules:
        return _PHRASES

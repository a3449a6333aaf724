"""Pattern sources and checksum helpers for the personal-data recognisers (UK identifiers).

Patterns are written so they cannot backtrack badly: bounded repeats, possessive runs, and
look-arounds that stop a match from starting or ending inside a longer run of digits.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import finditer


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())

# A number must not start straight after these (inside a word, a price, a decimal, a date or a URL) ...
NUM_BEFORE = r"(?<![\w+£$€@./\-=&#])"
# ... nor end just before a letter/digit, an '@' (it is an email), or a decimal/date continuation.
NUM_AFTER = r"(?!\w|[@=&]|[.,/:\-][0-9])"

# -- phones -----------------------------------------------------------------------------------
_PSEP = r"[ \-\u00a0]"
PHONE = (
    NUM_BEFORE
    + r"(?:(?P<intl>(?:\+|00)" + _PSEP + r"?44" + _PSEP + r"?(?:\(?0\)?" + _PSEP + r"?)?\(?)|\(?0)"
    # 9 or 10 more digits, single separators or a closing bracket between them; possessive so a
    # longer digit run fails outright instead of matching its first eleven digits.
    + r"[0-9](?:(?:\)" + _PSEP + r"?|" + _PSEP + r")?[0-9]){8,9}+"
    + NUM_AFTER
)
DATE_LIKE = r"^\(?[0-9]{2}[ \-][0-9]{2}[ \-](?:19|20)[0-9]{2}(?![0-9])"


def uk_phone_kind(nsn: str) -> str | None:
    """Classify a UK national significant number (digits after the trunk 0 or +44), or None if invalid."""
    n = len(nsn)
    if n not in (9, 10):
        return None
    head = nsn[0]
    if head == "7":  # 076 is pagers, apart from the Isle of Man's 07624 mobiles
        return "mobile" if n == 10 and (nsn[1] != "6" or nsn.startswith("7624")) else None
    if head == "1":
        return "landline"  # a few areas still have 9-digit numbers (e.g. 016977 xxxx)
    if head == "2":
        return "landline" if n == 10 else None
    if head == "3":
        return "non-geographic (03)" if n == 10 else None
    if nsn.startswith(("800", "808")):
        return "freephone"
    if head == "8":
        return "non-geographic (08)" if n == 10 else None
    if head == "9":
        return "premium-rate" if n == 10 else None
    if nsn.startswith(("55", "56")):
        return "corporate/VoIP" if n == 10 else None
    return None


# -- NHS number, cards, NINO, IBAN ------------------------------------------------------------
NHS = NUM_BEFORE + r"[0-9]{3}(?P<s>[ \-]?)[0-9]{3}(?P=s)[0-9]{4}" + NUM_AFTER
CARD = NUM_BEFORE + r"[0-9](?:[ \-]?[0-9]){12,18}+" + NUM_AFTER
# HMRC: first letter not D F I Q U V; second not D F I O Q U V; some pairs never issued.
NINO = (
    r"(?<![\w@])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?!\w)"
)
IBAN = r"(?<![\w@])(?P<cc>[A-Z]{2})[0-9]{2}(?: ?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])"

IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24,
    "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21,
    "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21,
    "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30,
    "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
}


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def nhs_ok(digits: str) -> bool:
    """NHS modulus 11: weights 10..2 on the first nine digits; check = 11 - sum % 11 (11 -> 0, 10 invalid)."""
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def iban_ok(iban: str) -> bool:
    """ISO 13616 mod-97: move the first four characters to the end, letters become 10..35, result % 97 == 1."""
    if not iban.isascii() or not iban.isalnum() or IBAN_LENGTHS.get(iban[:2]) != len(iban):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


# -- postcodes ---------------------------------------------------------------------------------
# The 124 postcode areas (plus BF for BFPO); restricting to them keeps "PS5 2TB" and the like out.
_AREAS = (
    "AB AL BA BB BD BF BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY EC EH EN EX "
    "FK FY GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY LA LD LE LL LN LS LU ME MK ML NE NG NN "
    "NP NR NW OL OX PA PE PH PL PO PR RG RH RM SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS "
    "TW UB WA WC WD WF WN WR WS WV YO ZE"
).replace(" ", "|")
# Third-position letters (A9A) and fourth-position letters (AA9A) are restricted sets.
POSTCODE_CORE = (
    r"(?i:GIR ?0AA|(?:(?:" + _AREAS + r")[0-9][0-9ABEHMNPRV-Y]?|[BEGLMNSW][0-9][0-9A-HJKPSTUW]?)"
    r"[ \u00a0]?[0-9][ABD-HJLNP-UW-Z]{2})"
)
POSTCODE = r"(?<![\w@/.\-])" + POSTCODE_CORE + r"(?![\w\-])"

# -- dates of birth ----------------------------------------------------------------------------
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
DOB = (
    r"(?i:(?P<sig>\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s?date\b|\bborn(?:\s+on)?\b)"
    r"[\s:=,\-–]{0,4}(?:(?:is|was|on|the)\s+){0,2}"
    r"(?P<date>(?P<d>[0-9]{1,2})[/.\-](?P<m>[0-9]{1,2})[/.\-](?P<y>[0-9]{4}|[0-9]{2})(?![0-9])"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])"
    r"|[0-9]{1,2}" + _ORD + r"\s+(?:of\s+)?" + _MONTH + r"\.?(?:,?\s+(?P<y2>[0-9]{4}))?(?!\w)"
    r"|" + _MONTH + r"\.?\s+[0-9]{1,2}" + _ORD + r"(?:,?\s+(?P<y3>[0-9]{4}))?(?!\w)))"
)

# -- home addresses ----------------------------------------------------------------------------
_STREET_TYPE = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Close|Lane|Ln|Drive|Dr|Way|Crescent|Cres|Gardens|Gdns|Terrace|"
    r"Grove|Mews|Square|Sq|Parade)"
)
_WORD = r"[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_TAIL = r"(?:,?\s(?:[A-Z][a-z'’]+,?\s){0,3}(?P<pc>" + POSTCODE_CORE + r"))?(?![\w\-])"
_HOUSE = r"(?P<num>(?<![\w£$€.,/\-])[0-9]{1,3}[A-Za-z]?),?\s"
ADDRESS = _HOUSE + r"(?:" + _WORD + r"\s){1,3}" + _STREET_TYPE + r"(?![\w'’])" + _TAIL
# After "lives at" / "home address" a lower-case address is believable too.
ADDRESS_CONTEXT = (
    r"(?i:\b(?:lives|living|live|resides|staying)\s+at|\bhome\s+address(?:\s+is)?|\baddress\s+is"
    r"|\bmoved\s+(?:in)?to)[:\s]{1,3}"
    + _HOUSE + r"(?i:(?:[a-z][a-z'’\-]*\s){1,3}" + _STREET_TYPE + r")(?![\w'’])" + _TAIL
)

# -- bank details ------------------------------------------------------------------------------
_SC_LOOSE = r"(?P<sc>[0-9]{2}(?P<s1>[\-– ]?)[0-9]{2}(?P=s1)[0-9]{2})(?![\w\-])"
_ACC = r"(?<![\w\-])(?P<acc>[0-9]{8})" + NUM_AFTER
_SC_WORD = r"(?i:\bsort[\s\-]?code\b)[\s:.\-#]{0,4}(?:is\s+)?"
# "12-34-56 12345678": a dashed sort code then an 8-digit account a few words later.
SORT_PAIR = NUM_BEFORE + r"(?P<sc>[0-9]{2}(?P<s1>[\-–])[0-9]{2}(?P=s1)[0-9]{2})(?![\w\-])[^0-9_\n]{0,30}?" + _ACC
# "sort code 123456 (account 12345678)": the keyword makes undashed forms believable.
SORT_KEY = _SC_WORD + _SC_LOOSE + r"(?:[^0-9_\n]{0,40}?" + _ACC + r")?"
# "account no 12345678, sort code 12-34-56"
ACC_FIRST = (
    r"(?i:\b(?:account|acc|a/c)\b(?:\s*(?:no\b\.?|number|num\b|#))?)[\s:.\-#]{0,4}(?:is\s+)?"
    + _ACC + r"[^0-9_\n]{0,30}?" + _SC_WORD + _SC_LOOSE
)

# -- cheap anchors: the full patterns above start with letters, so scanning every position with
# them is slow (~100 µs a tweet for postcodes); these start with a digit or an '@' and find the
# few places worth a closer look.
POSTCODE_ANCHOR = r"[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}(?![\w\-])"
NINO_ANCHOR = r"[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-Da-d](?!\w)"
EMAIL_ANCHOR = r"[A-Za-z0-9_.%+\-]@[A-Za-z0-9\-]"
STREET_WORDS = (
    "Road", "Rd", "St", "Ave", "Close", "Lane", "Ln", "Dr", "Way", "Cres", "Gardens", "Gdns", "Terrace",
    "Grove", "Mews", "Sq", "Parade",
)


# -- helpers -------------------------------------------------------------------------------------

def mask(value: str, keep: int = 2) -> str:
    """'07700 900123' -> '07••• ••••23': enough to recognise the value, not enough to reuse it."""
    alnum = [i for i, ch in enumerate(value) if ch.isalnum()]
    hidden = set(alnum[keep:-keep]) if len(alnum) > 2 * keep else set(alnum[1:])
    return "".join("•" if i in hidden else ch for i, ch in enumerate(value))


def windows(anchor: regex.Pattern[str], pattern: regex.Pattern[str], text: str,
        back: int, ahead: int) -> Iterator[tuple[int, regex.Match[str]]]:
    """Matches of ``pattern`` in small windows around each ``anchor`` hit, as (offset, match).

    The window keeps one extra character before it so look-behinds still see real context;
    a match that starts on that character, or runs into the window's cut end, is not trusted
    (with ``ahead=0`` the anchor itself has already checked what follows).
    """
    last_end = 0
    for a in finditer(anchor, text):
        if a.start() < last_end:
            continue
        lo = max(0, a.start() - back - 1)
        hi = min(len(text), a.end() + ahead)
        for m in finditer(pattern, text[lo:hi]):
            start, end = lo + m.start(), lo + m.end()
            if (lo and m.start() == 0) or (ahead and end == hi < len(text)) or start < last_end:
                continue
            if start <= a.start() < end:
                last_end = end
                yield lo, m


def plausible_day_month(first: int, second: int) -> bool:
    """Accept both UK d/m and US m/d order."""
    return (1 <= first <= 31 and 1 <= second <= 12) or (1 <= first <= 12 and 1 <= second <= 31)


def resolve(found: list[Finding]) -> tuple[Finding, ...]:
    """Keep one finding per overlapping cluster member: the longest span first, then the highest score."""
    if len(found) < 2:
        return tuple(found)
    found.sort(key=lambda f: (f.start, f.end))
    kept: list[Finding] = []
    cluster: list[Finding] = []
    cluster_end = -1
    for f in [*found, None]:
        if f is not None and f.start < cluster_end:
            cluster.append(f)
            cluster_end = max(cluster_end, f.end)
            continue
        chosen: list[Finding] = []
        for c in sorted(cluster, key=lambda c: (c.start - c.end, -c.score)):
            if all(c.end <= k.start or k.end <= c.start for k in chosen):
                chosen.append(c)
        kept.extend(sorted(chosen, key=lambda c: c.start))
        if f is not None:
            cluster, cluster_end = [f], f.end
    return tuple(kept)

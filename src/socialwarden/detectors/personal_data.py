"""Personal data: contact details and UK identifiers (email, phone, NINO, NHS number, postcode, bank
and card numbers, dates of birth, home addresses).

Checksummed identifiers (NHS modulus 11, Luhn, IBAN mod 97) score ~0.95; pattern-only ones 0.6-0.9.
Explanations mask the value so that audit logs do not copy the personal data they warn about.

Organisations' contact details are not a person's data: the organisation's own published phones, emails and
addresses (``DetectorConfig.org_*``) are never reported; service lines (03, 0800/0808, 08, 09 numbers) are not
reported; landlines and postcodes on their own, work addresses at public bodies and the organisation's own domains,
role mailboxes and buildings named with an office, hall or department score below any rule's threshold (kept for
analysts). A personal cue ("my number", "his mobile", "lives at", "home address") keeps the score high.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import ClassVar

import regex

from socialwarden.detectors import _uk_patterns as P
from socialwarden.detectors.base import DetectorConfig
from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import compile_pattern, finditer, search
from socialwarden.taxonomy import Category

EMAIL = (
    r"(?<![\w.+%\-])[A-Za-z0-9_][A-Za-z0-9_.%+\-]{0,63}+@(?:[A-Za-z0-9\-]{1,63}+\.)+[A-Za-z]{2,24}(?![\w\-@])"
)
# Shared inboxes are contact details of an organisation, not of a person.
ROLE_MAILBOXES = P.words(
    "info enquiries enquiry contact hello press media admin support office help team comms news "
    "noreply no-reply sales customerservices customer.services feedback complaints foi dpo"
)
_ROLE_WORDS = frozenset(
    "team office enquiries enquiry requests request formats stats statistics standards press foi consulate network "
    "internships volunteers volunteering sanctions surveillance service services desk unit hub centre center admin "
    "accounts finance hr jobs careers recruitment events bookings booking licensing planning housing council library "
    "libraries parks reception helpdesk customer customers general mailbox branches clearances correspondence "
    "webmaster web digital communications marketing partnerships grants funding membership members secretary "
    "secretariat governance compliance safeguarding complaints feedback contact info hello support".split())
# Work addresses at public bodies (published so people can reach them), not private contact details.
# Free mail services: an address there belongs to a person, whatever its local part says.
_FREE_MAIL = frozenset(("gmail.com", "googlemail.com", "hotmail.com", "hotmail.co.uk", "outlook.com", "live.com",
                        "live.co.uk", "yahoo.com", "yahoo.co.uk", "icloud.com", "me.com", "aol.com", "btinternet.com",
                        "sky.com", "virginmedia.com", "talktalk.net", "protonmail.com", "proton.me", "gmx.com",
                        "mail.com", "ntlworld.com"))
_LONG_ROLE_WORDS = tuple(w for w in _ROLE_WORDS if len(w) >= 6)


def _role_mailbox(local: str, domain: str) -> bool:
    """A shared role mailbox: a role word as a part of the local part ("press.office", "foi-requests") or, run
    together at an organisation's domain, inside it ("productsurveillance@", "financialsanctions@")."""
    if set(regex.split(r"[._+\-]+", local)) & _ROLE_WORDS:
        return True
    return (domain not in _FREE_MAIL and len(local) >= 8 and local.isalpha()
            and any(word in local for word in _LONG_ROLE_WORDS))


_PUBLIC_DOMAINS = ("gov.uk", "nhs.net", "nhs.uk", "police.uk", "parliament.uk", "mod.uk", "ac.uk", "sch.uk",
                   "gov.scot", "gov.wales", "llyw.cymru", "gov.im", "gov.je", "gov.gg")
_SERVICE_LINES = ("non-geographic (03)", "freephone", "non-geographic (08)", "premium-rate", "corporate/VoIP")
_DIGITS = "0123456789"
_ORDINALS = frozenset({"st", "nd", "rd", "th"})


_BEFORE_AT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.%+-")
_AFTER_AT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")


def _email_possible(text: str) -> bool:
    """Whether some '@' has the characters around it that ``P.EMAIL_ANCHOR`` needs ("@USER" after a space
    has not): a few string look-ups instead of a timed regex scan of the whole text."""
    i = text.find("@", 1)
    while 0 < i < len(text) - 1:
        if text[i - 1] in _BEFORE_AT and text[i + 1] in _AFTER_AT:
            return True
        i = text.find("@", i + 1)
    return False


def _digits_of(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _national(digits: str) -> str:
    """A UK number's digits as dialled at home: "+44 23 9258 4242" and "023 9258 4242" -> "02392584242"."""
    if digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("44") and len(digits) > 11:
        digits = digits[2:]
    return digits if digits.startswith("0") else "0" + digits


def _squash(text: str) -> str:
    """Lower-case letters and digits only, for comparing addresses written differently."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


class PersonalDataDetector:
    """Finds contact details and identifiers of people; every finding has category ``personal_data``."""

    name: ClassVar[str] = "personal_data"

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config or DetectorConfig()
        cfg = self.config
        self._org_phones = frozenset(_national(_digits_of(p)) for p in cfg.org_phones if _digits_of(p))
        self._org_emails = frozenset(e.strip().lower() for e in cfg.org_emails if "@" in e)
        self._own_domains = tuple(sorted({d.strip().lower().split("://")[-1].split("/")[0].removeprefix("www.")
                                          for d in (*cfg.own_domains, *(e.rpartition("@")[2] for e in cfg.org_emails))
                                          if d.strip()}))
        self._org_places = tuple(_squash(a) for a in cfg.org_addresses if _squash(a))
        self._email = compile_pattern(EMAIL)
        self._phone = compile_pattern(P.PHONE)
        self._date_like = compile_pattern(P.DATE_LIKE)
        self._nhs = compile_pattern(P.NHS)
        self._card = compile_pattern(P.CARD)
        self._nino = compile_pattern(P.NINO, regex.IGNORECASE)
        self._iban = compile_pattern(P.IBAN)
        self._postcode = compile_pattern(P.POSTCODE)
        self._dob = compile_pattern(P.DOB)
        self._address = compile_pattern(P.ADDRESS)
        self._address_ctx = compile_pattern(P.ADDRESS_CONTEXT)
        self._sort = [compile_pattern(p) for p in (P.SORT_PAIR, P.SORT_KEY, P.ACC_FIRST)]
        self._anchor_postcode = compile_pattern(P.POSTCODE_ANCHOR)
        self._anchor_nino = compile_pattern(P.NINO_ANCHOR)
        self._anchor_email = compile_pattern(P.EMAIL_ANCHOR)
        self._url = compile_pattern(r"(?:https?://|www\.)[^\s<>\"']+")
        self._cluster = compile_pattern(r"[0-9][0-9 ()\-]*+")
        self._long_run = compile_pattern(r"[0-9]{20}[0-9]*+")  # this form scans fast
        self._phone_ctx = compile_pattern(r"tel\b|phone|call|ring|mob|text|whatsapp|contact|number|sms")
        self._personal_ctx = compile_pattern(
            r"\b(?:my|his|her|their|your|home|mobile|mob|personal|private|mum|dad|wife|husband|son|daughter|"
            r"neighbour|call\s+me|ring\s+me|text\s+me|whatsapp\s+me|reach\s+me|(?-i:[A-Z][a-z]+)['’]s\s+(?:number|"
            r"phone|mobile)|(?:call|ring|text|contact)\s+(?-i:[A-Z][a-z]+)\s+on)\b", regex.IGNORECASE)
        self._org_ctx = compile_pattern(
            r"\b(?:office|offices|house|hall|centre|center|council|ltd|limited|plc|trust|society|department|ministry|"
            r"agency|court|chambers|library|school|church|surgery|station|museum|theatre|write\s+to|headquarters|"
            r"hq|branch|depot|college|university|hospital|embassy|consulate|treasury|commission|authority|"
            r"by\s+post\s+to|post\s+it\s+to|send\s+it\s+to|freepost)\b", regex.IGNORECASE)

        # A number published for a role ("call the duty press officer on ...", "out of hours, ring ...") is how
        # people reach the organisation, whoever carries the phone that night.
        self._role_line_ctx = compile_pattern(
            r"\b(?:press\s+office(?:r)?|duty\s+(?:press\s+)?officer|on[-\s]call(?:\s+officer)?|out\s+of\s+hours|"
            r"outside\s+(?:office|these|normal|working)\s+hours|helpline|switchboard|control\s+room|contact\s+centre|"
            r"media\s+(?:team|desk|line|enquiries)|emergency\s+(?:line|number)|hotline)\b", regex.IGNORECASE)

    def analyse(self, text: str) -> tuple[Finding, ...]:
        try:
            return self._analyse(text)
        except Exception:  # a detector must never take the pipeline down; an unexpected input yields nothing
            return ()

    def _analyse(self, text: str) -> tuple[Finding, ...]:
        out: list[Finding] = []
        add = self._adder(text, out)
        if "@" in text and "." in text and _email_possible(text):
            self._emails(text, add)
        if not any(map(text.__contains__, _DIGITS)):  # most posts: no digits, so nothing below can match
            return self._outside_links(text, P.resolve(out))
        if len(text) > 1000:
            text = self._blank_long_runs(text)
        low = text.lower()
        longest, total, iban_like, postcode_like = self._clusters(text)
        if longest >= 10:
            self._phones(text, low, add)
            self._nhs_numbers(text, low, add)
        if longest >= 13:
            self._cards(text, add)
        if longest >= 6:
            self._ninos(text, low, add)
            self._bank(text, low, total, add)
        if iban_like and total >= 8:
            self._ibans(text, add)
        if postcode_like:
            self._postcodes(text, add)
        self._addresses(text, low, add)
        if any(w in low for w in ("dob", "born", "birth", "o.b", "d o b")):
            self._dobs(text, add)
        return self._outside_links(text, P.resolve(out))

    def _outside_links(self, text: str, found: tuple[Finding, ...]) -> tuple[Finding, ...]:
        """Digits inside a URL ("...&campid=5337555197&...") are tracking ids, not someone's data."""
        if not found or ("://" not in text and "www." not in text):
            return found
        starts, ends = [], []
        for m in finditer(self._url, text):
            starts.append(m.start())
            ends.append(m.end())
        keep = []
        for f in found:
            i = bisect_right(starts, f.start) - 1
            if i < 0 or f.end > ends[i]:
                keep.append(f)
        return tuple(keep)

    def _clusters(self, text: str) -> tuple[int, int, bool, bool]:
        """One cheap pass over the groups of digits (with spaces, dashes, brackets) to decide which
        recognisers can match at all: (most digits in one group, all digits, a group right after two
        capitals as in 'GB82', a group right before a letter as in 'SW1A 1AA')."""
        longest = total = 0
        iban_like = postcode_like = False
        for count, m in enumerate(finditer(self._cluster, text)):
            if count > 5000:  # pathological input: give up gating and let every recogniser run
                return 99, 99, True, True
            group, start, end = m.group(), m.start(), m.end()
            digits = len(group) - group.count(" ") - group.count("-") - group.count("(") - group.count(")")
            total += digits
            longest = max(longest, digits)
            postcode_like = postcode_like or (end < len(text) and text[end].isalpha() and group[-1].isdigit())
            iban_like = iban_like or (start > 1 and text[start - 1].isupper() and text[start - 2].isupper())
        return longest, total, iban_like, postcode_like

    def _blank_long_runs(self, text: str) -> str:
        """Replace runs of 20+ digits with '_' (same length, still a word character).

        No recogniser can match inside or next to such a run, and scanning '_' is far cheaper than
        trying every pattern at every digit of a megabyte of digits. Offsets do not change.
        """
        parts: list[str] = []
        last = 0
        for m in finditer(self._long_run, text):
            parts += (text[last:m.start()], "_" * (m.end() - m.start()))
            last = m.end()
        return "".join(parts) + text[last:] if parts else text

    def _adder(self, text: str, out: list[Finding]) -> Callable[[int, int, float, str, str], None]:
        def add(start: int, end: int, score: float, label: str, why: str) -> None:
            if 0 <= start < end <= len(text):
                out.append(Finding(Category.PERSONAL_DATA, start, end, score, self.name, why, label=label))

        return add

    # -- recognisers (each gets the same `add` callback) --------------------------------------

    def _emails(self, text: str, add: Callable[[int, int, float, str, str], None]) -> None:
        for lo, m in P.windows(self._anchor_email, self._email, text, 65, 256):
            local, _, domain = m.group().partition("@")
            low_domain = domain.lower()
            if m.group().lower() in self._org_emails:
                continue  # the organisation's own published address
            if local.lower() in ROLE_MAILBOXES or _role_mailbox(local.lower(), low_domain):
                add(lo + m.start(), lo + m.end(), 0.35, "email",
                    f"email address '{local}@{domain}' looks like a shared role mailbox, probably not personal")
            elif any(low_domain == d or low_domain.endswith("." + d) for d in self._own_domains):
                add(lo + m.start(), lo + m.end(), 0.4, "email",
                    f"email address '{P.mask(local, 1)}@{domain}' is a work address on the organisation's own domain")
            elif any(low_domain == d or low_domain.endswith("." + d) for d in _PUBLIC_DOMAINS):
                add(lo + m.start(), lo + m.end(), 0.45, "email",
                    f"email address '{P.mask(local, 1)}@{domain}' is a work address at a public body")
            else:
                add(lo + m.start(), lo + m.end(), 0.9, "email", f"email address '{P.mask(local, 1)}@{domain}'")

    def _phones(self, text: str, low: str, add: Callable[[int, int, float, str, str], None]) -> None:
        for m in finditer(self._phone, text):
            value, start = m.group(), m.start()
            digits = _digits_of(value)
            intl = m.group("intl") is not None
            if intl:
                digits = digits[4:] if digits.startswith("0044") else digits[2:]
            nsn = digits[1:] if digits.startswith("0") else digits
            kind = P.uk_phone_kind(nsn)
            if kind is None or (not intl and search(self._date_like, value)):
                continue
            if kind in _SERVICE_LINES or "0" + nsn in self._org_phones:
                continue  # a service line or the organisation's own published number: nobody's personal data
            if value.startswith("(") and ")" not in value:
                start += 1
            context = search(self._phone_ctx, low[max(0, start - 30):start]) is not None
            score = 0.85 if intl or context else (0.75 if len(digits) < len(value) else 0.7)
            if len(nsn) == 9 and nsn[0] == "1" and not (intl or context):
                score = 0.6  # only a few 01 areas have 9-digit numbers; more likely a stray digit run
            if kind == "landline" and search(self._personal_ctx, text[max(0, start - 40):start]) is None:
                score, kind = 0.4, "landline (no sign it is a person's own number)"
            elif (search(self._role_line_ctx, text[max(0, start - 60):start]) is not None
                  and search(self._personal_ctx, text[max(0, start - 25):start]) is None):
                score, kind = 0.4, f"{kind} (published for a role, such as a duty press officer)"
            why = f"UK {kind} number '{P.mask(text[start:m.end()])}' ({len(nsn) + 1} digits with a valid prefix"
            why += ", with +44" if intl else ""
            why += ", after a phone word)" if context else ")"
            add(start, m.end(), score, "uk_phone", why)

    def _nhs_numbers(self, text: str, low: str, add: Callable[[int, int, float, str, str], None]) -> None:
        for m in finditer(self._nhs, text):
            digits = _digits_of(m.group())
            if not P.nhs_ok(digits):
                continue
            near_nhs = "nhs" in low[max(0, m.start() - 40):m.start()]
            why = f"10-digit number '{P.mask(m.group())}' that passes the NHS modulus-11 check"
            if digits[0] == "0" and not near_nhs:  # English/Welsh NHS numbers never start with 0
                add(m.start(), m.end(), 0.6, "nhs_number", why + ", though NHS numbers rarely start with 0")
            else:
                add(m.start(), m.end(), 0.95, "nhs_number", why + (" after the word NHS" if near_nhs else ""))

    def _cards(self, text: str, add: Callable[[int, int, float, str, str], None]) -> None:
        for m in finditer(self._card, text):
            # "4111 1111 1111 1111 2 tickets": if the whole run fails, try it group by group.
            value, ends, pos = m.group(), [], 0
            for group in value.replace("-", " ").split(" "):
                pos += len(group)
                ends.append(pos)
                pos += 1
            for end in reversed(ends):
                digits = _digits_of(value[:end])
                if 13 <= len(digits) <= 19 and digits[0] in "23456" and P.luhn_ok(digits):
                    add(m.start(), m.start() + end, 0.95, "payment_card",
                        f"{len(digits)}-digit card number '{P.mask(value[:end], 4)}' that passes the Luhn check")
                    break

    def _ninos(self, text: str, low: str, add: Callable[[int, int, float, str, str], None]) -> None:
        for lo, m in P.windows(self._anchor_nino, self._nino, text, 3, 0):
            start, end = lo + m.start(), lo + m.end()
            window = low[max(0, start - 40):start]
            context = "insurance" in window or "ni " in window or "nino" in window
            add(start, end, 0.9 if context else 0.8, "uk_nino",
                f"National Insurance number format '{P.mask(m.group())}' (valid HMRC prefix letters, "
                "6 digits, suffix A-D)" + (" after 'national insurance'/'NI'" if context else ""))

    def _ibans(self, text: str, add: Callable[[int, int, float, str, str], None]) -> None:
        for m in finditer(self._iban, text):
            length = P.IBAN_LENGTHS.get(m.group("cc"))
            if length is None:
                continue
            compact, end = "", m.start()
            for i in range(m.start(), m.end()):
                if text[i] != " ":
                    compact += text[i]
                    if len(compact) == length:
                        end = i + 1
                        break
            if len(compact) != length or (end < len(text) and text[end].isalnum()):
                continue
            if P.iban_ok(compact.upper()):
                add(m.start(), end, 0.95, "iban",
                    f"{compact[:2]} IBAN '{P.mask(text[m.start():end], 4)}' with valid mod-97 check digits")

    def _bank(self, text: str, low: str, digits: int, add: Callable[[int, int, float, str, str], None]) -> None:
        pair, keyed, acc_first = self._sort
        if digits >= 14:
            for m in finditer(pair, text):
                add(m.start(), m.end(), 0.7, "sort_code_account",
                    f"sort code '{m.group('sc')}' followed by 8-digit account number '{P.mask(m.group('acc'))}'")
        if "sort" not in low:
            return
        for m in finditer(keyed, text):
            if m.group("acc"):
                add(m.start("sc"), m.end(), 0.9, "sort_code_account",
                    f"sort code '{m.group('sc')}' and account number '{P.mask(m.group('acc'))}'")
            else:
                add(m.start("sc"), m.end("sc"), 0.6, "sort_code_account",
                    f"sort code '{m.group('sc')}' (no account number next to it)")
        for m in finditer(acc_first, text):
            add(m.start("acc"), m.end("sc"), 0.9, "sort_code_account",
                f"account number '{P.mask(m.group('acc'))}' and sort code '{m.group('sc')}'")

    def _postcodes(self, text: str, add: Callable[[int, int, float, str, str], None]) -> None:
        for lo, m in P.windows(self._anchor_postcode, self._postcode, text, 5, 0):
            value = m.group()
            if not value.isupper() and (" " not in value or not value.islower() or value[-2:] in _ORDINALS):
                continue  # "N1 1st", "Hu27le", "l00py": only tidy lower case passes, and only with a space
            if self._org_place(value):
                continue
            add(lo + m.start(), lo + m.end(), 0.45, "uk_postcode",
                f"UK postcode '{value}' (known postcode area, valid outward and inward codes); on its own it "
                "locates an area, not a person")

    def _addresses(self, text: str, low: str, add: Callable[[int, int, float, str, str], None]) -> None:
        for m in finditer(self._address, text) if any(map(text.__contains__, P.STREET_WORDS)) else ():
            if self._org_place(m.group()):
                continue
            has_pc = m.group("pc") is not None
            building = search(self._org_ctx, text[max(0, m.start("num") - 60):m.start("num")]) is not None
            score = 0.4 if building else 0.7 if has_pc else 0.45
            add(m.start("num"), m.end(), score, "home_address",
                f"house number and street '{P.mask(m.group(), 3)}'" + (" with a postcode" if has_pc else "")
                + (" after the name of an office or public building" if building else ""))
        if any(w in low for w in ("live", "resid", "address", "moved", "staying")):
            for m in finditer(self._address_ctx, text):
                if self._org_place(m.group()):
                    continue
                add(m.start("num"), m.end(), 0.9, "home_address",
                    f"address '{P.mask(text[m.start('num'):m.end()], 3)}' after 'lives at'/'home address'")

    def _org_place(self, value: str) -> bool:
        """Part of one of the organisation's own published addresses."""
        squashed = _squash(value)
        return bool(squashed) and any(squashed in place or place in squashed for place in self._org_places)

    def _dobs(self, text: str, add: Callable[[int, int, float, str, str], None]) -> None:
        for m in finditer(self._dob, text):
            signal = m.group("sig").lower()
            year = bool(m.group("y") or m.group("y2") or m.group("y3")) or m.group("date")[:4].isdigit()
            if signal == "born" and not year:
                continue  # "born 3 March" alone is a birthday, not a date of birth
            if m.group("d") and not P.plausible_day_month(int(m.group("d")), int(m.group("m"))):
                continue
            add(m.start("date"), m.end("date"), 0.8 if signal.startswith("born") else 0.9, "date_of_birth",
                f"date '{m.group('date')}' given as a date of birth (after '{m.group('sig')}')")

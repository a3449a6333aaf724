"""Helpers for the link detector: finding link candidates, the shipped lists, confusable folding, look-alikes.

Kept apart from ``links.py`` so the detector itself stays short; nothing here touches the network.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from socialwarden.engine.safe_regex import compile_pattern, finditer

# Characters that read as a Latin letter (Cyrillic, Greek, Armenian, digits). Applied after lower-casing,
# so "I", "i", "1" and "l" all become "l": they are told apart only by font, so a skeleton must not.
_FOLD = str.maketrans({
    "0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "|": "l", "i": "l", "ı": "l", "ɩ": "l",
    "ł": "l", "ɡ": "g", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "l",
    "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "һ": "h", "к": "k", "ո": "n", "ս": "u",
    "օ": "o", "α": "a", "ο": "o", "ρ": "p", "ν": "v", "υ": "u", "ι": "l", "κ": "k", "τ": "t", "ε": "e",
    "χ": "x", "γ": "y", "ω": "w", "ѡ": "w", "_": "", "-": "",
})
# Letter pairs that render like one letter in most fonts.
_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_CONFUSABLE_SCRIPTS = frozenset({"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"})


# Where a link could be (a dot then two word characters, so not "e.g." or "3.5"); the full pattern runs
# only on the whitespace-delimited stretch around each hint, because scanning all text with it is slow.
_HINT = compile_pattern(r"[.。．｡][\w\-]{2}|://")
_TRAIL = ".,;:!?'\"*)]}…"


def trim_link(url: str) -> str:
    """Drop sentence punctuation after a link, keeping a ")" that closes one inside it (Wikipedia style)."""
    while url and url[-1] in _TRAIL:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _hints(text: str) -> list[int]:
    """Positions of "." + two word characters, or of "://". Plain ``str.find`` is several times faster than
    the regex engine on an ordinary tweet; odd texts (many dots, ideographic full stops) use the regex."""
    if text.count(".") > 64 or text.count("://") > 16 or "。" in text or "．" in text or "｡" in text:
        return [m.start() for m in finditer(_HINT, text)]
    hits = []
    at = text.find(".")
    while at >= 0:
        nxt = text[at + 1 : at + 3]
        if len(nxt) == 2 and (nxt[0].isalnum() or nxt[0] in "-_") and (nxt[1].isalnum() or nxt[1] in "-_"):
            hits.append(at)
        at = text.find(".", at + 1)
    at = text.find("://")
    while at >= 0:
        hits.append(at)
        at = text.find("://", at + 3)
    return sorted(hits)


def link_regions(text: str) -> Iterator[tuple[int, int]]:
    """Whitespace-delimited stretches of text around each hint: only these can hold a link."""
    end = 0
    for at in _hints(text):
        if at < end:
            continue
        start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at), text.rfind("\t", 0, at)) + 1
        end = len(text)
        for ch in " \n\t":
            found = text.find(ch, at, end)
            end = found if found >= 0 else end
        yield start, end


def skeleton(label: str) -> str:
    """Fold a domain label to what it looks like: strip accents and hyphens, map look-alike characters."""
    text = unicodedata.normalize("NFKD", label.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_FOLD)
    for pair, single in _PAIRS:
        text = text.replace(pair, single)
    return text


def within_distance(a: str, b: str, limit: int) -> bool:
    """Optimal-string-alignment distance (typos incl. swapped letters) of at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit


def decode_label(label: str) -> str:
    """Show a punycode label ("xn--pypal-4ve") as the reader sees it; undecodable labels stay as they are."""
    if not label.startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return label


def scripts(text: str) -> frozenset[str]:
    """The writing systems of the letters in ``text`` (LATIN, CYRILLIC, ...)."""
    return frozenset(unicodedata.name(ch, "UNKNOWN ").split(" ", 1)[0] for ch in text if ch.isalpha())


def mixes_confusable_scripts(text: str) -> bool:
    """True when Latin letters sit beside Cyrillic/Greek/Armenian ones, the usual homograph trick."""
    found = scripts(text)
    return len(found & _CONFUSABLE_SCRIPTS) > 0 and len(found) > 1


def under(host: str, domains: frozenset[str]) -> str | None:
    """The entry of ``domains`` that ``host`` is, or is a subdomain of."""
    parts = host.split(".")
    for i in range(len(parts)):
        candidate = ".".join(parts[i:])
        if candidate in domains:
            return candidate
    return None


@dataclass(frozen=True)
class Brand:
    """A name worth protecting: a well-known brand or the organisation's own domain."""

    names: tuple[str, ...]  # as written, lower case
    domains: frozenset[str]
    official: str  # the domain shown in explanations
    match: str = "substring"  # or "prefix" (starts a hyphen/dot-separated word) or "token" (is a whole word)
    strict: bool = False  # owns no other endings: "hmrc.com" is already a fake
    own: bool = False

    def title(self) -> str:
        return f"your organisation's domain {self.official}" if self.own else self.official

    def skeletons(self) -> tuple[tuple[str, str], ...]:
        return tuple((n, skeleton(n)) for n in self.names if len(skeleton(n)) >= 2)


@dataclass(frozen=True)
class HostShape:
    """A host cut up once for comparing against every brand."""

    label: str  # registrable label as the reader sees it ("pаypal-login")
    subdomain: str
    suffix: str
    label_sk: str
    tokens: frozenset[str]
    sub_sk: str
    sub_tokens: frozenset[str]

    @classmethod
    def of(cls, label: str, subdomain: str, suffix: str) -> HostShape:
        sub_parts = [p for p in subdomain.replace(".", "-").split("-") if p and p != "www"]
        return cls(label, subdomain, suffix, skeleton(label), frozenset(skeleton(t) for t in label.split("-")),
                   skeleton("".join(sub_parts)), frozenset(skeleton(p) for p in sub_parts))


@dataclass(frozen=True)
class BrandHit:
    brand: Brand
    name: str
    how: str  # homoglyph, typo, embedded, subdomain, other_ending
    score: float


def _contains(name_sk: str, whole: str, words: frozenset[str], match: str) -> bool:
    if match == "token":
        return name_sk in words
    if match == "prefix":
        return any(w.startswith(name_sk) for w in words)
    return name_sk in whole


def match_brand(brand: Brand, names: tuple[tuple[str, str], ...], host: HostShape, risky: frozenset[str]
                ) -> BrandHit | None:
    """Does a host that is not one of ``brand``'s domains imitate it? ``names`` are (name, skeleton) pairs."""
    for name, name_sk in names:
        if host.label_sk == name_sk:
            if host.label != name:
                return BrandHit(brand, name, "homoglyph", 0.9)
            if brand.strict or brand.own:
                # the organisation's own name under another ending ("theengineeringtrust.org.uk") imitates it
                return BrandHit(brand, name, "other_ending", 0.8 if brand.own else 0.75)
            if host.suffix.rsplit(".", 1)[-1] in risky:
                return BrandHit(brand, name, "other_ending", 0.6)
            continue
        limit = 2 if len(name_sk) >= 9 else 1 if len(name_sk) >= 6 else 0
        if limit and within_distance(host.label_sk, name_sk, limit):
            return BrandHit(brand, name, "typo", 0.75)
        if _contains(name_sk, host.label_sk, host.tokens, brand.match):
            if name not in host.label.lower():  # "gosp0rt-gov": the name is there only once look-alikes are folded
                return BrandHit(brand, name, "homoglyph", 0.9)
            return BrandHit(brand, name, "embedded", 0.6 if brand.own else 0.8)
        if _contains(name_sk, host.sub_sk, host.sub_tokens, brand.match):
            carries_official = any(d in host.subdomain for d in brand.domains)
            return BrandHit(brand, name, "subdomain", 0.9 if carries_official else 0.7)
    return None


@dataclass(frozen=True)
class LinkLists:
    shorteners: frozenset[str]
    brands: tuple[Brand, ...]
    executables: frozenset[str]
    archives: frozenset[str]
    adult_keywords: tuple[str, ...]
    adult_safe: tuple[str, ...]
    adult_tlds: frozenset[str]
    risky_tlds: frozenset[str]
    file_like_tlds: frozenset[str]


def _words(data: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(w).strip().lower() for w in data.get(key) or () if str(w).strip())


@lru_cache(maxsize=1)
def load_link_lists() -> LinkLists:
    """Read ``lexicons/link_lists.yaml`` shipped inside the package (parsed once per process)."""
    raw = resources.files("socialwarden").joinpath("lexicons/link_lists.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    brands = []
    for key, spec in (data.get("brands") or {}).items():
        domains = tuple(str(d).lower() for d in spec.get("domains") or ())
        names = tuple(str(n).lower() for n in spec.get("names") or (key,))
        brands.append(Brand(names=names, domains=frozenset(domains), official=domains[0] if domains else key,
                            match=str(spec.get("match") or "substring"), strict=bool(spec.get("strict"))))
    return LinkLists(
        shorteners=frozenset(_words(data, "shorteners")),
        brands=tuple(brands),
        executables=frozenset(_words(data, "executable_extensions")),
        archives=frozenset(_words(data, "archive_extensions")),
        adult_keywords=_words(data, "adult_keywords"),
        adult_safe=_words(data, "adult_safe"),
        adult_tlds=frozenset(_words(data, "adult_tlds")),
        risky_tlds=frozenset(_words(data, "risky_tlds")),
        file_like_tlds=frozenset(_words(data, "file_like_tlds")),
    )

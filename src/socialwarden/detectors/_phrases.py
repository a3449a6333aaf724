"""Phrase rules gated by key words: the shared engine of the risk-phrase detectors.

A rule is a bounded regex plus the lower-case key words it cannot match without. One Aho-Corasick
pass over the lower-cased text finds the keys; each rule is then tried only at its keys, so a clean
text costs a few microseconds whatever the number of rules. Most rules match *at* the key and check
the words before it with a look-behind; a group named ``lead`` in that look-behind moves the span
start back ("I'll kill you", not "kill you"). A rule with ``back`` > 0 instead searches a window
around its key, which is simpler to write and fine for rare keys.

Used by confidential, media_mention, copyright, security_info, defamation and violence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick
import regex

from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import DEFAULT_TIMEOUT, lazy_pattern
from socialwarden.taxonomy import Category, Characteristic

MAX_TRIES = 20_000  # regex attempts per text: bounds the work on megabyte inputs
_AHEAD = 80  # characters after a key that a windowed ("back") rule's match may reach
_LONGEST = 2500  # characters from its key that a key-anchored rule's match may reach (a long quotation: 2,002)
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width, soft hyphen
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))


@dataclass(frozen=True, slots=True)
class Rule:
    keys: tuple[str, ...]  # lower-case whole words ("kill"), or prefixes ending in "*" ("restructur*")
    pattern: regex.Pattern[str]
    category: Category
    label: str
    score: float
    cue: str  # what a match means, for the explanation
    why: str  # the policy clauses it offends
    back: int = 0  # 0: the match starts at the key; n: it may start up to n characters before
    # Cheap checks that skip a regex call (each costs microseconds with its timeout) where it cannot match:
    then: tuple[str, ...] = ()  # after the key and any spaces, the lower-cased text goes on with one of these
    reach: int = 0  # a match needs at least this many characters from the key to the end of the text
    characteristic: Characteristic | None = None  # the protected characteristic a hate rule is about


def rule(keys: Sequence[str], pattern: str, category: Category, label: str, score: float, cue: str, why: str,
         back: int = 0, then: tuple[str, ...] = (), reach: int = 0,
         characteristic: Characteristic | None = None) -> Rule:
    """A rule with its pattern compiled case-insensitively (through ``safe_regex``)."""
    return Rule(tuple(keys), lazy_pattern(pattern, regex.IGNORECASE), category, label, score, cue, why, back,
                then, reach, characteristic)


class PhraseRules:
    """A fixed set of rules and the key automaton that gates them."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        ids: dict[str, tuple[list[int], list[int]]] = {}  # word -> (rules keyed on the whole word, on a prefix)
        for i, r in enumerate(self.rules):
            for key in r.keys:
                ids.setdefault(key.rstrip("*"), ([], []))[key.endswith("*")].append(i)
        self.keys = {word: (tuple(whole), tuple(prefix)) for word, (whole, prefix) in ids.items()}
        self._auto: Any = ahocorasick.Automaton()
        for word, (whole, prefix) in self.keys.items():
            self._auto.add_word(word, (len(word), whole, prefix))
        self._auto.make_automaton()

    def findings(self, text: str, detector: str) -> tuple[Finding, ...]:
        """Findings for every rule match; where one category's findings overlap, keep the strongest."""
        seen, where = _visible(text)
        return _findings(text, where, self._matches(seen, _lower(seen)), detector)

    def _matches(self, text: str, low: str) -> Iterator[tuple[Rule, int, int]]:
        done: set[tuple[int, int, int]] = set()
        tries = 0
        for last, (size, whole, prefix) in self._auto.iter(low):
            first = last - size + 1
            if first and low[first - 1].isalnum() and low[first].isalnum():
                continue  # keys start words: no "ket" inside "market"
            ends_word = last + 1 == len(low) or not (low[last].isalnum() and low[last + 1].isalnum())
            for i in whole + prefix if ends_word else prefix:
                tries += 1
                if tries > MAX_TRIES:
                    return
                for start, end in _attempt(self.rules[i], text, low, first, last):
                    if (i, start, end) not in done:
                        done.add((i, start, end))
                        yield self.rules[i], start, end


class PhraseHub:
    """Several detectors' phrase rules gated by ONE automaton pass over one lower-cased copy of the text.

    ``findings`` gives, per member, exactly what each member's ``PhraseRules.findings`` gives alone
    (same matches in the same order, the same per-member limit on attempts); the engine uses it so that
    six phrase detectors cost one pass instead of six.
    """

    def __init__(self, members: Sequence[PhraseRules]) -> None:
        self.members = tuple(members)
        merged: dict[str, list[tuple[int, tuple[int, ...], tuple[int, ...]]]] = {}
        for m, member in enumerate(self.members):
            for word, (whole, prefix) in member.keys.items():
                merged.setdefault(word, []).append((m, whole, prefix))
        self._auto: Any = ahocorasick.Automaton()
        for word, uses in merged.items():
            self._auto.add_word(word, (len(word), tuple(uses)))
        self._auto.make_automaton()

    def findings(self, text: str, detectors: Sequence[str]) -> list[tuple[Finding, ...]]:
        """Per member (in order), its findings for ``text`` reported under the matching detector name."""
        seen, where = _visible(text)
        low = _lower(seen)
        count = len(self.members)
        matches: list[list[tuple[Rule, int, int]]] = [[] for _ in range(count)]
        done: list[set[tuple[int, int, int]]] = [set() for _ in range(count)]
        tries = [0] * count
        for last, (size, uses) in self._auto.iter(low):
            first = last - size + 1
            if first and low[first - 1].isalnum() and low[first].isalnum():
                continue
            ends_word = last + 1 == len(low) or not (low[last].isalnum() and low[last + 1].isalnum())
            for m, whole, prefix in uses:
                if tries[m] > MAX_TRIES:
                    continue
                rules = self.members[m].rules
                for i in whole + prefix if ends_word else prefix:
                    tries[m] += 1
                    if tries[m] > MAX_TRIES:
                        break
                    for start, end in _attempt(rules[i], seen, low, first, last):
                        if (i, start, end) not in done[m]:
                            done[m].add((i, start, end))
                            matches[m].append((rules[i], start, end))
        return [_findings(text, where, found, name) if found else ()
                for found, name in zip(matches, detectors, strict=True)]


def _visible(text: str) -> tuple[str, list[int] | None]:
    """The text without zero-width characters ("k\u200bill" hides a word from filters), and where each kept
    character was in ``text`` (None when nothing was removed)."""
    if text.isascii() or not any(ch in text for ch in _INVISIBLE_CHARS):
        return text, None
    seen = text.translate(_INVISIBLE)
    return seen, [i for i, ch in enumerate(text) if ord(ch) not in _INVISIBLE]


def _lower(text: str) -> str:
    return text.replace("İ", "I").lower()  # 'İ' is the one character whose lower case is longer


def _findings(text: str, where: list[int] | None, matches: Iterable[tuple[Rule, int, int]],
              detector: str) -> tuple[Finding, ...]:
    found = []
    for r, start, end in matches:
        if where:
            start, end = where[start], where[end - 1] + 1
        quote = " ".join(text[start:end].translate(_INVISIBLE).split())[:80]
        found.append(Finding(r.category, start, end, r.score, detector, f"{r.cue}: matched '{quote}'. {r.why}",
                             label=r.label, characteristic=r.characteristic))
    kept: list[Finding] = []
    last: dict[Category, int] = {}
    for f in sorted(found, key=lambda f: (f.start, -f.score, -f.end)):
        j = last.get(f.category)
        if j is not None and f.start < kept[j].end:
            if (f.score, f.end - f.start) > (kept[j].score, kept[j].end - kept[j].start):
                kept[j] = f
            continue
        last[f.category] = len(kept)
        kept.append(f)
    return tuple(kept)


def _attempt(r: Rule, text: str, low: str, first: int, last: int) -> list[tuple[int, int]]:
    """Spans of ``r`` at the key text[first:last + 1], with the same time limit as ``safe_regex``."""
    if r.reach and len(text) - first < r.reach:
        return []
    if r.then:
        rest = low[last + 1:last + 25].lstrip()
        if rest and not rest.startswith(r.then):  # all spaces or the end: let the pattern decide
            return []
    try:
        if r.back:
            lo, hi = max(0, first - r.back), min(len(text), last + _AHEAD)
            found = [m for m in r.pattern.finditer(text, lo, hi, timeout=DEFAULT_TIMEOUT)
                     if m.start() <= first < m.end()]
        else:
            # bounded: the regex engine may scan to the end of the text for a literal it needs, which on a long
            # text costs that much at every key (no rule's match is anywhere near this long)
            m = r.pattern.match(text, first, min(len(text), first + _LONGEST), timeout=DEFAULT_TIMEOUT)
            found = [m] if m else []
    except TimeoutError:
        return []
    lead = "lead" in r.pattern.groupindex
    return [(min(m.start(), m.start("lead")) if lead and m.start("lead") >= 0 else m.start(), m.end())
            for m in found if m.end() > m.start()]

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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick
import regex

from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import DEFAULT_TIMEOUT, compile_pattern
from socialwarden.taxonomy import Category

MAX_TRIES = 20_000  # regex attempts per text: bounds the work on megabyte inputs
_AHEAD = 80  # characters after a key that a windowed ("back") rule's match may reach
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))  # zero-width, soft hyphen


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


def rule(keys: Sequence[str], pattern: str, category: Category, label: str, score: float, cue: str, why: str,
         back: int = 0) -> Rule:
    """A rule with its pattern compiled case-insensitively (through ``safe_regex``)."""
    return Rule(tuple(keys), compile_pattern(pattern, regex.IGNORECASE), category, label, score, cue, why, back)


class PhraseRules:
    """A fixed set of rules and the key automaton that gates them."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        ids: dict[str, tuple[list[int], list[int]]] = {}  # word -> (rules keyed on the whole word, on a prefix)
        for i, r in enumerate(self.rules):
            for key in r.keys:
                ids.setdefault(key.rstrip("*"), ([], []))[key.endswith("*")].append(i)
        self._auto: Any = ahocorasick.Automaton()
        for word, (whole, prefix) in ids.items():
            self._auto.add_word(word, (len(word), tuple(whole), tuple(prefix)))
        self._auto.make_automaton()

    def findings(self, text: str, detector: str) -> tuple[Finding, ...]:
        """Findings for every rule match; where one category's findings overlap, keep the strongest."""
        seen, where = text, None  # zero-width characters hide words from filters ("k\u200bill"): read past them
        if not text.isascii() and len(seen := text.translate(_INVISIBLE)) < len(text):
            where = [i for i, ch in enumerate(text) if ord(ch) not in _INVISIBLE]
        found = []
        for r, start, end in self._matches(seen):
            if where:
                start, end = where[start], where[end - 1] + 1
            quote = " ".join(text[start:end].translate(_INVISIBLE).split())[:80]
            found.append(Finding(r.category, start, end, r.score, detector, f"{r.cue}: matched '{quote}'. {r.why}",
                                 label=r.label))
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

    def _matches(self, text: str) -> Iterator[tuple[Rule, int, int]]:
        low = text.replace("İ", "I").lower()  # 'İ' is the one character whose lower case is longer
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
                for start, end in _attempt(self.rules[i], text, first, last):
                    if (i, start, end) not in done:
                        done.add((i, start, end))
                        yield self.rules[i], start, end


def _attempt(r: Rule, text: str, first: int, last: int) -> list[tuple[int, int]]:
    """Spans of ``r`` at the key text[first:last + 1], with the same time limit as ``safe_regex``."""
    try:
        if r.back:
            lo, hi = max(0, first - r.back), min(len(text), last + _AHEAD)
            found = [m for m in r.pattern.finditer(text, lo, hi, timeout=DEFAULT_TIMEOUT)
                     if m.start() <= first < m.end()]
        else:
            m = r.pattern.match(text, first, timeout=DEFAULT_TIMEOUT)
            found = [m] if m else []
    except TimeoutError:
        return []
    lead = "lead" in r.pattern.groupindex
    return [(min(m.start(), m.start("lead")) if lead and m.start("lead") >= 0 else m.start(), m.end())
            for m in found if m.end() > m.start()]

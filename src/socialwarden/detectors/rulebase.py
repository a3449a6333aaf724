"""The one base for rule detectors: a detector declares named rule records, the base runs the shared loop.

Presidio-style: a rule detector is a class with a ``name`` and a tuple of ``TableRule`` records (name, pattern,
category, score, explanation, gate words); ``RuleTableDetector`` compiles them once and runs them. One
Aho-Corasick pass over the lowered text sets a bit per rule whose gate words occur ("&" gates: a second group
that must also occur), and only those rules' regexes run, so clean text costs a few microseconds.

Phrase detectors (rules matched *at* their key words, run by the engine in one shared pass; see ``_phrases``)
use ``PhraseDetector``: they declare ``PhraseRules`` and the base gives them the same ``analyse``.

Explanations are pack-neutral: they say what was matched and what it means, never what one organisation's policy
says (the fired rule's citation carries the pack's own words).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import ahocorasick
import regex

from socialwarden.detectors._phrases import PhraseRules
from socialwarden.detectors.base import DetectorConfig
from socialwarden.engine.findings import Finding, Tier
from socialwarden.engine.safe_regex import finditer, lazy_pattern
from socialwarden.taxonomy import Category, Characteristic

EVEN_BITS = int("01" * 512, 2)  # bit 2i of a gate mask: rule i saw one of its gate words
MAX_PER_RULE = 50  # more findings of one cue add nothing and cost time on huge inputs


@dataclass(frozen=True, slots=True)
class Upgrade:
    """When the named group took part in a match, the finding is reported with this label, score and meaning."""

    group: str
    label: str
    score: float
    explanation: str


@dataclass(frozen=True, slots=True)
class TableRule:
    """One named rule of a rule-table detector.

    ``pattern`` is whole-word: " ?" stands for optional whitespace and " " for any run of whitespace.
    ``gates``: lower-case words one of which must occur for the rule to run; words starting "&" form a second
    group, one of which must occur too.
    """

    name: str
    label: str
    score: float
    explanation: str  # what a match means, e.g. "an explicit complaint"
    gates: tuple[str, ...]
    pattern: str
    category: Category | None = None  # None: the detector's own category
    tier: Tier | None = None
    ignore_case: bool | None = None  # None: the detector's default
    upgrades: tuple[Upgrade, ...] = ()
    characteristic: Characteristic | None = None  # the protected characteristic a hate rule is about


def compile_rule(pattern: str, flags: int = regex.IGNORECASE) -> regex.Pattern[str]:
    """A whole-word pattern; in rules " ?" is optional whitespace and " " is any run of whitespace."""
    body = pattern.replace(" ?", r"\s*").replace(" ", r"\s+")
    return lazy_pattern(r"(?<!\w)(?:" + body + r")(?!\w)", flags)


def runnable(mask: int, need: tuple[int, ...]) -> Iterator[int]:
    """Indexes of the rules whose gate bits are all set in ``mask``, visiting only the set bits."""
    firsts = mask & EVEN_BITS
    while firsts:
        lowest = firsts & -firsts
        firsts ^= lowest
        index = (lowest.bit_length() - 1) >> 1
        if index < len(need) and mask & need[index] == need[index]:
            yield index


def quote(text: str) -> str:
    """A short, printable copy of a matched cue for the explanation."""
    short = text if len(text) <= 60 else text[:57] + "..."
    return " ".join(short.encode("utf-8", "replace").decode("utf-8").split())


def gates(words_per_rule: Iterable[tuple[str, ...]], extra: dict[str, int] | None = None
          ) -> tuple[Any, tuple[int, ...]]:
    """An Aho-Corasick automaton of gate words, and per rule the bits that must all be set for it to run.

    Bit 2i: one of rule i's gate words occurs in the lowered text; bit 2i+1: one of its "&" words does too.
    ``extra`` adds words with bits of the caller's own (above every rule's bits).
    """
    bits_of = dict(extra or {})
    need: list[int] = []
    for index, words in enumerate(words_per_rule):
        needed = 0
        for word in words:
            bit = 1 << (2 * index + word.startswith("&"))
            needed |= bit
            bits_of[word.lstrip("&")] = bits_of.get(word.lstrip("&"), 0) | bit
        need.append(needed)
    automaton = ahocorasick.Automaton()
    for word, bits in bits_of.items():
        automaton.add_word(word, bits)
    automaton.make_automaton()
    return automaton, tuple(need)


def drop_overlaps(found: list[Finding]) -> tuple[Finding, ...]:
    """Per category, keep one finding per stretch of overlapping cues: the strongest (then the earliest)."""
    if len(found) < 2:
        return tuple(found)
    kept: list[Finding] = []
    last: dict[Category, int] = {}
    for finding in sorted(found, key=lambda f: (f.start, -f.score, -f.end)):
        at = last.get(finding.category)
        if at is not None and finding.start < kept[at].end:
            if finding.score > kept[at].score:
                kept[at] = finding
            continue
        last[finding.category] = len(kept)
        kept.append(finding)
    return tuple(sorted(kept, key=lambda f: (f.start, f.end)))


class RuleTableDetector:
    """Base of the rule-table detectors: subclasses declare ``name``, ``category``, ``rules`` and ``why``.

    Hooks: ``extra_rules`` (rules from the organisation's settings), ``extra_gates`` (words with bits of the
    subclass's own, for ``finish``), ``keep`` (a match judged with the whole text, e.g. a scam warning around a
    request for bank details), ``finish`` (findings that are not one rule's match, e.g. link floods), ``adjust``
    (scores re-weighed with the whole text, e.g. a party named in election results).
    """

    name: ClassVar[str]
    category: ClassVar[Category]
    rules: ClassVar[tuple[TableRule, ...]]
    why: ClassVar[str] = ""  # what the category means, pack-neutral; appended to every explanation
    min_length: ClassVar[int] = 3
    ignore_case: ClassVar[bool] = True  # the default for rules that do not say

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config or DetectorConfig()
        self._records = self.rules + tuple(self.extra_rules(self.config))
        self._patterns = tuple(
            compile_rule(r.pattern, regex.IGNORECASE if (self.ignore_case if r.ignore_case is None else r.ignore_case)
                         else 0)
            for r in self._records)
        self._first_extra_bit = 2 * len(self._records)
        self._gates, self._need = gates((r.gates for r in self._records), self.extra_gates(self._first_extra_bit))

    def extra_rules(self, config: DetectorConfig) -> Sequence[TableRule]:
        """Rules added from the organisation's settings (none by default)."""
        return ()

    def extra_gates(self, first_bit: int) -> dict[str, int]:
        """Words whose bits (from ``first_bit`` up) ``finish`` reads in the mask (none by default)."""
        return {}

    def finish(self, text: str, lowered: str, mask: int) -> Sequence[Finding]:
        """Findings beyond single rule matches (none by default)."""
        return ()

    def adjust(self, text: str, found: tuple[Finding, ...]) -> tuple[Finding, ...]:
        """The findings re-weighed with the whole text, each change kept as an adjustment (none by default)."""
        return found

    def explain(self, category: Category) -> str:
        """The pack-neutral meaning appended to every explanation of ``category``."""
        return self.why

    def keep(self, text: str, finding: Finding) -> bool:
        """Whether a rule's match stands, seen with the whole text (all do by default)."""
        return True

    def analyse(self, text: str) -> tuple[Finding, ...]:
        if not isinstance(text, str) or len(text) < self.min_length:
            return ()
        lowered = text.lower()
        mask = 0
        for _, bits in self._gates.iter(lowered):
            mask |= bits
        found: list[Finding] = []
        for index in runnable(mask, self._need):
            record, pattern = self._records[index], self._patterns[index]
            for count, match in enumerate(finditer(pattern, text)):
                if count == MAX_PER_RULE:
                    break
                if match.start() < match.end():
                    finding = self._finding(record, match)
                    if self.keep(text, finding):
                        found.append(finding)
        found.extend(self.finish(text, lowered, mask))
        kept = drop_overlaps(found)
        return self.adjust(text, kept) if kept else kept

    def finding(self, category: Category, label: str, score: float, start: int, end: int, what: str,
                tier: Tier | None = None, characteristic: Characteristic | None = None) -> Finding:
        """A finding of this detector with the shared explanation shape: what was seen, then what it means."""
        why = self.explain(category)
        return Finding(category=category, start=start, end=end, score=score, detector=self.name, label=label,
                       tier=tier, characteristic=characteristic, explanation=f"{what}: {why}" if why else what)

    def _finding(self, record: TableRule, match: regex.Match[str]) -> Finding:
        label, score, meaning = record.label, record.score, record.explanation
        for upgrade in record.upgrades:
            if match.group(upgrade.group):
                label, score, meaning = upgrade.label, upgrade.score, upgrade.explanation
                break
        return self.finding(record.category or self.category, label, score, match.start(), match.end(),
                            f"matched '{quote(match.group())}', {meaning}", record.tier, record.characteristic)


class PhraseDetector:
    """Base of the phrase detectors: subclasses set ``name`` and build ``phrases`` (their ``PhraseRules``).

    The engine runs every phrase detector's rules in one shared pass (``_phrases.PhraseHub``); run alone, the
    detector gives the same findings through this ``analyse``.
    """

    name: ClassVar[str]
    phrases: PhraseRules

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config or DetectorConfig()
        self.phrases = self.build(self.config)

    def build(self, config: DetectorConfig) -> PhraseRules:
        """The detector's rules for this organisation (usually one module-level ``PhraseRules``)."""
        raise NotImplementedError

    def finish(self, text: str, found: tuple[Finding, ...]) -> tuple[Finding, ...]:
        """A last look at the findings with the whole text (the engine calls it after the shared pass too)."""
        return found

    def analyse(self, text: str) -> tuple[Finding, ...]:
        return self.finish(text, self.phrases.findings(text, self.name))

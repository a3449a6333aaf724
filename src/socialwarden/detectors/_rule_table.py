"""Helpers shared by the rule-table intent detectors (complaint, media enquiry, promise, political, solicitation).

Each of those detectors is a table of (label, score, meaning, gate words, pattern) rules: one Aho-Corasick pass over
the lowered text says which rules can match at all, and only those rules' regexes run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import ahocorasick
import regex

from socialwarden.engine.findings import Finding
from socialwarden.engine.safe_regex import compile_pattern

EVEN_BITS = int("01" * 512, 2)  # bit 2i of a gate mask: rule i saw one of its gate words
MAX_PER_RULE = 50  # more findings of one cue add nothing and cost time on huge inputs

def compile_rule(pattern: str, flags: int = regex.IGNORECASE) -> regex.Pattern[str]:
    """A whole-word pattern; in rules " ?" is optional whitespace and " " is any run of whitespace."""
    body = pattern.replace(" ?", r"\s*").replace(" ", r"\s+")
    return compile_pattern(r"(?<!\w)(?:" + body + r")(?!\w)", flags)

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

def gates(words_per_rule: Iterable[tuple[str, ...]]) -> tuple[Any, tuple[int, ...]]:
    """An Aho-Corasick automaton of gate words, and per rule the bits that must all be set for it to run.

    Bit 2i: one of rule i's gate words occurs in the lowered text; bit 2i+1: one of its "&" words does too.
    """
    bits_of: dict[str, int] = {}
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
    """Keep one finding per stretch of overlapping cues: the strongest (then the earliest)."""
    if len(found) < 2:
        return tuple(found)
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (f.start, -f.score, -f.end)):
        if kept and finding.start < kept[-1].end:
            if finding.score > kept[-1].score:
                kept[-1] = finding
            continue
        kept.append(finding)
    return tuple(kept)

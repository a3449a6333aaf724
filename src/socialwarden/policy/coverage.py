"""Clause coverage: does every clause of the written policy map to a rule or guidance item?

The source text is cut into clauses: each bullet or numbered item, and each sentence of a paragraph.
A clause is covered when some citation's quote, after the same normalisation, occurs inside it
(or, for a quote that runs over a short sentence into the next, contains it).
Quotes that do not occur anywhere in the source are reported too: a citation must be verifiable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from socialwarden.policy.items import iter_items
from socialwarden.policy.models import Policy

# bullets ("-", "•", "*") and numbering ("1.", "1)", "a)", "a.", "iv)") at the start of a line, possibly stacked
_MARKER = re.compile(r"^(?:(?:[-•*]|\(?(?:\d{1,2}|[a-z]|[ivx]{1,5})[.)])\s+)+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z‘“'\"(])")
_FOLD = str.maketrans("‘’“”–—", "''\"\"--")
_MIN_WORDS = 4  # shorter fragments ("Twitter.", "April 2024") carry no clause of their own


@dataclass(frozen=True)
class Clause:
    line: int  # 1-based line in the source
    text: str  # as written (one sentence or item)
    is_item: bool  # a bullet or numbered item, as opposed to paragraph prose

    @property
    def norm(self) -> str:
        return normalise(self.text)


@dataclass(frozen=True)
class Coverage:
    clauses: tuple[Clause, ...]
    uncovered: tuple[Clause, ...]
    unmatched_quotes: tuple[tuple[str, str], ...]  # (item id, quote) not found in the source

    @property
    def ratio(self) -> float:
        return 1.0 if not self.clauses else 1 - len(self.uncovered) / len(self.clauses)


def normalise(text: str) -> str:
    """Fold the differences that do not change meaning: case, quotes, dashes, markdown, spacing."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\]\([^)]*\)", "", text)  # markdown link targets
    text = text.replace("**", "").replace("[", "")
    text = text.translate(_FOLD)
    return re.sub(r"\s+", " ", text).strip().lower()


def _is_heading(line: str) -> bool:
    if line.startswith("#"):
        return True
    words = line.split()
    ends = line.rstrip()[-1:] if line.strip() else ""
    if ends == ":" and len(words) < 12:
        return True  # a short lead-in to a list; the list items carry the clauses
    return ends not in {".", ";", ":", "!", "?", ","} and len(words) < 10


def split_clauses(source: str) -> list[Clause]:
    """Cut a written policy into clauses (see module docstring)."""
    clauses: list[Clause] = []
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        marker = _MARKER.match(line)
        body = line[marker.end():] if marker else line
        if not body or (not marker and _is_heading(line)):
            continue
        min_words = 1 if marker else _MIN_WORDS  # every bullet counts, however short
        for sentence in _SENTENCE_END.split(body):
            sentence = sentence.strip()
            if len(sentence.split()) >= min_words:
                clauses.append(Clause(number, sentence, marker is not None))
    return clauses


def coverage(policy: Policy, source_name: str, source_text: str) -> Coverage:
    """Coverage of ``source_text`` (the document named ``source_name``) by ``policy``'s citations."""
    quotes = [(item.id, item.cite.quote) for item in iter_items(policy)
              if item.cite is not None and item.cite.source == source_name]
    return coverage_from_quotes(quotes, source_text)


def coverage_from_quotes(quotes: Iterable[tuple[str, str]], source_text: str) -> Coverage:
    """Coverage of ``source_text`` by (item id, quote) pairs."""
    quotes = list(quotes)
    norm_quotes = [normalise(q) for _, q in quotes]
    clauses = split_clauses(source_text)
    uncovered = tuple(c for c in clauses if not any(q and (q in c.norm or c.norm in q) for q in norm_quotes))
    whole = normalise(source_text)
    unmatched = tuple((i, q) for (i, q), n in zip(quotes, norm_quotes, strict=True) if n not in whole)
    return Coverage(tuple(clauses), uncovered, unmatched)

"""Undo leetspeak inside words before a text reaches the models (the TF-IDF n-grams and the sentence encoder).

The encoder's WordPiece tokenizer splits "h@nged" or "p30ple" into pieces that mean nothing, so hate spelt in
leetspeak slipped past the sentence model. ``unleet`` rewrites only words that evidently use it: a chunk (or a
hyphenated part of one) that starts with a letter, has at least two letters, and has a leet character with a
letter somewhere after it ("Tr@ns", "R3fug33s", "d0wn"; not "over-75s", "M25", "covid19", "3rd", "2.35pm").
Chunks with '/', '.' or ':' (links, addresses, times) are left alone, so ordinary text reaches the models
unchanged. One character becomes one character: offsets of findings stay valid.
"""

from __future__ import annotations

import regex

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i",
                       "|": "l"})
_CANDIDATE = regex.compile(r"[013457@$!|]")
_CHUNK = regex.compile(r"\S+")
_EDGE = "\"'()[]{}<>,;?!.:…“”‘’"
_LETTER_AFTER = regex.compile(r"[013457@$!|][013457@$!|]*\p{L}")


def _part(part: str) -> str:
    if not part or not part[0].isalpha() or sum(c.isalpha() for c in part) < 2 or not _LETTER_AFTER.search(part):
        return part
    return part.translate(_LEET)


def _word(match: regex.Match[str]) -> str:
    chunk = match.group()
    core = chunk.strip(_EDGE)
    if not core or any(c in core for c in "/.:"):
        return chunk
    start = chunk.index(core)
    return chunk[:start] + "-".join(_part(p) for p in core.split("-")) + chunk[start + len(core):]


def unleet(text: str) -> str:
    """``text`` with leetspeak undone inside words that use it; anything else unchanged."""
    if not _CANDIDATE.search(text):
        return text
    return _CHUNK.sub(_word, text)

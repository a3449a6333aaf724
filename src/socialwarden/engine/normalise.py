"""Normalise text against evasion, keeping a map from each normalised character to the original text.

The normalised form is lower-case Latin words separated by single spaces:

1. per character: case folding, accents stripped (NFKD), fullwidth/math/circled forms folded (NFKD),
   emoji letters (negative circled/squared, regional indicators) read as letters, a few emoji used as words
   read as a word ("🖕" -> " emojimiddlefinger ", see ``EMOJI_WORDS``),
   Cyrillic/Greek/Armenian/small-capital look-alikes mapped to Latin, zero-width, format and combining
   characters deleted, every apostrophe written ``'``, other punctuation, symbols and spaces turned
   into a space; ``* # %`` become ``*`` (a masked letter) and ``@ $ ! |`` are kept for step 2;
2. per token that contains a letter: leetspeak (0 o, 3 e, 4 a, 5 s, 7 t, @ a, $ s) and ``1 ! |`` become
   ``1``, which a caller reads as both i and l; leading ``' @ ! | *`` and trailing ``' ! | *`` are separators
   (so quotes go, while "you're" and "who're" stay one token and never read as "youre" or "whore"),
   and so is a trailing run of two or more digits ("covid19", "idiot99"); "2024" or "$5" stay as they are;
3. whitespace runs become one space;
4. runs of three or more one-character tokens are joined ("f u c k", "f.u.c.k" -> "fuck"); when the run
   starts with the real words "a" or "i", the split reading is written first ("a c u n t" -> "a cunt acunt");
5. a letter repeated three or more times becomes the letter and ``+`` ("fuuuuck" -> "fu+ck").

``fold`` is the fast path (no offsets); ``normalise`` returns the same text with offsets.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ahocorasick

# Look-alikes that NFKD leaves alone. Upper-case Greek letters that differ from their lower case
# (Eta looks like H, eta like n) are listed before case folding.
_UPPER_GLYPHS = {"Η": "h", "Ν": "n", "Μ": "m", "Υ": "y", "Ζ": "z"}
_GLYPHS = {
    **dict.fromkeys("аɑα", "a"), **dict.fromkeys("вьβʙ", "b"), **dict.fromkeys("сᴄ", "c"),
    **dict.fromkeys("ԁᴅ", "d"), **dict.fromkeys("еεᴇ", "e"), "ꜰ": "f", **dict.fromkeys("ɡցɢ", "g"),
    **dict.fromkeys("нһհʜ", "h"), **dict.fromkeys("іıɩιɪ", "i"), **dict.fromkeys("јȷᴊ", "j"),
    **dict.fromkeys("кκᴋ", "k"), **dict.fromkeys("ӏʟ", "l"), **dict.fromkeys("мᴍ", "m"),
    **dict.fromkeys("пηոɴ", "n"), **dict.fromkeys("оοօᴏ", "o"), **dict.fromkeys("рρքᴘ", "p"), "ԛ": "q",
    **dict.fromkeys("гʀ", "r"), **dict.fromkeys("ѕꜱ", "s"), **dict.fromkeys("тτᴛ", "t"),
    **dict.fromkeys("μυսᴜ", "u"), **dict.fromkeys("νᴠ", "v"), **dict.fromkeys("ԝωᴡ", "w"),
    **dict.fromkeys("хχ", "x"), **dict.fromkeys("уγʏ", "y"), "ᴢ": "z",
}
# Emoji letters that NFKD leaves alone (negative circled, negative squared, regional indicators): the first
# code point of each A-Z run. "🅵🆄🅲🅺", "🇫🇺🇨🇰" and "c🅾ck" read as words; a flag ("🇬🇧") reads as "gb".
_EMOJI_LETTER_RUNS = (0x1F150, 0x1F170, 0x1F1E6)
# Emoji used as words, read as a word of their own ("emoji" + name) so the lists can name them: "🖕" is a
# gesture, "🔪 you" a threat, "🍆💦" innuendo. Skin tones and variation selectors around them fall away as usual.
EMOJI_WORDS = {"🖕": "middlefinger", "🔪": "knife", "🗡": "knife", "🔫": "gun", "🍆": "aubergine", "🍑": "peach",
               "💦": "splash"}
_APOSTROPHES = frozenset("'`´‘’‛′ʼ")
_DELETE = frozenset("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0")
_MASK = frozenset("*#%")
_KEEP = frozenset("@$!|")
_LEET = str.maketrans("03457@$!|", "oeastas11")
_LEADING = "'@!|*"
_TRAILING = "'!|*"


def _fold_char(ch: str) -> str:
    if ch in _DELETE:
        return ""
    word = EMOJI_WORDS.get(ch)
    if word is not None:
        return f" emoji{word} "
    if ch in _APOSTROPHES:
        return "'"
    upper = _UPPER_GLYPHS.get(ch)
    if upper is not None:
        return upper
    for first in _EMOJI_LETTER_RUNS:
        if first <= ord(ch) < first + 26:
            return chr(ord("a") + ord(ch) - first)
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return ""
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    out = []
    for c in decomposed.casefold():
        c = _GLYPHS.get(c, c)
        if c.isascii():
            if c.isalnum():
                out.append(c.lower())
            elif c in _MASK:
                out.append("*")
            elif c in _KEEP or c == "'":
                out.append(c)
            elif c not in _DELETE:
                out.append(" ")
        elif c.isalpha() or c.isdigit():
            out.append(c)
        elif c not in _DELETE and unicodedata.category(c) not in ("Mn", "Me", "Cf"):
            out.append(" ")
    return "".join(out)


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that works out (and caches) each character's folded form on first use."""

    def __missing__(self, code: int) -> str:
        out = _fold_char(chr(code))
        if len(self) < 100_000:  # bound memory on texts full of distinct rare characters
            self[code] = out
        return out


_TABLE = _FoldTable()
for _code in range(128):
    _TABLE[_code] = _fold_char(chr(_code))

# Bytes tables make the common all-ASCII case a single C call.
_ASCII_FOLD = bytes(ord(_TABLE[c]) for c in range(128)) + bytes(128)  # ASCII folds one-to-one
_MARK_SPECIAL = bytes(0 if chr(c) in "0123456789@$!|*'" else c or 1 for c in range(256))
_SHAPE = bytes(
    ord("x") if chr(c) in "abcdefghijklmnopqrstuvwxyz1*" else ord(" ") if c == 32 else ord("y") for c in range(256)
)
_TRIPLES = ahocorasick.Automaton()
for _letter in "abcdefghijklmnopqrstuvwxyz":
    _TRIPLES.add_word(_letter * 3, 0)
_TRIPLES.make_automaton()



_FIXED: dict[str, str] = {}  # tokens such as "@user" or "don't" recur in almost every text: fix each once
_MAX_FIXED = 50_000


def _fix_token(tok: str) -> str:
    """Leetspeak and masking inside one token (memoised); same length out as in, so offsets do not move."""
    fixed = _FIXED.get(tok)
    if fixed is None:
        fixed = _fix_one(tok)
        if len(_FIXED) < _MAX_FIXED:
            _FIXED[tok] = fixed
    return fixed


def _fix_one(tok: str) -> str:
    if tok.upper() == tok:
        return tok  # no cased letter: "2024", "$5", "***" stay as they are
    n = len(tok)
    a, b = 0, n
    while a < b and tok[a] in _LEADING:
        a += 1
    while b > a and tok[b - 1] in _TRAILING:
        b -= 1
    k = b
    while k > a and tok[k - 1].isdigit():
        k -= 1
    if b - k >= 2 and k - a >= 3 and tok[a:k].isalpha():
        b = k  # "covid19", "idiot99": a trailing number, not leetspeak (but "a55" is)
    return " " * a + tok[a:b].translate(_LEET) + " " * (n - b)


def _fix_tokens(s: str) -> str:
    """Apply ``_fix_token`` to every token holding a digit, leet symbol or mask, found in bulk."""
    marks = s.encode("ascii", "replace").translate(_MARK_SPECIAL)  # one byte per character
    i = marks.find(0)
    if i < 0:
        return s
    parts: list[str] = []
    pos = 0
    while i >= 0:
        a = s.rfind(" ", pos, i) + 1 or pos
        b = s.find(" ", i)
        b = len(s) if b < 0 else b
        parts += (s[pos:a], _fix_token(s[a:b]))
        pos = b
        i = marks.find(0, b)
    parts.append(s[pos:])
    return "".join(parts)


# A rewrite returns the replacement and, for each replacement character, the (lo, hi) range of the
# matched characters it stands for, relative to the match start.
Rewrite = Callable[[str], tuple[str, list[tuple[int, int]]]]


def _join(run: str) -> tuple[str, list[tuple[int, int]]]:
    idx = [i for i, c in enumerate(run) if c != " "]
    joined = "".join(run[i] for i in idx)
    src = [(i, i + 1) for i in idx]
    if joined[0] in "ai" and len(joined) >= 4:
        return f"{joined[0]} {joined[1:]} {joined}", [src[0], src[0], *src[1:], src[-1], *src]
    return joined, src


def _squeeze(run: str) -> tuple[str, list[tuple[int, int]]]:
    return run[0] + "+", [(0, 1), (1, len(run))]


def _apply(
    spans: list[tuple[int, int]], rewrite: Rewrite, s: str, starts: list[int] | None, ends: list[int] | None
) -> tuple[str, list[int] | None, list[int] | None]:
    """Rewrite each (sorted, disjoint) span of ``s``; when offsets are given, carry them along."""
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for a, b in spans:
        repl, src = rewrite(s[a:b])
        out += (s[pos:a], repl)
        if starts is not None and ends is not None:
            new_starts += starts[pos:a] + [starts[a + lo] for lo, _ in src]
            new_ends += ends[pos:a] + [ends[a + hi - 1] for _, hi in src]
        pos = b
    if not spans:
        return s, starts, ends
    out.append(s[pos:])
    if starts is None or ends is None:
        return "".join(out), None, None
    return "".join(out), new_starts + starts[pos:], new_ends + ends[pos:]


def _translate(text: str) -> str:
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii")
    return text.translate(_TABLE)


def _single_runs(s: str) -> list[tuple[int, int]]:
    """Runs of three or more one-character tokens ([a-z1*]), found on a byte "shape" of ``s``."""
    shape = b" " + s.encode("ascii", "replace").translate(_SHAPE) + b" "  # shape[k + 1] is s[k]
    runs: list[tuple[int, int]] = []
    i = shape.find(b" x x x ")
    while i >= 0:
        j = i + 6  # the space after the third token
        while shape[j + 1 : j + 3] == b"x ":
            j += 2
        runs.append((i, j - 1))
        i = shape.find(b" x x x ", j)
    return runs


def _repeat_runs(s: str) -> list[tuple[int, int]]:
    """Runs of one letter three or more long, merged from the overlapping "aaa".."zzz" hits."""
    runs: list[tuple[int, int]] = []
    for end, _ in _TRIPLES.iter(s):
        if runs and end - 2 < runs[-1][1]:
            runs[-1] = (runs[-1][0], end + 1)
        else:
            runs.append((end - 2, end + 1))
    return runs


def fold(text: str, squeeze: bool = True) -> str:
    """The normalised text without offsets: the cheap path used to decide whether to look closer.

    With ``squeeze=False`` long letter runs are left alone; a caller that can spot "aaa".."zzz" in a
    pass it makes anyway then calls ``squeeze_runs`` only when needed.
    """
    s = " ".join(_fix_tokens(_translate(text)).split())  # what _collapse does, in one C call
    s = _apply(_single_runs(s), _join, s, None, None)[0]
    return squeeze_runs(s) if squeeze else s


def squeeze_runs(s: str) -> str:
    """Stage 5 alone: "fuuuuck" -> "fu+ck"."""
    return _apply(_repeat_runs(s), _squeeze, s, None, None)[0]


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text; character ``i`` came from ``original[starts[i]:ends[i]]``."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def span(self, i: int, j: int) -> tuple[int, int]:
        """The original span covering normalised characters ``i`` to ``j`` (end exclusive, ``i < j``)."""
        return min(self.starts[i:j]), max(self.ends[i:j])


def _fold_offsets(text: str) -> tuple[Sequence[int], Sequence[int]]:
    """Where each character of ``_translate(text)`` came from (start and end in ``text``)."""
    if text.isascii():
        return range(len(text)), range(1, len(text) + 1)
    table = _TABLE
    starts = [i for i, ch in enumerate(text) for _ in range(len(table[ord(ch)]))]
    return starts, [i + 1 for i in starts]


def _collapse(s: str, starts: Sequence[int], ends: Sequence[int]) -> tuple[str, list[int], list[int]]:
    """Single spaces between tokens and none at the ends, as ``" ".join(s.split())`` gives."""
    pos, end = len(s) - len(s.lstrip(" ")), len(s.rstrip(" "))
    pieces: list[str] = []
    kept_starts: list[int] = []
    kept_ends: list[int] = []
    while True:
        p = s.find("  ", pos, end)
        if p < 0:
            break
        q = p + 2
        while s[q] == " ":
            q += 1
        pieces.append(s[pos : p + 1])
        kept_starts += starts[pos : p + 1]
        kept_ends += ends[pos : p + 1]
        pos = q
    pieces.append(s[pos:end])
    kept_starts += starts[pos:end]
    kept_ends += ends[pos:end]
    return "".join(pieces), kept_starts, kept_ends


def normalise(text: str) -> Normalised:
    """Normalise ``text`` and keep, for each output character, where it came from in ``text``."""
    s = _fix_tokens(_translate(text))  # leetspeak keeps lengths, so offsets are unchanged by it
    s, starts, ends = _collapse(s, *_fold_offsets(text))
    got: tuple[str, list[int] | None, list[int] | None] = _apply(_single_runs(s), _join, s, starts, ends)
    got = _apply(_repeat_runs(got[0]), _squeeze, *got)
    return Normalised(got[0], got[1] or [], got[2] or [])


def normalise_entry(entry: str) -> str:
    """A lexicon entry in the same form as text: folded, single-spaced, long letter runs squeezed."""
    return squeeze_runs(" ".join(entry.translate(_TABLE).split()))

"""Word and phrase lists (profanity, abuse, hate, sexual, threats, self-harm, harassment, illegal).

The lists in ``socialwarden/lexicons/`` (``LIST_FILES`` and ``allow.txt``; format in each file's header)
are compiled, with evasion variants, into one Aho-Corasick automaton and matched on the normalised token stream of
``engine.normalise``, so "f.u.c.k", "fuuuuck", "sh1t", "$hit", "f*ck" and look-alike letters are caught
while "Scunthorpe", "cocktail" and "this hit" are not. Keys carry the word boundaries: " cock " matches
the word only, " fuck" any word starting with it.

Caught: listed words and phrases in any case, accents, homoglyphs, leetspeak, with repeated letters
(three or more), with spaces or punctuation between single letters, zero-width characters, and banned
words with letters masked by ``*``. Not caught: words glued together ("killyourself"), two-letter
splits ("fu ck"), letters doubled only once ("fuuck"), meaning without listed words.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import ahocorasick
import regex

from socialwarden.detectors.base import DetectorConfig
from socialwarden.engine.findings import Finding, Tier
from socialwarden.engine.normalise import fold, normalise, normalise_entry, squeeze_runs
from socialwarden.taxonomy import Category, Characteristic

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"
LIST_FILES = ("profanity", "abuse", "hate", "sexual", "threat", "self_harm", "harassment", "illegal")
SCORES: dict[str, float] = {"banned": 0.95, "suspect": 0.6}
MASK_PENALTY = 0.1  # "c**t" could in principle be another word
CHUNK = 4000  # long texts are read in overlapping pieces, so per-piece work and offset lists stay small
OVERLAP = 200
MAX_FINDINGS = 1000


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a list. ``category`` is None for an allow-list entry."""

    text: str
    category: Category | None
    tier: Tier | None
    characteristic: Characteristic | None
    source: str


def expand(text: str, limit: int = 5000) -> list[str]:
    """Spell out ``(a|b|)`` alternatives: "(i will|i'll) kill you" -> two phrases."""
    i = text.find("(")
    j = text.find(")", i + 1)
    if i < 0 or j < 0:
        return [text]
    rests = expand(text[j + 1 :], limit)
    out = [text[:i] + alt + rest for alt in text[i + 1 : j].split("|") for rest in rests]
    return out[:limit]


def read_list(path: Path) -> list[Entry]:
    """Parse one list file; a bad section header fails loudly, naming the file and line."""
    category = None if path.stem == "allow" else Category(path.stem)
    entries: list[Entry] = []
    tier: Tier | None = None
    characteristic: Characteristic | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            head, _, rest = line[1:-1].partition(":")
            head, rest = head.strip(), rest.strip()
            if head not in ("banned", "suspect", "allow") or (rest and rest not in set(Characteristic)):
                raise ValueError(f"{path.name}:{number}: unknown section {line!r}")
            tier = "banned" if head == "banned" else "suspect" if head == "suspect" else None
            characteristic = Characteristic(rest) if rest else None
            continue
        if (tier is None and category is not None) or (category is Category.HATE and characteristic is None):
            raise ValueError(f"{path.name}:{number}: {line!r} needs a section naming its tier (and target)")
        entries.append(Entry(line, category, tier, characteristic, path.stem))
    return entries


def parse_extra(item: str, tier: Tier) -> Entry:
    """An organisation addition: "word", "category:word" or "hate:characteristic:word"."""
    parts = [p.strip() for p in item.split(":")]
    category, characteristic = Category.PROFANITY, None
    if len(parts) >= 2 and parts[0].lower() in set(Category):
        category, parts = Category(parts[0].lower()), parts[1:]
        if category is Category.HATE and len(parts) >= 2 and parts[0].lower() in set(Characteristic):
            characteristic, parts = Characteristic(parts[0].lower()), parts[1:]
    return Entry(":".join(parts), category, tier, characteristic, "organisation")


def variants(core: str, banned: bool) -> dict[str, int]:
    """Normalised spellings of one entry -> rank (0 as written, 1 stretched, 2 masked).

    Stretched ("fu+ck") and masked ("f*ck") spellings are made for single words only, to keep the
    automaton small; "1" for i or l is handled on the text side (see ``_readings``).
    """
    out = {core: 0, core.replace("'", ""): 0}  # "you're" is also typed "youre"
    if " " in core:
        return out
    out[core + "'s"] = 0  # possessive: "dick's"
    runs = [(k, len(list(g))) for k, g in itertools.groupby(core)]
    letters = [n for n, (ch, _) in enumerate(runs) if "a" <= ch <= "z"]
    for size in range(1, (3 if len(letters) <= 6 else 2) + 1):
        for chosen in itertools.combinations(letters, size):
            spelt = (ch + "+" if n in chosen else ch * count for n, (ch, count) in enumerate(runs))
            out.setdefault("".join(spelt), 1)
    size = len(core)
    if banned and size >= 4 and core.isalpha():
        masks = [(n, n + 1) for n in range(1, size - 1)] + [(n, n + 2) for n in range(1, size - 2)]
        for a, b in [*masks, (1, size - 1)]:
            out.setdefault(core[:a] + "*" * (b - a) + core[b:], 2)
    return out


@dataclass(frozen=True)
class Compiled:
    automaton: ahocorasick.Automaton  # key -> (entry index, rank, key length, lead, trail, label)
    entries: tuple[Entry, ...]


def _priority(entry: Entry, rank: int) -> tuple[int, int, int]:
    return (entry.category is not None, rank, entry.tier != "banned")


@functools.lru_cache(maxsize=16)  # about 6 MB and 0.2 s per distinct organisation
def compile_lists(
    extra_banned: tuple[str, ...] = (), extra_suspect: tuple[str, ...] = (), allow_words: tuple[str, ...] = ()
) -> Compiled:
    """Build the one automaton for the shipped lists plus an organisation's additions."""
    entries = [e for name in (*LIST_FILES, "allow") for e in read_list(LEXICON_DIR / f"{name}.txt")]
    entries += [parse_extra(w, "banned") for w in extra_banned] + [parse_extra(w, "suspect") for w in extra_suspect]
    entries += [Entry(w, None, None, None, "organisation") for w in allow_words]
    keys: dict[str, tuple[int, int, int, bool, bool, str]] = {}
    for index, entry in enumerate(entries):
        raw = entry.text.strip()
        lead, trail = not raw.startswith("*"), not raw.endswith("*")
        for phrase in expand(raw.strip("*")):
            core = normalise_entry(phrase)
            if not core.strip("*"):
                continue
            for spelling, rank in variants(core, entry.tier == "banned").items():
                key = (" " if lead else "") + spelling + (" " if trail else "")
                old = keys.get(key)
                if old is None or _priority(entry, rank) < _priority(entries[old[0]], old[1]):
                    label = ("" if lead else "*") + " ".join(phrase.split()) + ("" if trail else "*")
                    keys[key] = (index, rank, len(key), lead, trail, label)
    automaton = ahocorasick.Automaton()
    for key, value in keys.items():
        automaton.add_word(key, value)
    for letter in "abcdefghijklmnopqrstuvwxyz":  # markers: a letter tripled, so squeeze and look again
        automaton.add_word(letter * 3, (-1, 0, 3, False, False, ""))
    automaton.make_automaton()
    return Compiled(automaton, tuple(entries))


Hit = tuple[int, int, int, int, str, str]  # start, end, entry index, rank, label, normalised form


def _readings(normal: str) -> list[str]:
    """The text as normalised, plus "1" read as i and as l ("k1ll", "ki11"); all the same length."""
    return [normal, normal.replace("1", "i"), normal.replace("1", "l")] if "1" in normal else [normal]


def _chunks(text: str) -> list[tuple[int, str]]:
    """Pieces of at most CHUNK characters, cut at spaces, overlapping so phrases across a cut are seen."""
    out: list[tuple[int, str]] = []
    start = 0
    while True:
        end = min(start + CHUNK, len(text))
        if end < len(text):
            cut = text.rfind(" ", start + CHUNK // 2, end)
            end = cut if cut > start else end
        out.append((start, text[start:end]))
        if end >= len(text):
            return out
        back = text.rfind(" ", end - OVERLAP, end)
        start = back + 1 if back > start else end


def _resolve(hits: list[Hit], entries: tuple[Entry, ...]) -> list[Hit]:
    """Per category, among overlapping hits keep banned before suspect, longer, then plainer, earlier ones."""
    kept: dict[Category | None, list[tuple[int, int]]] = {}  # sorted, non-overlapping spans
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (entries[h[2]].tier != "banned", h[0] - h[1], h[3], h[2])):
        spans = kept.setdefault(entries[hit[2]].category, [])
        k = bisect.bisect_left(spans, (hit[0], hit[1]))
        if (k > 0 and spans[k - 1][1] > hit[0]) or (k < len(spans) and spans[k][0] < hit[1]):
            continue
        spans.insert(k, (hit[0], hit[1]))
        out.append(hit)
    return out


# Words that communities have reclaimed: in a self-description ("as a queer woman", "we're proud dykes") or naming
# the community ("queer history month", "Dykes on Bikes") they are not slurs, and are not reported at all.
RECLAIMABLE = frozenset({"queer", "queers", "dyke", "dykes", "cripple", "cripples", "crip", "crips"})
_SELF = regex.compile(
    r"(?:\bi['’]?m|\bi\s+am|\bas\s+an?|\bwe['’]?re|\bwe\s+are|\bus|\bfellow|\bproud(?:ly)?|\bour|\bmy|\bbeing"
    r"|\bother|\bsome\s+of\s+us|\bout\s+and)(?:\s+(?:proud|happy|out|openly|an?|the|very|fellow|black|white|"
    r"brown|trans|disabled|older|young|working[- ]class|northern|welsh|scottish|irish|muslim|jewish|christian|"
    r"disabled|deaf|autistic)){0,3}\s+$", regex.IGNORECASE)
_COMMUNITY = regex.compile(
    r"^\s+(?:community|communities|history|month|pride|people|folk|collective|network|choir|club|book\s+club|film"
    r"|films|cinema|theory|studies|and\s+proud|joy|voices|youth|women|men|artists?|writers?|lives|spaces?|on\s+bikes"
    r"|culture|icons?|elders|support|group|groups|night|nights|disco|festival|fest)\b", regex.IGNORECASE)


def _reclaimed(text: str, f: Finding) -> bool:
    """A reclaimable word used by or for its own community."""
    if f.label not in RECLAIMABLE:
        return False
    return bool(_SELF.search(text[max(0, f.start - 40):f.start]) or _COMMUNITY.match(text[f.end:f.end + 30]))


class LexiconDetector:
    """Flags listed words and phrases, with each finding's tier (banned: act; suspect: hold for a person).

    Organisation additions come from ``DetectorConfig``: ``extra_banned`` and ``extra_suspect`` items are
    written ``"word"`` (profanity), ``"category:word"`` (e.g. ``"abuse:plank"``, ``"threat:see you outside"``)
    or ``"hate:characteristic:word"`` (e.g. ``"hate:race:some slur"``); ``allow_words`` are plain entries.
    Entries use the list-file syntax: ``word*`` for longer words, ``(a|b)`` alternatives. An allowed word
    equal to a listed one switches the listed one off; a match inside an allowed word or phrase is dropped.
    Each finding's ``label`` is the entry as written (for ``(a|b)`` entries, the alternative that matched);
    its span covers the whole word for ``*`` entries. Negation and quotation are left to the engine.
    """

    name: ClassVar[str] = "lexicon"

    def __init__(self, config: DetectorConfig | None = None) -> None:
        c = config or DetectorConfig()
        self._lists = compile_lists(tuple(c.extra_banned), tuple(c.extra_suspect), tuple(c.allow_words))

    def analyse(self, text: str) -> tuple[Finding, ...]:
        found: dict[tuple[object, ...], Finding] = {}
        try:
            for offset, piece in _chunks(text) if len(text) > CHUNK else ((0, text),):
                for f in self._scan(piece, offset):
                    found.setdefault((f.category, f.start, f.end, f.label), f)
                if len(found) >= MAX_FINDINGS:
                    break
        except (TimeoutError, RecursionError, MemoryError, ValueError):
            pass  # keep what was found; a check must never fail on odd input
        ordered = sorted(found.values(), key=lambda f: (f.start, f.end, f.category))
        if any(f.label in RECLAIMABLE for f in ordered):
            ordered = [f for f in ordered if not _reclaimed(text, f)]
        return tuple(ordered[:MAX_FINDINGS])

    def _scan(self, piece: str, offset: int) -> list[Finding]:
        automaton, entries = self._lists.automaton, self._lists.entries
        folded = fold(piece, squeeze=False)
        listed = self._listed(folded)
        if listed is None:
            listed = self._listed(squeeze_runs(folded))
        if not listed:
            return []  # the common case: nothing listed, so no offsets are needed
        norm = normalise(piece)
        allow: list[tuple[int, int]] = []
        bad: list[Hit] = []
        for n, reading in enumerate(_readings(norm.text)):
            for end, (index, rank, size, lead, trail, label) in automaton.iter(" " + reading + " "):
                i, j = max(end - size + lead, 0), min(end - trail, len(reading))
                if i >= j or index < 0:
                    continue
                if not lead:  # "*shit" in "bullshit": report the whole word
                    i = reading.rfind(" ", 0, i) + 1
                if not trail:
                    j = reading.find(" ", j) % (len(reading) + 1)
                if entries[index].category is None:
                    allow.append((i, j))
                else:
                    bad.append((i, j, index, max(rank, min(n, 1)), label, reading[i:j]))
        allow.sort()
        starts = [a for a, _ in allow]
        reach = list(itertools.accumulate((b for _, b in allow), max))
        # drop hits wholly inside an allowed word or phrase ("shit" in "shitake")
        bad = [h for h in bad if (k := bisect.bisect_right(starts, h[0]) - 1) < 0 or reach[k] < h[1]]
        # settle overlaps on original spans: "a f u c k" is read twice, as "a fuck" and "afuck"
        bad = [(*norm.span(h[0], h[1]), *h[2:]) for h in bad]
        return [
            self._finding(entries[index], rank, label, piece[a:b], normal, a + offset, b + offset)
            for a, b, index, rank, label, normal in _resolve(bad, entries)
        ]

    def _listed(self, folded: str) -> bool | None:
        """Whether a listed (not allowed) entry occurs; None if a tripled letter needs squeezing first."""
        automaton, entries = self._lists.automaton, self._lists.entries
        for n, reading in enumerate(_readings(folded)):
            for _, value in automaton.iter(" " + reading + " "):
                if value[0] < 0:
                    if n == 0:
                        return None
                elif entries[value[0]].category is not None:
                    return True
        return False

    @staticmethod
    def _finding(entry: Entry, rank: int, label: str, original: str, normal: str, start: int, end: int) -> Finding:
        tier: Tier = entry.tier or "suspect"
        category = entry.category or Category.PROFANITY
        target = f" (targets {entry.characteristic.value.replace('_', ' ')})" if entry.characteristic else ""
        clip = [t if len(t) <= 60 else t[:57] + "..." for t in (original, normal.replace("+", ""), label)]
        why = (
            f"matched '{clip[0]}' (normalised '{clip[1]}') from the {tier} {category.value.replace('_', ' ')} "
            f"list{target}, entry '{clip[2]}'{', added by the organisation' if entry.source == 'organisation' else ''}"
            f"{'; letters were masked with *, so the word is a best guess' if rank == 2 else ''}"
        )
        score = SCORES[tier] - (MASK_PENALTY if rank == 2 else 0.0)
        return Finding(category, start, end, score, "lexicon", why, entry.characteristic, tier, label)

"""Text -> sparse TF-IDF features (word 1-2 grams + character 2-5 grams), in plain Python + numpy.

Training (``socialwarden.training``) and run time use this same code, so the shipped weights
always see exactly the features they were fitted on; no scikit-learn object is pickled.
"""

from __future__ import annotations

import itertools
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import regex

from socialwarden.engine.safe_regex import compile_pattern

MAX_CHARS = 4000  # features of one window; longer texts are scored in windows by the caller
_CACHE_LIMIT = 200_000  # whitespace chunks whose features we remember
_TIMEOUT = 0.05

# Zero-width and soft-hyphen characters are deleted so "id\u200biot" reads as "idiot".
_INVISIBLE = dict.fromkeys([0xAD, *range(0x200B, 0x2010), *range(0x2060, 0x2065), 0xFEFF])
_FOLD = compile_pattern(r"(?:https?://|www\.)\S+|@\w+|[\w-]+\.(?:com|net|org|ly|tk|gl|gd|co|uk|info|biz|me|tv|ru|"
                        r"de|nl|io|us|to|cc|ws)(?:/\S*)?(?![\w.])")
_TOKEN = compile_pattern(r"\w+|[^\w\s]")


def _fold(match: regex.Match[str]) -> str:
    return " @user " if match.group().startswith("@") else " http "


def fold(chunk: str) -> str:
    """Fold URLs and @mentions inside one whitespace-free chunk to placeholders."""
    if "@" not in chunk and "." not in chunk:
        return chunk
    try:  # the regex package's own timeout, as in safe_regex; on timeout keep the chunk
        folded: str = _FOLD.sub(_fold, chunk, timeout=_TIMEOUT)
    except TimeoutError:
        return chunk
    return folded


def normalise(text: str) -> str:
    """Lower-case; outside ASCII also NFKC-fold (fullwidth and maths letters) and delete invisible characters.

    URLs, bare domains and @mentions are folded per chunk, in ``fold``.
    """
    text = text[:MAX_CHARS]
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).lower()


def tokens(chunk: str) -> list[str]:
    """Word tokens of a whitespace-free chunk: runs of word characters, or single other characters."""
    try:
        found: list[str] = _TOKEN.findall(chunk, timeout=_TIMEOUT)
    except TimeoutError:
        found = [chunk]
    return found


def char_grams(piece: str) -> list[str]:
    """Character 2-5 grams of a whitespace-free piece padded with spaces (keeps 'f*ck' whole)."""
    padded = f" {piece} "
    size = len(padded)
    return [padded[i:i + n] for n in range(2, 6) for i in range(size - n + 1)]


def chunk_grams(chunk: str) -> tuple[list[str], list[str]]:
    """Word tokens and character n-grams of one whitespace-delimited chunk of normalised text."""
    words: list[str] = []
    chars: list[str] = []
    for piece in fold(chunk).split():
        words.extend(tokens(piece))
        chars.extend(char_grams(piece))
    return words, chars


def text_grams(text: str) -> tuple[list[str], list[str]]:
    """All word 1-2 grams ("a b") and character n-grams of a text (used to build the vocabulary)."""
    words: list[str] = []
    chars: list[str] = []
    for chunk in normalise(text).split():
        w, c = chunk_grams(chunk)
        words.extend(w)
        chars.extend(c)
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)], chars


class Vocabulary:
    """Feature strings -> column ids: word 1-2 grams first (bigrams written "a b"), then characters."""

    def __init__(self, words: Sequence[str], chars: Sequence[str], idf: npt.NDArray[np.float32]) -> None:
        self.word_list = list(words)
        self.char_list = list(chars)
        self.idf = idf
        # Built with C-level dict(zip(...)) passes: a Python loop here was most of the model's load time.
        parts = [g.partition(" ") for g in self.word_list]
        single = [not p[2] for p in parts]
        ids = range(len(parts))
        self.unigrams: dict[str, int] = dict(zip((p[0] for p in itertools.compress(parts, single)),
                                                 itertools.compress(ids, single), strict=True))
        double = [not s for s in single]
        pairs = [(p[0], p[2]) for p in itertools.compress(parts, double)]
        # tuple keys: no string building at run time
        self.bigrams: dict[tuple[str, str], int] = dict(zip(pairs, itertools.compress(ids, double), strict=True))
        offset = len(self.word_list)
        self.chars = dict(zip(self.char_list, range(offset, offset + len(self.char_list)), strict=True))

    @property
    def n_words(self) -> int:
        return len(self.word_list)

    @property
    def size(self) -> int:
        return len(self.word_list) + len(self.char_list)


class Featurizer:
    """Turns texts into a sparse TF-IDF matrix given as (rows, cols, values) arrays.

    Sublinear tf, smooth idf, and each block (words, characters) L2-normalised, as scikit-learn's
    TfidfVectorizer in a FeatureUnion would do. Per-chunk features are cached, since words repeat.
    """

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        # chunk -> (its feature ids as packed int32 bytes, its word tokens): joining bytes and reading them
        # with one np.frombuffer is much cheaper than extending Python lists of ints
        self._cache: dict[str, tuple[bytes, tuple[str, ...]]] = {}

    def _chunk(self, chunk: str) -> tuple[bytes, tuple[str, ...]]:
        words, chars = chunk_grams(chunk)
        uget = self.vocab.unigrams.get
        cget = self.vocab.chars.get
        ids = [j for t in words if (j := uget(t)) is not None]
        ids += [j for g in chars if (j := cget(g)) is not None]
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()  # bounded memory; cheap to rebuild
        entry = (array("i", ids).tobytes(), tuple(words))
        self._cache[chunk] = entry
        return entry

    def packed(self, text: str) -> bytes:
        """Column ids of every feature occurrence in ``text`` (with repeats), as packed int32 bytes."""
        cache = self._cache
        out: list[bytes] = []
        words: list[str] = []
        for chunk in normalise(text).split():
            entry = cache.get(chunk) or self._chunk(chunk)
            out.append(entry[0])
            words.extend(entry[1])
        if len(words) > 1:
            bget = self.vocab.bigrams.get
            out.append(array("i", [j for j in map(bget, itertools.pairwise(words)) if j is not None]).tobytes())
        return b"".join(out)

    def ids(self, text: str) -> list[int]:
        """Column ids of every feature occurrence in ``text`` (with repeats)."""
        return array("i", self.packed(text)).tolist()

    def transform(self, texts: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64],
                                                        npt.NDArray[np.float32]]:
        """Return (rows, cols, values) of the TF-IDF matrix, sorted by row then column."""
        packed = [self.packed(text) for text in texts]
        lengths = np.fromiter(map(len, packed), dtype=np.int64, count=len(packed)) // 4
        flat = np.frombuffer(b"".join(packed), dtype=np.int32)
        size = self.vocab.size
        # int32 keys sort about twice as fast; a batch of texts * features must fit (512 windows do)
        key_type: type[np.signedinteger[Any]] = np.int32 if len(texts) * size < 2**31 else np.int64
        row_ids = np.repeat(np.arange(len(texts), dtype=key_type), lengths)
        keys = row_ids * np.asarray(size, dtype=key_type) + flat.astype(key_type)
        keys, counts = np.unique(keys, return_counts=True)
        rows, cols = np.divmod(keys.astype(np.int64), size)
        vals = (1.0 + np.log(counts)).astype(np.float32) * self.vocab.idf[cols]
        seg = 2 * rows + (cols >= self.vocab.n_words)
        norms = np.sqrt(np.bincount(seg, weights=vals * vals, minlength=2 * len(texts)))
        vals = (vals / np.maximum(norms[seg], 1e-12)).astype(np.float32)
        return rows, cols, vals


def build_vocabulary(texts: Iterable[str], min_df: int = 2, max_words: int = 200_000,
                     max_chars: int = 300_000) -> Vocabulary:
    """Document frequencies over training texts; keep the most frequent features with df >= min_df."""
    word_df: Counter[str] = Counter()
    char_df: Counter[str] = Counter()
    n_docs = 0
    for text in texts:
        n_docs += 1
        words_seen, chars_seen = text_grams(text)
        word_df.update(set(words_seen))
        char_df.update(set(chars_seen))
    words = [g for g, c in word_df.most_common(max_words) if c >= min_df]
    chars = [g for g, c in char_df.most_common(max_chars) if c >= min_df]
    words.sort()
    chars.sort()
    df = np.asarray([word_df[g] for g in words] + [char_df[g] for g in chars], dtype=np.float64)
    idf = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)  # scikit-learn's smooth idf
    return Vocabulary(words, chars, idf)

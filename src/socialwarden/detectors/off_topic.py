"""Off-topic replies: an inbound comment that shares no content word with the post it replies to.

Only runs when the check's context gives ``reply_to`` (the text of the post being replied to). It is a weak
signal on purpose: the finding is suspect-tier with a low score, so it holds a comment for a moderator
(monitor) and never hides or removes it on its own. Words are compared on a crude stem (their first four
letters), so "libraries" meets "library" and "parking" meets "parked"; a stem shared by chance only means
a comment is not flagged, which is the safe side for a weak signal.
Short replies ("thanks!", "great news") are never flagged: they need at least ``MIN_WORDS`` content words.
"""

from __future__ import annotations

from typing import ClassVar

from socialwarden.detectors.base import DetectorConfig
from socialwarden.engine.findings import Finding
from socialwarden.taxonomy import Category

SCORE = 0.4  # at or above the engine's suspect floor (a person looks), below every pack's rule thresholds
MIN_WORDS = 3
MAX_CHARS = 5000  # a topic shows in the first few thousand characters; bounds the work on huge input
_STEM = 4
_STOP = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few
for from further get got had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like me more most
mustn't my myself no nor not now of off on once only or other ought our ours ourselves out over own really same
shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then
there there's these they they'd they'll they're they've this those through to too under until up us very was
wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's whom why
why's will with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves yes yeah ok okay
lol please thanks thank thx great good nice well one two new people today tomorrow
""".split())


def content_words(text: str) -> list[str]:
    """Lower-case words of three or more letters that are not stop words, @handles or links."""
    out = []
    for token in text[:MAX_CHARS].lower().split():
        if token.startswith(("@", "http", "www.")):
            continue
        word = "".join(ch for ch in token if ch.isalnum() or ch == "'").strip("'")
        if len(word) >= 3 and word not in _STOP and not word.isdigit():
            out.append(word)
    return out


def _stem(word: str) -> str:
    return word[:_STEM]


class OffTopicDetector:
    """Flags an inbound reply that shares no content word (by stem) with the post it answers."""

    name: ClassVar[str] = "off_topic"

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config or DetectorConfig()

    def analyse_reply(self, text: str, reply_to: str) -> tuple[Finding, ...]:
        words = content_words(text)
        topic = {_stem(w) for w in content_words(reply_to)}
        if len(words) < MIN_WORDS or not topic or any(_stem(w) in topic for w in words):
            return ()
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        shown = ", ".join(dict.fromkeys(words[:5]))
        return (Finding(
            Category.OFF_TOPIC, start, max(start, end), SCORE, self.name,
            f"shares no content word with the post it replies to (its words: {shown}); a person should judge "
            "whether it is topical to the article being discussed",
            tier="suspect", label="no_shared_words",
        ),)

"""Quiet on ordinary text, judged by the whole engine (the one ``check()`` uses, the trained classifier included).

- The benign corpus (370 posts and comments from the five organisations' worlds, each under its own pack): none
  stopped, at most 1% held for a person, no finding shown on at least 97%.
- GOV.UK prose (the first 1,000 lines of ``../shared/datasets/govuk_sentences/sentences.txt``, which the
  classifier's training holds out), each line as an outbound post under every seed pack: at most 1% held or
  stopped, at most 2% with any finding shown. ``bench/bench_quiet.py`` reports the whole file.
"""

from __future__ import annotations

import re

import pytest

from socialwarden.engine.context import Context, Direction
from socialwarden.engine.service import engine_for
from socialwarden.evaluation.benign import PACK_OF, WORLDS, Quietness, load_benign, quietness
from socialwarden.training.augment import generate
from tests.conftest import shared_dir

SEED_PACKS = ("gen", "society", "gosport", "council-officers", "ett")
GOVUK_LINES = 1000


def _context(pack: str, direction: Direction) -> Context:
    official = "official" in engine_for(pack).policy.account_categories
    return Context(direction=direction, account_category="official" if official else None)


def _report(q: Quietness) -> str:
    return "\n".join(["stopped:", *q.stopped, "held:", *q.held, "shown:", *q.marked])


def test_the_corpus_is_large_varied_and_in_both_directions() -> None:
    texts = load_benign()
    assert len(texts) >= 300 and len({t.text for t in texts}) == len(texts)
    assert {t.world for t in texts} == set(WORLDS)
    for world in WORLDS:
        assert {t.direction for t in texts if t.world == world} == {Direction.OUTBOUND, Direction.INBOUND}, world


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def test_no_corpus_text_is_a_training_sentence() -> None:
    """The corpus measures generalisation: the classifier's own training sentences (training/augment.py and
    training/civic.py) must not contain any of its texts."""
    training = {_key(e.text) for e, _ in generate()}
    clashes = [t.text for t in load_benign() if _key(t.text) in training]
    assert not clashes, clashes


def test_the_benign_corpus_stays_quiet_under_each_organisations_pack() -> None:
    total = Quietness()
    groups: dict[tuple[str, Direction], list[str]] = {}
    for item in load_benign():
        groups.setdefault((PACK_OF[item.world], item.direction), []).append(item.text)
    for (pack, direction), texts in groups.items():
        part = quietness(engine_for(pack), texts, _context(pack, direction))
        total.checked += part.checked
        total.stopped += [f"{pack}: {n}" for n in part.stopped]
        total.held += [f"{pack}: {n}" for n in part.held]
        total.marked += [f"{pack}: {n}" for n in part.marked]
    assert total.checked >= 300
    assert not total.stopped, _report(total)
    assert total.held_rate <= 0.01, _report(total)
    assert total.marked_rate <= 0.03, _report(total)


@pytest.mark.parametrize("pack", SEED_PACKS)
def test_govuk_prose_posted_under_each_pack_stays_quiet(pack: str) -> None:
    path = shared_dir("datasets/govuk_sentences") / "sentences.txt"
    with path.open(encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for _, line in zip(range(GOVUK_LINES), handle, strict=False)]
    texts = [t for t in lines if t.strip()]
    q = quietness(engine_for(pack), texts, _context(pack, Direction.OUTBOUND))
    assert q.stopped_rate + q.held_rate <= 0.01, _report(q)
    assert q.marked_rate <= 0.02, _report(q)

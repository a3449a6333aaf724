"""Shared helpers for the engine-level tables: one engine per pack, built once, and the checks every case runs.

The engines use the registry's rule-based detectors (``models=False``): the trained classifier is built
separately and would make these tables depend on a model file.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import Decision
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.engine.findings import Finding
from socialwarden.policy.loader import load_policy
from socialwarden.taxonomy import Category, Characteristic

PACKS = ("gen", "society", "gosport", "council-officers", "ett")
SEED_FILES = {
    "gen": "000_8f545e8dedd4c01c.txt",
    "society": "001_8da480c87440bb2e.txt",
    "gosport": "002_9257b1cab41f7ad2.txt",
    "council-officers": "003_ff9a9c23aee03149.txt",
    "ett": "004_14c863de422300ec.txt",
}
FIRES = 0.5  # the default rule threshold in every pack: a finding at or above it is acted on


@functools.cache
def engine(pack: str) -> Engine:
    """The real engine for ``pack`` with the rule-based detectors, built once per test session."""
    policy = load_policy(pack)
    return Engine(policy, build_detectors(detector_config(policy), models=False))


def run(text: str, pack: str = "gen", *, inbound: bool = False, **context: object) -> Decision:
    """Check ``text`` and assert what must hold for every decision: no detector failed, spans inside the text,
    and every fired rule cites the pack's seed file and a section."""
    direction = Direction.INBOUND if inbound else Direction.OUTBOUND
    decision = engine(pack).check(text, Context(direction=direction, **context))  # type: ignore[arg-type]
    assert not decision.errors, decision.errors
    for f in decision.evidence:
        assert 0 <= f.start <= f.end <= len(text), f
        assert 0.0 <= f.score <= 1.0, f
    for rule in decision.rules:
        assert rule.citation.source == SEED_FILES[pack], (rule.id, rule.citation)
        assert rule.citation.section.strip(), rule.id
        assert len(rule.citation.quote) >= 3, rule.id
    return decision


def firing(decision: Decision, category: Category) -> list[Finding]:
    """Findings of ``category`` strong enough for a rule to act on (after counter-speech weighting)."""
    return [f for f in decision.evidence if f.category is category and f.score >= FIRES]


def categories(decision: Decision) -> set[Category]:
    return {f.category for f in decision.evidence if f.score >= FIRES}


def spans(text: str, decision: Decision, category: Category) -> list[str]:
    return [text[f.start:f.end] for f in firing(decision, category)]


@dataclass(frozen=True)
class Case:
    """One row: ``text`` must produce ``cats`` (at firing strength) and none of ``absent`` (at any strength).

    ``span`` is the exact substring one finding of the first category listed must cover;
    ``characteristic`` is the protected characteristic one hate finding must name.
    """

    text: str
    cats: tuple[Category, ...] = ()
    span: str | None = None
    characteristic: Characteristic | None = None
    absent: frozenset[Category] = frozenset()
    pack: str = "gen"
    inbound: bool = False
    context: dict[str, object] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return ("in:" if self.inbound else "") + self.text[:50]


def case(text: str, *cats: Category, span: str | None = None, char: Characteristic | None = None,
         absent: tuple[Category, ...] = (), pack: str = "gen", inbound: bool = False) -> Case:
    return Case(text, cats, span, char, frozenset(absent), pack, inbound)


def assert_case(c: Case) -> Decision:
    """Run one row and check its expectations; returns the decision for further checks."""
    decision = run(c.text, c.pack, inbound=c.inbound, **c.context)
    found = categories(decision)
    missing = set(c.cats) - found
    assert not missing, f"missing {sorted(missing)}; found {_describe(c.text, decision)}"
    present = {f.category for f in decision.evidence} & c.absent
    assert not present, f"unexpected {sorted(present)}; found {_describe(c.text, decision)}"
    if c.span is not None:
        assert c.span in spans(c.text, decision, c.cats[0]), (c.span, _describe(c.text, decision))
    if c.characteristic is not None:
        chars = {f.characteristic for f in firing(decision, Category.HATE)}
        assert c.characteristic in chars, (c.characteristic, _describe(c.text, decision))
    return decision


def _describe(text: str, decision: Decision) -> str:
    return "; ".join(f"{f.category.value}:{text[f.start:f.end]!r}@{f.score:.2f}" for f in decision.evidence) or "none"

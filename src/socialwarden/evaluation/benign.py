"""The benign corpus: ordinary posts and comments from the five organisations' worlds, and how quiet the engine is.

``benign_corpus.yaml`` (next to this file) holds texts written for SocialWarden: bins, libraries, elections
admin, planning notices, storm warnings with the council's own number, lectures, awards, journals, job adverts,
apprenticeships, volunteer calls, thank-yous and complaints about service, posted by the organisation
(outbound) or received as comments (inbound). ``quietness`` checks them through an engine and counts what a
person would see: blocked, warned (held for a person), and texts with any finding shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources

import yaml

from socialwarden.engine.batch import check_many
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import Decision, Verdict
from socialwarden.engine.engine import Engine
from socialwarden.exceptions import InputError

WORLDS = ("council", "council-officers", "society", "network", "trust", "charity")
# the pack whose organisation each world belongs to (the charity's is the template's example charity)
PACK_OF = {"council": "gosport", "council-officers": "council-officers", "society": "society", "network": "gen",
           "trust": "ett", "charity": "template"}
STOPPED = frozenset({Verdict.BLOCK, Verdict.HIDE, Verdict.REMOVE, Verdict.ESCALATE})
HELD = frozenset({Verdict.WARN, Verdict.MONITOR})


@dataclass(frozen=True)
class BenignText:
    world: str
    direction: Direction
    text: str


def load_benign() -> list[BenignText]:
    """Every text of the corpus, in file order; a malformed group is an error naming it."""
    raw = resources.files("socialwarden.evaluation").joinpath("benign_corpus.yaml").read_text(encoding="utf-8")
    groups = yaml.safe_load(raw)
    if not isinstance(groups, list):
        raise InputError("benign_corpus.yaml: expected a list of groups")
    out: list[BenignText] = []
    for n, group in enumerate(groups, 1):
        if not isinstance(group, dict) or group.get("world") not in WORLDS or \
                group.get("direction") not in {"outbound", "inbound"} or not isinstance(group.get("texts"), list):
            raise InputError(f"benign_corpus.yaml: group {n} needs a world ({', '.join(WORLDS)}), a direction "
                             "(outbound or inbound) and a list of texts")
        for text in group["texts"]:
            if not isinstance(text, str) or not text.strip():
                raise InputError(f"benign_corpus.yaml: group {n} has an empty or non-text entry")
            out.append(BenignText(group["world"], Direction(group["direction"]), text))
    return out


def held(decision: Decision) -> bool:
    """Held for a person: warn/monitor, or a content rule asking for approval (a standing approval is not)."""
    return decision.verdict in HELD or (decision.verdict is Verdict.NEEDS_APPROVAL and any(
        r.kind == "content_rule" and r.verdict is Verdict.NEEDS_APPROVAL for r in decision.rules))


@dataclass
class Quietness:
    """What people would see on ordinary texts."""

    checked: int = 0
    stopped: list[str] = field(default_factory=list)  # blocked, hidden, removed or escalated
    held: list[str] = field(default_factory=list)  # warned or held for a person
    marked: list[str] = field(default_factory=list)  # any finding shown

    @property
    def stopped_rate(self) -> float:
        return len(self.stopped) / self.checked if self.checked else 0.0

    @property
    def held_rate(self) -> float:
        return len(self.held) / self.checked if self.checked else 0.0

    @property
    def marked_rate(self) -> float:
        return len(self.marked) / self.checked if self.checked else 0.0

    def add(self, text: str, decision: Decision) -> None:
        self.checked += 1
        note = f"{decision.verdict.value}: {text} [{', '.join(sorted({f.category.value for f in decision.findings}))}]"
        if decision.verdict in STOPPED:
            self.stopped.append(note)
        elif held(decision):
            self.held.append(note)
        if decision.findings:
            self.marked.append(note)


def quietness(engine: Engine, texts: Sequence[str], context: Context,
              progress: Callable[[int], None] | None = None) -> Quietness:
    """Check ``texts`` in one context and count what a person would see."""
    out = Quietness()
    for text, decision in zip(texts, check_many(engine, texts, context, progress=progress), strict=True):
        out.add(text, decision)
    return out

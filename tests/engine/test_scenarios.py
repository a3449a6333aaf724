"""Per-pack scenarios: realistic texts written from each seed's clauses, checked by the whole engine.

Each ``scenarios/*.yaml`` file is a list of cases. A case names the pack, the clause of that pack's seed it is
written from (shown in the test id), the circumstances, the text and what the seed asks for::

    - pack: gosport
      clause: "19"                       # the seed clause the expected behaviour comes from
      direction: inbound                 # inbound (a comment) or outbound (our post); default outbound
      context: {account_category: official, author_role: officer}   # any Context field
      text: "I'll be waiting outside the civic offices with a knife"
      verdict: escalate                  # the verdict the seed asks for
      fires: [threat]                    # optional: categories of rules that must fire
      escalate_to: [head_of_it, legal]   # optional: roles that must be alerted (a subset check)
      quiet: true                        # optional: no finding may be shown to a person
      step: "police"                     # optional: a phrase one next step must contain (case-insensitive)

The engine is the one ``check()`` uses (every detector, the trained model included): these are the decisions a
comms team sees. Files are split by whoever wrote them (harm, context, ...); the test ids keep pack and clause.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import Decision, Verdict
from socialwarden.engine.service import engine_for

HERE = Path(__file__).parent / "scenarios"
_KEYS = {"pack", "clause", "direction", "context", "text", "verdict", "fires", "escalate_to", "quiet", "step", "note"}


def _load() -> list[Any]:
    out: list[Any] = []
    for path in sorted(HERE.glob("*.yaml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for n, case in enumerate(cases, 1):
            unknown = set(case) - _KEYS
            assert not unknown, f"{path.name} case {n}: unknown keys {sorted(unknown)}"
            slug = re.sub(r"[^a-z0-9]+", "-", case["text"].lower())[:40].strip("-")
            ident = f"{case['pack']}-§{case['clause']}-{case.get('direction', 'outbound')}-{slug}"
            out.append(pytest.param(case, id=ident))
    return out


CASES = _load()


def _shown(decision: Decision) -> list[str]:
    return [f"{f.category}:{f.score:.2f}:{f.detector}" for f in decision.findings]


@pytest.mark.parametrize("case", CASES)
def test_scenario(case: dict[str, Any]) -> None:
    direction = Direction(case.get("direction", "outbound"))
    context = Context(direction=direction, **(case.get("context") or {}))
    decision = engine_for(case["pack"]).check(case["text"], context)
    assert not decision.errors, decision.errors
    expected = Verdict(case["verdict"])
    assert decision.verdict is expected, (
        f"expected {expected.value}, got {decision.verdict.value}; findings {_shown(decision)}; "
        f"rules {[(r.id, r.verdict.value) for r in decision.rules]}")
    fired = {r.category for r in decision.rules if r.category}
    for category in case.get("fires") or ():
        assert category in fired, f"no rule for {category} fired; fired {sorted(fired)}"
    for role in case.get("escalate_to") or ():
        assert role in decision.escalate_to, f"{role} not alerted; alerted {decision.escalate_to}"
    if case.get("quiet"):
        assert not decision.findings, f"a benign text shows findings: {_shown(decision)}"
    if case.get("step"):
        wanted = case["step"].lower()
        assert any(wanted in step.lower() for step in decision.next_steps), decision.next_steps


def test_every_pack_has_scenarios() -> None:
    """Guards against a file that silently stopped loading."""
    packs = {c.values[0]["pack"] for c in CASES}
    assert not CASES or packs <= {"gen", "society", "gosport", "council-officers", "ett"}, packs

"""Every clause of every seed policy maps to a rule or guidance item of its pack (issue: 100% coverage)."""

from __future__ import annotations

import pytest

from socialwarden.policy import load_policy
from socialwarden.policy.coverage import coverage, split_clauses
from tests.conftest import shared_dir

SEED_PACKS = ["gen", "society", "gosport", "council-officers", "ett"]


@pytest.mark.parametrize("pack", SEED_PACKS)
def test_every_clause_of_the_seed_is_covered(pack: str) -> None:
    policy = load_policy(pack)
    seeds = shared_dir("seeds")
    source = policy.policy.source.file
    text = (seeds / source).read_text(encoding="utf-8")
    result = coverage(policy, source, text)
    assert len(result.clauses) > 20
    missing = "\n".join(f"  line {c.line}: {c.text[:100]}" for c in result.uncovered)
    assert not result.uncovered, f"{pack}: {len(result.uncovered)} clauses not covered:\n{missing}"
    assert not result.unmatched_quotes, f"{pack}: quotes not found in {source}: {result.unmatched_quotes}"


def test_every_bullet_is_a_clause() -> None:
    text = "Heading\nIntro paragraph that is long enough to count.\n- one\n- two words\n1. numbered item here\n"
    clauses = split_clauses(text)
    assert [c.text for c in clauses] == ["Intro paragraph that is long enough to count.", "one", "two words",
                                         "numbered item here"]
    assert [c.is_item for c in clauses] == [False, True, True, True]


def test_uncovered_clause_is_reported() -> None:
    from socialwarden.policy.coverage import coverage_from_quotes

    text = "- do not swear\n- do not spam people\n"
    result = coverage_from_quotes([("r1", "do not swear")], text)
    assert [c.text for c in result.uncovered] == ["do not spam people"]
    result = coverage_from_quotes([("r1", "do not fly")], text)
    assert result.unmatched_quotes == (("r1", "do not fly"),)

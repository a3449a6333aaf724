"""`warden policy list|show|diff|coverage` on the shipped packs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialwarden.policy import load_policy
from socialwarden.policy.diff import diff_policies
from tests.conftest import shared_dir
from tests.policy.test_validate import run_cli

GOSPORT_19 = [
    "comments that are not topical to the article being discussed",
    "comments that are politically motivated",
    "profane language or content",
    "material that perpetuates or promotes discrimination",
    "sexual content or links to sexual content",
    "solicitation of commerce",
    "illegal conduct or encouragement/support of illegal activities",
    "information that compromises or may compromise the safety or security of the public or public systems",
    "content that violates the legal ownership interests of any other party",
]


def test_list_names_all_packs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_cli(["policy", "list", "--json"], monkeypatch, capsys)
    assert code == 0
    names = {row["name"] for row in json.loads(output)}
    assert names == {"gen", "society", "gosport", "council-officers", "ett", "template"}


def test_show_gosport_lists_every_section_19_criterion_with_citation(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_cli(["policy", "show", "gosport"], monkeypatch, capsys)
    assert code == 0
    assert "moderation" in output
    flat = " ".join(output.split()).lower()
    for quote in GOSPORT_19:
        assert quote.lower() in flat, quote
    policy = load_policy("gosport")
    sections = [c.cite.section for c in policy.moderation.criteria]
    assert sum(1 for s in sections if s.startswith("19")) >= 9


def test_show_json_has_citations_for_every_item(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    for pack in ["gen", "society", "gosport", "council-officers", "ett"]:
        code, output = run_cli(["policy", "show", pack, "--json"], monkeypatch, capsys)
        assert code == 0
        items = json.loads(output)
        assert len(items) > 30
        cited = [i for i in items if i["citation"]]
        assert len(cited) == len(items), [i["id"] for i in items if not i["citation"]]
        assert all(i["citation"]["source"].endswith(".txt") for i in cited)


def test_diff_reports_added_removed_and_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from socialwarden.policy.loader import resolve

    _, text = resolve("gosport")
    policy = load_policy("gosport")
    first = policy.content_rules[0]
    changed = text.replace(f"id: {first.id}\n", f"id: {first.id}\n", 1)
    # change a threshold of the first criterion, drop the last guidance item, add a new rule id by renaming one
    crit = policy.moderation.criteria[0]
    changed = changed.replace(f"id: {crit.id}\n", f"id: {crit.id}\n      threshold: 0.9\n", 1) \
        if "threshold" not in text.split(f"id: {crit.id}\n", 1)[1].split("- id:", 1)[0] else changed
    last = policy.guidance[-1]
    changed = changed.replace(f"id: {last.id}\n", f"id: {last.id}-renamed\n", 1)
    changed = changed.replace('version: "', 'version: "2-', 1)
    new_file = tmp_path / "gosport-v2.yaml"
    new_file.write_text(changed, encoding="utf-8")
    result = diff_policies(policy, load_policy(str(new_file)))
    assert [i.id for i in result.added] == [f"{last.id}-renamed"]
    assert [i.id for i in result.removed] == [last.id]
    assert any(c.id == crit.id and "threshold" in c.fields for c in result.changed)
    code, output = run_cli(["policy", "diff", "gosport", str(new_file)], monkeypatch, capsys)
    assert code == 0
    assert f"+ guidance {last.id}-renamed" in output and f"- guidance {last.id}" in output
    code, output = run_cli(["policy", "diff", "gosport", "gosport"], monkeypatch, capsys)
    assert "no rule differences" in output


def test_coverage_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                          tmp_path: Path) -> None:
    seed = shared_dir("seeds") / load_policy("ett").policy.source.file
    code, output = run_cli(["policy", "coverage", "ett", "--source", str(seed)], monkeypatch, capsys)
    assert code == 0 and "(100%)" in output
    extended = tmp_path / load_policy("ett").policy.source.file
    extended.write_text(seed.read_text(encoding="utf-8") + "\n- a brand new clause about drones\n")
    code, output = run_cli(["policy", "coverage", "ett", "--source", str(extended)], monkeypatch, capsys)
    assert code == 1 and "a brand new clause about drones" in output

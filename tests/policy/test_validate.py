"""`warden policy validate`: every shipped pack is valid; broken files fail with precise, located messages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from socialwarden.cli.app import main
from socialwarden.policy import load_policy, pack_names

BROKEN = Path(__file__).parent / "broken"


def run_cli(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["warden", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("pack", pack_names())
def test_every_pack_validates(pack: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_cli(["policy", "validate", pack], monkeypatch, capsys)
    assert code == 0, output
    assert output.startswith("ok ")


def test_the_base_of_the_broken_files_is_itself_valid() -> None:
    load_policy(str(BROKEN / "_base.yaml"))


# file, then the exact location and field, then fragments the message must contain
CASES = [
    ("typo_key.yaml", "19:5: content_rules.0.acton", ["unknown key 'acton'", "did you mean 'action'?"]),
    ("unknown_role.yaml", "20:19: content_rules.0.escalate_to.0",
     ["unknown role 'comms_manger'", "did you mean 'comms_manager'?"]),
    ("unknown_category.yaml", "17:15: content_rules.0.category", ["'hatred' is not allowed", "did you mean 'hate'?"]),
    ("duplicate_rule_id.yaml", "21:9: content_rules.1.id",
     ["duplicate rule id 'rule.one'", "first used at content_rules.0.id"]),
    ("unknown_account_category.yaml", "20:26: content_rules.0.account_categories.0",
     ["unknown account category 'oficial'", "did you mean 'official'?"]),
    ("bad_action_for_direction.yaml", "19:13: content_rules.0.action",
     ["action 'hide' is for third-party comments", "block, escalate, require_approval, warn"]),
    ("missing_cite.yaml", "15:5: content_rules.0.cite", ["required field is missing"]),
    ("yaml_syntax.yaml", "14:14:", ["YAML syntax"]),
    ("duplicate_key.yaml", "20:5: content_rules.0.action", ["duplicate key"]),
    ("bad_permission.yaml", "11:19: roles.comms_manager.permissions.0",
     ["'aprove_post' is not allowed", "did you mean 'approve_post'?"]),
    ("threshold_range.yaml", "20:16: content_rules.0.threshold", ["less than or equal to 1", "got 1.5"]),
    ("escalate_without_role.yaml", "15:5: content_rules.0.escalate_to", ["needs escalate_to"]),
    ("not_a_mapping.yaml", "1:1:", ["must be a YAML mapping"]),
    ("bad_id.yaml", "15:9: content_rules.0.id", ["'Rule One' is not a valid id"]),
    ("unknown_nation.yaml", "7:39: organisation.nation",
     ["'wales' is not allowed", "did you mean 'england-and-wales'?"]),
]


@pytest.mark.parametrize(("name", "where", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_gets_a_precise_error(name: str, where: str, fragments: list[str],
                                          monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = BROKEN / name
    code, output = run_cli(["policy", "validate", str(path)], monkeypatch, capsys)
    assert code == 3, output
    assert "Traceback" not in output
    assert f"{path}:{where}" in output, output
    for fragment in fragments:
        assert fragment in output, output


def test_missing_file_and_unknown_pack(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_cli(["policy", "validate", "/nonexistent/policy.yaml"], monkeypatch, capsys)
    assert code == 4 and "no such policy file" in output
    code, output = run_cli(["policy", "validate", "gosprot"], monkeypatch, capsys)
    assert code == 4 and "did you mean 'gosport'?" in output


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    from socialwarden.exceptions import PolicyInvalid

    text = (BROKEN / "_base.yaml").read_text().replace("category: hate", "category: hatred").replace(
        "[approve_post]", "[aprove_post]")
    bad = tmp_path / "two.yaml"
    bad.write_text(text)
    with pytest.raises(PolicyInvalid) as info:
        load_policy(str(bad))
    assert len(info.value.issues) == 2

"""``warden eval`` refuses bad options before any work, and the peers report what they can and cannot do."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from socialwarden.cli.app import app
from socialwarden.cli.eval_cmd import parse_thresholds
from socialwarden.evaluation.peers import DETOXIFY_NOTE, load_peers
from socialwarden.exceptions import InputError
from socialwarden.taxonomy import Category


@pytest.mark.parametrize(("item", "message"), [
    ("abuse", "expected CATEGORY=VALUE"), ("abuse=2", "between 0 and 1"), ("nonsense=0.5", "expected CATEGORY=VALUE"),
    ("hate=high", "expected CATEGORY=VALUE"),
])
def test_bad_threshold_is_refused(item: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_thresholds([item])
    assert message in info.value.message and item in info.value.message


def test_thresholds_parse() -> None:
    assert parse_thresholds(["abuse=0.6", "hate = 0.45"]) == {Category.ABUSE: 0.6, Category.HATE: 0.45}


def test_cli_refuses_a_missing_datasets_folder(tmp_path: object) -> None:
    result = CliRunner().invoke(app, ["eval", "--data", f"{tmp_path}/nowhere", "--no-peers", "--limit", "2"])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError) and "datasets folder not found" in result.exception.message


def test_detoxify_is_reported_not_skipped() -> None:
    peers = {p.name: p for p in load_peers()}
    assert set(peers) == {"alt-profanity-check", "better-profanity", "hatesonar", "detoxify"}
    assert not peers["detoxify"].measurable and peers["detoxify"].note == DETOXIFY_NOTE


def test_hatesonar_runs_with_the_locale_fix() -> None:
    pytest.importorskip("hatesonar", reason="the eval extra is not installed")
    sonar = {p.name: p for p in load_peers()}["hatesonar"]
    assert sonar.predict is not None
    plain, abusive = sonar.predict(["thank you for fixing the street lights", "you are a stupid bitch"])
    assert not plain.offensive and abusive.offensive and abusive.label3 == "offensive"

"""Election periods: inside one, what the policy says about publicity in it applies; outside, ordinary rules.

The template pack carries the worked example (its seed-free rules say what a policy with a purdah clause would
say); the five seed packs say nothing about purdah, so they declare no period and their ordinary rules apply on
every day. A seed pack given a period by its operator (here in code) treats publicity naming a councillor as
political inside it, so its own political rule (Gosport 19) acts.
"""

from __future__ import annotations

import datetime as dt
import functools
import json

import pytest

from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import Verdict
from socialwarden.engine.election import today
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.exceptions import PolicyInvalid
from socialwarden.policy.loader import load_policy, parse_policy, resolve
from socialwarden.policy.models import ElectionPeriod, Moment, Policy
from tests.policy.test_validate import run_cli

INSIDE = dt.date(2027, 4, 20)  # the template's period: 26 March to 6 May 2027
POLLING_DAY = dt.date(2027, 5, 6)
OUTSIDE = dt.date(2027, 6, 1)
BEFORE = dt.date(2027, 3, 25)
COUNCILLOR = "Councillor Jane Smith opened the new play park on Elm Road today"


def engine_of(policy: Policy) -> Engine:
    return Engine(policy, build_detectors(detector_config(policy), models=False))


@functools.cache
def template() -> Engine:
    return engine_of(load_policy("template"))


def out(on: dt.date | None, **kw: object) -> Context:
    return Context(direction=Direction.OUTBOUND, account_category="official", on=on, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("day", [INSIDE, POLLING_DAY, dt.date(2027, 3, 26)])
def test_inside_the_period_publicity_featuring_a_councillor_is_blocked_by_the_period_rule(day: dt.date) -> None:
    d = template().check(COUNCILLOR, out(day))
    assert d.verdict is Verdict.BLOCK
    assert d.election_period == "Local elections 6 May 2027"
    assert [r.id for r in d.rules if r.kind == "content_rule"] == ["content.election-period-publicity"]
    assert [f.label for f in d.findings] == ["councillor_in_election_period"]
    assert d.rules[0].citation.label == "Example Charity social media policy §11 (Elections)"
    assert any(n.id == "guidance.election-period" and n.tied for n in d.guidance)


@pytest.mark.parametrize("day", [OUTSIDE, BEFORE])
def test_outside_the_period_the_same_post_is_ordinary(day: dt.date) -> None:
    d = template().check(COUNCILLOR, out(day))
    assert d.verdict is Verdict.NEEDS_APPROVAL  # the template's standing approval, nothing else
    assert d.election_period is None and not d.findings and not d.signals
    assert not [r for r in d.rules if r.kind == "content_rule"]
    assert not any(n.id == "guidance.election-period" for n in d.guidance)


def test_party_politics_is_stricter_inside_the_period() -> None:
    text = "Vote Labour on Thursday to kick the Tories out!"
    inside, outside = template().check(text, out(INSIDE)), template().check(text, out(OUTSIDE))
    assert inside.verdict is Verdict.BLOCK and outside.verdict is Verdict.NEEDS_APPROVAL
    assert {r.id for r in outside.rules} >= {"content.party-politics"}
    assert {r.verdict for r in outside.rules if r.id == "content.party-politics"} == {Verdict.WARN}


def test_neutral_election_information_is_not_stopped_by_the_period() -> None:
    for text in ("Polling cards for the local elections are being delivered this week",
                 "The count will take place at the Leisure Centre from 10pm; results will be on our website"):
        d = template().check(text, out(INSIDE))
        assert d.verdict is Verdict.NEEDS_APPROVAL, (text, [(f.category, f.score) for f in d.evidence])
        assert not [r for r in d.rules if r.kind == "content_rule"]


def test_comments_naming_a_councillor_are_not_our_publicity() -> None:
    d = template().check(COUNCILLOR, Context(direction=Direction.INBOUND, on=INSIDE))
    assert d.verdict is Verdict.KEEP and not d.evidence


def test_named_candidates_are_political_in_their_period_only() -> None:
    base = load_policy("template")
    period = base.election_periods[0].model_copy(update={"candidates": ["Sam Patel"], "featuring_councillors": False})
    engine = engine_of(base.model_copy(update={"election_periods": [period]}))
    text = "Join sam patel at the library reopening on Saturday"
    inside = engine.check(text, out(INSIDE))
    assert inside.verdict is Verdict.BLOCK and [f.label for f in inside.findings] == ["candidate_in_election_period"]
    assert inside.findings[0].start == text.index("sam patel")
    assert engine.check(text, out(OUTSIDE)).verdict is Verdict.NEEDS_APPROVAL
    # without featuring_councillors, a councillor who is not standing is not made political
    assert engine.check(COUNCILLOR, out(INSIDE)).verdict is Verdict.NEEDS_APPROVAL


def test_no_day_means_today_in_the_uk() -> None:
    base = load_policy("template")
    now = today()
    covering = ElectionPeriod(name="By-election", start=now - dt.timedelta(days=1), end=now + dt.timedelta(days=1),
                              featuring_councillors=True)
    past = ElectionPeriod(name="Last year", start=now - dt.timedelta(days=400), end=now - dt.timedelta(days=370),
                          featuring_councillors=True)
    assert engine_of(base.model_copy(update={"election_periods": [covering]})).check(
        COUNCILLOR, out(None)).verdict is Verdict.BLOCK
    assert engine_of(base.model_copy(update={"election_periods": [past]})).check(
        COUNCILLOR, out(None)).verdict is Verdict.NEEDS_APPROVAL


def test_a_seed_pack_without_a_purdah_clause_declares_no_period() -> None:
    for pack in ("gen", "society", "gosport", "council-officers", "ett"):
        assert load_policy(pack).election_periods == [], pack
    gosport = engine_of(load_policy("gosport"))
    assert gosport.check(COUNCILLOR, out(POLLING_DAY)).verdict is Verdict.ALLOW


def test_a_seed_pack_given_a_period_applies_its_own_political_rule_inside_it() -> None:
    base = load_policy("gosport")
    period = ElectionPeriod(name="Borough elections", start=dt.date(2026, 3, 23), end=dt.date(2026, 5, 7),
                            featuring_councillors=True)
    engine = engine_of(base.model_copy(update={"election_periods": [period]}))
    inside = engine.check(COUNCILLOR, out(dt.date(2026, 4, 1)))
    assert inside.verdict is Verdict.BLOCK and inside.election_period == "Borough elections"
    assert inside.rules[0].id == "gosport.19.political-own"
    assert inside.rules[0].citation.label == "Gosport social media policy §19 (Social media site content)"
    assert engine.check(COUNCILLOR, out(dt.date(2026, 5, 8))).verdict is Verdict.ALLOW


def _with_periods(block: str) -> str:
    _, text = resolve("template")
    head, _, _ = text.partition("\nelection_periods:")
    return head + "\nelection_periods:\n" + block


def test_bad_periods_are_reported_with_their_line() -> None:
    text = _with_periods("  - name: A\n    start: 2027-05-06\n    end: 2027-03-26\n"
                         "  - name: B\n    start: 2027-04-01\n    end: 2027-06-01\n"
                         "  - name: C\n    start: 2028-01-01\n    end: 2028-02-01\n"
                         "  - name: C\n    start: 2029-01-01\n    end: 2029-02-01\n")
    with pytest.raises(PolicyInvalid) as caught:
        parse_policy(text, "mine.yaml")
    problems = {(i.field, i.message) for i in caught.value.issues}
    assert ("election_periods.0.end", "the period ends (2027-03-26) before it starts (2027-05-06)") in problems
    assert any(f == "election_periods.3.name" and "duplicate" in m for f, m in problems), problems
    assert all(i.line for i in caught.value.issues)
    overlap = _with_periods("  - name: A\n    start: 2027-03-26\n    end: 2027-05-06\n"
                            "  - name: B\n    start: 2027-05-01\n    end: 2027-06-01\n")
    with pytest.raises(PolicyInvalid, match=r"election_periods.1.start.*overlaps 'A'"):
        parse_policy(overlap, "mine.yaml")


def test_moment_election_period_is_a_known_moment() -> None:
    assert Moment("election_period") is Moment.ELECTION_PERIOD


def test_warden_check_on_a_day_says_which_period_is_in_force(monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_cli(["check", "-p", "template", "--on", "2027-04-20", "--json", COUNCILLOR], monkeypatch, capsys)
    assert code == 0, output
    body = json.loads(output)
    assert body["verdict"] == "block" and body["election_period"] == "Local elections 6 May 2027"
    code, output = run_cli(["check", "-p", "template", "--on", "2027-04-20", COUNCILLOR], monkeypatch, capsys)
    assert code == 0 and "election period: Local elections 6 May 2027" in output
    code, output = run_cli(["check", "-p", "template", "--on", "2027-06-01", COUNCILLOR], monkeypatch, capsys)
    assert code == 0 and "election period" not in output
    code, output = run_cli(["check", "-p", "template", "--on", "6 May", COUNCILLOR], monkeypatch, capsys)
    assert code != 0 and "--on" in output and "YYYY-MM-DD" in output

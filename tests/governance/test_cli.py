"""The governance commands end to end: --policy / WARDEN_POLICY, --as checked, --json output, exit codes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from socialwarden.settings import Settings
from tests.policy.test_validate import run_cli

Run = tuple[pytest.MonkeyPatch, pytest.CaptureFixture[str]]


@pytest.fixture
def warden(engine: Engine, cli_env: Settings, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]):
    """Run `warden ARGS...` against the test store; returns (exit code, output)."""
    def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        return run_cli(list(args), monkeypatch, capsys)
    return run


def ok_json(result: tuple[int, str]) -> object:
    code, output = result
    assert code == 0, output
    return json.loads(output)


def test_no_policy_is_a_clear_error(warden, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WARDEN_POLICY", raising=False)
    code, output = warden("people", "list")
    assert code == 2 and "no policy given: pass --policy NAME_OR_FILE or set WARDEN_POLICY" in output


def test_gosport_account_flow_from_the_command_line(warden, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARDEN_POLICY", "gosport")
    assert ok_json(warden("people", "add", "hit", "--name", "Hilary Ito", "--role", "head_of_it", "--json"))[
        "handle"] == "hit"
    code, output = warden("people", "add", "x", "--name", "X")
    assert code == 5 and "only the first person can be added without an actor" in output
    warden("people", "add", "mgr", "--name", "Morgan Green", "--role", "officer", "--as", "hit")
    warden("people", "add", "off", "--name", "Olive Fenn", "--role", "officer", "--line-manager", "mgr",
           "--as", "hit")
    warden("people", "add", "owner", "--name", "Sam Owens", "--role", "site_owner", "--as", "hit")
    listed = ok_json(warden("people", "list", "--json"))
    assert [p["handle"] for p in listed] == ["hit", "mgr", "off", "owner"]
    assert all("password_hash" not in p for p in listed)

    made = ok_json(warden("accounts", "request", "facebook", "GosportLeisure", "--category", "official",
                          "--purpose", "Leisure news", "--as", "off", "--json"))
    assert made["status"] == "requested" and made["requested_by"] == "off"
    code, output = warden("accounts", "approve", "1", "--as", "off")
    assert code == 5 and "may not approve their own request" in output
    code, output = warden("accounts", "approve", "1", "--as", "owner")
    assert code == 5 and "owner holds none of them" in output
    state = ok_json(warden("accounts", "approve", "facebook:GosportLeisure", "--as", "hit", "--comment", "ok",
                           "--json"))
    assert state["complete"] is False
    code, output = warden("accounts", "approve", "1", "--as", "hit")
    assert code == 6 and "already approved" in output
    assert ok_json(warden("accounts", "approve", "1", "--as", "mgr", "--json"))["complete"] is True
    code, output = warden("accounts", "activate", "1", "--as", "hit")
    assert code == 6 and "has no owner" in output
    warden("accounts", "set-owner", "1", "owner", "--as", "hit")
    code, output = warden("accounts", "activate", "1", "--as", "hit")  # Gosport 10: the documents come first
    assert code == 6 and "required document missing: Design standards (gosport.10.design-standards, §10)" in output
    docs = ok_json(warden("accounts", "documents", "1", "--add", "gosport.10.branding", "--location", "intranet",
                          "--as", "owner", "--json"))
    assert [d["present"] for d in docs][:4] == [False, False, True, False]
    code, output = warden("accounts", "show", "1")
    assert code == 0 and "approve by hit as head_of_it" in output and "missing Design standards" in output
    assert "cannot go live" in output and "statement missing gosport.16.record-notice" in output
    for doc in ("purpose-scope-usage", "account-management", "design-standards"):
        assert warden("accounts", "documents", "1", "--add", f"gosport.10.{doc}", "--location", "intranet",
                      "--as", "owner")[0] == 0
    assert ok_json(warden("accounts", "activate", "1", "--as", "hit", "--json"))["status"] == "active"
    code, output = warden("accounts", "suspend", "1", "--as", "hit", "--reason", "test")
    assert code == 5 and "suspend_account permission, which no role in policy gosport grants" in output
    shown = ok_json(warden("accounts", "show", "1", "--json"))
    assert shown["can_publish"]["ok"] is True and len(shown["approvals"]["approvals"]) == 2
    assert [a["handle"] for a in ok_json(warden("accounts", "list", "--json"))] == ["GosportLeisure"]

    exc = ok_json(warden("exceptions", "request", "Trial", "--reason", "why", "--expires", "2099-01-01", "--as",
                         "off", "--json"))
    assert exc["state"] == "requested" and exc["missing"] == ["unit_manager", "head_of_it"]
    code, output = warden("exceptions", "approve", "1", "--as", "mgr")
    assert code == 5
    assert ok_json(warden("exceptions", "approve", "1", "--as", "hit", "--json"))["missing"] == [
        "unit_manager"]
    assert ok_json(warden("exceptions", "list", "--state", "requested", "--json"))[0]["id"] == 1

    report = ok_json(warden("duties", "run", "--json"))
    found = {r["duty"]: [n["kind"] for n in r["notices"]] for r in report["results"]}
    assert found["documents_missing"] == [] and found["policy_review"] == ["review_unrecorded"]
    assert found["site_notices"] == ["notices_missing"] and found["site_monitoring"] == ["monitoring_overdue"]
    again = ok_json(warden("duties", "run", "--json"))
    assert all(r["already_ran"] for r in again["results"])
    code, output = warden("incident", "start", "--as", "hit", "--reason", "x")
    assert code == 6 and "defines no incident procedure" in output
    code, output = warden("audit", "verify")
    assert code == 0 and "audit chain intact" in output


def test_ett_incident_and_credentials_from_the_command_line(warden, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "Sup3r-secret-pw"
    warden("people", "add", "ceo", "--name", "Chris Evans", "--role", "chief_executive", "--policy", "ett")
    warden("people", "add", "jo", "--name", "Jo Bloggs", "--role", "staff", "--job-title", "Outreach Officer",
           "--as", "ceo", "--policy", "ett")
    warden("accounts", "request", "x", "ett", "--category", "official", "--purpose", "Main", "--owner", "ceo",
           "--logo", "--as", "ceo", "--policy", "ett")
    warden("accounts", "request", "x", "jo_ett", "--category", "individual_professional", "--purpose", "Jo",
           "--owner", "jo", "--bio", "Jo Bloggs, Outreach Officer. Views are my own.", "--as", "ceo", "--policy",
           "ett")
    for ref in ("1", "2"):
        assert warden("accounts", "activate", ref, "--as", "ceo", "--policy", "ett")[0] == 0
    assert warden("accounts", "check-branding", "2", "--policy", "ett")[0] == 0
    warden("accounts", "request", "x", "jo_own", "--category", "individual_personal", "--purpose", "Jo's own",
           "--owner", "jo", "--logo", "--as", "ceo", "--policy", "ett")
    code, output = warden("accounts", "check-branding", "3", "--policy", "ett")
    assert code == 1 and "logo_forbidden" in output and "15c" in output

    code, output = warden("credentials", "set", "1", "password", "--stdin", "--as", "ceo", "--policy", "ett",
                          stdin=secret + "\n")
    assert code == 0 and secret not in output
    code, output = warden("credentials", "get", "1", "password", "--as", "jo", "--policy", "ett")
    assert code == 5 and secret not in output
    code, output = warden("credentials", "get", "1", "password", "--as", "ceo", "--policy", "ett")
    assert code == 0 and output.strip() == secret
    listed = ok_json(warden("credentials", "list", "1", "--as", "ceo", "--policy", "ett", "--json"))
    assert [i["name"] for i in listed] == ["password"] and secret not in json.dumps(listed)

    code, output = warden("incident", "start", "--as", "jo", "--reason", "x", "--policy", "ett")
    assert code == 5
    started = ok_json(warden("incident", "start", "--as", "ceo", "--reason", "Accident at an employer",
                             "--policy", "ett", "--json"))
    assert started["suspended_account_ids"] == [2]
    status = ok_json(warden("incident", "status", "--policy", "ett", "--json"))
    assert status["active"] is True and status["declared_by"] == "ceo"
    shown = ok_json(warden("accounts", "show", "2", "--policy", "ett", "--json"))
    assert shown["can_publish"]["ok"] is False
    ended = ok_json(warden("incident", "end", "--as", "ceo", "--reason", "resolved", "--policy", "ett", "--json"))
    assert ended["reactivated_account_ids"] == [2]
    assert ok_json(warden("incident", "status", "--policy", "ett", "--json")) == {"active": False}

    code, exported = warden("audit", "export")
    assert code == 0 and "credential.read" in exported and secret not in exported
    assert warden("audit", "verify")[0] == 0


def test_the_policy_option_overrides_warden_policy(warden, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARDEN_POLICY", "gosport")
    code, output = warden("people", "add", "ceo", "--name", "C", "--role", "chief_executive")
    assert code == 2 and "role 'chief_executive' is not defined in policy gosport" in output
    code, output = warden("people", "add", "ceo", "--name", "C", "--role", "chief_executive", "--policy", "ett")
    assert code == 0 and "Chief Executive" in output
    code, output = warden("accounts", "list", "--status", "active", "--json")
    assert code == 0 and json.loads(output) == []


@pytest.mark.filterwarnings("ignore::getpass.GetPassWarning")  # the hidden prompt, read from a pipe here
def test_access_lists_roles_and_prompted_credentials(warden, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARDEN_POLICY", "ett")
    warden("people", "add", "ceo", "--name", "Chris Evans", "--role", "chief_executive")
    warden("people", "add", "jo", "--name", "Jo Bloggs", "--role", "trustee", "--as", "ceo")
    changed = ok_json(warden("people", "set-roles", "jo", "--role", "staff", "--as", "ceo", "--json"))
    assert changed["roles"] == ["staff"]
    warden("accounts", "request", "x", "ett", "--category", "official", "--purpose", "Main", "--owner", "ceo",
           "--as", "ceo")
    shown = ok_json(warden("accounts", "access", "x:ett", "jo", "--as", "ceo", "--json"))
    assert shown["access"] == ["jo"]
    code, output = warden("accounts", "access", "x:ett", "jo", "--as", "jo")
    assert code == 5 and "manage_access_list" in output
    assert ok_json(warden("accounts", "access", "x:ett", "jo", "--remove", "--as", "ceo", "--json"))["access"] == []
    code, output = warden("credentials", "set", "x:ett", "password", "--as", "ceo", stdin="pw-from-prompt\n")
    assert code == 0 and "pw-from-prompt" not in output
    assert ok_json(warden("credentials", "get", "x:ett", "password", "--as", "ceo", "--json"))["value"] == \
        "pw-from-prompt"
    code, output = warden("accounts", "show", "nope")
    assert code == 4 and "no account 'nope'" in output


def test_email_addresses_and_leavers_from_the_command_line(warden, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARDEN_POLICY", "gosport")
    warden("people", "add", "hit", "--name", "Hilary Ito", "--role", "head_of_it")
    warden("people", "add", "off", "--name", "Olive Fenn", "--role", "officer", "--as", "hit")
    assert ok_json(warden("people", "set-email", "off", "olive@gosport.example", "--as", "off", "--json"))[
        "email"] == "olive@gosport.example"  # one's own address needs no permission
    code, output = warden("people", "set-email", "hit", "x@gosport.example", "--as", "off")
    assert code == 5 and "manage_people" in output
    code, output = warden("people", "set-email", "off", "not-an-address", "--as", "hit")
    assert code == 2 and "is not an e-mail address" in output
    assert ok_json(warden("people", "set-email", "off", "--as", "hit", "--json"))["email"] is None  # cleared
    assert ok_json(warden("people", "deactivate", "off", "--reason", "left", "--as", "hit", "--json"))[
        "active"] is False
    code, output = warden("accounts", "request", "x", "leisure", "--category", "official", "--purpose", "p",
                          "--as", "off")
    assert code == 5 and "inactive" in output  # a leaver can do nothing any more
    code, output = warden("people", "deactivate", "hit", "--as", "hit")
    assert code == 6 and "cannot deactivate yourself" in output
    assert ok_json(warden("people", "activate", "off", "--as", "hit", "--json"))["active"] is True


def test_text_from_outside_prints_as_text_not_terminal_markup(warden, monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    """A comment reading "[/bold]" used to stop `warden inbox list` with a MarkupError traceback (rich markup), and
    "[link=…]" made a terminal hyperlink: everything that came from outside is printed as it was written."""
    monkeypatch.setenv("WARDEN_POLICY", "gosport")
    warden("people", "add", "sid", "--name", "Sid Owen", "--role", "site_owner")
    hostile = "closing [/bold] tag and [link=https://evil.example]click here[/link]"
    feed = tmp_path / "c.jsonl"
    feed.write_text(json.dumps({"platform": "x", "comment_id": "e1", "text": hostile, "created_at":
                                "2026-03-09T10:00:00Z", "author_name": "[red]Mallory[/]"}) + "\n", encoding="utf-8")
    code, output = warden("inbox", "import", str(feed), "--as", "sid")
    assert code == 0, output
    code, output = warden("inbox", "list")
    assert code == 0 and "[red]Mallory[/]" in output and "[/bold] tag and [link=https://evil.example]" in output
    assert "[open/visible]" in output  # the state in brackets shows too
    code, output = warden("inbox", "show", "1")
    assert code == 0 and "[/bold]" in output

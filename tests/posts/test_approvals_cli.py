"""The approval commands: `warden approvals list/decide`, posts return/reject/calendar, accounts return/amend/
monitored, exceptions reject, `warden wiki`, and `warden policy review/reviews` (SQLite)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.orm import Session

from socialwarden.policy.loader import load_policy
from socialwarden.settings import Settings
from socialwarden.store.db import init_store, make_engine
from tests.policy.test_validate import run_cli
from tests.posts.world import build

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def warden(cli_env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    engine = make_engine(cli_env)
    init_store(engine)
    engine.dispose()

    def run(*args: str) -> tuple[int, str]:
        return run_cli(list(args), monkeypatch, capsys)
    return run


def test_posts_and_accounts_from_the_command_line(warden, cli_env: Settings,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(cli_env)
    with Session(engine) as session:
        build(session, load_policy("society"), {"smo": ["social_media_officer"], "smo2": ["social_media_officer"],
                                                "tara": ["trustee"]},
              [("facebook", "society", "official", "tara", ["smo"], [])])
    engine.dispose()
    monkeypatch.setenv("WARDEN_POLICY", "society")
    post = json.loads(warden("posts", "draft", "--as", "tara", "--account", "society", "--text", "AGM 4 May",
                             "--json")[1])
    warden("posts", "submit", "--as", "tara", str(post["id"]))
    code, output = warden("approvals", "list", "--as", "smo")
    assert code == 0 and f"post {post['id']}" in output and "you decide as social_media_officer" in output
    code, output = warden("posts", "return", "--as", "smo", str(post["id"]), "--comment", "Where?")
    assert code == 0 and "returned" in output
    assert "nothing is waiting for you" in warden("approvals", "list", "--as", "smo2")[1]
    code, output = warden("posts", "show", "--as", "tara", str(post["id"]))
    assert "return v1 by smo as social_media_officer" in output and "Where?" in output
    warden("posts", "edit", "--as", "tara", str(post["id"]), "--text", "AGM 4 May, Great Hall")
    warden("posts", "submit", "--as", "tara", str(post["id"]))
    code, output = warden("approvals", "decide", "post", str(post["id"]), "--as", "smo2", "--decision", "reject")
    assert code == 2 and "say why in a comment" in output
    code, output = warden("approvals", "decide", "post", str(post["id"]), "--as", "smo2", "--decision", "approve")
    assert code == 0 and "approve post" in output
    assert warden("posts", "schedule", "--as", "tara", str(post["id"]), "--at", "2031-05-04T09:00:00Z")[0] == 0
    code, output = warden("posts", "calendar", "--as", "tara", "--month", "2031-05")
    assert code == 0 and "Sun 04 May" in output and "10:00" in output  # 09:00 UTC is 10:00 BST
    other = json.loads(warden("posts", "draft", "--as", "tara", "--account", "society", "--text", "Quiz", "--json")[1])
    warden("posts", "submit", "--as", "tara", str(other["id"]))
    code, output = warden("posts", "reject", "--as", "smo", str(other["id"]), "--comment", "No quiz this year")
    assert code == 0 and "rejected" in output

    made = json.loads(warden("accounts", "request", "x", "soc", "--category", "official", "--purpose", "News",
                             "--as", "tara", "--json")[1])
    assert warden("accounts", "return", str(made["id"]), "--as", "smo", "--comment", "Which news?")[0] == 0
    code, output = warden("accounts", "amend", str(made["id"]), "--as", "tara", "--purpose", "Lecture news")
    assert code == 0 and "amended (revision 2)" in output
    code, output = warden("accounts", "reject", str(made["id"]), "--as", "smo", "--comment", "One is enough")
    assert code == 0 and "now closed" in output
    code, output = warden("accounts", "monitored", "facebook:society", "--as", "smo", "--note", "all quiet")
    assert code == 0 and "looked over" in output


def test_wiki_edits_from_the_command_line(warden, cli_env: Settings,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARDEN_POLICY", "council-officers")
    warden("people", "add", "comms", "--name", "Cara Mills", "--role", "communications_team")
    warden("people", "add", "off", "--name", "Olive Fenn", "--role", "officer", "--as", "comms")
    code, output = warden("wiki", "request", "https://en.wikipedia.org/wiki/Gosport", "--as", "off", "--change",
                          "New mayor", "--reason", "Elected in May", "--conflict-of-interest")
    assert code == 0 and "#1 requested" in output.replace("[green]", "")
    code, output = warden("wiki", "approve", "1", "--as", "off")
    assert code == 5
    code, output = warden("wiki", "return", "1", "--as", "comms", "--comment", "Wait for the announcement")
    assert code == 0 and "returned" in output
    warden("wiki", "amend", "1", "--as", "off", "--change", "New mayor, once announced")
    code, output = warden("wiki", "approve", "1", "--as", "comms")
    assert code == 0 and "approved rev 2" in output
    listed = json.loads(warden("wiki", "list", "--json")[1])
    assert [a["decision"] for a in listed[0]["approvals"]["history"]] == ["return", "approve"]


def test_policy_reviews_from_the_command_line(warden, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARDEN_POLICY", "gen")
    warden("people", "add", "dora", "--name", "Dora Ops", "--role", "director_of_operations")
    warden("people", "add", "cat", "--name", "Cat Comm", "--role", "comms_committee", "--as", "dora")
    code, output = warden("policy", "reviews")
    assert code == 0 and "no review on record" in output
    code, output = warden("policy", "review", "--as", "dora")
    assert code == 5 and "review_policy" in output
    code, output = warden("policy", "review", "--as", "cat", "--changes", "Add LinkedIn")
    assert code == 0 and "review recorded" in output and "changes_recommended" in output
    shown = json.loads(warden("policy", "reviews", "--json")[1])
    assert shown["state"] == "ok" and shown["reviews"][0]["notes"] == "Add LinkedIn"


def test_exceptions_are_rejected_from_the_command_line(warden, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARDEN_POLICY", "gosport")
    warden("people", "add", "hit", "--name", "Hilary Ito", "--role", "head_of_it")
    warden("people", "add", "off", "--name", "Olive Fenn", "--role", "officer", "--as", "hit")
    warden("exceptions", "request", "Trial", "--reason", "why", "--expires", "2099-01-01", "--as", "off")
    code, output = warden("approvals", "list", "--as", "hit")
    assert code == 0 and "exception 1" in output
    code, output = warden("exceptions", "reject", "1", "--as", "hit")
    assert code == 2  # --comment is required
    code, output = warden("exceptions", "reject", "1", "--as", "hit", "--comment", "Not needed")
    assert code == 0 and "rejected" in output
    assert json.loads(warden("exceptions", "list", "--json")[1])[0]["state"] == "rejected"

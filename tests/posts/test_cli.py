"""The desk's CLI: posts, inbox and export commands with --json, --as, and refusals as exit codes (SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from socialwarden.policy.loader import load_policy
from socialwarden.settings import Settings
from socialwarden.store.db import make_engine
from tests.policy.test_validate import run_cli
from tests.posts.world import build

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_posts_inbox_and_export_commands(cli_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(cli_env)
    from socialwarden.store.db import init_store

    init_store(engine)
    with Session(engine) as session:
        build(session, load_policy("society"), {"smo": ["social_media_officer"], "tara": ["trustee"]},
              [("facebook", "society", "official", "tara", ["smo"], [])])
    engine.dispose()
    monkeypatch.setenv("WARDEN_POLICY", "society")

    def cli(*args: str) -> tuple[int, str]:
        return run_cli(list(args), monkeypatch, capsys)

    code, output = cli("posts", "draft", "--as", "tara", "--account", "facebook:society", "--text", "AGM on 4 May",
                       "--json")
    assert code == 0, output
    post = json.loads(output)
    assert post["status"] == "checked" and post["verdict"] == "needs_approval"
    assert cli("posts", "submit", "--as", "tara", str(post["id"]))[0] == 0
    code, output = cli("posts", "approve", "--as", "tara", str(post["id"]))
    assert code == 5 and "cannot approve their own post" in output  # PermissionDenied -> 5
    assert cli("posts", "approve", "--as", "smo", str(post["id"]))[0] == 0
    code, output = cli("posts", "schedule", "--as", "tara", str(post["id"]), "--at", "2020-01-01T00:00:00Z")
    assert code == 2 and "is in the past" in output  # InputError -> 2
    assert cli("posts", "schedule", "--as", "tara", str(post["id"]), "--at", "2030-03-09T10:00:00Z")[0] == 0
    outbox = tmp_path / "outbox.jsonl"
    code, output = cli("posts", "publish-due", "--as", "smo", "--outbox", str(outbox), "--now",
                       "2030-03-09T10:00:00Z", "--json")
    # no connector is linked for facebook:society: nothing is claimed as published, no fake platform id
    result = json.loads(output)[0]
    assert code == 0 and result["outcome"] == "no_connector" and result["platform_post_id"] is None
    assert "not published: recorded here only — no connector linked for facebook:society" in result["error"]
    assert json.loads(outbox.read_text(encoding="utf-8"))["text"] == "AGM on 4 May"  # for publishing by hand
    code, output = cli("posts", "publish-due", "--as", "smo", "--outbox", str(outbox), "--now",
                       "2030-03-09T11:00:00Z")
    assert code == 0 and "nothing due" in output and len(outbox.read_text().splitlines()) == 1
    code, output = cli("posts", "show", "--as", "tara", str(post["id"]), "--json")
    assert json.loads(output)["status"] == "failed" and json.loads(output)["platform_post_id"] is None
    # published by hand: the rest of the workflow runs on a post that a stand-in platform (the outbox) published
    assert cli("posts", "schedule", "--as", "tara", str(post["id"]), "--at", "2030-03-09T10:00:00Z")[0] == 0
    import datetime as dt

    from socialwarden.posts import service as posts
    from socialwarden.posts.outbox import OutboxPublisher

    engine = make_engine(cli_env)
    with Session(engine) as session:
        done = posts.publish_due(session, policy=load_policy("society"), actor="smo",
                                 now=dt.datetime(2030, 3, 9, 10, tzinfo=dt.UTC), publisher=OutboxPublisher(outbox))
        assert [r.outcome for r in done] == ["published"]
    engine.dispose()
    code, output = cli("posts", "correct", "--as", "smo", str(post["id"]), "--text", "AGM on 5 May",
                       "--note", "wrong date")
    assert code == 0 and "+AGM on 5 May" in output
    code, output = cli("posts", "show", "--as", "tara", str(post["id"]), "--json")
    assert [v["reason"] for v in json.loads(output)["versions"]] == ["draft", "correction"]
    # the corrected text is approved again
    code, output = cli("posts", "list", "--as", "smo", "--status", "awaiting_approval")
    assert code == 0 and f"#{post['id']}" in output
    code, output = cli("posts", "approve", "--as", "smo", str(post["id"]))
    assert code == 0 and "corrected" in output
    code, output = cli("posts", "schedule", "--as", "tara", "999", "--at", "2030-03-09T10:00:00Z")
    assert code == 4  # NotFound

    comments = tmp_path / "c.jsonl"
    comments.write_text(json.dumps({"platform": "facebook", "comment_id": "9", "text": "Lovely AGM, thanks",
                                    "created_at": "2026-03-09T12:00:00Z", "author_name": "Pat"}) + "\n{bad\n")
    code, output = cli("inbox", "import", "--as", "smo", str(comments), "--json")
    report = json.loads(output)
    assert code == 2 and report["imported"] == 1 and report["bad"][0].startswith("c.jsonl:2:")  # a bad row: 2
    code, output = cli("inbox", "list", "--json")
    item = json.loads(output)[0]
    code, output = cli("inbox", "show", str(item["id"]))
    assert code == 0 and "assessment" in output
    code, output = cli("inbox", "show", str(item["id"]), "--kind", "misguided", "--json")
    assert code == 0 and json.loads(output)["guidance"]["response"] == "fix_facts"
    code, output = cli("inbox", "act", "--as", "smo", str(item["id"]), "hide", "--reason", "test", "--json")
    assert code == 2 and "meets none of policy" in output  # an ordinary comment: hiding it is an exception
    code, output = cli("inbox", "act", "--as", "smo", str(item["id"]), "hide", "--reason", "test", "--exception",
                       "posted on the wrong page by mistake; the author asked", "--json")
    acted = json.loads(output)
    assert code == 0 and acted["evidence_id"] is not None
    assert acted["exception"].startswith("posted on the wrong page")
    # the comment did not arrive on a linked account: the command says nothing reached Facebook
    assert acted["platform"]["outcome"] == "no_connector"
    assert acted["platform"]["message"].startswith("recorded here only — no connector linked")
    code, output = cli("inbox", "act", "--as", "tara", str(item["id"]), "remove", "--reason", "x")
    assert code == 5
    code, output = cli("export", "person", "--as", "smo", "Pat", "--out", str(tmp_path / "exp"), "--json")
    assert code == 0 and json.loads(output)["counts"]["comments"] == 1
    assert (tmp_path / "exp" / "export-pat.md").is_file()

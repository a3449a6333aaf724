"""Issue 16, item 6: record ownership. An officer could correct someone else's published post (200, no approver,
the current version now the officer's text), schedule someone else's approved post, schedule in the past
(2020-01-01 was accepted and published at the next run), and read everyone's drafts. Each is refused now, through
the API, the CLI and the page routes (Gosport pack, two officers, on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy.orm import Session

from socialwarden.posts.outbox import OutboxPublisher
from socialwarden.posts.publishing import publish_due
from tests.policy.test_validate import run_cli
from tests.security.conftest import Served
from tests.web.conftest import sign_in

FUTURE = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(microsecond=0)


def _world(gosport: Served) -> tuple[int, int, int]:
    """officer's three posts on the Council's site: #1 published, #2 approved, #3 a draft."""
    gosport.add_person("officer2", ["officer"], like="officer")
    gosport.set_manager("officer", "line-manager")
    account_id = gosport.live_account(requester="officer", approvers=["head-of-it", "line-manager"],
                                      owner="site-owner", category="official", handle="GosportBC")
    author = gosport.client("officer")
    ids = []
    for text in ("Bins are collected on Tuesday.", "Council tax bills go out this week.",
                 "Draft: council tax bills go out next week."):
        made = author.post("/api/v1/posts", json={"account_id": account_id, "text": text})
        assert made.status_code == 201, made.text
        ids.append(int(made.json()["id"]))
    for post_id in ids[:2]:  # (a text the check warns on waits for the site owner: approved either way)
        if author.post(f"/api/v1/posts/{post_id}/submit").json()["status"] == "awaiting_approval":
            gosport.client("site-owner").post(f"/api/v1/posts/{post_id}/approve", json={})
        assert author.get(f"/api/v1/posts/{post_id}").json()["status"] == "approved"
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=30)
    assert author.post(f"/api/v1/posts/{ids[0]}/schedule", json={"at": soon.isoformat()}).status_code == 200
    with Session(gosport.env.engine) as session:
        done = publish_due(session, policy=gosport.env.app.state.warden.policy, actor="site-owner",
                           now=soon + dt.timedelta(minutes=1),
                           publisher=OutboxPublisher(gosport.env.settings.data_dir / "outbox.jsonl"))
    assert [r.outcome for r in done] == ["published"]
    return ids[0], ids[1], ids[2]


def test_api_refuses_other_peoples_posts_and_the_past(gosport: Served) -> None:
    published, approved, draft = _world(gosport)
    other, author = gosport.client("officer2"), gosport.client("officer")
    taken = other.post(f"/api/v1/posts/{published}/correct", json={"text": "Bins are never collected.",
                                                                   "note": "mine now"})
    assert taken.status_code == 403 and "only its author" in taken.json()["detail"]
    assert author.get(f"/api/v1/posts/{published}").json()["text"] == "Bins are collected on Tuesday."
    hijack = other.post(f"/api/v1/posts/{approved}/schedule", json={"at": FUTURE.isoformat()})
    assert hijack.status_code == 403 and author.get(f"/api/v1/posts/{approved}").json()["status"] == "approved"
    past = author.post(f"/api/v1/posts/{approved}/schedule", json={"at": "2020-01-01T00:00:00Z"})
    assert past.status_code == 400 and "in the past" in past.json()["detail"]
    assert author.get(f"/api/v1/posts/{approved}").json()["scheduled_at"] is None
    peek = other.get(f"/api/v1/posts/{draft}")
    assert peek.status_code == 403
    assert draft not in [p["id"] for p in other.get("/api/v1/posts").json()]
    assert published in [p["id"] for p in other.get("/api/v1/posts").json()]  # published posts are public
    # the author, the site's owner and the approvers still see the draft
    assert author.get(f"/api/v1/posts/{draft}").status_code == 200
    assert gosport.client("site-owner").get(f"/api/v1/posts/{draft}").status_code == 200


def test_cli_refuses_the_same(gosport: Served, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    published, approved, draft = _world(gosport)
    monkeypatch.setenv("WARDEN_POLICY", "gosport")
    monkeypatch.setenv("WARDEN_DATA_DIR", str(gosport.env.settings.data_dir))
    monkeypatch.setenv("WARDEN_DATABASE_URL", gosport.env.settings.database_url)

    def warden(*args: str) -> tuple[int, str]:
        return run_cli(list(args), monkeypatch, capsys)

    code, output = warden("posts", "correct", str(published), "--as", "officer2", "--text", "x", "--note", "y")
    assert code == 5 and "only its author" in output
    code, output = warden("posts", "schedule", str(approved), "--as", "officer2", "--at", FUTURE.isoformat())
    assert code == 5
    code, output = warden("posts", "schedule", str(approved), "--as", "officer", "--at", "2020-01-01T00:00:00Z")
    assert code == 2 and "in the past" in output
    code, output = warden("posts", "show", str(draft), "--as", "officer2")
    assert code == 5 and "may not see post" in output


def test_page_routes_refuse_the_same(gosport: Served) -> None:
    _published, approved, _draft = _world(gosport)
    browser = gosport.env.client()
    csrf = sign_in(browser, "officer2")
    hijack = browser.post(f"/posts/{approved}/schedule", data={"at": "2031-03-12T09:30", "csrf_token": csrf})
    assert hijack.status_code == 403 and re.search(r"only its author", hijack.text)
    owner = gosport.env.client()
    csrf = sign_in(owner, "officer")
    past = owner.post(f"/posts/{approved}/schedule", data={"at": "2020-01-01T09:30", "csrf_token": csrf})
    assert past.status_code == 400 and "in the past" in past.text
    assert "Draft: the new park" not in browser.get("/posts").text

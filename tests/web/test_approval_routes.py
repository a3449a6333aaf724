"""The approval routes through FastAPI's test client (SQLite and PostgreSQL): the queue API, return / reject for
posts and accounts, amend, documents and monitoring, and the pages for every approval type (posts, accounts,
exceptions, wiki edits), wiki edits, the policy review and the posts calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from socialwarden.people import service as people
from socialwarden.policy_exceptions import service as exceptions
from socialwarden.settings import Settings
from tests.web.conftest import WebEnv, build_env, sign_in


def _env(db_url: str, tmp_path: Path, pack: str) -> Iterator[WebEnv]:
    env = build_env(Settings(data_dir=tmp_path, database_url=db_url), pack)
    yield env
    env.engine.dispose()


@pytest.fixture
def society(db_url: str, tmp_path: Path) -> Iterator[WebEnv]:
    yield from _env(db_url, tmp_path, "society")


@pytest.fixture
def gosport(db_url: str, tmp_path: Path) -> Iterator[WebEnv]:
    yield from _env(db_url, tmp_path, "gosport")


def test_queue_return_reject_withdraw_and_calendar_api(society: WebEnv) -> None:
    client = society.client()
    trustee, smo = society.bearer("trustee"), society.bearer("social-media-officer")
    made = client.post("/api/v1/accounts", headers=trustee, json={
        "platform": "x", "handle": "TheSociety", "category": "official", "purpose": "events",
        "owner": "social-media-officer"}).json()
    queue = client.get("/api/v1/approvals", headers=smo).json()
    assert [(i["subject_type"], i["subject_id"], i["role"]) for i in queue] == [
        ("account", made["id"], "social_media_officer")]
    assert client.get("/api/v1/approvals", headers=trustee).json() == []
    returned = client.post(f"/api/v1/accounts/{made['id']}/return", headers=smo, json={"comment": "Which events?"})
    assert returned.status_code == 200 and returned.json()["history"][0]["decision"] == "return"
    assert client.post(f"/api/v1/accounts/{made['id']}/return", headers=smo, json={}).status_code == 422
    amended = client.post(f"/api/v1/accounts/{made['id']}/amend", headers=trustee,
                          json={"purpose": "Lectures and the AGM", "reason": "as asked"})
    assert amended.json()["revision"] == 2 and amended.json()["status"] == "requested"
    assert client.post(f"/api/v1/accounts/{made['id']}/approve", headers=smo, json={}).json()["complete"] is True
    assert client.post(f"/api/v1/accounts/{made['id']}/activate", headers=smo).status_code == 200
    assert client.post(f"/api/v1/accounts/{made['id']}/monitored", headers=smo, json={}).json()["last_monitored_at"]
    post = client.post("/api/v1/posts", headers=trustee, json={"account_id": made["id"], "text": "AGM on 4 May"})
    post_id = post.json()["id"]
    client.post(f"/api/v1/posts/{post_id}/submit", headers=trustee)
    assert [i["subject_type"] for i in client.get("/api/v1/approvals", headers=smo).json()] == ["post"]
    assert client.post(f"/api/v1/posts/{post_id}/return", headers=trustee, json={"comment": "x"}).status_code == 403
    back = client.post(f"/api/v1/posts/{post_id}/return", headers=smo, json={"comment": "Add the venue"}).json()
    assert back["status"] == "returned" and back["approvals"][0]["comment"] == "Add the venue"
    client.put(f"/api/v1/posts/{post_id}/text", headers=trustee, json={"text": "AGM on 4 May in the Great Hall"})
    client.post(f"/api/v1/posts/{post_id}/submit", headers=trustee)
    rejected = client.post(f"/api/v1/posts/{post_id}/reject", headers=smo, json={"comment": "Too late now"})
    assert rejected.json()["status"] == "rejected"
    other = client.post("/api/v1/posts", headers=trustee, json={"account_id": made["id"], "text": "Tea at 4"}).json()
    gone = client.post(f"/api/v1/posts/{other['id']}/withdraw", headers=trustee, json={"reason": "cancelled"})
    assert gone.json()["status"] == "withdrawn"
    third = client.post("/api/v1/posts", headers=trustee, json={"account_id": made["id"], "text": "Quiz night"}).json()
    client.post(f"/api/v1/posts/{third['id']}/submit", headers=trustee)
    client.post(f"/api/v1/posts/{third['id']}/approve", headers=smo, json={})
    when = dt.datetime(2031, 5, 4, 18, 0, tzinfo=dt.UTC)
    assert client.post(f"/api/v1/posts/{third['id']}/schedule", headers=trustee,
                       json={"at": when.isoformat()}).status_code == 200
    days = client.get("/api/v1/posts/calendar/2031/5", headers=trustee).json()
    assert len(days) == 31 and [p["id"] for p in days[3]["posts"]] == [third["id"]]


def test_pages_decide_every_kind_of_request(gosport: WebEnv) -> None:
    policy = gosport.app.state.warden.policy
    with Session(gosport.engine) as session:
        officer = people.get_person(session, handle="officer")
        people.set_line_manager(session, policy=policy, actor=people.get_person(session, handle="head-of-it"),
                                person=officer, line_manager=people.get_person(session, handle="line-manager"))
        session.commit()
    officer_page = gosport.client()
    csrf = sign_in(officer_page, "officer")
    asked = officer_page.post("/accounts", data={"platform": "facebook", "handle": "GosportLeisure",
                                                 "category": "official", "purpose": "Leisure news",
                                                 "owner": "site-owner", "csrf_token": csrf})
    assert asked.status_code == 303
    with Session(gosport.engine) as session:
        exc = exceptions.request_exception(session, policy=policy, actor=people.get_person(session, handle="officer"),
                                           title="Trial", reason="A week's trial", clause="10", account_id=1,
                                           expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=7),
                                           now=dt.datetime.now(dt.UTC))
        session.commit()
        exc_id = exc.id
    hit = gosport.client()
    csrf_hit = sign_in(hit, "head-of-it")
    queue = hit.get("/approvals").text
    assert "Account facebook GosportLeisure" in queue and f"Exception {exc_id}: Trial" in queue
    assert hit.post("/approvals/account/1", data={"decision": "approve", "csrf_token": csrf_hit}).status_code == 303
    assert "Account facebook GosportLeisure" not in hit.get("/approvals").text  # decided: gone
    manager = gosport.client()
    csrf_lm = sign_in(manager, "line-manager")
    back = manager.post("/approvals/account/1", data={"decision": "return", "comment": "Name the owner's deputy",
                                                      "csrf_token": csrf_lm}, follow_redirects=True)
    assert "returned with your comments" in back.text
    page = officer_page.get("/accounts").text
    assert "Name the owner&#39;s deputy" in page and "Amended purpose for GosportLeisure" in page
    assert officer_page.post("/accounts/1/amend", data={"purpose": "Leisure news; deputy: the duty manager",
                                                        "csrf_token": csrf}).status_code == 303
    for who, client, token in (("head-of-it", hit, csrf_hit), ("line-manager", manager, csrf_lm)):
        assert client.post("/approvals/account/1", data={"decision": "approve", "csrf_token": token}
                           ).status_code == 303, who
    refused = officer_page.post("/accounts/1/activate", data={"csrf_token": csrf}, follow_redirects=True)
    assert refused.status_code in (403, 409)
    owner = gosport.client()
    csrf_owner = sign_in(owner, "site-owner")
    blocked = owner.post("/accounts/1/activate", data={"csrf_token": csrf_owner})
    assert blocked.status_code == 409 and "required document missing" in blocked.text
    for doc in ("purpose-scope-usage", "account-management", "branding", "design-standards"):
        assert owner.post("/accounts/1/documents", data={"document_id": f"gosport.10.{doc}", "location": "intranet",
                                                         "csrf_token": csrf_owner}).status_code == 303
    assert owner.post("/accounts/1/activate", data={"csrf_token": csrf_owner}).status_code == 303
    assert owner.post("/accounts/1/monitored", data={"csrf_token": csrf_owner}).status_code == 303
    unit = gosport.client()
    csrf_unit = sign_in(unit, "unit-manager")
    no_reason = unit.post(f"/approvals/exception/{exc_id}", data={"decision": "reject", "csrf_token": csrf_unit})
    assert no_reason.status_code == 400 and "say why in a comment" in no_reason.text
    assert unit.post(f"/approvals/exception/{exc_id}", data={"decision": "reject", "comment": "Not needed",
                                                             "csrf_token": csrf_unit}).status_code == 303
    assert "Nothing is waiting for you" in unit.get("/approvals").text


@pytest.fixture
def council(db_url: str, tmp_path: Path) -> Iterator[WebEnv]:
    yield from _env(db_url, tmp_path, "council-officers")


@pytest.fixture
def gen(db_url: str, tmp_path: Path) -> Iterator[WebEnv]:
    yield from _env(db_url, tmp_path, "gen")


def test_wiki_pages(council: WebEnv) -> None:
    officer = council.client()
    csrf = sign_in(officer, "officer")
    assert "Ask for advice before editing" in officer.get("/wiki").text
    asked = officer.post("/wiki", data={"page": "https://en.wikipedia.org/wiki/Gosport", "change": "New mayor",
                                        "reason": "Elected in May", "csrf_token": csrf}, follow_redirects=True)
    assert "Wiki edit 1 sent for advice" in asked.text
    comms = council.client()
    csrf_c = sign_in(comms, "communications-team")
    assert "Wiki edit 1: https://en.wikipedia.org/wiki/Gosport" in comms.get("/approvals").text
    comms.post("/approvals/wiki_edit/1", data={"decision": "return", "comment": "Wait for the announcement",
                                               "csrf_token": csrf_c})
    mine = officer.get("/wiki").text
    assert "Wait for the announcement" in mine and "Amended change for wiki edit #1" in mine
    officer.post("/wiki/1/amend", data={"change": "New mayor, once announced", "csrf_token": csrf})
    comms.post("/approvals/wiki_edit/1", data={"decision": "approve", "csrf_token": csrf_c})
    assert "Go ahead" in officer.get("/wiki").text


def test_policy_review_page(gen: WebEnv) -> None:
    committee = gen.client()
    csrf = sign_in(committee, "comms-committee")
    page = committee.get("/policy/review").text
    assert "No review on record" in page and "Record a review" in page
    done = committee.post("/policy/review", data={"outcome": "no_change", "notes": "Spring meeting",
                                                  "csrf_token": csrf}, follow_redirects=True)
    assert "Review recorded: no change" in done.text and "Next due" in done.text
    director = gen.client()
    sign_in(director, "director-of-operations")
    seen = director.get("/policy/review").text
    assert "Spring meeting" in seen and "Record a review" not in seen
    assert "Wiki edits" not in seen  # GEN asks for no wiki advice: no link to it

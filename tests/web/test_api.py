"""Every API endpoint through FastAPI's test client, on SQLite and PostgreSQL (the db_url fixture)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from socialwarden.moderation.reader import IncomingComment
from socialwarden.moderation.service import store_batch
from socialwarden.people import service as people
from socialwarden.settings import Settings
from tests.web.conftest import PASSWORD, WebEnv, build_env

PROBLEM = "application/problem+json"


@pytest.fixture
def society(db_url: str, tmp_path: Path) -> Iterator[WebEnv]:
    env = build_env(Settings(data_dir=tmp_path, database_url=db_url), "society")
    yield env
    env.engine.dispose()


@pytest.fixture
def ett(db_url: str, tmp_path: Path) -> Iterator[WebEnv]:
    env = build_env(Settings(data_dir=tmp_path, database_url=db_url, vault_key_file=tmp_path / "v.key"), "ett")
    yield env
    env.engine.dispose()


def test_session_me_and_check(society: WebEnv) -> None:
    client = society.client()
    reply = client.post("/api/v1/session", json={"handle": "trustee", "password": PASSWORD})
    assert reply.status_code == 201
    token = reply.json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["handle"] == "trustee" and "check_text" in me["permissions"] and "approve_post" not in me["permissions"]
    decision = client.post("/api/v1/check", headers={"Authorization": f"Bearer {token}"},
                           json={"text": "Call Jane on 07700 900123 about her care package."}).json()
    assert decision["verdict"] == "block"
    span = next(f for f in decision["findings"] if f["category"] == "personal_data")
    assert "Call Jane on 07700 900123 about her care package."[span["start"]:span["end"]] == "07700 900123"
    assert decision["rules"] and decision["rules"][0]["citation"]["quote"]
    bad = client.post("/api/v1/check", headers={"Authorization": f"Bearer {token}"},
                      json={"text": "hi", "account_category": "nope"})
    assert bad.status_code == 400 and bad.headers["content-type"].startswith(PROBLEM)
    assert "unknown category 'nope'" in bad.json()["detail"]


def test_policy_show_and_validate(society: WebEnv) -> None:
    client, auth = society.client(), society.bearer("social-media-officer")  # review_policy: maintains the policy
    shown = client.get("/api/v1/policy", headers=society.bearer("board")).json()
    assert shown["id"] == "society" and shown["items"] and "social_media_officer" in shown["roles"]
    ok = client.post("/api/v1/policy/validate", headers=auth,
                     json={"yaml": Path("src/socialwarden/policy/packs/gen.yaml").read_text(encoding="utf-8")})
    assert ok.json()["valid"] is True and ok.json()["id"] == "gen"
    broken = client.post("/api/v1/policy/validate", headers=auth,
                         json={"yaml": "policy: [unclosed", "filename": "x.yaml"})
    issue = broken.json()["issues"][0]
    assert broken.json()["valid"] is False and issue["file"] == "x.yaml" and issue["line"] == 1


def test_people_list_create_and_password(society: WebEnv) -> None:
    client, admin = society.client(), society.bearer("social-media-officer")
    assert {p["handle"] for p in client.get("/api/v1/people", headers=admin).json()} >= {"trustee", "board"}
    made = client.post("/api/v1/people", headers=admin, json={"handle": "new.person", "name": "New Person",
                                                                "roles": ["trustee"]})
    assert made.status_code == 201 and made.json()["roles"] == ["trustee"]
    assert client.post("/api/v1/people", headers=admin, json={"handle": "x", "name": "X", "roles": ["pope"]}
                       ).status_code == 400
    old_token = society.bearer("trustee")
    assert client.put("/api/v1/people/trustee/password", headers=admin,
                      json={"password": "a brand new password"}).status_code == 204
    assert client.get("/api/v1/me", headers=old_token).status_code == 401  # a password change ends old tokens
    assert client.put("/api/v1/people/trustee/password", headers=admin, json={"password": "short"}).status_code == 400
    assert client.post("/api/v1/session", json={"handle": "trustee", "password": "a brand new password"}
                       ).status_code == 201


def test_accounts_request_approve_activate_suspend(society: WebEnv) -> None:
    client = society.client()
    trustee, smo = society.bearer("trustee"), society.bearer("social-media-officer")
    made = client.post("/api/v1/accounts", headers=trustee, json={
        "platform": "facebook", "handle": "TheSociety", "category": "official", "purpose": "events",
        "owner": "social-media-officer"})
    assert made.status_code == 201 and made.json()["status"] == "requested"
    account_id = made.json()["id"]
    assert client.post(f"/api/v1/accounts/{account_id}/approve", headers=trustee, json={}).status_code == 403
    approved = client.post(f"/api/v1/accounts/{account_id}/approve", headers=smo, json={"comment": "fine"})
    assert approved.status_code == 200 and approved.json()["complete"] is True
    assert client.post(f"/api/v1/accounts/{account_id}/activate", headers=smo).json()["status"] == "active"
    detail = client.get(f"/api/v1/accounts/{account_id}", headers=trustee).json()
    assert detail["account"]["status"] == "active" and "documents" in detail and "branding" in detail
    assert [a["handle"] for a in client.get("/api/v1/accounts?status=active", headers=trustee).json()] == ["TheSociety"]
    no_reason = client.post(f"/api/v1/accounts/{account_id}/suspend", headers=smo, json={})
    assert no_reason.status_code == 422 and no_reason.headers["content-type"].startswith(PROBLEM)
    suspended = client.post(f"/api/v1/accounts/{account_id}/suspend", headers=smo, json={"reason": "hacked"})
    assert suspended.json()["status"] == "suspended"
    again = client.post(f"/api/v1/accounts/{account_id}/suspend", headers=smo, json={"reason": "again"})
    assert again.status_code == 409
    assert client.get("/api/v1/accounts/999", headers=trustee).status_code == 404


def _live(env: WebEnv, requester: str, approver: str, owner: str, category: str) -> int:
    client = env.client()
    with Session(env.engine) as session:  # ETT 15b: the bio names the holder and their role
        person = people.get_person(session, handle=owner)
        person.job_title = "Programme Officer"
        bio = f"{person.name}, Programme Officer. Views are my own"
        session.commit()
    made = client.post("/api/v1/accounts", headers=env.bearer(requester), json={
        "platform": "facebook", "handle": f"acct-{category}", "category": category, "purpose": "news",
        "owner": owner, "profile_text": bio, "has_logo": True}).json()
    if made["status"] == "requested":
        client.post(f"/api/v1/accounts/{made['id']}/approve", headers=env.bearer(approver), json={})
    assert client.post(f"/api/v1/accounts/{made['id']}/activate", headers=env.bearer(owner)).status_code == 200
    return int(made["id"])


def test_posts_create_submit_approve_schedule(society: WebEnv) -> None:
    client = society.client()
    account_id = _live(society, "trustee", "social-media-officer", "social-media-officer", "official")
    author, smo = society.bearer("trustee"), society.bearer("social-media-officer")
    made = client.post("/api/v1/posts", headers=author, json={"account_id": account_id,
                                                               "text": "Our annual lecture is on 12 March."})
    assert made.status_code == 201 and made.json()["status"] == "checked"
    post_id = made.json()["id"]
    edited = client.put(f"/api/v1/posts/{post_id}/text", headers=author,
                        json={"text": "Our annual lecture is on 13 March.", "note": "date"})
    assert edited.json()["version"] == 2
    assert client.post(f"/api/v1/posts/{post_id}/submit", headers=author).json()["status"] == "awaiting_approval"
    assert client.post(f"/api/v1/posts/{post_id}/approve", headers=author, json={}).status_code == 403
    assert client.post(f"/api/v1/posts/{post_id}/approve", headers=smo, json={}).json()["status"] == "approved"
    when = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    scheduled = client.post(f"/api/v1/posts/{post_id}/schedule", headers=smo, json={"at": when})
    assert scheduled.json()["status"] == "scheduled"
    assert client.get(f"/api/v1/posts/{post_id}", headers=author).json()["scheduled_at"]
    assert [p["id"] for p in client.get("/api/v1/posts?status=scheduled", headers=author).json()] == [post_id]
    # correcting needs a published post
    wrong = client.post(f"/api/v1/posts/{post_id}/correct", headers=smo, json={"text": "x", "note": "y"})
    assert wrong.status_code == 409
    from socialwarden.posts.outbox import OutboxPublisher
    from socialwarden.posts.publishing import publish_due

    with Session(society.engine) as session:  # the scheduler publishes it (a flow: it commits)
        publish_due(session, policy=society.app.state.warden.policy, actor="social-media-officer",
                    now=dt.datetime.now(dt.UTC) + dt.timedelta(days=2), publisher=OutboxPublisher(
                        society.settings.data_dir / "outbox.jsonl"))
    corrected = client.post(f"/api/v1/posts/{post_id}/correct", headers=smo,
                            json={"text": "Our annual lecture is on 14 March.", "note": "the date moved again"})
    assert corrected.status_code == 200, corrected.text
    body = corrected.json()
    assert body["version"] == 3 and body["versions"][0]["text"] == "Our annual lecture is on 12 March."


def test_moderation_queue_show_act_and_audit(ett: WebEnv) -> None:
    client = ett.client()
    policy = ett.app.state.warden.policy
    with Session(ett.engine) as session:
        store_batch(session, policy=policy, actor="staff", source="test", items=[
            IncomingComment(line=1, platform="x", comment_id="1", created_at=dt.datetime.now(dt.UTC),
                            text="Earn £500 a day from home!!! Click here bit.ly/3xYz9", author_name="spam"),
            IncomingComment(line=2, platform="x", comment_id="2", created_at=dt.datetime.now(dt.UTC),
                            text="Thanks for the great event", author_name="fan"),
            IncomingComment(line=3, platform="x", comment_id="3", created_at=dt.datetime.now(dt.UTC),
                            text="you are a bunch of f***ing idiots", author_name="troll")])
        session.commit()
    staff = ett.bearer("staff")
    queue = client.get("/api/v1/moderation/queue", headers=staff).json()
    assert len(queue) == 3
    spam = next(c for c in queue if c["author_name"] == "spam")
    troll = next(c for c in queue if c["author_name"] == "troll")
    # the category filter reads the findings people see (ETT 10e acts on the abuse)
    only_abuse = [c["id"] for c in client.get("/api/v1/moderation/queue?category=abuse", headers=staff).json()]
    assert troll["id"] in only_abuse and spam["id"] not in only_abuse
    shown = client.get(f"/api/v1/moderation/comments/{spam['id']}", headers=staff).json()
    assert shown["guidance"]["response"]
    acted = client.post(f"/api/v1/moderation/comments/{spam['id']}/actions", headers=staff,
                        json={"action": "remove", "reason": "spam"})
    assert acted.status_code == 400 and "meets none of policy ett's moderation criteria" in acted.json()["detail"]
    acted = client.post(f"/api/v1/moderation/comments/{spam['id']}/actions", headers=staff,
                        json={"action": "remove", "reason": "spam", "exception": "ETT names no spam criterion"})
    assert acted.status_code == 201 and acted.json()["evidence_id"]
    assert acted.json()["platform"]["outcome"] == "no_connector"  # the API says nothing reached a platform
    assert acted.json()["platform"]["message"].startswith("recorded here only — no connector linked")
    assert spam["id"] not in [c["id"] for c in client.get("/api/v1/moderation/queue", headers=staff).json()]
    ceo = ett.bearer("chief-executive")
    verify = client.get("/api/v1/audit/verify", headers=ceo).json()
    assert verify["ok"] is True and verify["checked"] > 5
    events = client.get("/api/v1/audit/events?action=comment.", headers=ceo).json()
    assert [e["action"] for e in events] == ["comment.remove.exception"] and events[0]["actor"] == "staff"
    lines = client.get("/api/v1/audit/export?format=jsonl", headers=ceo).text.splitlines()
    assert len(lines) == verify["checked"] and json.loads(lines[-1])["hash"] == verify["head"]["hash"]
    csv_text = client.get("/api/v1/audit/export?format=csv", headers=ceo).text
    assert csv_text.startswith("seq,") and len(csv_text.splitlines()) == verify["checked"] + 1


def test_incident_and_credentials(ett: WebEnv) -> None:
    client = ett.client()
    account_id = _live(ett, "chief-executive", "chief-executive", "staff", "individual_professional")
    ceo = ett.bearer("chief-executive")
    assert client.get("/api/v1/incident", headers=ceo).json()["active"] is False
    started = client.post("/api/v1/incident/start", headers=ceo, json={"reason": "breach"})
    assert started.status_code == 201 and started.json()["suspended_account_ids"] == [account_id]
    blocked = client.post("/api/v1/check", headers=ceo, json={"text": "Hello all", "account_category":
                                                                "individual_professional"}).json()
    assert blocked["verdict"] == "block"  # incident mode reaches the engine
    assert client.post("/api/v1/incident/start", headers=ceo, json={"reason": "again"}).status_code == 409
    ended = client.post("/api/v1/incident/end", headers=ceo, json={"reason": "over"}).json()
    assert ended["reactivated_account_ids"] == [account_id]
    from socialwarden.vault import service as vault
    from socialwarden.vault.models import Secret

    with Session(ett.engine) as session:
        from socialwarden.people import service as people

        vault.set_secret(session, settings=ett.settings, policy=ett.app.state.warden.policy,
                         actor=people.get_person(session, handle="chief-executive"), account_id=account_id,
                         name="password", value=Secret("hunter2-long-secret"))
        session.commit()
    read = client.post(f"/api/v1/accounts/{account_id}/credentials/password/read", headers=ceo)
    assert read.json() == {"name": "password", "value": "hunter2-long-secret"}
    assert client.post(f"/api/v1/accounts/{account_id}/credentials/password/read",
                       headers=ett.bearer("staff")).status_code == 403
    events = client.get("/api/v1/audit/events?action=credential.read", headers=ceo).json()
    assert len(events) == 1 and "hunter2" not in json.dumps(events)

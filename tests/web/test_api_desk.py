"""The desk's JSON API: escalations, notifications, the complaints register, bulk actions and assignment, and
deciding any approval — the same flows as the pages and the CLI, through the real app on SQLite and PostgreSQL,
with e-mail read back from a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.audit.models import AuditEvent
from socialwarden.moderation.reader import IncomingComment
from socialwarden.moderation.service import store_batch
from socialwarden.people import service as people
from socialwarden.settings import Settings
from tests.smtp import PASSWORD as SMTP_PASSWORD
from tests.smtp import USER as SMTP_USER
from tests.smtp import SmtpServer, smtp_server
from tests.web.conftest import WebEnv, build_env, sign_in

PROBLEM = "application/problem+json"
THREAT = "I know where you live. It would be a shame if something happened to your car."
COMPLAINT = "I want to make a formal complaint about how my booking was cancelled without notice."


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[SmtpServer]:
    with smtp_server(tmp_path) as server:
        yield server


@pytest.fixture
def gosport(db_url: str, tmp_path: Path, smtp: SmtpServer) -> Iterator[WebEnv]:
    settings = Settings(data_dir=tmp_path, database_url=db_url, smtp_host=smtp.host, smtp_port=smtp.port,
                        smtp_starttls=True, smtp_user=SMTP_USER, smtp_password=SMTP_PASSWORD,
                        smtp_ca_file=smtp.ca_file, mail_from="warden@gosport.example",
                        base_url="https://warden.gosport.example")
    env = build_env(settings, "gosport")
    with Session(env.engine) as session:
        people.get_person(session, handle="head-of-it").email = "helen@gosport.example"
        people.get_person(session, handle="legal").email = "leah@gosport.example"
        session.commit()
    yield env
    env.engine.dispose()


def _comments(env: WebEnv, texts: dict[str, str]) -> dict[str, int]:
    policy = env.app.state.warden.policy
    now = dt.datetime.now(dt.UTC)
    with Session(env.engine) as session:
        store_batch(session, policy=policy, actor="site-owner", source="test", items=[
            IncomingComment(line=i, platform="facebook", comment_id=cid, created_at=now, text=text,
                            author_name=f"Author {cid}", author_id=f"fb-{cid}", thread="post-1")
            for i, (cid, text) in enumerate(texts.items(), start=1)])
        session.commit()
    client = env.client()
    queue = client.get("/api/v1/moderation/queue?state=open", headers=env.bearer("site-owner")).json()
    return {c["comment_id"]: c["id"] for c in queue}


def _actions(env: WebEnv, prefix: str) -> list[tuple[str, str]]:
    with Session(env.engine) as session:
        rows = session.execute(select(AuditEvent.action, AuditEvent.actor).where(AuditEvent.action.startswith(prefix))
                               .order_by(AuditEvent.seq)).all()
    return [(str(a), str(b)) for a, b in rows]


def test_an_escalation_through_the_api_reaches_people_who_work_it_there(gosport: WebEnv, smtp: SmtpServer) -> None:
    client = gosport.client()
    pks = _comments(gosport, {"t1": THREAT, "k1": "Lovely event on Saturday, thank you!"})
    desk, legal, hit = gosport.bearer("site-owner"), gosport.bearer("legal"), gosport.bearer("head-of-it")
    # the must-flag rule holds on the API as on the page: the threat cannot be closed before it goes up
    kept = client.post(f"/api/v1/moderation/comments/{pks['t1']}/actions", headers=desk,
                       json={"action": "keep", "reason": "seen"})
    assert kept.status_code == 409 and "must be flagged" in kept.json()["detail"]
    raised = client.post(f"/api/v1/moderation/comments/{pks['t1']}/actions", headers=desk,
                         json={"action": "escalate", "reason": "24: a threat against staff"})
    assert raised.status_code == 201, raised.text
    esc_id = raised.json()["escalation"]
    assert esc_id and raised.json()["evidence_id"]
    # e-mail went at once, over STARTTLS, to both people the rule names
    smtp.inbox.wait_for(2)
    assert len(smtp.inbox.to("helen@gosport.example")) == 1 and len(smtp.inbox.to("leah@gosport.example")) == 1
    assert f"/escalations/{esc_id}" in smtp.inbox.to("leah@gosport.example")[0].get_payload(decode=True).decode()
    # Legal hold no moderate permission: the desk's queue refuses them, their escalations do not
    assert client.get("/api/v1/moderation/queue", headers=legal).status_code == 403
    queue = client.get("/api/v1/escalations", headers=legal).json()
    assert [e["id"] for e in queue] == [esc_id] and queue[0]["people"] == ["head-of-it", "legal"]
    # their notification, read through the API and marked read there
    notes = client.get("/api/v1/notifications?unread=true", headers=legal).json()
    assert [(n["kind"], n["link"], n["email_state"]) for n in notes] == [
        ("escalation", f"/escalations/{esc_id}", "sent")]
    assert client.post("/api/v1/notifications/read", headers=legal, json={"ids": [notes[0]["id"]]}).json() == {
        "read": 1}
    assert client.get("/api/v1/notifications?unread=true", headers=legal).json() == []
    other = client.get("/api/v1/notifications", headers=hit).json()[0]["id"]
    refused = client.post("/api/v1/notifications/read", headers=legal, json={"ids": [other]})
    assert refused.status_code == 404 and refused.headers["content-type"].startswith(PROBLEM)
    # the steps: acknowledge (once), comment, decide; an officer may not touch it
    assert client.post(f"/api/v1/escalations/{esc_id}/acknowledge", headers=gosport.bearer("officer"),
                       json={}).status_code == 403  # holds neither permission the route needs
    acked = client.post(f"/api/v1/escalations/{esc_id}/acknowledge", headers=legal, json={"note": "on it"})
    assert acked.status_code == 200 and acked.json()["state"] == "acknowledged"
    again = client.post(f"/api/v1/escalations/{esc_id}/acknowledge", headers=hit, json={})
    assert again.status_code == 409 and "acknowledged already" in again.json()["detail"]
    noted = client.post(f"/api/v1/escalations/{esc_id}/comments", headers=hit, json={"text": "police informed"})
    assert noted.status_code == 201 and noted.json()["steps"][-1]["text"] == "police informed"
    assert client.post(f"/api/v1/escalations/{esc_id}/comments", headers=hit, json={"text": ""}).status_code == 422
    decided = client.post(f"/api/v1/escalations/{esc_id}/decision", headers=legal,
                          json={"action": "hide", "reason": "a threat: hidden, evidence kept"})
    assert decided.status_code == 200, decided.text
    assert decided.json()["escalation"] == esc_id and decided.json()["evidence_id"]
    detail = client.get(f"/api/v1/escalations/{esc_id}", headers=hit).json()
    shown = detail["escalation"]
    assert shown["state"] == "decided" and shown["outcome"] == "hide" and shown["closed_by"] == "legal"
    # what Legal need to decide comes with it (they cannot open the desk's comment view)
    assert detail["comment"]["text"] == THREAT and detail["guidance"]["response"]
    assert any(r["citation"]["section"] for r in detail["rules"])
    assert client.get("/api/v1/escalations", headers=legal).json() == []
    assert [e["id"] for e in client.get("/api/v1/escalations?show=all", headers=legal).json()] == [esc_id]
    late = client.post(f"/api/v1/escalations/{esc_id}/hand-back", headers=hit, json={"reason": "not ours"})
    assert late.status_code == 409
    assert client.get("/api/v1/escalations/999999", headers=legal).status_code == 404
    assert _actions(gosport, "escalation.") == [("escalation.acknowledge", "legal"),
                                                 ("escalation.comment", "head-of-it"),
                                                 ("escalation.decide", "legal")]
    assert ("notification.read", "legal") in _actions(gosport, "notification.")


def test_bulk_assign_and_hand_back(gosport: WebEnv) -> None:
    client = gosport.client()
    pks = _comments(gosport, {"k1": "Lovely event on Saturday, thank you!",
                              "k2": "When does the Stoke Road pool reopen?", "t1": THREAT})
    desk, hit = gosport.bearer("site-owner"), gosport.bearer("head-of-it")
    assigned = client.post("/api/v1/moderation/assign", headers=desk, json={"ids": [pks["k1"], pks["k2"]],
                                                                          "to": "site-owner"})
    assert assigned.json() == {"assigned": [pks["k1"], pks["k2"]], "to": "site-owner"}
    refused = client.post("/api/v1/moderation/assign", headers=desk, json={"ids": [pks["k1"]], "to": "legal"})
    assert refused.status_code == 403 and "moderate" in refused.json()["detail"]
    # all or none: the threat must be flagged first, so the batch including it changes nothing
    batch = client.post("/api/v1/moderation/bulk", headers=desk,
                        json={"ids": [pks["k1"], pks["t1"]], "action": "keep", "reason": "fine"})
    assert batch.status_code == 409 and f"comment #{pks['t1']}" in batch.json()["detail"]
    assert len(client.get("/api/v1/moderation/queue", headers=desk).json()) == 3
    done = client.post("/api/v1/moderation/bulk", headers=desk,
                       json={"ids": [pks["k1"], pks["k2"]], "action": "keep", "reason": "nothing to do"})
    assert done.status_code == 201 and [a["comment"] for a in done.json()] == [pks["k1"], pks["k2"]]
    assert client.post("/api/v1/moderation/bulk", headers=desk, json={"ids": [], "action": "keep",
                                                                      "reason": "x"}).status_code == 422
    escalated = client.post("/api/v1/moderation/bulk", headers=desk,
                            json={"ids": [pks["t1"]], "action": "escalate", "reason": "threat"}).json()
    esc_id = escalated[0]["escalation"]
    back = client.post(f"/api/v1/escalations/{esc_id}/hand-back", headers=hit, json={"reason": "a desk matter"})
    assert back.status_code == 200 and back.json()["state"] == "handed_back"
    assert [c["id"] for c in client.get("/api/v1/moderation/queue", headers=desk).json()] == [pks["t1"]]


def test_complaints_register_and_notification_choice(gosport: WebEnv) -> None:
    client = gosport.client()
    pks = _comments(gosport, {"c1": COMPLAINT})
    desk, legal = gosport.bearer("site-owner"), gosport.bearer("legal")
    assert client.get("/api/v1/complaints", headers=legal).status_code == 403
    register = client.get("/api/v1/complaints", headers=desk).json()
    assert [(c["comment"], c["state"], c["complainant"]) for c in register] == [(pks["c1"], "received", "Author c1")]
    number = register[0]["id"]
    moved = client.post(f"/api/v1/complaints/{number}/move", headers=desk,
                        json={"to": "investigating", "note": "asked bookings", "assign": "site-owner"})
    assert moved.status_code == 200 and moved.json()["assigned_to"] == "site-owner"
    wrong = client.post(f"/api/v1/complaints/{number}/move", headers=desk, json={"to": "closed", "note": "x"})
    assert wrong.status_code == 409 and "it can move to resolved" in wrong.json()["detail"]
    client.post(f"/api/v1/complaints/{number}/move", headers=desk, json={"to": "resolved", "note": "refunded"})
    client.post(f"/api/v1/complaints/{number}/move", headers=desk, json={"to": "closed", "note": "refunded"})
    assert client.get("/api/v1/complaints", headers=desk).json() == []
    assert client.get("/api/v1/complaints?show=all", headers=desk).json()[0]["outcome"] == "refunded"
    assert _actions(gosport, "complaint.") == [("complaint.investigating", "site-owner"),
                                                ("complaint.resolved", "site-owner"),
                                                ("complaint.closed", "site-owner")]
    # e-mail choices: your own; someone else's only with manage_people (the Head of IT holds it)
    assert client.get("/api/v1/notifications/choice", headers=legal).json() == {"person": "legal",
                                                                                "email": "immediate"}
    assert client.put("/api/v1/notifications/choice", headers=legal, json={"email": "digest"}).json()["email"] == \
        "digest"
    other = client.put("/api/v1/notifications/choice", headers=legal, json={"email": "off", "person": "head-of-it"})
    assert other.status_code == 403 and "manage_people" in other.json()["detail"]
    set_for = client.put("/api/v1/notifications/choice", headers=gosport.bearer("head-of-it"),
                         json={"email": "off", "person": "legal"})
    assert set_for.json() == {"person": "legal", "email": "off"}
    nomail = client.put("/api/v1/notifications/choice", headers=desk, json={"email": "digest"})
    assert nomail.status_code == 409 and "/api/v1/people/site-owner/email" in nomail.json()["detail"]
    # so they add one (their own: no manage_people needed), then the digest can be chosen
    assert client.put("/api/v1/people/site-owner/email", headers=desk, json={"email": "not an address"}
                      ).status_code == 400
    assert client.put("/api/v1/people/legal/email", headers=desk, json={"email": "x@gosport.example"}
                      ).status_code == 403
    added = client.put("/api/v1/people/site-owner/email", headers=desk, json={"email": "sam@gosport.example"})
    assert added.status_code == 200 and added.json()["email"] == "sam@gosport.example"
    assert client.put("/api/v1/notifications/choice", headers=desk, json={"email": "digest"}).status_code == 200
    assert ("person.set_email", "site-owner") in _actions(gosport, "person.")


def test_any_approval_is_decided_through_one_route(gosport: WebEnv) -> None:
    client = gosport.client()
    officer, hit = gosport.bearer("officer"), gosport.bearer("head-of-it")
    requested = client.post("/api/v1/accounts", headers=officer, json={
        "platform": "x", "handle": "gosportleisure", "category": "official", "purpose": "Leisure centre news"})
    assert requested.status_code == 201, requested.text
    account = requested.json()["id"]
    waiting = client.get("/api/v1/approvals", headers=hit).json()
    assert [(i["subject_type"], i["subject_id"]) for i in waiting] == [("account", account)]
    assert client.post(f"/api/v1/approvals/account/{account}", headers=officer,
                       json={"decision": "approve"}).status_code == 403  # never one's own request
    no_reason = client.post(f"/api/v1/approvals/account/{account}", headers=hit, json={"decision": "return"})
    assert no_reason.status_code == 400
    returned = client.post(f"/api/v1/approvals/account/{account}", headers=hit,
                           json={"decision": "return", "comment": "name the owner first"})
    assert returned.status_code == 200, returned.text
    assert returned.json()["label"] == "Account x gosportleisure" and returned.json()["decision"] == "return"
    assert client.post("/api/v1/approvals/wiki_edit/99", headers=hit, json={"decision": "approve"}).status_code == 404
    assert client.post("/api/v1/approvals/nothing/1", headers=hit, json={"decision": "approve"}).status_code == 422


def test_the_complaints_page_assigns_as_the_api_and_cli_do(gosport: WebEnv) -> None:
    _comments(gosport, {"c1": COMPLAINT})
    client = gosport.client()
    csrf = sign_in(client, "site-owner")
    page = client.get("/complaints")
    assert page.status_code == 200 and "nobody yet" in page.text and '<option value="site-owner">' in page.text
    number = client.get("/api/v1/complaints", headers=gosport.bearer("site-owner")).json()[0]["id"]
    moved = client.post(f"/complaints/{number}", data={"to": "investigating", "note": "asked bookings",
                                                       "assign": "site-owner", "csrf_token": csrf})
    assert moved.status_code == 303
    shown = client.get("/api/v1/complaints", headers=gosport.bearer("site-owner")).json()[0]
    assert (shown["state"], shown["assigned_to"]) == ("investigating", "site-owner")
    bad = client.post(f"/complaints/{number}", data={"to": "resolved", "note": "x", "assign": "legal-nobody",
                                                     "csrf_token": csrf})
    assert bad.status_code == 404 and "no active person" in bad.text


def test_what_was_cli_only_has_an_api_too(gosport: WebEnv) -> None:
    """People's roles and line managers, an account's owner, members and closing, exceptions and subject access:
    the routes call the services the CLI calls, with the same refusals."""
    client = gosport.client()
    hit, officer, legal = gosport.bearer("head-of-it"), gosport.bearer("officer"), gosport.bearer("legal")
    # people: roles and line manager (manage_people)
    assert client.put("/api/v1/people/legal/roles", headers=officer, json={"roles": ["officer"]}).status_code == 403
    changed = client.put("/api/v1/people/legal/roles", headers=hit, json={"roles": ["legal", "it_team"],
                                                                         "reason": "covers IT"})
    assert changed.status_code == 200 and sorted(changed.json()["roles"]) == ["it_team", "legal"]
    assert client.put("/api/v1/people/legal/roles", headers=hit, json={"roles": ["pope"]}).status_code == 400
    managed = client.put("/api/v1/people/officer/line-manager", headers=hit, json={"line_manager": "site-owner"})
    assert managed.status_code == 200, managed.text
    # a leaver: deactivated, their token stops working at once; reactivated, they sign in again
    it_team = gosport.bearer("it-team")
    assert client.put("/api/v1/people/it-team/active", headers=officer, json={"active": False}).status_code == 403
    gone = client.put("/api/v1/people/it-team/active", headers=hit, json={"active": False, "reason": "left"})
    assert gone.status_code == 200 and gone.json()["active"] is False
    assert client.get("/api/v1/me", headers=it_team).status_code == 401
    assert client.put("/api/v1/people/head-of-it/active", headers=hit, json={"active": False}).status_code == 409
    assert client.put("/api/v1/people/it-team/active", headers=hit, json={"active": True}).json()["active"] is True
    # an account: owner, access list, close
    account = client.post("/api/v1/accounts", headers=officer, json={
        "platform": "x", "handle": "gosportparks", "category": "official", "purpose": "Parks news"}).json()["id"]
    owned = client.put(f"/api/v1/accounts/{account}/owner", headers=hit, json={"owner": "officer"})
    assert owned.status_code == 200 and owned.json()["owner"] == "officer"
    added = client.post(f"/api/v1/accounts/{account}/members", headers=officer,
                        json={"person": "site-owner", "kind": "deputy"})
    assert added.status_code == 200, added.text
    assert client.post(f"/api/v1/accounts/{account}/members", headers=officer,
                       json={"person": "site-owner", "kind": "deputy"}).status_code == 409
    assert client.post(f"/api/v1/accounts/{account}/members", headers=gosport.bearer("site-owner"),
                       json={"person": "legal"}).status_code == 403  # not the owner, no manage_access_list
    assert client.post(f"/api/v1/accounts/{account}/close", headers=legal, json={"reason": "x"}).status_code == 403
    closed = client.post(f"/api/v1/accounts/{account}/close", headers=officer, json={"reason": "not needed"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    # exceptions: ask, decide through the one approvals route, withdraw
    asked = client.post("/api/v1/exceptions", headers=officer, json={
        "title": "Out-of-hours posting", "reason": "election count night", "expires": "2099-05-08"})
    assert asked.status_code == 201, asked.text
    number = asked.json()["id"]
    assert client.post("/api/v1/exceptions", headers=officer, json={
        "title": "x", "reason": "y", "expires": "not a date"}).status_code == 422
    unknown = client.post("/api/v1/exceptions", headers=officer, json={
        "title": "x", "reason": "y", "expires": "2099-01-01", "account_id": 999})  # was a 500 (foreign key)
    assert unknown.status_code == 404 and "account_id: no account #999" in unknown.json()["detail"]
    approved = client.post(f"/api/v1/approvals/exception/{number}", headers=hit, json={"decision": "approve"})
    assert approved.status_code == 200, approved.text
    register = client.get("/api/v1/exceptions", headers=legal).json()
    assert [(e["id"], e["requested_by"]) for e in register] == [(number, "officer")]
    assert client.post(f"/api/v1/exceptions/{number}/withdraw", headers=legal,
                       json={"reason": "mine to withdraw?"}).status_code == 403
    withdrawn = client.post(f"/api/v1/exceptions/{number}/withdraw", headers=officer, json={"reason": "count moved"})
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    # subject access: a person named only inside a comment's text is found, with the match shown
    _comments(gosport, {"m1": "Jane Smith at the leisure centre was so helpful, thank you"})
    assert client.post("/api/v1/exports/person", headers=officer, json={"who": "Jane Smith"}).status_code == 403
    found = client.post("/api/v1/exports/person", headers=hit, json={"who": "Jane Smith"})
    assert found.status_code == 200, found.text
    mention = found.json()["mentioned_in_comments"]
    assert len(mention) == 1 and "Jane Smith" in mention[0]["matches"][0]["context"]
    text = client.post("/api/v1/exports/person", headers=hit, json={"who": "Jane Smith", "format": "markdown"})
    assert text.headers["content-type"].startswith("text/markdown") and "Jane Smith" in text.text
    nobody = client.post("/api/v1/exports/person", headers=hit, json={"who": "Nobody Atall"})
    assert nobody.status_code == 404 and "nothing is stored" in nobody.json()["detail"]
    assert [a for a, _ in _actions(gosport, "export.")] == ["export.person", "export.person"]


def test_the_notifications_page_sets_your_own_address(gosport: WebEnv) -> None:
    client = gosport.client()
    csrf = sign_in(client, "site-owner")
    assert "no address on your record" in client.get("/notifications").text
    saved = client.post("/notifications/email", data={"email": "sam@gosport.example", "csrf_token": csrf})
    assert saved.status_code == 303 and "sam%40gosport.example" in saved.headers["location"]
    assert 'value="sam@gosport.example"' in client.get("/notifications").text
    chosen = client.post("/notifications/choice", data={"email": "digest", "csrf_token": csrf})
    assert chosen.status_code == 303
    bad = client.post("/notifications/email", data={"email": "nope", "csrf_token": csrf})
    assert bad.status_code == 400 and "is not an e-mail address" in bad.text


@pytest.fixture
def council(db_url: str, tmp_path: Path) -> Iterator[WebEnv]:
    env = build_env(Settings(data_dir=tmp_path, database_url=db_url), "council-officers")
    yield env
    env.engine.dispose()


def test_wiki_edits_and_the_policy_review_through_the_api(council: WebEnv) -> None:
    client = council.client()
    officer, comms = council.bearer("officer"), council.bearer("communications-team")
    asked = client.post("/api/v1/wiki-edits", headers=officer, json={
        "page": "https://en.wikipedia.org/wiki/Gosport", "change": "New mayor", "reason": "out of date",
        "conflict_of_interest": True})
    assert asked.status_code == 201, asked.text
    edit = asked.json()["id"]
    returned = client.post(f"/api/v1/approvals/wiki_edit/{edit}", headers=comms,
                           json={"decision": "return", "comment": "cite the council minutes"})
    assert returned.status_code == 200, returned.text
    assert client.post(f"/api/v1/wiki-edits/{edit}/amend", headers=comms,
                       json={"change": "x"}).status_code == 403  # only its requester amends it
    amended = client.post(f"/api/v1/wiki-edits/{edit}/amend", headers=officer,
                          json={"change": "New mayor (minutes of 12 May)"})
    assert amended.status_code == 200 and amended.json()["revision"] == 2
    listed = client.get("/api/v1/wiki-edits", headers=comms).json()
    assert [(e["id"], e["status"]) for e in listed] == [(edit, "requested")]
    gone = client.post(f"/api/v1/wiki-edits/{edit}/withdraw", headers=officer, json={"reason": "done by others"})
    assert gone.status_code == 200 and gone.json()["status"] == "withdrawn"
    # the policy review: anyone may see where it stands; recording one needs review_policy
    assert client.post("/api/v1/policy/reviews", headers=officer, json={"outcome": "no_change"}).status_code == 403
    made = client.post("/api/v1/policy/reviews", headers=comms, json={"outcome": "changes_recommended",
                                                                      "notes": "add the new platforms"})
    assert made.status_code == 201, made.text
    status = client.get("/api/v1/policy/reviews", headers=officer).json()
    assert status["reviews"][0]["notes"] == "add the new platforms"

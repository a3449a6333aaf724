"""How the web shows a decision: only what people must look at, each explained in the pack's own words, with the
clause as the pack names it, guidance three items first and the rest behind "more"; the API keeps the signals."""

from __future__ import annotations

import re

from tests.web.conftest import WebEnv, sign_in


def _preview(env: WebEnv, **form: str) -> str:
    client = env.client()
    token = sign_in(client, "site-owner")
    reply = client.post("/check/preview", data={"csrf_token": token, **form}, headers={"HX-Request": "1"})
    assert reply.status_code == 200, reply.text
    return reply.text


def test_a_finding_is_explained_by_the_rule_and_clause_in_the_packs_words(gosport_env: WebEnv) -> None:
    html = _preview(gosport_env, text="What the fuck is this", direction="outbound", account_category="official")
    assert 'data-verdict="block"' in html
    assert "No profane language — Gosport social media policy §19 (Social media site content)" in html
    assert "002_9257b1cab41f7ad2" not in html and "§What is it?" not in html
    for other in ("GEN says", "ETT 12", "ETT 9", "Society 6"):
        assert other not in html


def test_a_quiet_draft_shows_nothing_to_look_at(gosport_env: WebEnv) -> None:
    html = _preview(gosport_env, text="Your bin collection moves to Saturday this week because of the bank holiday.",
                    direction="outbound", account_category="official")
    assert "Nothing to look at." in html and "<mark" not in html


def test_comment_guidance_shows_three_items_and_the_rest_behind_more(gosport_env: WebEnv) -> None:
    html = _preview(gosport_env, text="My bin has not been collected for three weeks. Really poor service.",
                    direction="inbound", account_category="official")
    assert "Response guidance: unhappy customer" in html
    first = re.search(r'<ul class="guidance advice">(.*?)</ul>', html, re.S)
    assert first is not None and 1 <= first.group(1).count("<li>") <= 3
    assert "Gosport social media policy §22 (Blogging, Tweeting and posting)" in first.group(1)
    assert '<details class="more"><summary>' in html


def test_the_goes_out_on_date_puts_an_election_period_in_force(gosport_env: WebEnv) -> None:
    html = _preview(gosport_env, text="Cllr Sue Brown will open the new community garden on Saturday.",
                    direction="outbound", account_category="official", on="2026-04-20")
    assert 'data-verdict="allow"' in html and "Election period in force" not in html  # Gosport declares none
    client = gosport_env.client()
    token = sign_in(client, "site-owner")
    bad = client.post("/check/preview", data={"csrf_token": token, "text": "x", "on": "20 April"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text


def test_the_api_keeps_signals_apart_and_answers_comments_with_guidance(ett_env: WebEnv) -> None:
    client, auth = ett_env.client(), ett_env.bearer("chief-executive")
    body = client.post("/api/v1/check", headers=auth, json={
        "text": "I want to make a formal complaint about how my application was handled.", "direction": "inbound",
        "account_category": "official"}).json()
    assert "ett.9b.complaint" in {r["id"] for r in body["rules"]}
    assert all(f["category"] != "complaint" for f in body["findings"])  # answered, not a finding to look at
    assert any(s["category"] == "complaint" for s in body["signals"])
    first = body["response"]["advice"][:body["response"]["first"]]
    assert first and first[0]["kind"] == "complaint" and "info@theengineeringtrust.org" in first[0]["text"]
    assert first[0]["citation"]["label"] == "ETT social media policy §9b (Dealing with complaints)"
    assert first[0]["citation"]["source"] == "004_14c863de422300ec.txt"


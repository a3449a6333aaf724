"""Packs that can be operated (issue 13, item 6): GEN's Committee can block and report; council officers can
register the accounts their rules are about and post from them; GEN's policy review is recorded and the review duty
reads it; Gosport's daily monitoring (5) and site statements (16, 18, 19, 20) are duties that check and remind."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from socialwarden.accounts import documents
from socialwarden.accounts import service as accounts
from socialwarden.accounts.models import AccountStatus
from socialwarden.duties.service import run_duties
from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.moderation import service as moderation
from socialwarden.moderation.reader import IncomingComment
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import ModerationAction, Policy
from socialwarden.policy_reviews import service as reviews
from socialwarden.policy_reviews.models import DueState, Outcome
from socialwarden.posts import service as posts
from tests.governance.helpers import GOSPORT_CAST, assert_chain_ok, cast, make_ready

GEN, COUNCIL = load_policy("gen"), load_policy("council-officers")
NOW = dt.datetime.now(dt.UTC)


def _notices(report) -> dict[str, list[tuple[str, str | None, str]]]:  # type: ignore[no-untyped-def]
    return {r.duty: [(n.kind, n.recipient, n.message) for n in r.notices] for r in report.results}


def test_gen_committee_blocks_and_reports(session: Session) -> None:
    crew = cast(session, GEN, {"dora": ("Dora Ops", ["director_of_operations"], None),
                               "cat": ("Cat Comm", ["comms_committee"], None)})
    moderation.store_batch(session, policy=GEN, actor="dora", source="test", items=[
        IncomingComment(line=1, platform="x", comment_id="1", created_at=NOW, author_name="troll",
                        author_id="t1", text="You are all idiots and frauds")])
    session.commit()
    pk = moderation.queue(session)[0].id
    with pytest.raises(PermissionDenied, match="block_author"):
        moderation.act(session, policy=GEN, actor="dora", pk=pk, action=ModerationAction.BLOCK_AUTHOR,
                       reason="raised with the Committee")
    moderation.act(session, policy=GEN, actor="cat", pk=pk, action=ModerationAction.REPORT_TO_PLATFORM,
                   reason="agreed by the Committee")
    done = moderation.act(session, policy=GEN, actor="cat", pk=pk, action=ModerationAction.BLOCK_AUTHOR,
                          reason="agreed by the Committee")
    session.commit()
    assert done.evidence_id is not None and crew["cat"].roles == ["comms_committee"]


def test_council_officers_register_their_accounts_and_post_from_them(session: Session) -> None:
    crew = cast(session, COUNCIL, {"comms": ("Cara Mills", ["communications_team"], None),
                                   "lead": ("Lee Lead", [], None),
                                   "off": ("Olive Fenn", ["officer"], "lead"),
                                   "off2": ("Omar Fisk", ["officer"], None)})
    mine = accounts.request_account(session, policy=COUNCIL, actor=crew["off"], platform="x", handle="olive_f",
                                    category="personal", purpose="My own account", owner=crew["off"],
                                    profile_text="Planning officer in Gosport.")
    assert mine.status == AccountStatus.APPROVED  # no approval for a personal account
    with pytest.raises(Conflict, match=r"the bio must contain 'the views I express here are mine alone"):
        accounts.activate_account(session, policy=COUNCIL, actor=crew["off"], account=mine)
    accounts.set_profile(session, policy=COUNCIL, actor=crew["off"], account=mine,
                         profile_text="Planning officer in Gosport. All tweets personal.")
    accounts.activate_account(session, policy=COUNCIL, actor=crew["off"], account=mine)
    photo = posts.Media(ref="team.jpg", identifiable_people=True)
    held = posts.draft(session, policy=COUNCIL, actor="off", account_ref=mine.id, text="Great team day out!",
                       media=[photo])
    assert held.verdict == "block"
    assert any(r["id"] == "council-officers.personal.colleague-images" for r in (held.check or {})["rules"])
    ok = posts.draft(session, policy=COUNCIL, actor="off", account_ref=mine.id, text="Great team day out!",
                     media=[posts.Media(ref="team.jpg", identifiable_people=True, consent_ref="consent/team.pdf",
                                                  source="own photo", licence="mine")])
    assert posts.submit(session, policy=COUNCIL, actor="off", post_id=ok.id).status == "approved"
    scheduled = posts.schedule(session, policy=COUNCIL, actor="off", post_id=ok.id,
                               at=NOW + dt.timedelta(hours=1))
    assert scheduled.status == "scheduled"
    with pytest.raises(PermissionDenied, match="personal account"):  # nobody else posts on it
        posts.draft(session, policy=COUNCIL, actor="off2", account_ref=mine.id, text="Hello")
    site = accounts.request_account(session, policy=COUNCIL, actor=crew["off"], platform="facebook",
                                    handle="GosportPlanning", category="official", purpose="Planning news")
    with pytest.raises(PermissionDenied, match="service_lead means off's recorded line manager"):
        accounts.approve_account(session, policy=COUNCIL, actor=crew["comms"], account=site)
    state = accounts.approve_account(session, policy=COUNCIL, actor=crew["lead"], account=site)
    session.commit()
    assert state.complete and site.status == AccountStatus.APPROVED
    assert_chain_ok(session)


def test_a_recorded_review_is_what_the_review_duty_reads(session: Session) -> None:
    crew = cast(session, GEN, {"dora": ("Dora Ops", ["director_of_operations"], None),
                               "cat": ("Cat Comm", ["comms_committee"], None),
                               "bob": ("Bob Board", ["board"], None)})
    first = run_duties(session, policy=GEN, now=NOW, actor="system:scheduler", only=["policy_review"])
    assert _notices(first)["policy_review"][0][:2] == ("review_unrecorded", "cat")
    with pytest.raises(PermissionDenied, match="review_policy permission, which policy gen grants to: "
                                               "comms_committee"):
        reviews.record_review(session, policy=GEN, actor=crew["bob"], outcome=Outcome.NO_CHANGE)
    with pytest.raises(InputError, match="say which changes"):
        reviews.record_review(session, policy=GEN, actor=crew["cat"], outcome=Outcome.CHANGES_RECOMMENDED)
    reviews.record_review(session, policy=GEN, actor=crew["cat"], outcome=Outcome.NO_CHANGE,
                          at=NOW - dt.timedelta(days=350), notes="Reviewed at the spring meeting")
    session.commit()
    status = reviews.review_status(session, policy=GEN, now=NOW)
    assert status.state is DueState.SOON and status.last_by == "cat"
    assert status.due == (NOW - dt.timedelta(days=350)).date().replace(year=(NOW - dt.timedelta(days=350)).year + 1)
    soon = run_duties(session, policy=GEN, now=NOW + dt.timedelta(days=1), actor="system:scheduler",
                      only=["policy_review"])
    assert _notices(soon)["policy_review"][0][:2] == ("review_soon", "cat")
    reviews.record_review(session, policy=GEN, actor=crew["cat"], outcome=Outcome.CHANGES_RECOMMENDED,
                          notes="Add LinkedIn to the platforms GEN uses")
    session.commit()
    quiet = run_duties(session, policy=GEN, now=NOW + dt.timedelta(days=2), actor="system:scheduler",
                       only=["policy_review"])
    assert _notices(quiet)["policy_review"] == []
    assert [r.outcome for r in reviews.reviews(session, policy=GEN)] == [Outcome.CHANGES_RECOMMENDED,
                                                                          Outcome.NO_CHANGE]
    assert_chain_ok(session)


def test_gosport_monitoring_and_site_statements_are_checked_and_reminded(session: Session, gosport: Policy) -> None:
    crew = cast(session, gosport, GOSPORT_CAST)
    site = accounts.request_account(session, policy=gosport, actor=crew["off"], platform="facebook",
                                    handle="GosportBC", category="official", purpose="news", owner=crew["owner"])
    for who in ("hit", "mgr"):
        accounts.approve_account(session, policy=gosport, actor=crew[who], account=site)
    make_ready(session, gosport, site)
    accounts.activate_account(session, policy=gosport, actor=crew["owner"], account=site)
    session.commit()
    day1 = run_duties(session, policy=gosport, now=NOW, actor="system:scheduler",
                      only=["site_monitoring", "site_notices"])
    found = _notices(day1)
    kind, recipient, message = found["site_monitoring"][0]
    assert (kind, recipient) == ("monitoring_overdue", "owner") and "never recorded as looked over" in message
    kind, recipient, message = found["site_notices"][0]
    assert (kind, recipient) == ("notices_missing", "owner")
    for rule in ("gosport.16.record-notice", "gosport.18.purpose-notice", "gosport.19.moderation-notice",
                 "gosport.20.statements-displayed"):
        assert rule in message
    with pytest.raises(PermissionDenied, match="record monitoring of accounts they do not keep"):
        accounts.record_monitoring(session, policy=gosport, actor=crew["off"], account=site)
    accounts.record_monitoring(session, policy=gosport, actor=crew["owner"], account=site, at=NOW)
    documents.record_document(session, policy=gosport, actor=crew["owner"], account=site,
                              document_id="gosport.20.statements-displayed",
                              location="https://www.gosport.gov.uk/social-media-statements")
    session.commit()
    day2 = _notices(run_duties(session, policy=gosport, now=NOW + dt.timedelta(hours=20), actor="system:scheduler",
                               only=["site_monitoring", "site_notices"]))
    assert day2["site_monitoring"] == []  # looked over within the day
    assert day2["site_notices"] == []  # told yesterday: reminded weekly, not daily
    day3 = _notices(run_duties(session, policy=gosport, now=NOW + dt.timedelta(days=2), actor="system:scheduler",
                               only=["site_monitoring"]))
    assert [k for k, _r, _m in day3["site_monitoring"]] == ["monitoring_overdue"]
    week = _notices(run_duties(session, policy=gosport, now=NOW + dt.timedelta(days=8), actor="system:scheduler",
                               only=["site_notices"]))
    message = week["site_notices"][0][2]
    assert "gosport.16.record-notice" in message and "gosport.20.statements-displayed" not in message
    assert_chain_ok(session)

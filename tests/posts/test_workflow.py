"""The publishing workflow end to end through the public services, on SQLite and PostgreSQL, with the refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.audit.models import AuditEvent
from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.incidents import service as incidents
from socialwarden.people import service as people
from socialwarden.policy.loader import load_policy
from socialwarden.posts import service as posts
from socialwarden.posts.models import PostOut, PostStatus
from tests.posts.world import build

SOCIETY, GEN, ETT, GOSPORT = (load_policy(n) for n in ("society", "gen", "ett", "gosport"))
NOW = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)


class Platform:
    """A stand-in for a platform connector (connectors are another helper's work): records what it was sent."""

    def __init__(self, fail: int = 0) -> None:
        self.sent: list[PostOut] = []
        self.fail = fail

    def publish(self, post: PostOut) -> str:
        if self.fail:
            self.fail -= 1
            raise ConnectionError("platform timed out")
        self.sent.append(post)
        return f"p-{post.id}-{len(self.sent)}"


def society(session: Session):  # type: ignore[no-untyped-def]
    return build(session, SOCIETY, {"smo": ["social_media_officer"], "tara": ["trustee"],
                                    "carl": ["committee_member"]},
                 [("facebook", "society", "official", "tara", ["smo"], [])])


def test_society_draft_check_approve_schedule_publish(session: Session) -> None:
    w = society(session)
    post = posts.draft(session, policy=SOCIETY, actor="tara", account_ref="society", text="Our AGM is on 4 May.")
    session.commit()
    assert post.status is PostStatus.CHECKED and post.verdict == "needs_approval"
    assert post.versions[0].approvers == ["social_media_officer"] and post.author == "tara"
    post = posts.submit(session, policy=SOCIETY, actor="tara", post_id=post.id)
    assert post.status is PostStatus.AWAITING_APPROVAL
    with pytest.raises(PermissionDenied, match="approve_post"):
        posts.approve(session, policy=SOCIETY, actor="carl", post_id=post.id)
    with pytest.raises(Conflict, match="only an approved post"):
        posts.schedule(session, policy=SOCIETY, actor="tara", post_id=post.id, at=NOW, now=NOW)
    post = posts.approve(session, policy=SOCIETY, actor="smo", post_id=post.id, comment="fine")
    assert post.status is PostStatus.APPROVED and post.approvals[0].role == "social_media_officer"
    post = posts.schedule(session, policy=SOCIETY, actor="tara", post_id=post.id, at=NOW, now=NOW)
    session.commit()
    platform = Platform()
    plus_one = dt.timezone(dt.timedelta(hours=1))  # 09:59 UTC written as 10:59+01:00: still not due
    early = posts.publish_due(session, policy=SOCIETY, actor="smo",
                              now=(NOW - dt.timedelta(minutes=1)).astimezone(plus_one), publisher=platform)
    assert early == [] and platform.sent == []
    results = posts.publish_due(session, policy=SOCIETY, actor="smo", now=NOW.astimezone(plus_one),
                                publisher=platform)
    assert [r.outcome for r in results] == ["published"] and platform.sent[0].text == "Our AGM is on 4 May."
    again = posts.publish_due(session, policy=SOCIETY, actor="smo", now=NOW + dt.timedelta(hours=1),
                              publisher=platform)
    assert again == [] and len(platform.sent) == 1  # nothing is published twice
    shown = posts.get(session, policy=SOCIETY, viewer="tara", post_id=post.id)
    assert shown.status is PostStatus.PUBLISHED and shown.platform_post_id == "p-1-1"
    session.refresh(w.accounts["society"])
    assert w.accounts["society"].last_post_at is not None
    actions = [e.action for e in audit.history(session, subject_type="post", subject_id=str(post.id))
               if not e.action.startswith("notification.")]
    assert actions == ["post.draft", "post.submit", "approval.request", "post.approve", "post.schedule",
                       "post.publish_attempt", "post.publish"]
    assert audit.verify(session).ok


def test_no_self_approval_and_edits_void_approval(session: Session) -> None:
    w = society(session)
    smo_own = posts.draft(session, policy=SOCIETY, actor="smo", account_ref="facebook:society", text="Welcome!")
    assert smo_own.verdict == "allow"  # the policy exempts the Social Media Officer's own posts
    own = posts.draft(session, policy=SOCIETY, actor="carl", account_ref="society", text="Welcome all!")
    posts.submit(session, policy=SOCIETY, actor="carl", post_id=own.id)
    people.set_roles(session, policy=SOCIETY, actor=w.people["smo"], person=w.people["carl"],
                     roles=["committee_member", "social_media_officer"])
    with pytest.raises(PermissionDenied, match="cannot approve their own post"):
        posts.approve(session, policy=SOCIETY, actor="carl", post_id=own.id)
    post = posts.draft(session, policy=SOCIETY, actor="tara", account_ref="society", text="Meeting Tuesday.")
    posts.submit(session, policy=SOCIETY, actor="tara", post_id=post.id)
    posts.approve(session, policy=SOCIETY, actor="smo", post_id=post.id)
    with pytest.raises(PermissionDenied, match="not the author"):
        posts.edit(session, policy=SOCIETY, actor="carl", post_id=post.id, text="Meeting Wednesday.")
    edited = posts.edit(session, policy=SOCIETY, actor="tara", post_id=post.id, text="Meeting Wednesday.")
    assert edited.status is PostStatus.CHECKED and edited.approved_version is None and edited.version == 2
    assert "-Meeting Tuesday." in (edited.versions[1].diff or "")
    posts.submit(session, policy=SOCIETY, actor="tara", post_id=post.id)
    with pytest.raises(Conflict, match="only an approved post"):
        posts.schedule(session, policy=SOCIETY, actor="tara", post_id=post.id, at=NOW, now=NOW)
    again = posts.approve(session, policy=SOCIETY, actor="smo", post_id=post.id)
    assert again.approved_version == 2 and [a.version for a in again.approvals] == [1, 2]


def test_gen_board_member_job_advert_exemption_needs_account_access(session: Session) -> None:
    build(session, GEN, {"dora": ["director_of_operations"], "bea": ["board_member"], "bob": ["board_member"]},
          [("linkedin", "gen", "official", "dora", [], ["bea"])])
    advert = posts.draft(session, policy=GEN, actor="bea", account_ref="gen", text="We are hiring an analyst.",
                         kind="job_advert")
    assert advert.verdict != "needs_approval"
    assert posts.submit(session, policy=GEN, actor="bea", post_id=advert.id).status is PostStatus.APPROVED
    no_access = posts.draft(session, policy=GEN, actor="bob", account_ref="gen", text="We are hiring an analyst.",
                            kind="job_advert")
    assert no_access.verdict == "needs_approval" and no_access.versions[0].approvers == ["director_of_operations"]
    other = posts.draft(session, policy=GEN, actor="bea", account_ref="gen", text="Read our new paper.")
    assert other.verdict == "needs_approval"


def test_ett_authors_own_text_blocks_and_media_records(session: Session) -> None:
    build(session, ETT, {"ceo": ["chief_executive"], "sam": ["staff"], "tom": ["trustee"]},
          [("x", "ett", "official", "ceo", [], ["sam"])])
    with pytest.raises(PermissionDenied, match="draft_post"):
        posts.draft(session, policy=ETT, actor="tom", account_ref="ett", text="Hello")
    plain = posts.draft(session, policy=ETT, actor="sam", account_ref="ett", text="Apprenticeship fair today.")
    assert posts.submit(session, policy=ETT, actor="sam", post_id=plain.id).status is PostStatus.APPROVED
    photo = posts.Media(ref="fair.jpg", identifiable_people=True)
    held = posts.draft(session, policy=ETT, actor="sam", account_ref="ett", text="Fair photos!", media=[photo])
    assert held.verdict == "block"
    with pytest.raises(Conflict, match=r"blocked by the policy.*7e"):
        posts.submit(session, policy=ETT, actor="sam", post_id=held.id)
    recorded = posts.Media(ref="fair.jpg", identifiable_people=True, consent_ref="consent/2026-03-fair.pdf",
                           source="own photo", licence="ETT owned")
    ok = posts.draft(session, policy=ETT, actor="sam", account_ref="ett", text="Fair photos!", media=[recorded])
    assert ok.verdict == "allow" and ok.media[0].consent_ref == "consent/2026-03-fair.pdf"
    with pytest.raises(InputError, match="empty"):
        posts.draft(session, policy=ETT, actor="sam", account_ref="ett", text="   ")


def test_ett_incident_blocks_publishing_from_suspended_accounts(session: Session) -> None:
    w = build(session, ETT, {"ceo": ["chief_executive"], "sam": ["staff"]},
              [("x", "ett", "official", "ceo", [], ["sam"]),
               ("linkedin", "sam-ett", "individual_professional", "ceo:sam", [], [])])
    pro = posts.draft(session, policy=ETT, actor="sam", account_ref="sam-ett", text="Great week at work.")
    posts.submit(session, policy=ETT, actor="sam", post_id=pro.id)
    posts.schedule(session, policy=ETT, actor="sam", post_id=pro.id, at=NOW, now=NOW)
    official = posts.draft(session, policy=ETT, actor="sam", account_ref="ett", text="Statement to follow.")
    posts.submit(session, policy=ETT, actor="sam", post_id=official.id)
    posts.schedule(session, policy=ETT, actor="sam", post_id=official.id, at=NOW, now=NOW)
    incidents.declare_incident(session, policy=ETT, actor=w.people["ceo"], reason="site accident")
    session.commit()
    platform = Platform()
    results = {r.post_id: r for r in posts.publish_due(session, policy=ETT, actor="ceo", now=NOW,
                                                       publisher=platform)}
    assert results[official.id].outcome == "published"
    assert results[pro.id].outcome == "held" and "suspended" in (results[pro.id].error or "")
    shown = posts.get(session, policy=ETT, viewer="sam", post_id=pro.id)
    assert shown.last_error == results[pro.id].error  # the author sees why
    late = posts.draft(session, policy=ETT, actor="sam", account_ref="sam-ett", text="Another week.")
    assert late.verdict == "block"  # the engine knows about the incident too
    assert [p.account for p in platform.sent] == ["x:ett"]


def test_retry_with_backoff_then_give_up_and_interrupted_attempts(session: Session) -> None:
    society(session)
    ids = []
    later = NOW + dt.timedelta(days=1)
    for text, at in (("one", NOW), ("two", later)):
        p = posts.draft(session, policy=SOCIETY, actor="tara", account_ref="society", text=f"Post {text}.")
        posts.submit(session, policy=SOCIETY, actor="tara", post_id=p.id)
        posts.approve(session, policy=SOCIETY, actor="smo", post_id=p.id)
        posts.schedule(session, policy=SOCIETY, actor="tara", post_id=p.id, at=at, now=NOW)
        ids.append(p.id)
    session.commit()
    flaky = Platform(fail=2)
    first = posts.publish_due(session, policy=SOCIETY, actor="smo", now=NOW, publisher=flaky, max_attempts=3,
                              base_delay=dt.timedelta(minutes=1), limit=1)
    assert first[0].outcome == "retry" and first[0].next_attempt_at == NOW + dt.timedelta(minutes=1)
    shown = posts.get(session, policy=SOCIETY, viewer="tara", post_id=ids[0])
    assert shown.status is PostStatus.SCHEDULED and "timed out" in (shown.last_error or "")
    assert posts.publish_due(session, policy=SOCIETY, actor="smo", now=NOW + dt.timedelta(seconds=30),
                             publisher=flaky, limit=1) == []  # not before the backoff
    second = posts.publish_due(session, policy=SOCIETY, actor="smo", now=NOW + dt.timedelta(minutes=1),
                               publisher=flaky, max_attempts=3, limit=1)
    assert second[0].next_attempt_at == NOW + dt.timedelta(minutes=3)  # 1 min, then 2 min
    third = posts.publish_due(session, policy=SOCIETY, actor="smo", now=NOW + dt.timedelta(minutes=3),
                              publisher=flaky, max_attempts=3, limit=1)
    assert third[0].outcome == "published"
    assert posts.get(session, policy=SOCIETY, viewer="tara", post_id=ids[0]).attempts == 3

    class Crash:
        def publish(self, post: PostOut) -> str:
            raise SystemExit("process killed mid-call")  # not an Exception: the attempt stays "started"

    with pytest.raises(SystemExit):
        posts.publish_due(session, policy=SOCIETY, actor="smo", now=later, publisher=Crash())
    session.rollback()
    platform = Platform()
    assert posts.publish_due(session, policy=SOCIETY, actor="smo", now=later + dt.timedelta(minutes=5),
                             publisher=platform) == []  # it may still be in flight in another runner
    after = posts.publish_due(session, policy=SOCIETY, actor="smo", now=later + dt.timedelta(minutes=11),
                              publisher=platform)
    assert after[0].outcome == "unknown" and platform.sent == []  # may be live already: never sent again
    failed = posts.get(session, policy=SOCIETY, viewer="tara", post_id=ids[1])
    assert failed.status is PostStatus.FAILED and "interrupted" in (failed.last_error or "")

    hopeless = posts.draft(session, policy=SOCIETY, actor="tara", account_ref="society", text="Post three.")
    posts.submit(session, policy=SOCIETY, actor="tara", post_id=hopeless.id)
    posts.approve(session, policy=SOCIETY, actor="smo", post_id=hopeless.id)
    posts.schedule(session, policy=SOCIETY, actor="tara", post_id=hopeless.id, at=later, now=NOW)
    session.commit()
    down = Platform(fail=5)
    for minutes in (0, 1, 3):
        out = posts.publish_due(session, policy=SOCIETY, actor="smo", now=later + dt.timedelta(minutes=minutes),
                                publisher=down, max_attempts=3)
    assert out[0].outcome == "failed"
    gave_up = posts.get(session, policy=SOCIETY, viewer="tara", post_id=hopeless.id)
    assert gave_up.status is PostStatus.FAILED and "gave up after 3 attempts" in (gave_up.last_error or "")


def _published(session: Session, text: str, author: str = "olly") -> int:
    p = posts.draft(session, policy=GOSPORT, actor=author, account_ref="gbc", text=text)
    posts.submit(session, policy=GOSPORT, actor=author, post_id=p.id)
    posts.schedule(session, policy=GOSPORT, actor=author, post_id=p.id, at=NOW, now=NOW)
    session.commit()
    posts.publish_due(session, policy=GOSPORT, actor=author, now=NOW, publisher=Platform())
    return p.id


def test_gosport_corrections_keep_the_original_and_deletion_rules(session: Session) -> None:
    build(session, GOSPORT, {"hit": ["head_of_it"], "mo": ["officer"], "olly": ["officer"],
                             "ola": ["officer"], "sid": ["site_owner"]},
          [("x", "gbc", "official", "olly", ["hit", "mo"], [])], managers={"olly": "mo"})
    post_id = _published(session, "Bins are collected on Tuesday.\nSee our website.")
    with pytest.raises(InputError, match="what the correction fixes"):
        posts.correct(session, policy=GOSPORT, actor="olly", post_id=post_id, text="x", note=" ")
    fixed = posts.correct(session, policy=GOSPORT, actor="olly", post_id=post_id,
                          text="Bins are collected on Wednesday.\nSee our website.", note="wrong day")
    assert fixed.status is PostStatus.CORRECTED and fixed.version == 2
    assert fixed.versions[0].text.startswith("Bins are collected on Tuesday")  # the original is kept
    diff = fixed.versions[1].diff or ""
    assert "-Bins are collected on Tuesday." in diff and "+Bins are collected on Wednesday." in diff
    with pytest.raises(PermissionDenied, match="only its poster"):
        posts.withdraw(session, policy=GOSPORT, actor="sid", post_id=post_id, reason="tidy up")
    posts.record_engagement(session, policy=GOSPORT, actor="olly", post_id=post_id, count=2)
    with pytest.raises(Conflict, match="has 2 likes, shares and replies"):
        posts.withdraw(session, policy=GOSPORT, actor="olly", post_id=post_id, reason="wrong link")
    # a comment the desk stored on the post is engagement too (Gosport 27: "providing no one has ... commented")
    commented = _published(session, "Road closure on the High Street on Friday.")
    platform_id = posts.get(session, policy=GOSPORT, viewer="olly", post_id=commented).platform_post_id
    from socialwarden.moderation.reader import IncomingComment
    from socialwarden.moderation.service import store_batch

    store_batch(session, policy=GOSPORT, actor="olly", source="test", items=[IncomingComment(
        line=1, platform="x", comment_id="c-1", text="Which end of the street?", created_at=NOW,
        account="x:gbc", parent_id=platform_id)])
    session.commit()
    with pytest.raises(Conflict, match="1 comments stored here"):
        posts.withdraw(session, policy=GOSPORT, actor="olly", post_id=commented, reason="wrong day")
    clean = _published(session, "Survey link: example.org/survey")
    gone = posts.withdraw(session, policy=GOSPORT, actor="olly", post_id=clean, reason="incorrect link")
    assert gone.status is PostStatus.WITHDRAWN and gone.versions[0].text == "Survey link: example.org/survey"
    with pytest.raises(Conflict, match="already withdrawn"):
        posts.withdraw(session, policy=GOSPORT, actor="olly", post_id=clean, reason="again")
    with pytest.raises(Conflict, match="only a published post is corrected"):
        posts.correct(session, policy=GOSPORT, actor="olly", post_id=clean, text="x", note="y")
    events = session.execute(select(AuditEvent.action).where(AuditEvent.subject_id == str(post_id),
                                                             AuditEvent.subject_type == "post")).scalars().all()
    assert "post.correct" in events
    gone = posts.list_posts(session, policy=GOSPORT, viewer="olly", status=PostStatus.WITHDRAWN)
    assert [p.id for p in gone] == [clean]

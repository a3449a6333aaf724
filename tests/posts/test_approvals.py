"""Approvals done one way, for posts: return with comments, reject, the queue (never your own, never one you
decided), exemptions named with their clause, a warned post going to a second person, character limits and the
calendar. Through the public services, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from socialwarden.approvals.flows import deciders, queue_for
from socialwarden.audit import service as audit
from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.notifications import service as notifications
from socialwarden.people import service as people
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import ApprovalSubject
from socialwarden.posts import service as posts
from socialwarden.posts.models import PostStatus
from tests.posts.world import build

SOCIETY, GEN, GOSPORT = (load_policy(n) for n in ("society", "gen", "gosport"))
WARNED = "Our waste contractor has been useless this month; bins were missed across Alverstoke."


def _society(session: Session):  # type: ignore[no-untyped-def]
    return build(session, SOCIETY, {"smo": ["social_media_officer"], "smo2": ["social_media_officer"],
                                    "tara": ["trustee"], "carl": ["committee_member"]},
                 [("facebook", "society", "official", "tara", ["smo"], []),
                  ("x", "society_x", "official", "tara", ["smo"], [])])


def _queued(session: Session, who: str) -> list[tuple[str, int, int]]:
    return [(i.subject_type.value, i.subject_id, i.version) for i in queue_for(session, policy=SOCIETY, person=who)]


def test_return_edit_resubmit_and_the_queue(session: Session) -> None:
    _society(session)
    post = posts.draft(session, policy=SOCIETY, actor="tara", account_ref="society", text="Our AGM is on 4 May.")
    posts.submit(session, policy=SOCIETY, actor="tara", post_id=post.id)
    session.commit()
    assert _queued(session, "smo") == [("post", post.id, 1)] == _queued(session, "smo2")
    assert _queued(session, "tara") == [] and _queued(session, "carl") == []  # own request; no approving role
    def told(handle: str) -> list[tuple[str, str]]:  # through the desk's approval_waiting hook
        return [(n.kind.value, n.link) for n in notifications.list_for(session, person=people.get_person(
            session, handle=handle)) if f"post #{post.id} " in n.title]

    assert told("smo") == [("approval_waiting", "/approvals")] == told("smo2")
    assert told("tara") == []
    assert {p.handle for p in deciders(session, policy=SOCIETY, subject_type=ApprovalSubject.POST,
                                       subject_id=post.id)} == {"smo", "smo2"}
    with pytest.raises(InputError, match="say why in a comment"):
        posts.return_post(session, policy=SOCIETY, actor="smo", post_id=post.id, comment=" ")
    returned = posts.return_post(session, policy=SOCIETY, actor="smo", post_id=post.id,
                                 comment="Say where the AGM is")
    session.commit()
    assert returned.status is PostStatus.RETURNED and returned.approved_version is None
    assert [(a.decision.value, a.approver, a.comment) for a in returned.approvals] == [
        ("return", "smo", "Say where the AGM is")]
    assert _queued(session, "smo") == [] == _queued(session, "smo2")  # back with the author: nobody's queue
    with pytest.raises(Conflict, match="returned with comments: edit it"):
        posts.submit(session, policy=SOCIETY, actor="tara", post_id=post.id)
    posts.edit(session, policy=SOCIETY, actor="tara", post_id=post.id, text="Our AGM is on 4 May in the Hall.")
    again = posts.submit(session, policy=SOCIETY, actor="tara", post_id=post.id)
    session.commit()
    assert again.status is PostStatus.AWAITING_APPROVAL and again.version == 2
    assert _queued(session, "smo") == [("post", post.id, 2)]  # a new version: decided afresh
    assert len(told("smo2")) == 2  # told again about the new version
    done = posts.approve(session, policy=SOCIETY, actor="smo2", post_id=post.id, comment="fine")
    session.commit()
    assert done.status is PostStatus.APPROVED and done.approved_version == 2
    assert _queued(session, "smo") == [] == _queued(session, "smo2")
    events = [e for e in audit.history(session, subject_type="post", subject_id=str(post.id))
              if not e.action.startswith("notification.")]
    actions = [(e.actor, e.action) for e in events]
    assert actions == [("tara", "post.draft"), ("tara", "post.submit"), ("tara", "approval.request"),
                       ("smo", "post.return"), ("tara", "post.edit"), ("tara", "post.submit"),
                       ("tara", "approval.request"), ("smo2", "post.approve")]
    request = events[2]
    assert request.after["roles"] == ["social_media_officer"] and request.after["version"] == 1


def test_reject_is_final_and_nobody_decides_twice(session: Session) -> None:
    _society(session)
    post = posts.draft(session, policy=SOCIETY, actor="tara", account_ref="society", text="Vote for our friends!")
    posts.submit(session, policy=SOCIETY, actor="tara", post_id=post.id)
    with pytest.raises(PermissionDenied, match="tara wrote post #1 and cannot reject their own post"):
        posts.reject(session, policy=SOCIETY, actor="tara", post_id=post.id, comment="no")
    with pytest.raises(PermissionDenied, match="approve_post"):
        posts.reject(session, policy=SOCIETY, actor="carl", post_id=post.id, comment="no")
    rejected = posts.reject(session, policy=SOCIETY, actor="smo", post_id=post.id, comment="We are neutral (6c)")
    session.commit()
    assert rejected.status is PostStatus.REJECTED
    with pytest.raises(Conflict, match="not awaiting approval"):
        posts.approve(session, policy=SOCIETY, actor="smo2", post_id=post.id)
    with pytest.raises(Conflict, match="can no longer be edited"):
        posts.edit(session, policy=SOCIETY, actor="tara", post_id=post.id, text="Anything else")
    with pytest.raises(Conflict, match="rejected, not checked"):
        posts.submit(session, policy=SOCIETY, actor="tara", post_id=post.id)


def test_exemptions_are_named_with_their_clause(session: Session) -> None:
    _society(session)
    own = posts.draft(session, policy=SOCIETY, actor="smo", account_ref="society", text="Welcome, new members!")
    assert own.need.rules == [] and own.need.exempted[0].exemption_id == "society.5.posts.smo"
    assert own.need.note.startswith("No approval needed: The Social Media Officer")
    assert "§5 (Advice and Reporting)" in own.need.note
    assert posts.submit(session, policy=SOCIETY, actor="smo", post_id=own.id).status is PostStatus.APPROVED
    theirs = posts.draft(session, policy=SOCIETY, actor="tara", account_ref="society", text="Welcome!")
    assert theirs.need.roles == ["social_media_officer"] and theirs.need.exempted == []
    assert theirs.need.note.startswith("Needs approval by Social Media Officer: Every post on the Society's")


def test_gen_job_adverts_name_the_board_members_exemption(session: Session) -> None:
    build(session, GEN, {"dora": ["director_of_operations"], "bea": ["board_member"]},
          [("linkedin", "gen", "official", "dora", [], ["bea"])])
    advert = posts.draft(session, policy=GEN, actor="bea", account_ref="gen", text="We are hiring an analyst.",
                         kind="job_advert")
    assert [e.exemption_id for e in advert.need.exempted] == ["gen.posts.job-adverts"]
    assert "without the need of seeking permission" in advert.need.note


def _gosport(session: Session):  # type: ignore[no-untyped-def]
    return build(session, GOSPORT, {"hit": ["head_of_it"], "mo": ["officer"], "olly": ["officer"],
                                    "sid": ["site_owner"], "sue": ["site_owner"]},
                 [("x", "gbc", "official", "olly:sid", ["hit", "mo"], [])], managers={"olly": "mo"})


def test_a_post_the_check_warns_on_goes_to_the_site_owner(session: Session) -> None:
    _gosport(session)
    warned = posts.draft(session, policy=GOSPORT, actor="olly", account_ref="gbc", text=WARNED)
    assert warned.verdict == "warn" and warned.need.rules == ["warned.official"]
    assert warned.need.roles == ["site_owner"] and "§5" in warned.need.note
    assert posts.submit(session, policy=GOSPORT, actor="olly", post_id=warned.id).status is PostStatus.AWAITING_APPROVAL
    plain = posts.draft(session, policy=GOSPORT, actor="olly", account_ref="gbc", text="Bins are collected on Tuesday.")
    assert plain.need.rules == [] and "names no approval for posts on official accounts" in plain.need.note
    own = posts.draft(session, policy=GOSPORT, actor="sid", account_ref="gbc", text=WARNED)
    assert own.need.rules == [] and own.need.exempted[0].exemption_id == "warned.official.manager"
    assert "the author is the Site owner" in own.need.note
    assert posts.submit(session, policy=GOSPORT, actor="sid", post_id=own.id).status is PostStatus.APPROVED
    approved = posts.approve(session, policy=GOSPORT, actor="sue", post_id=warned.id)
    assert approved.status is PostStatus.APPROVED and approved.approvals[0].role == "site_owner"


def test_platform_limits_and_a_post_nobody_may_see(session: Session) -> None:
    _society(session)
    long = posts.draft(session, policy=SOCIETY, actor="tara", account_ref="x:society_x", text="A" * 281)
    assert (long.limit, long.length) == (280, 281)
    with pytest.raises(InputError, match="281 characters; x allows 280 \\(1 too many\\)"):
        posts.submit(session, policy=SOCIETY, actor="tara", post_id=long.id)
    fits = posts.draft(session, policy=SOCIETY, actor="tara", account_ref="facebook:society", text="A" * 281)
    assert fits.limit == 63_206 and posts.submit(session, policy=SOCIETY, actor="tara", post_id=fits.id)
    with pytest.raises(PermissionDenied, match="carl may not see post #1"):
        posts.get(session, policy=SOCIETY, viewer="carl", post_id=long.id)
    assert [p.id for p in posts.list_posts(session, policy=SOCIETY, viewer="carl")] == []
    assert {p.id for p in posts.list_posts(session, policy=SOCIETY, viewer="smo")} == {long.id, fits.id}


def test_the_calendar_puts_posts_on_their_uk_day(session: Session) -> None:
    _society(session)
    now = dt.datetime(2031, 3, 30, 12, 0, tzinfo=dt.UTC)  # the clocks go forward on 30 March 2031
    ids = []
    for at in (dt.datetime(2031, 3, 30, 23, 30, tzinfo=dt.UTC), dt.datetime(2031, 4, 1, 8, 0, tzinfo=dt.UTC)):
        post = posts.draft(session, policy=SOCIETY, actor="tara", account_ref="society", text=f"Event at {at:%H:%M}")
        posts.submit(session, policy=SOCIETY, actor="tara", post_id=post.id)
        posts.approve(session, policy=SOCIETY, actor="smo", post_id=post.id)
        posts.schedule(session, policy=SOCIETY, actor="tara", post_id=post.id, at=at, now=now)
        ids.append(post.id)
    session.commit()
    march = posts.calendar(session, policy=SOCIETY, viewer="tara", year=2031, month=3)
    assert len(march) == 31 and march[29].posts == []  # 23:30 UTC on the 30th is 00:30 BST on the 31st
    assert [p.id for p in march[30].posts] == [ids[0]] and march[30].day == dt.date(2031, 3, 31)
    april = posts.calendar(session, policy=SOCIETY, viewer="tara", year=2031, month=4)
    assert [p.id for p in april[0].posts] == [ids[1]]
    assert posts.calendar(session, policy=SOCIETY, viewer="carl", year=2031, month=3)[30].posts == []
    with pytest.raises(InputError, match="no such month"):
        posts.calendar(session, policy=SOCIETY, viewer="tara", year=2031, month=13)

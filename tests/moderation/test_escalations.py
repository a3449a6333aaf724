"""Escalation as a workflow (Gosport 24, ETT 10e), the must-flag rule, removals outside the criteria (Gosport 27),
assignment and bulk actions. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.audit.models import AuditEvent
from socialwarden.detectors.registry import build_detectors
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.exceptions import Conflict, InputError, NotFound, PermissionDenied
from socialwarden.moderation import escalations
from socialwarden.moderation import service as desk
from socialwarden.moderation.models import Comment, EscalationState
from socialwarden.moderation.reader import IncomingComment
from socialwarden.notifications import service as notes
from socialwarden.notifications.models import EmailState, NotificationKind
from socialwarden.people import service as people
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import ModerationAction as A
from tests.posts.world import build

GOSPORT, ETT = load_policy("gosport"), load_policy("ett")
RULES = {p.policy.id: Engine(p, build_detectors(detector_config(p), models=False)) for p in (GOSPORT, ETT)}
MONDAY = dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC)
THREAT = "I know where you live. It would be a shame if something happened to your car."


def _store(session: Session, policy_id: str, actor: str, texts: dict[str, str], account: str,
           platform: str = "facebook") -> dict[str, int]:
    policy = GOSPORT if policy_id == "gosport" else ETT
    items = [IncomingComment(line=i, platform=platform, comment_id=cid, text=text, created_at=MONDAY,
                             author_id=f"fb-{cid}", author_name=f"Author {cid}", thread="post-1", account=account)
             for i, (cid, text) in enumerate(texts.items(), start=1)]
    desk.store_batch(session, policy=policy, actor=actor, items=items, source="test", engine=RULES[policy_id])
    rows = session.execute(select(Comment.comment_id, Comment.id)).all()
    return {str(cid): int(pk) for cid, pk in rows}


def gosport(session: Session) -> dict[str, int]:
    build(session, GOSPORT, {"hit": ["head_of_it"], "sid": ["site_owner"], "leah": ["legal"], "olly": ["officer"],
                             "liam": ["it_team"]}, [])
    people.get_person(session, handle="hit").email = "helen@gosport.example"
    people.get_person(session, handle="leah").email = "leah@gosport.example"
    pks = _store(session, "gosport", "sid", {"t1": THREAT, "k1": "Lovely event on Saturday, thank you!",
                                             "k2": "When does the Stoke Road pool reopen?"}, "")
    session.commit()
    return pks


def test_escalation_reaches_the_named_roles_who_decide_without_moderate(session: Session) -> None:
    pks = gosport(session)
    threat = pks["t1"]
    with pytest.raises(PermissionDenied, match="moderate"):
        desk.act(session, policy=GOSPORT, actor="leah", pk=threat, action=A.ESCALATE, reason="x")
    done = desk.act(session, policy=GOSPORT, actor="sid", pk=threat, action=A.ESCALATE,
                    reason="24: a threat against staff, alert the Head of IT and Legal", now=MONDAY)
    session.commit()
    assert done.escalation is not None and done.evidence_id is not None  # a copy kept before it goes up
    assert sorted(done.escalate_to) == ["head_of_it", "legal"]
    esc = escalations.get(session, policy=GOSPORT, who=people.get_person(session, handle="leah"), pk=done.escalation)
    assert esc.people == ["hit", "leah"] and esc.state is EscalationState.OPEN
    assert esc.due_at is None  # Gosport 27 asks for prompt replies but sets no time: no clock to run
    with pytest.raises(Conflict, match="escalated already"):
        desk.act(session, policy=GOSPORT, actor="sid", pk=threat, action=A.ESCALATE, reason="again")
    # both assignees are told, in the app and (having addresses) by e-mail
    for handle in ("hit", "leah"):
        mine = notes.list_for(session, person=people.get_person(session, handle=handle))
        assert [(n.kind, n.link, n.email_state) for n in mine] == [
            (NotificationKind.ESCALATION, f"/escalations/{esc.id}", EmailState.PENDING)]
        assert "I know where you live" in mine[0].body
    assert notes.list_for(session, person=people.get_person(session, handle="olly")) == []
    # the Legal Team hold no moderate permission, yet the escalation is theirs to work
    leah = people.get_person(session, handle="leah")
    assert [e.id for e in escalations.queue_for(session, policy=GOSPORT, who=leah)] == [esc.id]
    assert escalations.queue_for(session, policy=GOSPORT, who=people.get_person(session, handle="olly")) == []
    with pytest.raises(PermissionDenied, match="assigned to Head of IT, Member of the Legal Team"):
        escalations.acknowledge(session, policy=GOSPORT, who=people.get_person(session, handle="olly"), pk=esc.id)
    escalations.acknowledge(session, policy=GOSPORT, who=leah, pk=esc.id, note="looking now")
    escalations.add_comment(session, policy=GOSPORT, who=people.get_person(session, handle="hit"), pk=esc.id,
                            text="Agree: remove, and keep the evidence for the police.")
    with pytest.raises(PermissionDenied, match="refer_to_police"):  # Gosport grants it to no role
        escalations.decide(session, policy=GOSPORT, who=leah, pk=esc.id, action=A.REFER_TO_POLICE, reason="x")
    with pytest.raises(InputError, match="decided with one of"):
        escalations.decide(session, policy=GOSPORT, who=leah, pk=esc.id, action=A.REPLY, reason="x")
    decided = escalations.decide(session, policy=GOSPORT, who=leah, pk=esc.id, action=A.REMOVE,
                                 reason="19: threatening; evidence kept")
    session.commit()
    assert decided.evidence_id is not None and decided.escalation == esc.id
    after = escalations.escalation_out(session, session.get(escalations.Escalation, esc.id))  # type: ignore[arg-type]
    assert after.state is EscalationState.DECIDED and after.outcome == "remove" and after.closed_by == "leah"
    assert [(s.kind, s.actor) for s in after.steps] == [("raised", "sid"), ("acknowledged", "leah"),
                                                         ("comment", "hit"), ("decided", "leah")]
    shown = desk.comment(session, pk=threat)
    assert (shown.state, shown.visibility, shown.escalation) == ("done", "removed", None)
    with pytest.raises(Conflict, match="decided already"):
        escalations.hand_back(session, policy=GOSPORT, who=leah, pk=esc.id, reason="x")
    trail = [(e.action, e.actor) for e in session.execute(select(AuditEvent).where(
        AuditEvent.action.like("escalation.%") | AuditEvent.action.like("comment.%")).order_by(AuditEvent.seq))
        .scalars()]
    assert trail == [("comment.escalate", "sid"), ("escalation.acknowledge", "leah"), ("escalation.comment", "hit"),
                     ("comment.remove", "leah"), ("escalation.decide", "leah")]


def test_hand_back_returns_the_comment_to_the_desk(session: Session) -> None:
    pks = gosport(session)
    out = desk.act(session, policy=GOSPORT, actor="sid", pk=pks["t1"], action=A.ESCALATE, reason="24")
    hit = people.get_person(session, handle="hit")
    back = escalations.hand_back(session, policy=GOSPORT, who=hit, pk=out.escalation or 0,
                                 reason="not reputational: the desk can hide it under 19")
    assert back.state is EscalationState.HANDED_BACK and back.outcome == "handed_back"
    assert desk.comment(session, pk=pks["t1"]).state == "open"
    assert escalations.queue_for(session, policy=GOSPORT, who=hit) == []
    done = desk.act(session, policy=GOSPORT, actor="sid", pk=pks["t1"], action=A.HIDE, reason="19")
    assert done.evidence_id is not None


def test_a_comment_the_policy_says_to_flag_cannot_just_be_closed(session: Session) -> None:
    build(session, ETT, {"ceo": ["chief_executive"], "sam": ["staff"]}, [("x", "ett", "official", "ceo", [], ["sam"])])
    pks = _store(session, "ett", "sam", {"a": "you are a bunch of f***ing idiots"}, "ett", "x")
    with pytest.raises(Conflict, match=r"must be flagged to chief_executive .*§10e"):
        desk.act(session, policy=ETT, actor="ceo", pk=pks["a"], action=A.REMOVE, reason="abuse")
    with pytest.raises(Conflict, match="must be flagged"):
        desk.act(session, policy=ETT, actor="sam", pk=pks["a"], action=A.KEEP, reason="fine")
    raised = MONDAY + dt.timedelta(hours=5)  # Monday 15:00: after the comment arrived at 10:00
    out = desk.act(session, policy=ETT, actor="sam", pk=pks["a"], action=A.ESCALATE, reason="10e", now=raised)
    # the escalation runs its own clock: ETT 8b's one working day from when it was raised (the comment's from 10:00)
    esc_out = escalations.escalation_out(session, session.get(escalations.Escalation, out.escalation))  # type: ignore[arg-type]
    assert esc_out.due_at == dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)
    assert desk.comment(session, pk=pks["a"]).due_at == dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)
    # the CEO decides from the desk: the escalation closes with that decision
    desk.act(session, policy=ETT, actor="ceo", pk=pks["a"], action=A.REFER_TO_POLICE, reason="10f threatening")
    esc = session.get(escalations.Escalation, out.escalation)
    assert esc is not None and esc.state == "decided" and esc.outcome == "refer_to_police"


def test_removing_a_comment_that_meets_no_criterion_is_a_recorded_exception(session: Session) -> None:
    pks = gosport(session)
    ordinary = pks["k1"]
    with pytest.raises(InputError, match=r"meets none of policy gosport's moderation criteria \(§19\).*--exception"):
        desk.act(session, policy=GOSPORT, actor="sid", pk=ordinary, action=A.REMOVE, reason="tidy up")
    done = desk.act(session, policy=GOSPORT, actor="sid", pk=ordinary, action=A.REMOVE, reason="tidy up",
                    exception="posted twice by the same person; the other copy stays")
    session.commit()
    assert done.exception == "posted twice by the same person; the other copy stays"
    event = session.execute(select(AuditEvent).where(AuditEvent.action == "comment.remove.exception")).scalar_one()
    assert event.actor == "sid" and event.after["exception"].startswith("posted twice")
    listed = desk.exceptions(session)
    assert [(e["comment"], e["action"], e["actor"]) for e in listed] == [(ordinary, "remove", "sid")]
    # keeping or replying is never an exception
    assert desk.act(session, policy=GOSPORT, actor="sid", pk=pks["k2"], action=A.REPLY, reason="answer",
                    reply_text="3 May").exception is None


def test_assignment_mine_and_bulk_actions_with_one_reason(session: Session) -> None:
    pks = gosport(session)
    with pytest.raises(PermissionDenied, match="moderate"):
        desk.assign(session, policy=GOSPORT, actor="sid", pks=[pks["k1"]], to="leah")
    assert desk.assign(session, policy=GOSPORT, actor="sid", pks=[pks["k1"], pks["k2"]], to="sid") == \
        [pks["k1"], pks["k2"]]
    sid = people.get_person(session, handle="sid")
    assert {c.id for c in desk.queue(session, assigned_to=sid.id)} == {pks["k1"], pks["k2"]}
    assert desk.comment(session, pk=pks["k1"]).assigned_to == "sid"
    # all or nothing: an unknown id stops the whole batch, naming it, and the edge rolls back
    with pytest.raises(NotFound, match=r"comment #999999: .*nothing was changed"):
        desk.act_many(session, policy=GOSPORT, actor="sid", pks=[pks["k1"], 999999], action=A.KEEP,
                      reason="read, nothing to do")
    session.rollback()
    done = desk.act_many(session, policy=GOSPORT, actor="sid", pks=[pks["k1"], pks["k2"]], action=A.KEEP,
                         reason="read, nothing to do")
    session.commit()
    assert [d.reason for d in done] == ["read, nothing to do"] * 2
    assert {c.id for c in desk.queue(session)} == {pks["t1"]}

"""Records that find people: imported authors kept, subject access by a name mentioned only inside comment text,
post text and moderation notes (with the match shown), and the complaints register with its own state, due date
and retention. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.complaints import service as complaints
from socialwarden.complaints.models import Complaint, ComplaintState
from socialwarden.exceptions import Conflict, InputError, PermissionDenied
from socialwarden.exports.service import export_person
from socialwarden.moderation import escalations
from socialwarden.moderation import service as desk
from socialwarden.moderation.models import Comment
from socialwarden.people import service as people
from socialwarden.policy.models import Citation, RecordType, RetentionRule
from socialwarden.policy.models import ModerationAction as A
from socialwarden.retention.service import purge
from tests.moderation.test_escalations import ETT, GOSPORT, RULES, gosport
from tests.posts.world import build

NEIGHBOUR = "My neighbour Jane Smith at 14 Ferry Road is on benefits and never works, look into her"


def test_imported_author_field_is_kept(session: Session, tmp_path: Path) -> None:
    gosport(session)
    path = tmp_path / "export.csv"
    path.write_text("platform,comment_id,text,created_at,author\n"
                    "facebook,a1,When is the tip open?,2026-03-09T10:00:00Z,Jo Bloggs\n", encoding="utf-8")
    desk.import_file(session, policy=GOSPORT, actor="sid", path=path, engine=RULES["gosport"])
    row = session.execute(select(Comment).where(Comment.comment_id == "a1")).scalar_one()
    assert row.author_name == "Jo Bloggs"


def test_subject_access_finds_a_person_named_only_inside_text_and_notes(session: Session, tmp_path: Path) -> None:
    pks = gosport(session)
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"platform": "facebook", "comment_id": "n1", "text": NEIGHBOUR,
                                "created_at": "2026-03-09T10:00:00Z", "author": "Ray Dunn"}) + "\n"
                    + json.dumps({"platform": "facebook", "comment_id": "n2", "text": "Janet Smithson says hi",
                                  "created_at": "2026-03-09T10:01:00Z", "author": "Someone"}) + "\n",
                    encoding="utf-8")
    desk.import_file(session, policy=GOSPORT, actor="sid", path=path, engine=RULES["gosport"])
    out = desk.act(session, policy=GOSPORT, actor="sid", pk=pks["t1"], action=A.ESCALATE,
                   reason="threat; the poster may be JANE SMITH's ex-partner")
    escalations.add_comment(session, policy=GOSPORT, who=people.get_person(session, handle="hit"),
                            pk=out.escalation or 0, text="Police contacted about Jane  Smith's safety")
    session.commit()
    files = export_person(session, policy=GOSPORT, actor="hit", query="Jane Smith", out_dir=tmp_path / "out")
    data = json.loads(files.json_path.read_text(encoding="utf-8"))
    assert data["people"] == [] and data["comments"] == []  # not registered, never wrote anything
    named = data["mentioned_in_comments"]
    assert [c["comment_id"] for c in named] == ["n1"]  # whole words only: "Janet Smithson" is someone else
    assert named[0]["author"] == "Ray Dunn" and named[0]["matches"][0]["match"] == "Jane Smith"
    assert "[Jane Smith] at 14 Ferry Road" in named[0]["matches"][0]["context"]
    kinds = sorted(n["kind"] for n in data["mentioned_in_notes"])
    assert kinds == ["escalation comment", "escalation raised", "moderation reason"]
    text = files.markdown_path.read_text(encoding="utf-8")
    assert "## Named in comments (1)" in text and "[Jane Smith] at 14 Ferry Road" in text
    assert "## Named in moderation notes (3)" in text


def test_complaints_register_states_due_dates_and_retention(session: Session, tmp_path: Path) -> None:
    world = build(session, ETT, {"ceo": ["chief_executive"], "sam": ["staff"], "tom": ["trustee"]},
                  [("x", "ett", "official", "ceo", [], ["sam"])])
    path = tmp_path / "c.jsonl"
    lines = [{"platform": "x", "comment_id": "c1", "text": "I want to make a complaint about the booking process",
              "created_at": "2026-03-06T16:00:00Z", "author_name": "Pat Jones", "account": "ett"},
             {"platform": "x", "comment_id": "c2", "text": "Thanks, the fair was brilliant",
              "created_at": "2026-03-06T16:00:00Z", "author_name": "Sue", "account": "ett"}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    desk.import_file(session, policy=ETT, actor="sam", path=path, engine=RULES["ett"])
    desk.import_file(session, policy=ETT, actor="sam", path=path, engine=RULES["ett"])  # re-run: no second record
    register = complaints.register_list(session)
    assert [(c.comment_id, c.complainant, c.state) for c in register] == [("c1", "Pat Jones",
                                                                           ComplaintState.RECEIVED)]
    # its own due date: ETT 8b's one working day from Friday 16:00 is Monday 16:00
    assert register[0].due_at == dt.datetime(2026, 3, 9, 16, 0, tzinfo=dt.UTC) and register[0].overdue
    pk = register[0].id
    with pytest.raises(PermissionDenied):
        complaints.move(session, policy=ETT, actor="tom", pk=pk, to=ComplaintState.REDIRECTED, note="x")
    with pytest.raises(InputError, match="note"):
        complaints.move(session, policy=ETT, actor="sam", pk=pk, to=ComplaintState.REDIRECTED, note=" ")
    complaints.move(session, policy=ETT, actor="sam", pk=pk, to=ComplaintState.REDIRECTED,
                    note="9b: asked to email info@theengineeringtrust.org")
    with pytest.raises(Conflict, match="can move to closed, investigating"):
        complaints.move(session, policy=ETT, actor="sam", pk=pk, to=ComplaintState.RESOLVED, note="x")
    closed = complaints.move(session, policy=ETT, actor="ceo", pk=pk, to=ComplaintState.CLOSED,
                             note="answered by email", now=dt.datetime(2026, 3, 9, 12, 0, tzinfo=dt.UTC))
    assert closed.state is ComplaintState.CLOSED and not closed.overdue  # closed before it fell due
    session.commit()
    rule = RetentionRule(id="test.complaints", record=RecordType.COMPLAINTS, keep_days=365, text="keep a year",
                         cite=Citation(section="9c", quote="a test retention rule"))
    policy = ETT.model_copy(update={"retention": [rule]})
    assert purge(session, policy=policy, now=dt.datetime(2026, 6, 1, tzinfo=dt.UTC), actor="ceo")[0].purged == 0
    result = purge(session, policy=policy, now=dt.datetime(2027, 4, 1, tzinfo=dt.UTC), actor="ceo")[0]
    session.commit()
    assert (result.purged, result.note) == (1, None)
    assert session.execute(select(Complaint)).first() is None
    assert world.people["ceo"].id

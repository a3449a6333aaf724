"""Retention purges (legal holds kept, audited, run as a duty) and the person export, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialwarden.audit import service as audit
from socialwarden.audit.models import AuditEvent
from socialwarden.detectors.registry import build_detectors
from socialwarden.duties.service import run_duties
from socialwarden.engine.engine import Engine, detector_config
from socialwarden.exceptions import NotFound, PermissionDenied
from socialwarden.exports.service import export_person
from socialwarden.moderation import service as desk
from socialwarden.moderation.models import Comment, Evidence
from socialwarden.policy.loader import load_policy
from socialwarden.policy.models import Citation, RecordType, RetentionRule
from socialwarden.policy.models import ModerationAction as A
from socialwarden.posts import service as posts
from socialwarden.retention.service import purge
from tests.posts.world import build

_ETT = load_policy("ett")
# ETT names no period for comments or posts; add Gosport-style rules so every purger runs
ETT = _ETT.model_copy(update={"retention": [*_ETT.retention, *(
    RetentionRule(id=f"test.{kind}", record=RecordType(kind), keep_days=2190, text=f"keep {kind} six years",
                  cite=Citation(section="17", quote="a test retention rule")) for kind in ("comments", "posts"))]})
RULES = Engine(ETT, build_detectors(detector_config(ETT), models=False))


def _setup(session: Session, tmp_path: Path) -> None:
    build(session, ETT, {"ceo": ["chief_executive"], "sam": ["staff"]},
          [("x", "ett", "official", "ceo", [], ["sam"])])
    lines = [json.dumps({"platform": "x", "comment_id": str(i), "text": text, "author_id": "troll99",
                         "author_name": "Troll Ninety", "created_at": "2020-01-06T10:00:00Z", "account": "ett",
                         "thread": "t"})
             for i, text in enumerate(["you are a bunch of f***ing idiots", "nice event", "see you there"])]
    path = tmp_path / "old.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    desk.import_file(session, policy=ETT, actor="sam", path=path, engine=RULES)
    pk = int(session.execute(select(Comment.id).where(Comment.comment_id == "0")).scalar_one())
    desk.act(session, policy=ETT, actor="sam", pk=pk, action=A.ESCALATE, reason="10e: flag to the CEO")
    desk.act(session, policy=ETT, actor="ceo", pk=pk, action=A.REMOVE, reason="10e")
    held = int(session.execute(select(Comment.id).where(Comment.comment_id == "2")).scalar_one())
    desk.set_legal_hold(session, policy=ETT, actor="ceo", pk=held, hold=True, reason="police inquiry")
    posts.draft(session, policy=ETT, actor="sam", account_ref="ett", text="Hello from the fair.")
    session.commit()


def test_purge_respects_keep_days_and_legal_hold(session: Session, tmp_path: Path) -> None:
    _setup(session, tmp_path)
    with pytest.raises(PermissionDenied):
        desk.set_legal_hold(session, policy=ETT, actor="sam", pk=1, hold=True, reason="x")
    soon = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)  # within ETT's six years: nothing goes
    assert all(r.purged == 0 for r in purge(session, policy=ETT, now=soon, actor="ceo"))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2200)  # past six years for everything
    results = {r.record.value: r for r in purge(session, policy=ETT, now=later, actor="ceo")}
    session.commit()
    assert (results["comments"].purged, results["comments"].held) == (2, 1)
    assert results["moderation_evidence"].purged == 2 and results["posts"].purged == 1  # escalation + removal
    assert results["audit"].purged == 0 and "append-only" in (results["audit"].note or "")
    left = session.execute(select(Comment.comment_id)).scalars().all()
    assert left == ["2"]  # the held comment stays
    assert session.execute(select(func.count()).select_from(Evidence)).scalar_one() == 0
    purges = session.execute(select(AuditEvent).where(AuditEvent.action == "retention.purge")).scalars().all()
    assert {e.subject_id for e in purges} >= {"ett.10g.evidence"}
    assert audit.verify(session).ok


def test_retention_runs_as_a_duty(session: Session, tmp_path: Path) -> None:
    _setup(session, tmp_path)
    report = run_duties(session, policy=ETT, now=dt.datetime.now(dt.UTC) + dt.timedelta(days=2200), actor="ceo",
                        only=["retention"])
    session.commit()
    notices = report.results[0].notices
    assert report.results[0].duty == "retention" and any("comments: purged 2" in n.message for n in notices)


def test_export_person_gathers_comments_actions_and_evidence(session: Session, tmp_path: Path) -> None:
    _setup(session, tmp_path)
    with pytest.raises(PermissionDenied, match="export"):
        export_person(session, policy=ETT, actor="sam", query="troll99", out_dir=tmp_path / "out")
    files = export_person(session, policy=ETT, actor="ceo", query="Troll Ninety", out_dir=tmp_path / "out")
    session.commit()
    data = json.loads(files.json_path.read_text(encoding="utf-8"))
    assert len(data["comments"]) == 3 and len(data["evidence"]) == 2
    assert [a["action"] for a in data["actions_on_their_comments"]] == ["escalate", "remove"]
    text = files.markdown_path.read_text(encoding="utf-8")
    assert "# Data held about Troll Ninety" in text and "## Evidence kept (2)" in text
    staff = export_person(session, policy=ETT, actor="ceo", query="sam", out_dir=tmp_path / "out")
    sam = json.loads(staff.json_path.read_text(encoding="utf-8"))
    assert len(sam["posts"]) == 1 and sam["posts"][0]["decisions"][0]["verdict"] == "allow"
    assert any(e["action"] == "post.draft" for e in sam["audit_events"])
    with pytest.raises(NotFound):
        export_person(session, policy=ETT, actor="ceo", query="nobody at all", out_dir=tmp_path / "out")

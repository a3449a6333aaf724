"""Thread context: each stored comment keeps the post its thread hangs off and that post's text (from the import's
post_id / post_text columns, from our own published posts by id, or read from the platform by a connector), so
Gosport's off-topic criterion and the guidance see what the comment replies to. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.engine.stored import StoredDecision
from socialwarden.moderation import service as desk
from socialwarden.moderation.models import Comment
from socialwarden.moderation.reader import IncomingComment
from socialwarden.posts import service as posts
from socialwarden.posts.models import PostOut
from socialwarden.taxonomy import Category
from tests.moderation.test_desk import GOSPORT, RULES
from tests.posts.world import build

POST = "Our new library on the High Street opens on Saturday with free parking for visitors"
OFF = "The football results last night were rubbish and the referee was blind"
ON = "Is the library open on Sundays?"


class Platform:
    def publish(self, post: PostOut) -> str:
        return f"fb-{post.id}"


def _row(session: Session, cid: str) -> Comment:
    return session.execute(select(Comment).where(Comment.comment_id == cid)).scalar_one()


def _off_topic(row: Comment) -> bool:
    stored = StoredDecision.read(row.decision)
    return Category.OFF_TOPIC in {f.category for f in (*stored.decision({}).evidence,)}


def test_imported_and_our_own_posts_give_the_off_topic_check_its_post(session: Session, tmp_path: Path) -> None:
    build(session, GOSPORT, {"hit": ["head_of_it"], "mo": ["officer"], "olly": ["officer"], "sid": ["site_owner"]},
          [("x", "gbc", "official", "olly", ["hit", "mo"], [])], managers={"olly": "mo"})
    draft = posts.draft(session, policy=GOSPORT, actor="olly", account_ref="x:gbc", text=POST)
    posts.submit(session, policy=GOSPORT, actor="olly", post_id=draft.id)
    now = dt.datetime.now(dt.UTC)
    posts.schedule(session, policy=GOSPORT, actor="olly", post_id=draft.id, at=now, now=now)
    session.commit()
    posts.publish_due(session, policy=GOSPORT, actor="sid", now=now, publisher=Platform())
    ours = f"fb-{draft.id}"

    path = tmp_path / "c.jsonl"
    base = {"platform": "x", "created_at": "2026-03-09T10:00:00Z", "account": "x:gbc"}
    path.write_text("\n".join(json.dumps({**base, **r}) for r in [
        {"comment_id": "i1", "text": OFF, "post_id": "elsewhere-1", "post_text": POST},  # the column gives it
        {"comment_id": "i2", "text": ON, "post_id": "elsewhere-1", "post_text": POST},
        {"comment_id": "i3", "text": OFF},  # no post: nothing to compare with
        {"comment_id": "i4", "text": OFF, "post_id": ours},  # our own post: its text comes from the store
        {"comment_id": "i5", "text": OFF, "post_text": 5},  # a bad cell names the field
    ]) + "\n", encoding="utf-8")
    report = desk.import_file(session, policy=GOSPORT, actor="sid", path=path, engine=RULES["gosport"])
    assert report.imported == 4 and report.bad == ["c.jsonl:5: post_text: must be text, got int"]
    i1, i2, i3, i4 = (_row(session, c) for c in ("i1", "i2", "i3", "i4"))
    assert (i1.post_id, i1.post_text) == ("elsewhere-1", POST)
    assert (i4.post_id, i4.post_text) == (ours, POST)
    assert _off_topic(i1) and _off_topic(i4) and not _off_topic(i2) and not _off_topic(i3)
    assert i1.verdict == "monitor" and i3.verdict == "keep"  # held for a person, never hidden on that alone
    shown = desk.comment(session, pk=i1.id)
    assert shown.post_text == POST and desk.thread(session, pk=i1.id)["post"]["text"] == POST
    assert desk.thread(session, pk=i4.id)["post"] == {"id": draft.id, "text": POST}


def test_a_batch_from_a_connector_keeps_the_post_it_sent(session: Session) -> None:
    build(session, GOSPORT, {"hit": ["head_of_it"], "sid": ["site_owner"]}, [])
    stored, _ = desk.store_batch(session, policy=GOSPORT, actor="sid", source="sync", engine=RULES["gosport"],
                                 items=[IncomingComment(line=1, platform="linkedin", comment_id="l1", text=OFF,
                                                        created_at=dt.datetime.now(dt.UTC), post_id="urn:li:1",
                                                        post_text=POST)])
    session.commit()
    assert stored == 1 and _row(session, "l1").post_text == POST and _off_topic(_row(session, "l1"))

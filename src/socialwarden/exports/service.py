"""Subject-access and FOI exports: everything stored about one person, as JSON and as Markdown.

A person is matched as a registered person (handle or name) and as a third-party comment author (platform author
id or display name, case-insensitive). Gathered: posts they wrote, approvals they gave, comments by them and the
actions and evidence about those comments, moderation actions they took, and audit events naming them as actor.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from socialwarden.acting import acting
from socialwarden.approvals.models import Approval
from socialwarden.audit.models import AuditEvent
from socialwarden.exceptions import InputError, NotFound
from socialwarden.moderation.models import Comment, Evidence, ModerationActionRecord
from socialwarden.moderation.service import comment_out
from socialwarden.people.models import Person, utc
from socialwarden.policy.models import Permission, Policy
from socialwarden.posts.models import Post
from socialwarden.posts.records import post_out

MAX_ROWS = 10_000


@dataclass(frozen=True)
class ExportFiles:
    json_path: Path
    markdown_path: Path
    counts: dict[str, int]


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, dt.datetime) else str(v)))


def gather(session: Session, *, policy: Policy, query: str) -> dict[str, Any]:
    """Everything about the person ``query`` names (a handle, a name or a platform author id)."""
    needle = query.strip().lower()
    if not needle:
        raise InputError("say whose data to export (a handle, a name or a platform author id)")
    people = session.execute(select(Person).where(or_(func.lower(Person.handle) == needle,
                                                      func.lower(Person.name) == needle))).scalars().all()
    ids = [p.id for p in people]
    handles = [p.handle for p in people]
    posts = session.execute(select(Post).where(Post.author_id.in_(ids)).order_by(Post.id)).scalars().all()
    approvals = session.execute(select(Approval).where(Approval.approver_id.in_(ids))
                                .order_by(Approval.id)).scalars().all()
    by_author = or_(func.lower(Comment.author_id) == needle, func.lower(Comment.author_name) == needle)
    comments = session.execute(select(Comment).where(by_author).order_by(Comment.id).limit(MAX_ROWS)).scalars().all()
    comment_pks = [c.id for c in comments]
    about = session.execute(select(ModerationActionRecord).where(ModerationActionRecord.comment_pk.in_(comment_pks))
                            .order_by(ModerationActionRecord.id)).scalars().all()
    taken = session.execute(select(ModerationActionRecord).where(ModerationActionRecord.actor_id.in_(ids))
                            .order_by(ModerationActionRecord.id)).scalars().all()
    evidence = session.execute(select(Evidence).where(or_(func.lower(Evidence.author_id) == needle,
                                                          func.lower(Evidence.author_name) == needle))
                               .order_by(Evidence.id)).scalars().all()
    events = session.execute(select(AuditEvent).where(AuditEvent.actor.in_(handles)).order_by(AuditEvent.seq)
                             .limit(MAX_ROWS)).scalars().all()
    if not (people or comments or evidence):
        raise NotFound(f"nothing is stored about {query!r} (no person, comment author or evidence matches)")

    def action(a: ModerationActionRecord) -> dict[str, Any]:
        return {"comment": a.comment_pk, "action": a.action, "reason": a.reason, "escalate_to": a.escalate_to,
                "reply_text": a.reply_text, "at": utc(a.at)}

    data: dict[str, Any] = _json({
        "query": query, "generated_at": dt.datetime.now(dt.UTC),
        "people": [{"handle": p.handle, "name": p.name, "email": p.email, "roles": p.roles, "active": p.active,
                    "created_at": utc(p.created_at)} for p in people],
        "posts": [post_out(session, policy, p).model_dump(mode="json") | {"decisions": [v.decision for v in p.versions]}
                  for p in posts],
        "approvals_given": [{"subject_type": a.subject_type, "subject_id": a.subject_id, "version": a.version,
                             "decision": a.decision, "role": a.role, "comment": a.comment, "at": utc(a.at)}
                            for a in approvals],
        "comments": [comment_out(c).model_dump(mode="json") | {"decision": c.decision} for c in comments],
        "actions_on_their_comments": [action(a) for a in about],
        "moderation_actions_taken": [action(a) for a in taken],
        "evidence": [{"id": e.id, "platform": e.platform, "comment_id": e.comment_id, "text": e.text,
                      "author_id": e.author_id, "author_name": e.author_name, "posted_at": utc(e.posted_at),
                      "url": e.url, "content_hash": e.content_hash, "action": e.action, "taken_by": e.taken_by,
                      "reason": e.reason, "captured_at": utc(e.captured_at)} for e in evidence],
        "audit_events": [{"seq": e.seq, "at": utc(e.at), "action": e.action, "subject_type": e.subject_type,
                          "subject_id": e.subject_id, "reason": e.reason} for e in events],
    })
    return data


def markdown(data: dict[str, Any]) -> str:
    """The export as a readable Markdown document."""
    lines = [f"# Data held about {data['query']}", "", f"Generated {data['generated_at']} by SocialWarden.", ""]
    for p in data["people"]:
        lines.append(f"- Registered person **{p['name']}** ({p['handle']}), roles: {', '.join(p['roles']) or '—'}")
    sections: list[tuple[str, str, Callable[[dict[str, Any]], str]]] = [
                ("Posts written", "posts", lambda p: f"#{p['id']} on {p['account']} ({p['status']}): {p['text']}"),
                ("Approvals given", "approvals_given", lambda a: f"{a['decision']} {a['subject_type']} "
                                                                 f"#{a['subject_id']} v{a['version']} as "
                                                                 f"{a['role']} at {a['at']}"),
                ("Comments", "comments", lambda c: f"{c['platform']} {c['comment_id']} at {c['posted_at']} "
                                                   f"({c['verdict']}, {c['visibility']}): {c['text']}"),
                ("Actions on their comments", "actions_on_their_comments",
                 lambda a: f"comment #{a['comment']}: {a['action']} at {a['at']} — {a['reason']}"),
                ("Moderation actions they took", "moderation_actions_taken",
                 lambda a: f"comment #{a['comment']}: {a['action']} at {a['at']} — {a['reason']}"),
                ("Evidence kept", "evidence", lambda e: f"{e['platform']} {e['comment_id']} ({e['action']} by "
                                                        f"{e['taken_by']}, sha256 {e['content_hash'][:12]}…): "
                                                        f"{e['text']}"),
                ("Audit events", "audit_events", lambda e: f"#{e['seq']} {e['at']} {e['action']} "
                                                           f"{e['subject_type']} {e['subject_id']}")]
    for title, key, render in sections:
        rows = data[key]
        lines += ["", f"## {title} ({len(rows)})", ""]
        lines += [f"- {render(row)}".replace("\n", " ") for row in rows] or ["- none"]
    return "\n".join(lines) + "\n"


def export_person(session: Session, *, policy: Policy, actor: str, query: str, out_dir: Path) -> ExportFiles:
    """Write <out_dir>/<name>.json and .md with everything about a person; the export itself is audited."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.EXPORT_DATA, doing="export personal data")
    data = gather(session, policy=policy, query=query)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = "export-" + "".join(ch if ch.isalnum() else "-" for ch in query.strip().lower())[:60]
    json_path, md_path = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(data), encoding="utf-8")
    counts = {k: len(v) for k, v in data.items() if isinstance(v, list)}
    who.record("export.person", subject_type="export", subject_id=query.strip(), before=None,
               after={"files": [json_path.name, md_path.name], "counts": counts})
    return ExportFiles(json_path=json_path, markdown_path=md_path, counts=counts)

"""Subject-access and FOI exports: everything stored about one person, as JSON and as Markdown.

A person is matched as a registered person (handle or name), as a third-party comment author (platform author
id or display name, case-insensitive), as a name mentioned inside comment and post text and kept evidence (whole
words, case-insensitive; each match shown with the text around it), and in moderation notes (reasons, replies,
escalation notes, complaint outcomes). Gathered: posts they wrote, approvals they gave, comments by them and the
actions and evidence about those comments, moderation actions they took, complaints, and audit events naming them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from socialwarden.acting import acting
from socialwarden.approvals.models import Approval
from socialwarden.audit.models import AuditEvent
from socialwarden.complaints import service as register
from socialwarden.complaints.models import Complaint
from socialwarden.exceptions import InputError, NotFound
from socialwarden.moderation.models import Comment, EscalationEvent, Evidence, ModerationActionRecord
from socialwarden.moderation.service import comment_out
from socialwarden.people.models import Person, utc
from socialwarden.policy.models import Permission, Policy
from socialwarden.posts.models import Post, PostVersion
from socialwarden.posts.records import post_out
from socialwarden.store.files import private_dir, write_private_text

MAX_ROWS = 10_000


@dataclass(frozen=True)
class ExportFiles:
    json_path: Path
    markdown_path: Path
    counts: dict[str, int]


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, dt.datetime) else str(v)))


MIN_MENTION = 3  # shorter queries would match inside too many words to be a person's name
CONTEXT = 60


def _pattern(needle: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in needle.split()) + r"(?!\w)", re.IGNORECASE)


def _matches(text: str | None, pattern: re.Pattern[str]) -> list[dict[str, Any]]:
    """Each place the name occurs, with the text around it (what a subject-access reviewer reads)."""
    found = []
    for hit in pattern.finditer(text or ""):
        start, end = hit.span()
        before = (text or "")[max(0, start - CONTEXT):start]
        after = (text or "")[end:end + CONTEXT]
        found.append({"start": start, "end": end, "match": hit.group(0),
                      "context": ("…" if start > CONTEXT else "") + before + "[" + hit.group(0) + "]" + after
                                 + ("…" if end + CONTEXT < len(text or "") else "")})
    return found


def _mentions(session: Session, needle: str) -> dict[str, list[dict[str, Any]]]:
    """Rows whose text names ``needle`` (SQL narrows with LIKE, a whole-word pattern confirms)."""
    if len(needle) < MIN_MENTION:
        return {"comments": [], "posts": [], "evidence": [], "notes": []}
    pattern = _pattern(needle)
    like = needle.split()[0]

    def rows(column: Any, *entities: Any) -> list[Any]:
        query = select(*entities).where(func.lower(column).contains(like, autoescape=True)).limit(MAX_ROWS)
        return list(session.execute(query).all())

    comments = [{"comment": c.id, "platform": c.platform, "comment_id": c.comment_id, "author": c.author_name,
                 "posted_at": utc(c.posted_at), "text": c.text, "matches": m}
                for (c,) in rows(Comment.text, Comment) if (m := _matches(c.text, pattern))]
    posts = [{"post": v.post_id, "version": v.number, "text": v.text, "created_at": utc(v.created_at), "matches": m}
             for (v,) in rows(PostVersion.text, PostVersion) if (m := _matches(v.text, pattern))]
    evidence = [{"evidence": e.id, "platform": e.platform, "comment_id": e.comment_id, "text": e.text,
                 "captured_at": utc(e.captured_at), "matches": m}
                for (e,) in rows(Evidence.text, Evidence) if (m := _matches(e.text, pattern))]
    notes: list[dict[str, Any]] = []
    for (a,) in rows(ModerationActionRecord.reason, ModerationActionRecord):
        if m := _matches(a.reason, pattern):
            notes.append({"kind": "moderation reason", "comment": a.comment_pk, "action": a.action,
                          "at": utc(a.at), "text": a.reason, "matches": m})
    for (a,) in rows(ModerationActionRecord.reply_text, ModerationActionRecord):
        if m := _matches(a.reply_text, pattern):
            notes.append({"kind": "reply", "comment": a.comment_pk, "action": a.action, "at": utc(a.at),
                          "text": a.reply_text, "matches": m})
    for (e,) in rows(EscalationEvent.text, EscalationEvent):
        if m := _matches(e.text, pattern):
            notes.append({"kind": f"escalation {e.kind}", "escalation": e.escalation_id, "at": utc(e.at),
                          "text": e.text, "matches": m})
    for (c,) in rows(Complaint.outcome, Complaint):
        if m := _matches(c.outcome, pattern):
            notes.append({"kind": "complaint outcome", "complaint": c.id, "at": utc(c.received_at),
                          "text": c.outcome, "matches": m})
    return {"comments": comments, "posts": posts, "evidence": evidence, "notes": notes}


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
    mentioned = _mentions(session, needle)
    complaints = register.about(session, needle=needle, ids=ids)
    if not (people or comments or evidence or complaints or any(mentioned.values())):
        raise NotFound(f"nothing is stored about {query!r} (no person, comment author, evidence, complaint or "
                       "mention in any text or note matches)")

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
        "complaints": [{"id": c.id, "platform": c.platform, "comment_id": c.comment_id, "complainant": c.complainant,
                        "text": c.text, "state": c.state, "received_at": utc(c.received_at), "due_at": utc(c.due_at),
                        "outcome": c.outcome} for c in complaints],
        "mentioned_in_comments": mentioned["comments"],
        "mentioned_in_posts": mentioned["posts"],
        "mentioned_in_evidence": mentioned["evidence"],
        "mentioned_in_notes": mentioned["notes"],
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
                ("Complaints", "complaints", lambda c: f"#{c['id']} ({c['state']}, due {c['due_at']}): {c['text']}"),
                ("Named in comments", "mentioned_in_comments",
                 lambda c: f"comment #{c['comment']} by {c['author'] or '?'}: " + _shown(c)),
                ("Named in posts", "mentioned_in_posts", lambda p: f"post #{p['post']} v{p['version']}: " + _shown(p)),
                ("Named in evidence kept", "mentioned_in_evidence",
                 lambda e: f"evidence #{e['evidence']} ({e['comment_id']}): " + _shown(e)),
                ("Named in moderation notes", "mentioned_in_notes",
                 lambda n: f"{n['kind']} at {n['at']}: " + _shown(n)),
                ("Audit events", "audit_events", lambda e: f"#{e['seq']} {e['at']} {e['action']} "
                                                           f"{e['subject_type']} {e['subject_id']}")]
    for title, key, render in sections:
        rows = data[key]
        lines += ["", f"## {title} ({len(rows)})", ""]
        lines += [f"- {render(row)}".replace("\n", " ") for row in rows] or ["- none"]
    return "\n".join(lines) + "\n"


def _shown(row: dict[str, Any]) -> str:
    return " | ".join(m["context"] for m in row["matches"])


def person_data(session: Session, *, policy: Policy, actor: str, query: str, via: str = "api") -> dict[str, Any]:
    """Everything about a person as one document, for an edge that hands it over itself (the API); the export is
    audited as ``export.person`` like the files ``export_person`` writes."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.EXPORT_DATA, doing="export personal data")
    data = gather(session, policy=policy, query=query)
    counts = {k: len(v) for k, v in data.items() if isinstance(v, list)}
    who.record("export.person", subject_type="export", subject_id=query.strip(), before=None,
               after={"via": via, "counts": counts})
    return data


def export_person(session: Session, *, policy: Policy, actor: str, query: str, out_dir: Path) -> ExportFiles:
    """Write <out_dir>/<name>.json and .md with everything about a person; the export itself is audited."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.EXPORT_DATA, doing="export personal data")
    data = gather(session, policy=policy, query=query)
    private_dir(out_dir)
    stem = "export-" + "".join(ch if ch.isalnum() else "-" for ch in query.strip().lower())[:60]
    json_path, md_path = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    write_private_text(json_path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")  # 0600: personal data
    write_private_text(md_path, markdown(data))
    counts = {k: len(v) for k, v in data.items() if isinstance(v, list)}
    who.record("export.person", subject_type="export", subject_id=query.strip(), before=None,
               after={"files": [json_path.name, md_path.name], "counts": counts})
    return ExportFiles(json_path=json_path, markdown_path=md_path, counts=counts)

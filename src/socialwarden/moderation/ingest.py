"""Ingest comments from a file (or a connector's batch): deduplicate, triage with the engine, store in chunks.

``import_file`` is a flow: it commits each chunk (with one audit event naming the lines it stored), so a killed
import loses at most the chunk in flight, and a re-run stores only what is missing — (platform, comment id) is
unique and inserts skip rows already there, so every comment is stored exactly once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.acting import acting
from socialwarden.complaints.service import register
from socialwarden.engine.batch import check_many
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import Decision, Verdict
from socialwarden.engine.engine import Engine
from socialwarden.engine.service import engine_for
from socialwarden.engine.stored import StoredDecision
from socialwarden.moderation.models import Comment, ImportReport
from socialwarden.moderation.reader import BadRow, IncomingComment, read_comments
from socialwarden.moderation.working_days import add_working_days
from socialwarden.policy.models import ModerationAction, Permission, Policy
from socialwarden.posts.models import Post
from socialwarden.taxonomy import Category
from socialwarden.urls import http_url_or_none

CHUNK = 1000
MAX_REPLY_TO = 20_000  # characters of the parent post the off-topic check reads
BAD_SAMPLE = 100  # bad rows kept word for word in the report; the rest are only counted
RECOMMENDED = {Verdict.KEEP: ModerationAction.KEEP, Verdict.MONITOR: ModerationAction.KEEP,
               Verdict.RESPOND: ModerationAction.REPLY, Verdict.HIDE: ModerationAction.HIDE,
               Verdict.REMOVE: ModerationAction.REMOVE, Verdict.ESCALATE: ModerationAction.ESCALATE}
_COMMENTS = cast(Table, Comment.__table__)


def content_hash(platform: str, comment_id: str, text: str, author_id: str | None, posted_at: dt.datetime) -> str:
    """sha256 over what identifies the comment as received (unit-separator joined), so evidence shows it unaltered."""
    payload = "\x1f".join((platform, comment_id, text, author_id or "", posted_at.astimezone(dt.UTC).isoformat()))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class _Accounts:
    """Accounts by handle (``platform:handle`` or handle), looked up once per import."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[tuple[str, str], Account | None] = {}

    def get(self, platform: str, ref: str | None) -> Account | None:
        if not ref:
            return None
        key = (platform, ref)
        if key not in self.cache:
            plat, _, handle = ref.rpartition(":")
            query = select(Account).where(Account.handle == handle.lstrip("@"), Account.platform == (plat or platform))
            self.cache[key] = self.session.execute(query).scalars().first()
        return self.cache[key]


def _target_days(policy: Policy, category: str | None) -> float | None:
    for target in policy.response_times.targets:
        if not target.account_categories or category in target.account_categories:
            return target.working_days
    return None


def stored_decision(decision: Decision) -> dict[str, Any]:
    """The decision as kept with a comment: guidance by id only (its text is the policy's, shown on demand)."""
    out = decision.to_json()
    out["guidance"] = [note.id for note in decision.guidance]
    return out


def _our_posts(session: Session, items: Sequence[IncomingComment]) -> dict[str, str]:
    """The current text of our published posts the comments hang off, by platform id (one query per batch)."""
    ids = sorted({c.post_id for c in items if c.post_id and not c.post_text})
    if not ids:
        return {}
    found: dict[str, str] = {}
    for post in session.execute(select(Post).where(Post.platform_post_id.in_(ids))).scalars():
        if post.versions:
            found[str(post.platform_post_id)] = post.versions[-1].text
    return found


def _context(items: Sequence[IncomingComment], accts: Sequence[Account | None]) -> list[Context]:
    """One context per comment: its account's category and, where known, the post it replies to (Gosport's
    off-topic criterion reads it); contexts without a post are shared so the engine's per-context caches hold."""
    shared: dict[str | None, Context] = {}
    out = []
    for item, acct in zip(items, accts, strict=True):
        category = acct.category if acct else None
        if item.post_text:
            out.append(Context(direction=Direction.INBOUND, account_category=category,
                               reply_to=item.post_text[:MAX_REPLY_TO]))
            continue
        if category not in shared:
            shared[category] = Context(direction=Direction.INBOUND, account_category=category)
        out.append(shared[category])
    return out


def _rows(policy: Policy, engine: Engine, items: Sequence[IncomingComment], accounts: _Accounts, source: str,
          now: dt.datetime) -> list[dict[str, Any]]:
    ours = _our_posts(accounts.session, items)
    items = [replace(c, post_text=ours[c.post_id]) if c.post_id in ours and not c.post_text else c
             for c in items]
    accts = [accounts.get(c.platform, c.account) for c in items]
    decisions = check_many(engine, [c.text for c in items], _context(items, accts))
    nation = policy.response_times.calendar
    rows = []
    for item, acct, decision in zip(items, accts, decisions, strict=True):
        days = _target_days(policy, acct.category if acct else None)
        rows.append({
            "platform": item.platform, "comment_id": item.comment_id, "account_id": acct.id if acct else None,
            "text": item.text, "author_id": item.author_id, "author_name": item.author_name,
            "url": http_url_or_none(item.url),  # a platform's javascript: link is dropped, never stored
            "thread": item.thread, "parent_id": item.parent_id, "posted_at": item.created_at, "imported_at": now,
            "post_id": item.post_id, "post_text": item.post_text,
            "source": source[:200], "verdict": decision.verdict.value,
            "content_hash": content_hash(item.platform, item.comment_id, item.text, item.author_id, item.created_at),
            "recommended": RECOMMENDED.get(decision.verdict, ModerationAction.KEEP).value,
            "decision": stored_decision(decision), "escalate_to": list(decision.escalate_to), "state": "open",
            "visibility": "visible", "answered_at": None, "legal_hold": False,
            "due_at": add_working_days(item.created_at, days, nation) if days is not None else None})
    return rows


def _existing(session: Session, items: Sequence[IncomingComment]) -> set[tuple[str, str]]:
    by_platform: dict[str, list[str]] = {}
    for item in items:
        by_platform.setdefault(item.platform, []).append(item.comment_id)
    found: set[tuple[str, str]] = set()
    for platform, ids in by_platform.items():
        query = select(Comment.comment_id).where(Comment.platform == platform, Comment.comment_id.in_(ids))
        found.update((platform, cid) for cid in session.execute(query).scalars())
    return found


def _insert(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement = (module.insert(_COMMENTS).on_conflict_do_nothing(index_elements=["platform", "comment_id"])
                 .returning(_COMMENTS.c.id))
    return [int(r[0]) for r in session.execute(statement, rows).all()]  # rowcount is unreliable for executemany


def store_batch(session: Session, *, policy: Policy, actor: str, items: Sequence[IncomingComment], source: str,
                engine: Engine | None = None, accounts: _Accounts | None = None) -> tuple[int, int]:
    """Triage and add new comments (the caller commits); returns (stored, duplicates)."""
    fresh: dict[tuple[str, str], IncomingComment] = {}
    for item in items:
        fresh.setdefault((item.platform, item.comment_id), item)
    seen = _existing(session, list(fresh.values()))
    todo = [item for key, item in fresh.items() if key not in seen]
    rows = _rows(policy, engine or engine_for(policy), todo, accounts or _Accounts(session), source,
                 dt.datetime.now(dt.UTC))
    ids = _insert(session, rows)
    stored = len(ids)
    complaints = [r for r in rows if Category.COMPLAINT in StoredDecision.read(r["decision"]).raised]
    if complaints:  # complaint comments open complaint records in the register, in the same transaction
        new = session.execute(select(Comment).where(Comment.id.in_(ids), Comment.comment_id.in_(
            [r["comment_id"] for r in complaints]))).scalars().all()
        register(session, policy=policy, actor=actor, comments=new)
    if stored:
        lines = [item.line for item in todo]
        acting(session, policy=policy, actor=actor, system=True).record("comments.import", subject_type="comment_batch",
               subject_id=f"{source}:{min(lines)}-{max(lines)}", before=None,
               after={"stored": stored, "source": source, "first_line": min(lines), "last_line": max(lines)})
    return stored, len(items) - stored


def import_file(session: Session, *, policy: Policy, actor: str, path: Path, engine: Engine | None = None,
                chunk: int = CHUNK, progress: Callable[[int], None] | None = None) -> ImportReport:
    """Stream ``path`` (CSV/JSONL) into the comment queue, committing every ``chunk`` rows (see module docstring)."""
    acting(session, policy=policy, actor=actor).require(Permission.MODERATE, doing="import comments")
    engine = engine or engine_for(policy)
    accounts = _Accounts(session)
    read = stored = duplicates = bad_count = 0
    bad: list[str] = []
    batch: list[IncomingComment] = []

    def flush(items: Iterable[IncomingComment]) -> None:
        nonlocal stored, duplicates
        new, dup = store_batch(session, policy=policy, actor=actor, items=list(items), source=path.name,
                               engine=engine, accounts=accounts)
        session.commit()
        stored, duplicates = stored + new, duplicates + dup
        if progress is not None:
            progress(read)

    for row in read_comments(path):
        read += 1
        if isinstance(row, BadRow):
            bad_count += 1
            if len(bad) < BAD_SAMPLE:
                bad.append(row.render(path.name))
            continue
        batch.append(row)
        if len(batch) >= chunk:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    return ImportReport(file=str(path), read=read, imported=stored, duplicates=duplicates, bad=bad,
                        bad_count=bad_count)

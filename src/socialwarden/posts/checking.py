"""What every post change shares: the engine check with the post's circumstances, text rules and diffs.

The check runs *before* the write lock is taken (it is the slow part: a 10 KB text takes milliseconds), and its
circumstances are worked out again under the lock; only if they changed meanwhile (an incident declared, access
granted) is the text checked again, under the lock. So the lock is held for the writes alone.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.approvals import service as approvals
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import Verdict
from socialwarden.engine.election import period_on, uk_day
from socialwarden.engine.engine import Engine
from socialwarden.engine.service import engine_for
from socialwarden.engine.stored import StoredDecision
from socialwarden.exceptions import InputError
from socialwarden.incidents.models import Incident
from socialwarden.people.models import Person
from socialwarden.policy.models import ApprovalSubject, Policy
from socialwarden.posts.access import has_access
from socialwarden.posts.models import Post, PostVersion

MAX_TEXT = 10_000


@dataclass(frozen=True)
class Media:
    """An attachment and its records: consent for identifiable people (GEN, ETT 7e), source/licence (ETT 7f)."""

    ref: str
    identifiable_people: bool = False
    consent_ref: str | None = None
    source: str | None = None
    licence: str | None = None


@dataclass(frozen=True)
class Checked:
    """A text checked in its circumstances: the engine's decision (JSON) and what the version needs approved."""

    context: Context
    decision: dict[str, Any]
    approval: dict[str, Any]


def author_role(policy: Policy, who: Person, kind: str | None) -> str | None:
    """The author's role the check runs as: one an approval exemption names for this kind of post, else the first."""
    for rule in policy.approvals:
        if rule.subject is not ApprovalSubject.POST:
            continue
        for ex in rule.exemptions:
            if (not ex.post_kinds or kind in ex.post_kinds) and (role := next(
                    (r for r in who.roles if r in ex.roles), None)):
                return role
    return next((r for r in who.roles if r in policy.roles), None)


def personal(policy: Policy, acct: Account) -> bool:
    return "personal" in acct.category and acct.category in policy.account_categories


def context_for(session: Session, policy: Policy, *, acct: Account, author: Person, kind: str | None,
                media: Sequence[Media], on: dt.date | None = None) -> Context:
    """The circumstances of a post: who writes it, where, with what media, in or out of an incident, and the day
    it goes out (election periods; None: today)."""
    incident = session.execute(select(Incident.id).where(Incident.ended_at.is_(None)).limit(1)).first() is not None
    return Context(
        direction=Direction.OUTBOUND, author_role=author_role(policy, author, kind),
        account_category=acct.category, personal=personal(policy, acct), incident=incident,
        media_attached=bool(media), consent_recorded=all(m.consent_ref for m in media if m.identifiable_people),
        licence_recorded=all(m.source and m.licence for m in media), post_kind=kind,
        has_account_access=has_access(session, acct, author.id), on=on)


def media_of(post: Post) -> list[Media]:
    return [Media(ref=m.ref, identifiable_people=m.identifiable_people, consent_ref=m.consent_ref, source=m.source,
                  licence=m.licence) for m in post.media]


def check(session: Session, policy: Policy, *, acct: Account, author: Person, kind: str | None,
          media: Sequence[Media], text: str, engine: Engine | None, before: Checked | None = None) -> Checked:
    """Check ``text`` in its circumstances; with ``before`` (a check made earlier, outside the lock) the earlier
    decision is reused when the circumstances are unchanged."""
    ctx = context_for(session, policy, acct=acct, author=author, kind=kind, media=media)
    if before is not None and before.context == ctx:
        return before
    decision: dict[str, Any] = json.loads(json.dumps((engine or engine_for(policy)).check(text, ctx).to_json()))
    need = approvals.post_requirements(policy, decision=decision, category=acct.category, personal=ctx.personal,
                                       author_role=ctx.author_role,
                                       author_roles=frozenset(r for r in author.roles if r in policy.roles),
                                       kind=kind, has_access=ctx.has_account_access)
    return Checked(context=ctx, decision=decision, approval=need)


def election_clash(session: Session, policy: Policy, post: Post, version: PostVersion, at: dt.datetime,
                   engine: Engine | None = None) -> str | None:
    """Why ``version`` may not go out at ``at``: it was checked outside the election period in force that day and
    the policy's rules for that period block it (the reason names the rule and its clause); else None."""
    day = uk_day(at)
    index = period_on(policy, day)
    if index is None:
        return None
    period = policy.election_periods[index].name
    if StoredDecision.read(version.decision).raw.get("election_period") == period:
        return None  # it was checked for this period already
    acct = session.get(Account, post.account_id)
    author = session.get(Person, post.author_id)
    assert acct is not None and author is not None  # foreign keys
    ctx = context_for(session, policy, acct=acct, author=author, kind=post.kind, media=media_of(post), on=day)
    decision = (engine or engine_for(policy)).check(version.text, ctx)
    if decision.verdict is not Verdict.BLOCK:
        return None
    rule = next(r for r in decision.rules if r.verdict is Verdict.BLOCK)
    return f"{day.day} {day:%B %Y} is inside the election period {period!r}: {rule.title} ({rule.citation.label})"


def keep_check(policy: Policy, version: PostVersion, checked: Checked) -> None:
    """Keep the decision with the version, with the roles that approve it and the exemptions that applied."""
    version.decision = checked.decision
    version.verdict = str(checked.decision["verdict"])
    version.approval = checked.approval
    version.approvers = approvals.rule_roles(approvals.stored_rules(checked.approval))
    version.policy_version = policy.policy.version


def blocked_reasons(version: PostVersion) -> str | None:
    """Why the version's check blocks it (the blocking rules and their clauses), or None."""
    if version.verdict != Verdict.BLOCK:
        return None
    rules = StoredDecision.read(version.decision).rules_with_verdict(Verdict.BLOCK)
    return "; ".join(f"{r.title} ({r.citation.section})" for r in rules) or "blocked"


def post_text(text: str) -> str:
    if not text.strip():
        raise InputError("post text must not be empty")
    if len(text) > MAX_TEXT:
        raise InputError(f"post text is longer than {MAX_TEXT} characters")
    return text


def diff(old: str, new: str, old_label: str, new_label: str) -> str:
    """A unified diff that shows what a new version changed."""
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=old_label, tofile=new_label, n=2)) or "(text unchanged)"

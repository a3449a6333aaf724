"""What every post change shares: the engine check with the post's circumstances, text rules and diffs."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.engine.context import Context, Direction
from socialwarden.engine.decision import Decision, Verdict
from socialwarden.engine.election import period_on, uk_day
from socialwarden.engine.engine import Engine
from socialwarden.engine.service import engine_for
from socialwarden.exceptions import InputError, NotFound
from socialwarden.people.models import Person
from socialwarden.policy.models import ApprovalSubject, Policy
from socialwarden.posts.common import has_access, incident_active
from socialwarden.posts.models import Post, PostStatus, PostVersion

MAX_TEXT = 10_000


@dataclass(frozen=True)
class Media:
    """An attachment and its records: consent for identifiable people (GEN, ETT 7e), source/licence (ETT 7f)."""

    ref: str
    identifiable_people: bool = False
    consent_ref: str | None = None
    source: str | None = None
    licence: str | None = None


def load_post(session: Session, post_id: int) -> Post:
    found = session.get(Post, post_id)
    if found is None:
        raise NotFound(f"no post #{post_id}")
    return found


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


def post_context(session: Session, policy: Policy, post: Post, acct: Account, author: Person) -> Context:
    media = post.media
    category = policy.account_categories.get(acct.category)
    return Context(
        direction=Direction.OUTBOUND, author_role=author_role(policy, author, post.kind),
        account_category=acct.category, personal="personal" in acct.category and category is not None,
        incident=incident_active(session) is not None, media_attached=bool(media),
        consent_recorded=all(m.consent_ref for m in media if m.identifiable_people),
        licence_recorded=all(m.source and m.licence for m in media), post_kind=post.kind,
        has_account_access=has_access(session, acct, author),
        on=uk_day(post.scheduled_at) if post.scheduled_at is not None else None)  # election periods: its day


def election_clash(session: Session, policy: Policy, post: Post, version: PostVersion, at: dt.datetime,
                   engine: Engine | None = None) -> str | None:
    """Why ``version`` may not go out at ``at``: it was checked outside the election period in force that day and
    the policy's rules for that period block it (the reason names the rule and its clause); else None."""
    day = uk_day(at)
    index = period_on(policy, day)
    if index is None:
        return None
    period = policy.election_periods[index].name
    if (version.decision or {}).get("election_period") == period:
        return None  # it was checked for this period already
    acct = session.get(Account, post.account_id)
    author = session.get(Person, post.author_id)
    assert acct is not None and author is not None  # foreign keys
    ctx = replace(post_context(session, policy, post, acct, author), on=day)
    decision = (engine or engine_for(policy)).check(version.text, ctx)
    if decision.verdict is not Verdict.BLOCK:
        return None
    rule = next(r for r in decision.rules if r.verdict is Verdict.BLOCK)
    return f"{day.day} {day:%B %Y} is inside the election period {period!r}: {rule.title} ({rule.citation.label})"


def check_version(session: Session, policy: Policy, post: Post, version: PostVersion,
                  engine: Engine | None) -> Decision:
    """Check the version with the engine and keep the decision with it (the post becomes checked)."""
    acct = session.get(Account, post.account_id)
    author = session.get(Person, post.author_id)
    assert acct is not None and author is not None  # foreign keys
    decision = (engine or engine_for(policy)).check(version.text, post_context(session, policy, post, acct, author))
    version.decision = json.loads(json.dumps(decision.to_json()))
    version.verdict = decision.verdict.value
    version.approvers = list(decision.approvers) if decision.verdict is Verdict.NEEDS_APPROVAL else []
    version.policy_version = policy.policy.version
    post.status = PostStatus.CHECKED
    return decision


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

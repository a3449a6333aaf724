"""The approval queue across every subject (posts, account requests, exceptions, wiki edits), one way.

``queue_for`` is what an approver sees: the items whose *current* version they can still decide (never their own
request, never one they already decided, and only where a role they hold is still needed). ``deciders`` is the
other side of it: who could decide an item now. Together with the ``approval.request`` audit event every
submission writes, these are the hooks a notification flow uses ("approvals waiting").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.accounts.models import Account, AccountStatus
from socialwarden.accounts.service import approval_rules as account_rules
from socialwarden.acting import ActorLike, acting, now_utc, roles_of
from socialwarden.approvals.models import ApprovalOut, Requirement, Verdict
from socialwarden.approvals.service import approval_state, deciding_role, decisions_of
from socialwarden.people.models import Person, utc
from socialwarden.policy.models import ApprovalRule, ApprovalSubject, Permission, Policy
from socialwarden.policy_exceptions import service as policy_exceptions
from socialwarden.policy_exceptions.models import ExceptionStatus, PolicyException
from socialwarden.posts import service as posts
from socialwarden.posts.models import Post, PostStatus
from socialwarden.posts.records import current, post_out, rules_of
from socialwarden.settings import Settings
from socialwarden.wiki_edits import service as wiki_edits
from socialwarden.wiki_edits.models import WikiEdit, WikiEditStatus

__all__ = ["Decided", "QueueItem", "RuleNote", "decide", "deciders", "queue_for"]


class RuleNote(BaseModel):
    """An approval rule as the approver reads it: what it asks and the clause it comes from."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    section: str
    quote: str


class QueueItem(BaseModel):
    """One thing waiting for the viewer's decision."""

    model_config = ConfigDict(frozen=True)

    subject_type: ApprovalSubject
    subject_id: int
    version: int
    title: str
    text: str  # what is to be weighed: the post, the account's purpose, the exception's reason, the edit
    requester: str
    since: dt.datetime
    role: str  # the role the viewer decides in
    requirements: list[Requirement]
    rules: list[RuleNote]
    history: list[ApprovalOut]  # earlier decisions (returns with their comments, approvals by others)
    check: dict[str, Any] | None = None  # posts: the stored check of this version (findings, rules, steps)
    can_return: bool = True


def _notes(rules: list[ApprovalRule]) -> list[RuleNote]:
    return [RuleNote(id=r.id, text=r.text, section=r.cite.section, quote=r.cite.quote) for r in rules]


def _candidates(session: Session, policy: Policy) -> list[tuple[ApprovalSubject, int, int, Person, list[ApprovalRule],
                                                                    Any]]:
    """(subject, id, version, requester, rules, row) for everything waiting for a decision."""
    found: list[tuple[ApprovalSubject, int, int, Person, list[ApprovalRule], Any]] = []
    for post in session.execute(select(Post).where(Post.status == PostStatus.AWAITING_APPROVAL)
                                .order_by(Post.updated_at, Post.id)).scalars():
        author = session.get(Person, post.author_id)
        rules = rules_of(policy, current(post))
        if author is not None and rules:
            found.append((ApprovalSubject.POST, post.id, post.version, author, rules, post))
    for account in session.execute(select(Account).where(Account.status == AccountStatus.REQUESTED)
                                   .order_by(Account.updated_at, Account.id)).scalars():
        rules = account_rules(policy, account.category)
        if rules:
            found.append((ApprovalSubject.ACCOUNT, account.id, account.revision, account.requested_by, rules,
                          account))
    exception_rules = [r for r in policy.approvals if r.subject is ApprovalSubject.EXCEPTION]
    if exception_rules:
        now = now_utc()
        for exc in session.execute(select(PolicyException).where(PolicyException.status == ExceptionStatus.REQUESTED)
                                   .order_by(PolicyException.id)).scalars():
            if utc(exc.expires_at) > now:
                found.append((ApprovalSubject.EXCEPTION, exc.id, 1, exc.requested_by, exception_rules, exc))
    wiki_rules = [r for r in policy.approvals if r.subject is ApprovalSubject.WIKI_EDIT]
    if wiki_rules:
        for edit in session.execute(select(WikiEdit).where(WikiEdit.status == WikiEditStatus.REQUESTED)
                                    .order_by(WikiEdit.id)).scalars():
            found.append((ApprovalSubject.WIKI_EDIT, edit.id, edit.revision, edit.requested_by, wiki_rules, edit))
    return found


def _item(session: Session, policy: Policy, subject: ApprovalSubject, subject_id: int, version: int,
          requester: Person, rules: list[ApprovalRule], row: Any, role: str) -> QueueItem:
    state = approval_state(session, rules=rules, subject_type=subject, subject_id=subject_id, version=version)
    check = None
    if subject is ApprovalSubject.POST:
        shown = post_out(session, policy, row)
        title = f"Post #{row.id} on {shown.account} (version {version})"
        text, since, check = shown.text, utc(row.updated_at), shown.check
    elif subject is ApprovalSubject.ACCOUNT:
        title = f"Account {row.platform} {row.handle} ({row.category}, revision {version})"
        text, since = row.purpose, utc(row.updated_at)
    elif subject is ApprovalSubject.EXCEPTION:
        title = f"Exception {row.id}: {row.title}" + (f" (§{row.clause})" if row.clause else "")
        text, since = f"{row.reason} — until {utc(row.expires_at):%d %b %Y}", utc(row.requested_at)
    else:
        title = f"Wiki edit {row.id}: {row.page}" + (" (conflict of interest)" if row.conflict_of_interest else "")
        text, since = f"{row.change}\n\nWhy: {row.reason}", utc(row.requested_at)
    return QueueItem(subject_type=subject, subject_id=subject_id, version=version, title=title, text=text,
                     requester=requester.handle, since=since, role=role, requirements=state.requirements,
                     rules=_notes(rules), history=state.history, check=check,
                     can_return=subject is not ApprovalSubject.EXCEPTION)


def queue_for(session: Session, *, policy: Policy, person: ActorLike) -> list[QueueItem]:
    """What ``person`` can decide now, oldest first: posts, account requests, exceptions and wiki edits."""
    who = acting(session, policy=policy, actor=person)
    viewer = who.as_person()
    items: list[QueueItem] = []
    for subject, subject_id, version, requester, rules, row in _candidates(session, policy):
        if subject is ApprovalSubject.POST and not who.may(Permission.APPROVE_POST):
            continue
        given = decisions_of(session, subject_type=subject, subject_id=subject_id, version=version)
        role = deciding_role(policy, person=viewer, requester=requester, rules=rules, given=given)
        if role is not None:
            items.append(_item(session, policy, subject, subject_id, version, requester, rules, row, role))
    return sorted(items, key=lambda i: i.since)


def deciders(session: Session, *, policy: Policy, subject_type: ApprovalSubject, subject_id: int) -> list[Person]:
    """The active people who could decide this item now (for "approvals waiting" notifications)."""
    for subject, sid, version, requester, rules, _row in _candidates(session, policy):
        if subject is subject_type and sid == subject_id:
            given = decisions_of(session, subject_type=subject, subject_id=sid, version=version)
            people = session.execute(select(Person).where(Person.active.is_(True)).order_by(Person.handle)).scalars()
            return [p for p in people
                    if (subject is not ApprovalSubject.POST
                        or Permission.APPROVE_POST in {q for r in roles_of(policy=policy, person=p)
                                                       for q in policy.roles[r].permissions})
                    and deciding_role(policy, person=p, requester=requester, rules=rules, given=given) is not None]
    return []


class Decided(BaseModel):
    """What a decision did: the item (as the screen names it) and its state afterwards."""

    model_config = ConfigDict(frozen=True)

    subject_type: ApprovalSubject
    subject_id: int
    decision: Verdict
    label: str  # "Post #3", "Account x @gosport" …
    result: dict[str, Any]  # the post, or the approval state of the account request, exception or wiki edit
    platform: str | None = None  # what an approved correction or withdrawal then did on the platform


def after_decision(session: Session, *, settings: Settings, policy: Policy, actor: Person, made: Decided) -> Decided:
    """Once a decision is committed: an approved correction goes out to the platform now (the worker retries
    anything left waiting). The one step the CLI, the pages and the API run after ``decide``."""
    if made.subject_type is not ApprovalSubject.POST:
        return made
    from socialwarden.connectors.post_changes import push_change

    pushed = push_change(session, settings=settings, policy=policy, actor=actor, post_id=made.subject_id)
    return made if pushed is None else made.model_copy(update={"platform": pushed.message})


def decide(session: Session, *, policy: Policy, actor: ActorLike, subject_type: ApprovalSubject, subject_id: int,
           verdict: Verdict, comment: str | None, now: dt.datetime | None = None) -> Decided:
    """Approve, return with comments or reject one item of any kind, through its own domain's service (which
    locks its row and calls ``approvals.decide``). The one dispatch the CLI, the pages and the API share."""
    text = (comment or "").strip() or None
    result: BaseModel
    if subject_type is ApprovalSubject.POST:
        result = posts.decide(session, policy=policy, actor=actor, post_id=subject_id, verdict=verdict, comment=text)
        label = f"Post #{subject_id}"
    elif subject_type is ApprovalSubject.ACCOUNT:
        account = accounts.get_account(session, account_id=subject_id)
        result = accounts.decide_account(session, policy=policy, actor=actor, account=account, verdict=verdict,
                                         comment=text)
        label = f"Account {account.platform} {account.handle}"
    elif subject_type is ApprovalSubject.EXCEPTION:
        exc = policy_exceptions.get_exception(session, exception_id=subject_id)
        result = policy_exceptions.decide_exception(session, policy=policy, actor=actor, exc=exc,
                                                    now=now or now_utc(), verdict=verdict, comment=text)
        label = f"Exception {subject_id}"
    else:
        result = wiki_edits.decide_wiki_edit(session, policy=policy, actor=actor, edit_id=subject_id,
                                             verdict=verdict, comment=text)
        label = f"Wiki edit {subject_id}"
    return Decided(subject_type=subject_type, subject_id=subject_id, decision=verdict, label=label,
                   result=result.model_dump(mode="json"))

"""Flows that cross domains: sync comments into the desk, publish due posts through connectors, and one worker
cycle of both. Each flow commits at its own safe points (a page of comments with its cursor; a publish attempt
before the platform call, by the desk's ``publish_due``).

Publishing never posts twice: the idempotency key is derived from the attempt record (post id + version), so
every retry of a version sends the same key; and before the desk sees an attempt a crash interrupted,
``reconcile_interrupted`` asks the platform whether the post went out (``find_published``) and records it as
published if so, or as failed (to be retried) if not. Platforms that can neither look a post up nor deduplicate
on the key are left to the desk, which marks the attempt unknown and asks the author to check.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account as GovAccount
from socialwarden.accounts.models import AccountStatus
from socialwarden.connectors import service
from socialwarden.connectors.base import Account, Capability, Comment, Connector, OutgoingPost, Profile
from socialwarden.connectors.http import Clock, RetryPolicy
from socialwarden.connectors.models import LinkHealth, SyncReport
from socialwarden.engine.engine import Engine
from socialwarden.engine.service import engine_for
from socialwarden.exceptions import (
    AccountNeedsReconnecting,
    InputError,
    PlatformError,
    PlatformUnavailable,
    RateLimited,
    WardenError,
)
from socialwarden.moderation.ingest import store_batch
from socialwarden.moderation.reader import IncomingComment
from socialwarden.people.models import Person
from socialwarden.policy.models import Policy
from socialwarden.posts.common import person, record
from socialwarden.posts.models import Post, PostOut, PostStatus, PublishAttempt
from socialwarden.posts.publishing import PublishResult, publish_due
from socialwarden.settings import Settings

MAX_PAGES = 50  # per account per sync: a huge backlog is drained over several cycles, cursor saved each page


def idempotency_key(post_id: int, version: int) -> str:
    """The same for every attempt at one version of a post, so platforms (and we) can spot a repeat."""
    return f"socialwarden-post-{post_id}-v{version}"


@dataclass
class Connectors:
    """One connector per platform for the life of a process (pooled connections), and each account's
    credentials held in memory for ``credential_ttl`` seconds so a worker does not read (and audit) the vault
    every cycle; an account that needs reconnecting is read afresh next time."""

    retry: RetryPolicy | None = None
    clock: Clock | None = None
    credential_ttl: float = 900.0
    made: dict[str, Connector] = field(default_factory=dict)
    held: dict[int, tuple[float, Account]] = field(default_factory=dict)

    def account(self, session: Session, *, settings: Settings, policy: Policy, actor: Person, account: GovAccount,
                connector: Connector) -> Account:
        """The connector's view of the account, from memory while fresh, else from the vault (audited)."""
        now = time.monotonic()
        held = self.held.get(account.id)
        if held is not None and held[0] > now:
            return held[1]
        target = service.account_for(session, settings=settings, policy=policy, actor=actor, account=account,
                                     connector=connector)
        self.held[account.id] = (now + self.credential_ttl, target)
        return target

    def forget(self, account_id: int) -> None:
        self.held.pop(account_id, None)

    def get(self, platform: str) -> Connector:
        name = service.platform_name(platform)
        if name not in self.made:
            self.made[name] = service.connector_for(name, retry=self.retry, clock=self.clock)
        return self.made[name]

    def close(self) -> None:
        for connector in self.made.values():
            connector.close()


def _incoming(account: GovAccount, comment: Comment, line: int) -> IncomingComment:
    return IncomingComment(line=line, platform=account.platform, comment_id=comment.platform_id, text=comment.text,
                           created_at=comment.created_at, author_id=comment.author_id,
                           author_name=comment.author_name, url=comment.url,
                           thread="\n".join(comment.thread) or None, parent_id=comment.in_reply_to,
                           account=f"{account.platform}:{account.handle}")


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # SQLite hands back naive times


def _health(exc: WardenError) -> LinkHealth:
    return LinkHealth.NEEDS_RECONNECTING if isinstance(exc, AccountNeedsReconnecting) else LinkHealth.FAILING


def sync_account(session: Session, *, settings: Settings, policy: Policy, actor: Person, account: GovAccount,
                 connectors: Connectors, engine: Engine | None = None, max_pages: int = MAX_PAGES) -> SyncReport:
    """Fetch new comments for one account page by page; each page and its cursor commit together."""
    name = f"{account.platform}:{account.handle}"
    pages = fetched = stored = duplicates = 0
    try:
        connector = connectors.get(account.platform)
        target = connectors.account(session, settings=settings, policy=policy, actor=actor, account=account,
                                    connector=connector)
        session.commit()  # the credential reads' audit events
        link = service.get_link(session, account_id=account.id)
        cursor = link.cursor if link else None
        engine = engine or engine_for(policy)
        while pages < max_pages:
            page = connector.fetch_comments(target, cursor)
            pages += 1
            fetched += len(page.comments)
            items = [_incoming(account, c, line) for line, c in enumerate(page.comments, start=1)]
            new, dup = store_batch(session, policy=policy, actor=actor.handle, items=items,
                                   source=f"sync:{name}", engine=engine) if items else (0, 0)
            service.save_cursor(session, account_id=account.id, cursor=page.cursor, stored=new)
            session.commit()  # comments and the cursor that follows them land together
            stored, duplicates, cursor = stored + new, duplicates + dup, page.cursor
            if not page.more:
                break
    except (PlatformError, InputError) as exc:  # surfaced on the account and in the report, never silent
        session.rollback()
        health = _health(exc)
        if health == LinkHealth.NEEDS_RECONNECTING:
            connectors.forget(account.id)
        wait = exc.retry_after if isinstance(exc, RateLimited | PlatformUnavailable) else None
        not_before = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait) if wait else None
        service.mark_failed(session, policy=policy, actor=actor.handle, account_id=account.id, health=health,
                            error=exc.message, not_before=not_before)
        session.commit()
        return SyncReport(account_id=account.id, account=name, pages=pages, fetched=fetched, stored=stored,
                          duplicates=duplicates, health=health, error=exc.message, not_before=not_before)
    return SyncReport(account_id=account.id, account=name, pages=pages, fetched=fetched, stored=stored,
                      duplicates=duplicates, health=LinkHealth.OK)


def syncable(session: Session, connectors: Connectors, now: dt.datetime | None = None) -> list[GovAccount]:
    """Active accounts whose platform's connector can fetch comments, less those a rate limit holds back."""
    now = now or dt.datetime.now(dt.UTC)
    found = []
    for account in session.execute(select(GovAccount).where(GovAccount.status == AccountStatus.ACTIVE)
                                   .order_by(GovAccount.id)).scalars():
        link = service.get_link(session, account_id=account.id)
        if link is not None and link.not_before is not None and _utc(link.not_before) > now:
            continue
        try:
            if connectors.get(account.platform).supports(Capability.FETCH_COMMENTS):
                found.append(account)
        except InputError:
            continue  # a platform with no connector (e.g. LinkedIn): its comments come in by file import
    return found


def sync_all(session: Session, *, settings: Settings, policy: Policy, actor: str, connectors: Connectors,
             on_report: Callable[[SyncReport], None] | None = None,
             stop: Callable[[], bool] | None = None) -> list[SyncReport]:
    """Sync every active account; one failing account never stops the others (``stop`` is checked between)."""
    who = person(session, actor)
    engine = engine_for(policy)
    reports = []
    for account in syncable(session, connectors):
        if stop is not None and stop():
            break
        report = sync_account(session, settings=settings, policy=policy, actor=who, account=account,
                              connectors=connectors, engine=engine)
        reports.append(report)
        if on_report is not None:
            on_report(report)
    return reports


class VaultPublisher:
    """The desk's ``Publisher``: publishes a post through its account's connector with vaulted credentials."""

    def __init__(self, session: Session, *, settings: Settings, policy: Policy, actor: Person,
                 connectors: Connectors) -> None:
        self.session, self.settings, self.policy, self.actor = session, settings, policy, actor
        self.connectors = connectors

    def target(self, account_id: int) -> tuple[Connector, Account]:
        account = self.session.get(GovAccount, account_id)
        if account is None:
            raise InputError(f"account {account_id} does not exist")
        connector = self.connectors.get(account.platform)
        return connector, self.connectors.account(self.session, settings=self.settings, policy=self.policy,
                                                  actor=self.actor, account=account, connector=connector)

    def outgoing(self, post: PostOut) -> OutgoingPost:
        return OutgoingPost(post_id=str(post.id), text=post.text,
                            idempotency_key=idempotency_key(post.id, post.version),
                            media_urls=tuple(m.ref for m in post.media if m.ref.startswith(("http://", "https://"))))

    def publish(self, post: PostOut) -> str:
        connector, account = self.target(post.account_id)
        try:
            return connector.publish(account, self.outgoing(post))
        except AccountNeedsReconnecting as exc:  # shown on the account as well as on the post
            self.connectors.forget(post.account_id)
            service.mark_failed(self.session, policy=self.policy, actor=self.actor.handle,
                                account_id=post.account_id, health=LinkHealth.NEEDS_RECONNECTING, error=exc.message)
            raise


def reconcile_interrupted(session: Session, *, policy: Policy, publisher: VaultPublisher) -> list[PublishResult]:
    """Settle attempts a crash left 'started': published if the platform has the post, else failed (retried)."""
    from socialwarden.posts.common import post_out  # the desk's view of a post

    actor = publisher.actor.handle
    results = []
    query = (select(PublishAttempt, Post).join(Post, Post.id == PublishAttempt.post_id)
             .where(PublishAttempt.outcome == "started", Post.status == PostStatus.SCHEDULED,
                    PublishAttempt.version == Post.version).order_by(PublishAttempt.id))
    for attempt, post in session.execute(query).all():
        out = post_out(session, post)
        try:
            connector, account = publisher.target(post.account_id)
            found = None
            if connector.supports(Capability.FIND_PUBLISHED):
                found = connector.find_published(account, publisher.outgoing(out))
            elif not connector.idempotent_publish:
                continue  # cannot tell: the desk marks it unknown and asks the author to check
        except PlatformError as exc:
            session.rollback()
            results.append(PublishResult(post.id, "unchecked", None, exc.message, None))
            continue  # try again next cycle; the attempt stays 'started' so nothing is sent meanwhile
        now = dt.datetime.now(dt.UTC)
        attempt.finished_at = now
        if found is not None:
            attempt.outcome, attempt.platform_post_id = "published", found
            post.status, post.platform_post_id, post.published_at = PostStatus.PUBLISHED, found, now
            post.last_error, post.next_attempt_at, post.updated_at = None, None, now
            acct = session.get(GovAccount, post.account_id)
            if acct is not None:
                acct.last_post_at = now
            record(session, policy, actor=actor, action="post.publish", subject_type="post", subject_id=post.id,
                   before={"status": PostStatus.SCHEDULED},
                   after={"status": PostStatus.PUBLISHED, "platform_post_id": found, "version": post.version},
                   reason="found on the platform after an interrupted attempt")
            results.append(PublishResult(post.id, "published", found, None, None))
        else:
            attempt.outcome = "failed"
            attempt.error = "interrupted before the platform answered; not on the platform, so it is sent again"
            record(session, policy, actor=actor, action="post.publish_retry", subject_type="post",
                   subject_id=post.id, before=None, after={"attempt": attempt.attempt, "error": attempt.error})
            results.append(PublishResult(post.id, "retry", None, attempt.error, None))
        session.commit()
    return results


def publish_cycle(session: Session, *, settings: Settings, policy: Policy, actor: str, connectors: Connectors,
                  now: dt.datetime | None = None) -> list[PublishResult]:
    """Settle interrupted attempts, then publish every due post (the desk's ``publish_due``)."""
    publisher = VaultPublisher(session, settings=settings, policy=policy, actor=person(session, actor),
                               connectors=connectors)
    at = now or dt.datetime.now(dt.UTC)
    due = select(Post.account_id).where(Post.status == PostStatus.SCHEDULED, Post.scheduled_at <= at).distinct()
    for account_id in session.execute(due).scalars():
        # read (and audit) credentials now and commit, so no database lock is held over a platform call; an error
        # here is met again by the desk's attempt, which shows it on the post
        with contextlib.suppress(InputError, PlatformError):
            publisher.target(account_id)
    session.commit()
    settled = reconcile_interrupted(session, policy=policy, publisher=publisher)
    done = publish_due(session, policy=policy, actor=actor, now=at, publisher=publisher,
                       base_delay=dt.timedelta(seconds=30))
    return settled + done


def refresh_profile(session: Session, *, settings: Settings, policy: Policy, actor: Person, account: GovAccount,
                    connectors: Connectors) -> Profile:
    """Read the account's live bio from its platform into the registry, for the branding checks (the caller
    commits). Whether the avatar is the organisation's logo stays a person's call (``has_logo``)."""
    from socialwarden.accounts.service import set_profile

    connector = connectors.get(account.platform)
    target = service.account_for(session, settings=settings, policy=policy, actor=actor, account=account,
                                 connector=connector)
    found = connector.profile(target)
    if found.bio != account.profile_text:
        set_profile(session, policy=policy, actor=actor, account=account, profile_text=found.bio)
    return found

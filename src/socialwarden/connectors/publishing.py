"""Publishing due posts through connectors, never twice.

The desk's ``publish_due`` commits a ``started`` attempt before each platform call. The idempotency key is
derived from that attempt record (post id + version), so every retry of a version sends the same key; and before
``publish_due`` sees an attempt a crash interrupted, ``reconcile_interrupted`` asks the platform whether the post
went out (``find_published``) and records it as published if so, or as failed (to be retried) if not. Platforms
that can neither look a post up nor deduplicate on the key are left to the desk, which marks the attempt unknown
and asks the author to check.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account as GovAccount
from socialwarden.acting import acting
from socialwarden.connectors import service
from socialwarden.connectors.actions import NO_CONNECTOR, linked
from socialwarden.connectors.base import Account, Capability, Connector, OutgoingPost
from socialwarden.connectors.models import LinkHealth
from socialwarden.connectors.pool import Connectors
from socialwarden.exceptions import AccountNeedsReconnecting, InputError, NoConnector, PermissionDenied, PlatformError
from socialwarden.people.models import Person
from socialwarden.policy.models import Policy
from socialwarden.posts.models import Post, PostOut, PostStatus, PublishAttempt
from socialwarden.posts.outbox import OutboxPublisher
from socialwarden.posts.publishing import PublishResult, publish_due
from socialwarden.posts.records import post_out
from socialwarden.settings import Settings

__all__ = ["VaultPublisher", "idempotency_key", "publish_cycle", "reconcile_interrupted"]


def idempotency_key(post_id: int, version: int) -> str:
    """The same for every attempt at one version of a post, so platforms (and we) can spot a repeat."""
    return f"socialwarden-post-{post_id}-v{version}"


class VaultPublisher:
    """The desk's ``Publisher``: publishes a post through its account's connector with vaulted credentials."""

    def __init__(self, session: Session, *, settings: Settings, policy: Policy, actor: Person,
                 connectors: Connectors, outbox: Path | None = None) -> None:
        self.session, self.settings, self.policy, self.actor = session, settings, policy, actor
        self.connectors = connectors
        self.outbox = outbox  # where a post for an account with no connector is written, for hand publishing

    def target(self, account_id: int) -> tuple[Connector, Account]:
        account = self.session.get(GovAccount, account_id)
        if account is None:
            raise InputError(f"account {account_id} does not exist")
        connector = self.connectors.get(account.platform)
        return connector, self.connectors.account(self.session, settings=self.settings, policy=self.policy,
                                                  actor=self.actor, account=account, connector=connector)

    def outgoing(self, post: PostOut, *, not_before: dt.datetime | None = None) -> OutgoingPost:
        """The post as sent; for a look-up after a lost answer, ``not_before`` is when the attempt began and the
        platform ids of the account's other posts are excluded, so an older post with the same text never
        counts as this one."""
        return OutgoingPost(post_id=str(post.id), text=post.text,
                            idempotency_key=idempotency_key(post.id, post.version),
                            media_urls=tuple(m.ref for m in post.media if m.ref.startswith(("http://", "https://"))),
                            not_before=not_before, known_ids=self.known_ids(post.account_id, post.id))

    def known_ids(self, account_id: int, except_post: int) -> frozenset[str]:
        """Platform ids already recorded for the account's other posts."""
        query = select(Post.platform_post_id).where(Post.account_id == account_id, Post.id != except_post,
                                                    Post.platform_post_id.is_not(None))
        return frozenset(str(pid) for pid in self.session.execute(query).scalars())

    def publish(self, post: PostOut) -> str:
        if not linked(self.session, post.account_id):
            said = f"not published: {NO_CONNECTOR} for {post.account}"
            if self.outbox is not None:
                OutboxPublisher(self.outbox).write(post)
                said += f"; written to {self.outbox} for publishing by hand"
            raise NoConnector(said + " (link it: warden connectors link, then schedule it again)")
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
    who = acting(session, policy=policy, actor=publisher.actor)
    results = []
    query = (select(PublishAttempt, Post).join(Post, Post.id == PublishAttempt.post_id)
             .where(PublishAttempt.outcome == "started", Post.status == PostStatus.SCHEDULED,
                    PublishAttempt.version == Post.version).order_by(PublishAttempt.id))
    for attempt, post in session.execute(query).all():
        if not linked(session, post.account_id):
            continue  # nothing to ask: the desk settles it
        out = post_out(session, policy, post)
        try:
            connector, account = publisher.target(post.account_id)
            found = None
            if connector.supports(Capability.FIND_PUBLISHED):
                started = attempt.started_at if attempt.started_at.tzinfo else \
                    attempt.started_at.replace(tzinfo=dt.UTC)
                found = connector.find_published(account, publisher.outgoing(out, not_before=started))
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
            who.record("post.publish", subject_type="post", subject_id=post.id,
                       before={"status": PostStatus.SCHEDULED},
                       after={"status": PostStatus.PUBLISHED, "platform_post_id": found, "version": post.version},
                       reason="found on the platform after an interrupted attempt")
            results.append(PublishResult(post.id, "published", found, None, None))
        else:
            attempt.outcome = "failed"
            attempt.error = "interrupted before the platform answered; not on the platform, so it is sent again"
            who.record("post.publish_retry", subject_type="post", subject_id=post.id, before=None,
                       after={"attempt": attempt.attempt, "error": attempt.error})
            results.append(PublishResult(post.id, "retry", None, attempt.error, None))
        session.commit()
    return results


def publish_cycle(session: Session, *, settings: Settings, policy: Policy, actor: str, connectors: Connectors,
                  now: dt.datetime | None = None, outbox: Path | None = None) -> list[PublishResult]:
    """Settle interrupted attempts, then publish every due post (the desk's ``publish_due``); a post whose account
    has no connector linked is not published (its attempt says so), and is copied to ``outbox`` when given."""
    publisher = VaultPublisher(session, settings=settings, policy=policy,
                               actor=acting(session, policy=policy, actor=actor).as_person(),
                               connectors=connectors, outbox=outbox)
    at = now or dt.datetime.now(dt.UTC)
    due = select(Post.account_id).where(Post.status == PostStatus.SCHEDULED, Post.scheduled_at <= at).distinct()
    for account_id in session.execute(due).scalars():
        # read (and audit) credentials now and commit, so no database lock is held over a platform call; an error
        # here is met again by the desk's attempt, which shows it on the post
        if linked(session, account_id):
            with contextlib.suppress(InputError, PlatformError, PermissionDenied):
                publisher.target(account_id)
    session.commit()
    settled = reconcile_interrupted(session, policy=policy, publisher=publisher)
    done = publish_due(session, policy=policy, actor=actor, now=at, publisher=publisher,
                       base_delay=dt.timedelta(seconds=30))
    return settled + done

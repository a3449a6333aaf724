"""Flows that cross domains: sync comments into the desk's queue, read our posts' engagement into the engagement
domain, and read live profiles into the registry.

A sync commits each page of comments together with the cursor that follows it, so a crash resumes after the last
stored page and the desk's (platform, comment id) key stops anything being stored twice. After the comments, the
counts of our posts published in the last ``ENGAGEMENT_WINDOW`` are read (at most every ``ENGAGEMENT_EVERY`` per
account) and stored when they moved. Publishing is in ``publishing.py``; the per-process connectors and
credential cache in ``pool.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account as GovAccount
from socialwarden.accounts.models import AccountStatus
from socialwarden.acting import acting
from socialwarden.connectors import service
from socialwarden.connectors.base import Account, Capability, Comment, Connector, Gone, Profile
from socialwarden.connectors.models import LinkHealth, SyncReport
from socialwarden.connectors.pool import Connectors
from socialwarden.engagement import service as engagement
from socialwarden.engagement.models import ReadReport
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
from socialwarden.posts.models import Post
from socialwarden.settings import Settings

MAX_PARENT_READS = 20  # posts read from the platform per page of comments, for their text (thread context)
MAX_POST_TEXT = 20_000
MAX_PAGES = 50  # per account per sync: a huge backlog is drained over several cycles, cursor saved each page
ENGAGEMENT_EVERY = dt.timedelta(minutes=15)
ENGAGEMENT_WINDOW = dt.timedelta(days=90)  # older posts' counts stay as last read


def _incoming(account: GovAccount, comment: Comment, line: int, parents: dict[str, str | None]) -> IncomingComment:
    post_text = comment.post_text or (parents.get(comment.post_id) if comment.post_id else None)
    return IncomingComment(line=line, platform=account.platform, comment_id=comment.platform_id, text=comment.text,
                           created_at=comment.created_at, author_id=comment.author_id,
                           author_name=comment.author_name, url=comment.url,
                           thread="\n".join(comment.thread) or None, parent_id=comment.in_reply_to,
                           account=f"{account.platform}:{account.handle}", post_id=comment.post_id,
                           post_text=post_text[:MAX_POST_TEXT] if post_text else None)


def parent_texts(session: Session, connector: Connector, target: Account, comments: Sequence[Comment],
                 known: dict[str, str | None]) -> dict[str, str | None]:
    """The text of the posts these comments hang off that the platform did not send with them: ours from the
    store (at ingest), anyone else's read from the platform by id (``fetch_post``, at most MAX_PARENT_READS a page;
    a post gone from the platform has none). ``known`` carries what was read earlier in the sync."""
    wanted = {c.post_id for c in comments if c.post_id and not c.post_text} - set(known)
    if not wanted:
        return known
    ours = set(session.execute(select(Post.platform_post_id).where(Post.platform_post_id.in_(sorted(wanted))))
               .scalars())
    found = dict(known)
    if not connector.supports(Capability.FETCH_POST):
        return found
    for post_id in sorted(wanted - {str(o) for o in ours})[:MAX_PARENT_READS]:
        try:
            found[post_id] = connector.fetch_post(target, post_id).text
        except Gone:
            found[post_id] = None  # deleted on the platform: the comment is stored without it
    return found


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
        parents: dict[str, str | None] = {}
        while pages < max_pages:
            page = connector.fetch_comments(target, cursor)
            pages += 1
            fetched += len(page.comments)
            parents = parent_texts(session, connector, target, page.comments, parents)
            items = [_incoming(account, c, line, parents) for line, c in enumerate(page.comments, start=1)]
            new, dup = store_batch(session, policy=policy, actor=actor.handle, items=items,
                                   source=f"sync:{name}", engine=engine) if items else (0, 0)
            service.save_cursor(session, account_id=account.id, cursor=page.cursor, stored=new)
            session.commit()  # comments and the cursor that follows them land together
            stored, duplicates, cursor = stored + new, duplicates + dup, page.cursor
            if not page.more:
                break
        read = read_engagement(session, policy=policy, actor=actor, account=account, connector=connector,
                               target=target)
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
                      duplicates=duplicates, health=LinkHealth.OK, engagement_posts=read.posts if read else 0,
                      engagement_changed=read.changed if read else 0)


def read_engagement(session: Session, *, policy: Policy, actor: Person, account: GovAccount, connector: Connector,
                    target: Account, now: dt.datetime | None = None) -> ReadReport | None:
    """Read the counts of the account's recent published posts from its platform and store those that moved (one
    commit). Skipped (None) when the platform cannot count, or the counts were read under ENGAGEMENT_EVERY ago."""
    if not connector.supports(Capability.ENGAGEMENT):
        return None
    at = now or dt.datetime.now(dt.UTC)
    link = service.get_link(session, account_id=account.id)
    if link is not None and link.engagement_read_at is not None and \
            _utc(link.engagement_read_at) > at - ENGAGEMENT_EVERY:
        return None
    asked = engagement.live_posts(session, account_id=account.id, published_since=at - ENGAGEMENT_WINDOW)
    readings = {e.post_id: e for e in connector.engagement(target, list(asked))} if asked else {}
    report = engagement.record_readings(session, policy=policy, actor=actor.handle, account_id=account.id,
                                        asked=asked, readings=readings, at=at)
    service.engagement_read(session, account_id=account.id, at=at)
    session.commit()
    return report


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
            continue  # a platform with no connector (e.g. Pinterest): its comments come in by file import
    return found


def sync_all(session: Session, *, settings: Settings, policy: Policy, actor: str, connectors: Connectors,
             on_report: Callable[[SyncReport], None] | None = None,
             stop: Callable[[], bool] | None = None) -> list[SyncReport]:
    """Sync every active account; one failing account never stops the others (``stop`` is checked between)."""
    who = acting(session, policy=policy, actor=actor).as_person()
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

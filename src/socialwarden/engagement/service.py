"""Engagement services: store the counts a connector read, and read them back per post and per account.

Nothing here commits (the sync flow does, per account) and nothing here calls a platform.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.acting import acting
from socialwarden.engagement.models import AccountEngagement, EngagementOut, PostEngagement, ReadReport
from socialwarden.people.models import utc
from socialwarden.policy.models import Policy
from socialwarden.posts.models import Post, PostStatus

__all__ = ["by_account", "engaged", "history", "latest", "live_posts", "record_readings"]

LIVE = (PostStatus.PUBLISHED, PostStatus.CORRECTED)


class Counts(Protocol):
    """What a connector reports for one post (``connectors.base.Engagement``)."""

    @property
    def likes(self) -> int: ...
    @property
    def shares(self) -> int: ...
    @property
    def replies(self) -> int: ...
    @property
    def views(self) -> int | None: ...


def _out(row: PostEngagement) -> EngagementOut:
    return EngagementOut(post_id=row.post_id, account_id=row.account_id, platform_post_id=row.platform_post_id,
                         read_at=utc(row.read_at), likes=row.likes, shares=row.shares, replies=row.replies,
                         views=row.views, total=row.likes + row.shares + row.replies)


def live_posts(session: Session, *, account_id: int, published_since: dt.datetime) -> dict[str, int]:
    """Our posts live on the account's platform, published since the given time: platform id -> post id."""
    query = (select(Post.id, Post.platform_post_id)
             .where(Post.account_id == account_id, Post.status.in_(LIVE), Post.platform_post_id.is_not(None),
                    Post.published_at >= published_since.astimezone(dt.UTC))
             .order_by(Post.published_at.desc()))
    return {str(pid): int(post_id) for post_id, pid in session.execute(query).all()}


def _newest(session: Session, post_ids: list[int]) -> dict[int, PostEngagement]:
    if not post_ids:
        return {}
    newest = (select(func.max(PostEngagement.id)).where(PostEngagement.post_id.in_(post_ids))
              .group_by(PostEngagement.post_id))
    rows = session.execute(select(PostEngagement).where(PostEngagement.id.in_(newest))).scalars()
    return {row.post_id: row for row in rows}


def record_readings(session: Session, *, policy: Policy, actor: str, account_id: int, asked: Mapping[str, int],
                    readings: Mapping[str, Counts], at: dt.datetime) -> ReadReport:
    """Store what the platform reported for the posts in ``asked`` (platform id -> post id): a new row for each
    post whose counts moved since its newest row (or that has none), and the new total on ``posts.engagement``
    (audited). Posts the platform did not report are counted as missing and keep their last counts."""
    who = acting(session, policy=policy, actor=actor, system=True)
    newest = _newest(session, list(asked.values()))
    changed = 0
    for platform_id, post_id in asked.items():
        counts = readings.get(platform_id)
        if counts is None:
            continue
        last = newest.get(post_id)
        if last is not None and (last.likes, last.shares, last.replies, last.views) == \
                (counts.likes, counts.shares, counts.replies, counts.views):
            continue
        session.add(PostEngagement(post_id=post_id, account_id=account_id, platform_post_id=platform_id, read_at=at,
                                   likes=counts.likes, shares=counts.shares, replies=counts.replies,
                                   views=counts.views))
        changed += 1
        post = session.get(Post, post_id)
        total = counts.likes + counts.shares + counts.replies
        if post is not None and post.engagement != total:
            who.record("post.engagement", subject_type="post", subject_id=post_id,
                       before={"engagement": post.engagement},
                       after={"engagement": total, "likes": counts.likes, "shares": counts.shares,
                              "replies": counts.replies}, reason="read from the platform")
            post.engagement = total
    missing = sum(1 for pid in asked if pid not in readings)
    if changed:
        who.record("engagement.read", subject_type="account", subject_id=account_id, before=None,
                   after={"posts": len(asked), "changed": changed, "missing": missing})
    session.flush()
    return ReadReport(account_id=account_id, posts=len(asked), changed=changed, missing=missing)


def latest(session: Session, *, post_id: int) -> EngagementOut | None:
    """The newest counts read for a post (None: never read)."""
    row = _newest(session, [post_id]).get(post_id)
    return None if row is None else _out(row)


def history(session: Session, *, post_id: int, limit: int = 500) -> list[EngagementOut]:
    """Every change in a post's counts, oldest first."""
    query = (select(PostEngagement).where(PostEngagement.post_id == post_id)
             .order_by(PostEngagement.read_at.desc(), PostEngagement.id.desc()).limit(limit))
    return [_out(r) for r in reversed(list(session.execute(query).scalars()))]


def engaged(session: Session, *, post_id: int) -> int:
    """How many likes, shares and replies the post has had, as last read (0 if never read). Gosport 27's test:
    a post anyone has engaged with is corrected publicly, never deleted."""
    found = latest(session, post_id=post_id)
    post = session.get(Post, post_id)
    return max(found.total if found else 0, post.engagement if post is not None else 0)


@dataclass
class _Sum:
    posts: int = 0
    engaged: int = 0
    likes: int = 0
    shares: int = 0
    replies: int = 0
    views: int | None = None
    last: dt.datetime | None = None


def by_account(session: Session) -> list[AccountEngagement]:
    """Per account: its posts' newest counts summed, for the dashboard and the analytics report (ETT 6f)."""
    newest = select(func.max(PostEngagement.id)).group_by(PostEngagement.post_id)
    sums: dict[int, _Sum] = {}
    for row in session.execute(select(PostEngagement).where(PostEngagement.id.in_(newest))).scalars():
        acc = sums.setdefault(row.account_id, _Sum())
        acc.posts += 1
        acc.engaged += 1 if row.likes + row.shares + row.replies else 0
        acc.likes, acc.shares, acc.replies = acc.likes + row.likes, acc.shares + row.shares, acc.replies + row.replies
        if row.views is not None:
            acc.views = (acc.views or 0) + row.views
        when = utc(row.read_at)
        acc.last = when if acc.last is None or when > acc.last else acc.last
    out = []
    for account_id, acc in sorted(sums.items()):
        account = session.get(Account, account_id)
        out.append(AccountEngagement(account_id=account_id,
                                     account=f"{account.platform}:{account.handle}" if account else str(account_id),
                                     posts=acc.posts, engaged_posts=acc.engaged, likes=acc.likes, shares=acc.shares,
                                     replies=acc.replies, views=acc.views, last_read_at=acc.last))
    return out

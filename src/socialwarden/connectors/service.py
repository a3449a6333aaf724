"""Connector services: link a governance account to its platform, build the connector's view of it with
credentials read from the vault, and keep each account's cursor and health. Nothing here commits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account as GovAccount
from socialwarden.accounts.service import get_account
from socialwarden.acting import ActorLike, acting, grantors
from socialwarden.connectors.base import Account, Connector, Credentials, connector_class
from socialwarden.connectors.http import Clock, RetryPolicy
from socialwarden.connectors.models import ConnectorLink, LinkHealth, LinkOut
from socialwarden.notifications.models import NotificationKind
from socialwarden.notifications.service import notify_roles
from socialwarden.people.models import Person
from socialwarden.policy.models import Permission, Policy
from socialwarden.settings import Settings
from socialwarden.urls import http_url
from socialwarden.vault import service as vault

__all__ = ["account_for", "connector_for", "engagement_read", "get_link", "link_account", "links", "mark_failed",
           "platform_name", "save_cursor"]

ALIASES = {"twitter": "x", "blog": "feed", "rss": "feed", "webhook": "feed", "facebook_page": "facebook",
           "linkedin_page": "linkedin", "tik_tok": "tiktok"}
MAX_ERROR = 2000


def platform_name(platform: str) -> str:
    """The connector's name for a governance account's platform (``twitter`` is ``x``, ``blog`` is ``feed``)."""
    key = platform.strip().lower()
    return ALIASES.get(key, key)


def connector_for(platform: str, *, retry: RetryPolicy | None = None, clock: Clock | None = None) -> Connector:
    """A connector for the account's platform (InputError naming the known platforms otherwise)."""
    return connector_class(platform_name(platform))(retry=retry, clock=clock)


def get_link(session: Session, *, account_id: int) -> ConnectorLink | None:
    return session.get(ConnectorLink, account_id)


def links(session: Session) -> list[LinkOut]:
    rows = session.execute(select(ConnectorLink).order_by(ConnectorLink.account_id)).scalars()
    return [LinkOut.model_validate(row) for row in rows]


def _snapshot(link: ConnectorLink) -> dict[str, object]:
    return {"external_id": link.external_id, "api_base_url": link.api_base_url, "health": link.health}


def link_account(session: Session, *, policy: Policy, actor: ActorLike, account_id: int, external_id: str | None,
                 api_base_url: str | None) -> LinkOut:
    """Record where an account lives on its platform (a reconnect also clears 'needs reconnecting')."""
    who = acting(session, policy=policy, actor=actor)
    who.require(Permission.MANAGE_CREDENTIALS, doing="connect accounts to their platforms")
    account = get_account(session, account_id=account_id)
    connector_class(platform_name(account.platform))  # refuse a platform with no connector now, not at sync time
    now = dt.datetime.now(dt.UTC)
    link = session.get(ConnectorLink, account.id)
    before = None if link is None else _snapshot(link)
    if link is None:
        link = ConnectorLink(account_id=account.id, comments_seen=0, health=LinkHealth.OK, updated_at=now)
        session.add(link)
    link.external_id = (external_id or "").strip() or None
    link.api_base_url = http_url(api_base_url, field="api_base_url")  # kept as given: a feed may need its slash
    link.health, link.last_error, link.updated_at = LinkHealth.OK, None, now
    session.flush()
    who.record("connector.link", subject_type="account", subject_id=account.id, before=before,
               after=_snapshot(link))
    return LinkOut.model_validate(link)


def account_for(session: Session, *, settings: Settings, policy: Policy, actor: Person, account: GovAccount,
                connector: Connector) -> Account:
    """The connector's view of ``account``, with every credential it has read from the vault (each read audited)."""
    link = session.get(ConnectorLink, account.id)
    values: dict[str, str] = {}
    for info in vault.list_secrets(session, policy=policy, actor=actor, account_id=account.id):
        secret = vault.read_secret(session, settings=settings, policy=policy, actor=actor, account_id=account.id,
                                   name=info.name)
        values[info.name] = secret.reveal()
    return Account(id=str(account.id), platform=connector.platform, handle=account.handle,
                   external_id=link.external_id if link else None,
                   api_base_url=(link.api_base_url if link else None) or account.url,
                   credentials=Credentials(values))


def _link(session: Session, account_id: int) -> ConnectorLink:
    link = session.get(ConnectorLink, account_id)
    if link is None:
        link = ConnectorLink(account_id=account_id, comments_seen=0, health=LinkHealth.OK,
                             updated_at=dt.datetime.now(dt.UTC))
        session.add(link)
    return link


def save_cursor(session: Session, *, account_id: int, cursor: str | None, stored: int) -> None:
    """Move the account's cursor on (in the transaction that stores the page's comments)."""
    link = _link(session, account_id)
    now = dt.datetime.now(dt.UTC)
    link.cursor, link.last_sync_at, link.updated_at, link.not_before = cursor, now, now, None
    link.comments_seen = (link.comments_seen or 0) + stored
    if link.health != LinkHealth.OK:
        link.health, link.last_error = LinkHealth.OK, None


def engagement_read(session: Session, *, account_id: int, at: dt.datetime) -> None:
    """Note when the account's post counts were last read (they are read at most every few minutes)."""
    link = _link(session, account_id)
    link.engagement_read_at = at


def mark_failed(session: Session, *, policy: Policy, actor: str, account_id: int, health: LinkHealth,
                error: str, not_before: dt.datetime | None = None) -> bool:
    """Record a failed sync; the first time an account needs reconnecting (or starts failing) is audited.

    Returns True when the health changed (so the edge can tell a person).
    """
    link = _link(session, account_id)
    changed = link.health != health
    before = {"health": link.health, "last_error": link.last_error}
    link.health, link.last_error, link.updated_at = health, error[:MAX_ERROR], dt.datetime.now(dt.UTC)
    link.not_before = not_before  # a rate limit's wait: the account is skipped until then
    if changed:
        acting(session, policy=policy, actor=actor, system=True).record(
            f"connector.{health.value}", subject_type="account", subject_id=account_id, before=before,
            after={"health": health, "last_error": link.last_error})
        if health == LinkHealth.NEEDS_RECONNECTING:
            _tell_reconnect(session, policy=policy, actor=actor, account_id=account_id, error=link.last_error or "")
    return changed


def _tell_reconnect(session: Session, *, policy: Policy, actor: str, account_id: int, error: str) -> None:
    """Notify the account's owner and whoever manages credentials that a person must reconnect it."""
    account = session.get(GovAccount, account_id)
    owner = session.get(Person, account.owner_id) if account is not None and account.owner_id else None
    name = f"{account.platform} {account.handle}" if account is not None else f"account #{account_id}"
    notify_roles(session, policy=policy, roles=grantors(policy, Permission.MANAGE_CREDENTIALS),
                 also=[owner] if owner is not None else [], kind=NotificationKind.ACCOUNT_RECONNECT,
                 key=f"reconnect:{account_id}:{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}", subject_type="account",
                 subject_id=account_id, title=f"{name} needs reconnecting",
                 body=f"The platform refused {name}'s token ({error}). Reconnect it: warden credentials set "
                      f"{account_id} access_token, then warden connectors status.", link="/accounts", actor=actor)

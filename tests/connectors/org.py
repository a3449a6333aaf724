"""A small ETT organisation for the integration tests: people, live accounts with vaulted tokens, due posts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.accounts.models import Account
from socialwarden.connectors import service as connectors
from socialwarden.people.models import Person
from socialwarden.policy.models import Policy
from socialwarden.posts import service as posts
from socialwarden.settings import Settings
from socialwarden.vault import service as vault
from socialwarden.vault.models import Secret
from tests.governance.helpers import ETT_CAST, cast


def crew(session: Session, policy: Policy) -> dict[str, Person]:
    return cast(session, policy, ETT_CAST)


def live_account(session: Session, *, settings: Settings, policy: Policy, ceo: Person, platform: str, handle: str,
                 secrets: dict[str, str], external_id: str | None = None, api_base_url: str | None = None) -> Account:
    """An active official account whose credentials are in the vault and whose platform link is recorded."""
    account = accounts.request_account(session, policy=policy, actor=ceo, platform=platform, handle=handle,
                                       category="official", purpose="Main channel", owner=ceo,
                                       has_logo=True)  # ETT 15a: it goes live only with the logo
    accounts.activate_account(session, policy=policy, actor=ceo, account=account)
    for name, value in secrets.items():
        vault.set_secret(session, settings=settings, policy=policy, actor=ceo, account_id=account.id, name=name,
                         value=Secret(value))
    connectors.link_account(session, policy=policy, actor=ceo, account_id=account.id, external_id=external_id,
                            api_base_url=api_base_url)
    session.commit()
    return account


def give_access(session: Session, *, policy: Policy, account: Account, handle: str) -> None:
    """Put a person on the account's access list (ETT 5c: only they, and the CEO, publish on it)."""
    from socialwarden.accounts.models import MemberKind
    from socialwarden.posts.access import has_access

    person = crew_member(session, handle)
    if not has_access(session, account, person.id):
        accounts.add_member(session, policy=policy, actor="ceo", account=account, person=person,
                            kind=MemberKind.ACCESS)
        session.commit()


def due_post(session: Session, *, policy: Policy, author: str, account: Account, text: str) -> int:
    """A post approved and scheduled a minute ago (its author put on the account's access list first)."""
    give_access(session, policy=policy, account=account, handle=author)
    post = posts.draft(session, policy=policy, actor=author, account_ref=account.id, text=text)
    post = posts.submit(session, policy=policy, actor=author, post_id=post.id)
    if post.status != "approved":
        post = posts.approve(session, policy=policy, actor="ceo" if author != "ceo" else "trustee", post_id=post.id)
    a_minute_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    posts.schedule(session, policy=policy, actor=author, post_id=post.id, at=a_minute_ago, now=a_minute_ago)
    session.commit()
    return post.id


def crew_member(session: Session, handle: str) -> Person:
    from socialwarden.people.service import get_person

    return get_person(session, handle=handle)

"""The demo organisation behind ``make run``: Gosport's policy, one person per role, accounts, posts and an inbox.

Everything is made through the services (so the audit trail is real). Passwords are random, kept in
``<data_dir>/demo-credentials.json`` (mode 600) so a second run prints the same ones.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.accounts.documents import missing_documents, record_document
from socialwarden.demo import texts
from socialwarden.moderation.models import Comment
from socialwarden.moderation.reader import IncomingComment
from socialwarden.moderation.service import act, store_batch
from socialwarden.people import service as people
from socialwarden.people.models import Person
from socialwarden.policy.models import ModerationAction, Permission, Policy
from socialwarden.posts import service as posts
from socialwarden.settings import DATA_SETTINGS_FILE, Settings
from socialwarden.store.files import write_private_text
from socialwarden.web import users

CREDENTIALS = "demo-credentials.json"


def _password() -> str:
    return "-".join(secrets.token_hex(3) for _ in range(3))  # e.g. 3f9a1c-7be204-c1d9aa: 20 characters


def credentials_path(settings: Settings) -> Path:
    return Path(settings.data_dir) / CREDENTIALS


def _holder(policy: Policy, permission: Permission, handles: dict[str, str]) -> str:
    role = next(r for r, spec in policy.roles.items() if permission in spec.permissions and r in handles)
    return handles[role]


def seed(session: Session, *, settings: Settings, policy: Policy) -> list[dict[str, str]]:
    """Fill an empty store with the demo organisation; returns the sign-in credentials (the caller commits)."""
    if session.execute(select(func.count()).select_from(Person)).scalar_one():
        raise RuntimeError("the store already has people: the demo only seeds an empty store")
    roles = sorted(policy.roles, key=lambda r: (Permission.MANAGE_PEOPLE not in policy.roles[r].permissions,
                                                policy.roles[r].relative_to_requester))
    creds: list[dict[str, str]] = []
    handles: dict[str, str] = {}
    admin: Person | None = None
    manager: Person | None = None
    for role in roles:
        spec = policy.roles[role]
        handle = role.replace("_", ".")
        relative = spec.relative_to_requester  # held by being someone's line manager, never assigned
        person = people.add_person(session, policy=policy, actor=admin, handle=handle,
                                   name=texts.NAMES.get(role, spec.title), roles=[] if relative else [role],
                                   email=f"{handle}@{texts.MAIL_DOMAIN}")
        admin = admin or person
        if relative:
            manager = person
        handles[role] = handle
        password = _password()
        users.set_password(session, policy=policy, actor=None, handle=handle, password=password)
        creds.append({"handle": handle, "password": password, "role": spec.title})
    assert admin is not None
    requester = people.get_person(session, handle=_holder(policy, Permission.REQUEST_ACCOUNT, handles))
    if manager is not None:
        people.set_line_manager(session, policy=policy, actor=admin, person=requester, line_manager=manager)
    owner = people.get_person(session, handle=_holder(policy, Permission.MODERATE, handles))
    live = _accounts(session, policy=policy, admin=admin, requester=requester, owner=owner, manager=manager)
    _posts(session, policy=policy, author=owner.handle, account_id=live)
    now = dt.datetime.now(dt.UTC)
    items = [IncomingComment(line=i + 1, platform="facebook", comment_id=f"demo-{i + 1}", text=text,
                             created_at=now - dt.timedelta(days=3 * i, hours=1), author_id=f"fb-{1000 + i}",
                             author_name=name, url=f"https://facebook.com/GosportBC/posts/1#c{i + 1}",
                             thread="post-1", account="facebook:GosportBC")
             for i, (name, text) in enumerate(texts.COMMENTS)]
    store_batch(session, policy=policy, actor=owner.handle, items=items, source="demo")
    _replies(session, policy=policy, moderator=owner.handle)
    return creds


def _replies(session: Session, *, policy: Policy, moderator: str) -> None:
    """Two comments already answered, so the dashboard has response times to show."""
    for comment_id, reply in texts.REPLIES:
        row = session.execute(select(Comment).where(Comment.comment_id == comment_id)).scalar_one()
        act(session, policy=policy, actor=moderator, pk=row.id, action=ModerationAction.REPLY,
            reason="answered in the demo", reply_text=reply)


def _accounts(session: Session, *, policy: Policy, admin: Person, requester: Person, owner: Person,
              manager: Person | None) -> int:
    """Two live official accounts (approved by the Head of IT and the line manager), one request waiting."""
    category = next(iter(policy.account_categories))
    live_id = 0
    for platform, handle, purpose in texts.ACCOUNTS:
        account = accounts.request_account(session, policy=policy, actor=requester, platform=platform, handle=handle,
                                           category=category, purpose=purpose, owner=owner,
                                           profile_text=f"Official {platform} account of Gosport Borough Council",
                                           has_logo=True)
        if handle == "GosportLeisure":
            continue  # left waiting for the approval queue
        for approver in [admin, manager]:
            if approver is not None and account.status == "requested":
                accounts.approve_account(session, policy=policy, actor=approver, account=account,
                                         comment="demo: purpose and owner agreed")
        for doc in missing_documents(policy=policy, account=account):  # Gosport 10: on file before it goes live
            record_document(session, policy=policy, actor=owner, account=account, document_id=doc.document_id,
                            location=f"https://intranet.example/social-media/{platform}/{doc.document_id}")
        accounts.activate_account(session, policy=policy, actor=owner, account=account)
        live_id = live_id or account.id
    return live_id


def _posts(session: Session, *, policy: Policy, author: str, account_id: int) -> None:
    for i, text in enumerate(texts.POSTS):
        out = posts.draft(session, policy=policy, actor=author, account_ref=account_id, text=text)
        if i == 0:
            posts.submit(session, policy=policy, actor=author, post_id=out.id)


def remember_policy(settings: Settings) -> Path | None:
    """Write ``<data dir>/warden.env`` naming the demo's policy (unless the file exists), so the CLI commands in the
    README work beside ``make run`` without exporting WARDEN_POLICY."""
    path = Path(settings.data_dir) / DATA_SETTINGS_FILE
    if path.exists() or not settings.policy:
        return None
    write_private_text(path, "# written by `warden serve --demo`: the organisation's policy for every warden "
                             f"command run on this data directory\nWARDEN_POLICY={settings.policy}\n")
    return path


def save_credentials(settings: Settings, creds: list[dict[str, str]]) -> None:
    write_private_text(credentials_path(settings), json.dumps(creds, indent=2))


def load_credentials(settings: Settings) -> list[dict[str, str]]:
    path = credentials_path(settings)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []

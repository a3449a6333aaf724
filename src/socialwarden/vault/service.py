"""Vault services: store and read account credentials, encrypted with Fernet (AES-128-CBC + HMAC-SHA256).

The key comes from settings (WARDEN_VAULT_KEY) or a key file (WARDEN_VAULT_KEY_FILE, default <data_dir>/vault.key,
created 0600 on first use); it is never stored in the database. Who may read or write is the policy's: the
read_credentials / manage_credentials permission, and where a ``credentials`` account rule covers the account's
category (ETT 5b: the Chief Executive keeps the master passwords), one of that rule's roles as well. Every read
and write is audited, without the secret.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select
from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account
from socialwarden.accounts.service import account_rules, get_account
from socialwarden.acting import Actor, ActorLike, acting
from socialwarden.exceptions import InputError, NotFound, PermissionDenied, StoreError
from socialwarden.people.models import Person, utc
from socialwarden.policy.models import AccountRuleKind, Permission, Policy
from socialwarden.settings import Settings
from socialwarden.store.files import private_dir
from socialwarden.vault.models import Secret, SecretInfo, VaultSecret

__all__ = ["delete_secret", "list_secrets", "load_key", "read_secret", "set_secret"]

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,79}$")


def load_key(settings: Settings) -> Fernet:
    """The vault's cipher: the key from settings, else the key file (created 0600 when absent)."""
    if settings.vault_key:
        try:
            return Fernet(settings.vault_key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise InputError("WARDEN_VAULT_KEY is not a vault key (32 url-safe base64-encoded bytes, as "
                             "`Fernet.generate_key()` makes)") from None
    path = settings.vault_key_path
    try:
        private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot create the vault key file {path}: {exc.strerror}") from None
    else:
        with os.fdopen(fd, "wb") as handle:
            handle.write(Fernet.generate_key())
            handle.flush()
            os.fsync(handle.fileno())
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise StoreError(f"the vault key file {path} is readable by others (mode {mode:o}): run chmod 600 on it")
        return Fernet(path.read_bytes().strip())
    except OSError as exc:
        raise StoreError(f"cannot read the vault key file {path}: {exc.strerror}") from None
    except ValueError:
        raise StoreError(f"the vault key file {path} does not hold a vault key") from None


def _allowed(session: Session, policy: Policy, actor: ActorLike, account: Account, permission: Permission,
             verb: str) -> Actor:
    who = acting(session, policy=policy, actor=actor)
    who.require(permission, doing=f"{verb} account credentials")
    rules = account_rules(policy, account.category, AccountRuleKind.CREDENTIALS)
    keepers = sorted({role for rule in rules for role in rule.roles})
    if keepers and not who.roles() & set(keepers):
        rule = rules[0]
        raise PermissionDenied(f"{who.name} may not {verb} the credentials of {account.category} account "
                               f"{account.id}: only {', '.join(keepers)} may ({rule.id}, {rule.cite.section}: "
                               f"\"{rule.cite.quote}\")")
    return who


def _name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise InputError(f"credential name {name!r}: use 1-80 lower-case letters, digits, '.', '_' or '-'")
    return name


def _row(session: Session, account_id: int, name: str) -> VaultSecret | None:
    return session.execute(select(VaultSecret).where(VaultSecret.account_id == account_id,
                                                     VaultSecret.name == name)).scalar_one_or_none()


def _info(session: Session, row: VaultSecret) -> SecretInfo:
    by = session.get(Person, row.updated_by_id)
    return SecretInfo(account_id=row.account_id, name=row.name, updated_at=utc(row.updated_at),
                      updated_by=by.handle if by else str(row.updated_by_id))


def set_secret(session: Session, *, settings: Settings, policy: Policy, actor: ActorLike, account_id: int, name: str,
               value: Secret) -> SecretInfo:
    """Store (or replace) one credential of an account, encrypted; audited without the value."""
    account = get_account(session, account_id=account_id)
    who = _allowed(session, policy, actor, account, Permission.MANAGE_CREDENTIALS, "set")
    name = _name(name)
    if not value.reveal():
        raise InputError("the credential must not be empty")
    token = load_key(settings).encrypt(value.reveal().encode("utf-8")).decode("ascii")
    now = dt.datetime.now(dt.UTC)
    row = _row(session, account.id, name)
    before = None if row is None else {"name": name, "updated_at": row.updated_at}
    if row is None:
        row = VaultSecret(account_id=account.id, name=name, ciphertext=token, created_at=now, updated_at=now,
                          updated_by_id=who.as_person().id)
        session.add(row)
    else:
        row.ciphertext, row.updated_at, row.updated_by_id = token, now, who.as_person().id
    session.flush()
    who.record("credential.set", subject_type="account",
                  subject_id=account.id, before=before, after={"name": name, "updated_at": now})
    return _info(session, row)


def read_secret(session: Session, *, settings: Settings, policy: Policy, actor: ActorLike, account_id: int,
                name: str) -> Secret:
    """Decrypt one credential for someone the policy allows; the read is audited (the caller commits)."""
    account = get_account(session, account_id=account_id)
    who = _allowed(session, policy, actor, account, Permission.READ_CREDENTIALS, "read")
    name = _name(name)
    row = _row(session, account.id, name)
    if row is None:
        raise NotFound(f"account {account.id} has no credential named {name!r}")
    try:
        value = load_key(settings).decrypt(row.ciphertext.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise StoreError(f"credential {name!r} of account {account.id} cannot be decrypted: the vault key is not "
                         "the one it was stored with") from None
    who.record("credential.read", subject_type="account",
                  subject_id=account.id, before=None, after={"name": name})
    return Secret(value)


def list_secrets(session: Session, *, policy: Policy, actor: ActorLike, account_id: int) -> list[SecretInfo]:
    """Which credentials an account has (names and dates only)."""
    account = get_account(session, account_id=account_id)
    _allowed(session, policy, actor, account, Permission.READ_CREDENTIALS, "list")
    rows = session.execute(select(VaultSecret).where(VaultSecret.account_id == account.id)
                           .order_by(VaultSecret.name)).scalars()
    return [_info(session, row) for row in rows]


def delete_secret(session: Session, *, policy: Policy, actor: ActorLike, account_id: int, name: str,
                  reason: str | None = None) -> None:
    """Remove one credential (e.g. after the password was changed on the platform)."""
    account = get_account(session, account_id=account_id)
    who = _allowed(session, policy, actor, account, Permission.MANAGE_CREDENTIALS, "delete")
    row = _row(session, account.id, _name(name))
    if row is None:
        raise NotFound(f"account {account.id} has no credential named {name!r}")
    session.delete(row)
    session.flush()
    who.record("credential.delete", subject_type="account",
                  subject_id=account.id, before={"name": row.name}, after=None, reason=reason)

"""The vault: encrypted at rest, readable only as the policy allows (ETT 5b), every read audited, never leaked."""

from __future__ import annotations

import os
import stat
from dataclasses import replace

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlalchemy.orm import Session

from socialwarden.accounts import service as accounts
from socialwarden.audit import service as audit
from socialwarden.exceptions import InputError, NotFound, PermissionDenied, StoreError
from socialwarden.policy.models import Policy
from socialwarden.settings import Settings
from socialwarden.vault import service as vault
from socialwarden.vault.models import Secret
from tests.governance.helpers import ETT_CAST, actions, assert_chain_ok, cast

SECRET = "hunter2-Zq9!master"


@pytest.fixture
def official(session: Session, ett: Policy):
    crew = cast(session, ett, ETT_CAST)
    account = accounts.request_account(session, policy=ett, actor=crew["ceo"], platform="x", handle="ett",
                                       category="official", purpose="Main", owner=crew["ceo"])
    session.commit()
    return crew, account


def test_the_chief_executive_keeps_and_reads_master_passwords(session: Session, ett: Policy, settings: Settings,
                                                              official) -> None:
    crew, account = official
    info = vault.set_secret(session, settings=settings, policy=ett, actor=crew["ceo"], account_id=account.id,
                            name="password", value=Secret(SECRET))
    session.commit()
    assert (info.name, info.updated_by) == ("password", "ceo")
    got = vault.read_secret(session, settings=settings, policy=ett, actor=crew["ceo"], account_id=account.id,
                            name="password")
    session.commit()
    assert got.reveal() == SECRET and SECRET not in repr(got) and SECRET not in str(got) and SECRET not in f"{got}"
    # at rest: the table holds ciphertext, the key is in a 0600 file outside the database
    stored = session.execute(text("SELECT ciphertext FROM vault_secrets")).scalar_one()
    assert SECRET not in stored and Fernet(settings.vault_key_path.read_bytes()).decrypt(stored).decode() == SECRET
    assert stat.S_IMODE(settings.vault_key_path.stat().st_mode) == 0o600
    dump = "".join(str(row) for row in session.execute(text("SELECT * FROM audit_events")))
    key = settings.vault_key_path.read_bytes().decode()
    assert SECRET not in dump and key not in dump
    assert actions(session)[-2:] == ["credential.set", "credential.read"]
    assert_chain_ok(session)


def test_reading_without_the_role_is_refused_and_leaks_nothing(session: Session, ett: Policy, settings: Settings,
                                                               official) -> None:
    crew, account = official
    vault.set_secret(session, settings=settings, policy=ett, actor=crew["ceo"], account_id=account.id,
                     name="password", value=Secret(SECRET))
    session.commit()
    for who in ("staff", "trustee"):
        with pytest.raises(PermissionDenied) as caught:
            vault.read_secret(session, settings=settings, policy=ett, actor=crew[who], account_id=account.id,
                              name="password")
        assert SECRET not in str(caught.value) and "read_credentials permission" in caught.value.message
        assert "chief_executive" in caught.value.message
        session.rollback()
    with pytest.raises(PermissionDenied, match="manage_credentials"):
        vault.set_secret(session, settings=settings, policy=ett, actor=crew["staff"], account_id=account.id,
                         name="password", value=Secret("other"))
    session.rollback()
    lines = "".join(audit.export(session, start=None, end=None, fmt="jsonl"))
    lines += "".join(audit.export(session, start=None, end=None, fmt="csv"))
    assert SECRET not in lines and "credential.set" in lines
    with pytest.raises(NotFound, match="no credential named 'token'"):
        vault.read_secret(session, settings=settings, policy=ett, actor=crew["ceo"], account_id=account.id,
                          name="token")
    assert_chain_ok(session)


def test_the_credentials_rule_narrows_the_permission(session: Session, ett: Policy, settings: Settings,
                                                     official) -> None:
    """A role with read_credentials that is not the keeper named by ETT 5b is still refused for official accounts."""
    crew, account = official
    roles = dict(ett.roles)
    roles["staff"] = roles["staff"].model_copy(update={"permissions": [*roles["staff"].permissions,
                                                                        "read_credentials"]})
    loose = ett.model_copy(update={"roles": roles})
    vault.set_secret(session, settings=settings, policy=ett, actor=crew["ceo"], account_id=account.id,
                     name="password", value=Secret(SECRET))
    with pytest.raises(PermissionDenied, match=r"only chief_executive may \(ett.5b.master-passwords"):
        vault.read_secret(session, settings=settings, policy=loose, actor=crew["staff"], account_id=account.id,
                          name="password")


def test_a_wrong_key_and_a_loose_key_file_are_refused(session: Session, ett: Policy, settings: Settings,
                                                      official) -> None:
    crew, account = official
    vault.set_secret(session, settings=settings, policy=ett, actor=crew["ceo"], account_id=account.id,
                     name="password", value=Secret(SECRET))
    session.commit()
    other = replace(settings, vault_key=Fernet.generate_key().decode())
    with pytest.raises(StoreError, match="cannot be decrypted: the vault key is not the one") as caught:
        vault.read_secret(session, settings=other, policy=ett, actor=crew["ceo"], account_id=account.id,
                          name="password")
    assert SECRET not in str(caught.value)
    session.rollback()
    with pytest.raises(InputError, match="WARDEN_VAULT_KEY is not a vault key"):
        vault.load_key(replace(settings, vault_key="short"))
    os.chmod(settings.vault_key_path, 0o644)
    with pytest.raises(StoreError, match="readable by others"):
        vault.load_key(settings)


def test_the_key_can_come_from_settings(session: Session, ett: Policy, settings: Settings,
                                        official) -> None:
    crew, account = official
    keyed = replace(settings, vault_key=Fernet.generate_key().decode())
    vault.set_secret(session, settings=keyed, policy=ett, actor=crew["ceo"], account_id=account.id,
                     name="api_token", value=Secret("tok-123"))
    assert not keyed.vault_key_path.exists()
    assert vault.read_secret(session, settings=keyed, policy=ett, actor=crew["ceo"], account_id=account.id,
                             name="api_token").reveal() == "tok-123"
    assert [s.name for s in vault.list_secrets(session, policy=ett, actor=crew["ceo"], account_id=account.id)] == [
        "api_token"]
    vault.delete_secret(session, policy=ett, actor=crew["ceo"], account_id=account.id, name="api_token")
    session.commit()
    assert keyed.vault_key is not None and keyed.vault_key not in repr(keyed)
    assert_chain_ok(session)

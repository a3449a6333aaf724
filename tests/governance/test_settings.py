"""The governance settings: the organisation's policy and the vault key, from the environment."""

from __future__ import annotations

from pathlib import Path

from socialwarden.settings import Settings


def test_policy_and_vault_settings_from_the_environment() -> None:
    bare = Settings.from_env({"WARDEN_DATA_DIR": "/srv/warden"})
    assert (bare.policy, bare.vault_key, bare.vault_key_path) == (None, None, Path("/srv/warden/vault.key"))
    full = Settings.from_env({"WARDEN_DATA_DIR": "/srv/warden", "WARDEN_POLICY": " ett ",
                              "WARDEN_VAULT_KEY": "k" * 44, "WARDEN_VAULT_KEY_FILE": "/etc/warden/key"})
    assert (full.policy, full.vault_key, full.vault_key_path) == ("ett", "k" * 44, Path("/etc/warden/key"))
    assert "k" * 44 not in repr(full)

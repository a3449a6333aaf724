"""Settings, read once at the edge (CLI start, app factory) and passed in; never read at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    policy: str | None = None  # a pack name or a YAML path: the organisation's policy
    vault_key: str | None = field(default=None, repr=False)  # never printed
    vault_key_file: Path | None = None  # None: <data_dir>/vault.key

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from WARDEN_* environment variables (documented in the README)."""
        env = os.environ if env is None else env
        data_dir = Path(env.get("WARDEN_DATA_DIR", "data")).expanduser()
        url = env.get("WARDEN_DATABASE_URL") or f"sqlite:///{(data_dir / 'warden.db').as_posix()}"
        key_file = env.get("WARDEN_VAULT_KEY_FILE", "").strip()
        return cls(data_dir=data_dir, database_url=url, policy=env.get("WARDEN_POLICY", "").strip() or None,
                   vault_key=env.get("WARDEN_VAULT_KEY", "").strip() or None,
                   vault_key_file=Path(key_file).expanduser() if key_file else None)

    @property
    def vault_key_path(self) -> Path:
        """Where the vault key file lives (used only when no key is given directly)."""
        return self.vault_key_file if self.vault_key_file is not None else self.data_dir / "vault.key"

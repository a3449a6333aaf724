"""Settings, read once at the edge (CLI start, app factory) and passed in; never read at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from WARDEN_* environment variables (documented in the README)."""
        env = os.environ if env is None else env
        data_dir = Path(env.get("WARDEN_DATA_DIR", "data")).expanduser()
        url = env.get("WARDEN_DATABASE_URL") or f"sqlite:///{(data_dir / 'warden.db').as_posix()}"
        return cls(data_dir=data_dir, database_url=url)

"""Settings, read once at the edge (CLI start, app factory) and passed in; never read at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from socialwarden.exceptions import InputError

DATA_SETTINGS_FILE = "warden.env"  # read from the data directory when present
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _flag(env: Mapping[str, str], name: str) -> bool | None:
    raw = env.get(name, "").strip().lower()
    if not raw or raw == "auto":
        return None
    if raw in _TRUE | _FALSE:
        return raw in _TRUE
    raise InputError(f"{name}: {raw!r} is not one of 1/0, true/false, yes/no, on/off, auto")


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InputError(f"{name}: {raw!r} is not a whole number from {low} to {high}")
    return int(raw)


def _name(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if len(raw) > 64 or not all(c.isalnum() or c in "-_." for c in raw):
        raise InputError(f"{name}: {raw[:70]!r} is not a name of at most 64 letters, digits, '-', '_' or '.'")
    return raw


def _path(env: Mapping[str, str], name: str) -> Path | None:
    raw = env.get(name, "").strip()
    return Path(raw).expanduser() if raw else None


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    policy: str | None = None  # a pack name or a YAML path: the organisation's policy
    vault_key: str | None = field(default=None, repr=False)  # never printed
    vault_key_file: Path | None = None  # None: <data_dir>/vault.key
    secret_key: str | None = field(default=None, repr=False)  # signs session cookies; None: <data_dir>/secret.key
    cookie_secure: bool | None = None  # None: Secure cookies exactly when the request came over https
    session_hours: int = 12
    max_body_bytes: int = 1024 * 1024  # request bodies (JSON API, forms); 413 past it
    max_upload_bytes: int = 25 * 1024 * 1024  # multipart/form-data from a signed-in caller
    write_limit: int = 60  # state-changing requests per person per rate window (0: no limit); 429 past it
    check_limit: int = 120  # text checks and policy validations per person per rate window (0: no limit)
    rate_window: int = 60  # seconds
    audit_key: str | None = field(default=None, repr=False)  # keys the audit chain; None: the audit key file
    audit_key_file: Path | None = None  # None: audit.key beside the vault key
    audit_checkpoints: Path | None = None  # None: audit-checkpoints.log beside the audit key file
    host: str = "127.0.0.1"
    port: int = 8000
    # e-mail for notifications (none sent while smtp_host is unset; the in-app list still fills)
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)  # never printed
    smtp_ca_file: Path | None = None  # a private CA for the SMTP server's certificate (default: the system's)
    mail_from: str | None = None
    base_url: str | None = None  # how e-mails link to the app, e.g. https://warden.example.gov.uk
    # the job queue (Celery): None keeps `warden worker` a loop in one process
    broker_url: str | None = field(default=None, repr=False)  # e.g. redis://127.0.0.1:6379/0 (may hold a password)
    job_queue: str = "warden"  # the queue name: several installations can share one Redis
    job_lease_seconds: int = 900  # one worker syncs an account / publishes at a time; a killed one's lease ends
    job_redeliver_seconds: int = 1800  # a task a killed worker took is handed to another after this long
    sync_every_seconds: int = 60  # how often beat asks for a sync of every account (and publishes due posts)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from WARDEN_* environment variables (documented in the README)."""
        env = os.environ if env is None else env
        data_dir = Path(env.get("WARDEN_DATA_DIR", "data")).expanduser()
        url = env.get("WARDEN_DATABASE_URL") or f"sqlite:///{(data_dir / 'warden.db').as_posix()}"
        key_file = env.get("WARDEN_VAULT_KEY_FILE", "").strip()
        return cls(data_dir=data_dir, database_url=url, policy=env.get("WARDEN_POLICY", "").strip() or None,
                   vault_key=env.get("WARDEN_VAULT_KEY", "").strip() or None,
                   vault_key_file=Path(key_file).expanduser() if key_file else None,
                   secret_key=env.get("WARDEN_SECRET_KEY", "").strip() or None,
                   cookie_secure=_flag(env, "WARDEN_COOKIE_SECURE"),
                   session_hours=_int(env, "WARDEN_SESSION_HOURS", 12, 1, 24 * 30),
                   max_body_bytes=_int(env, "WARDEN_MAX_BODY_BYTES", 1024 * 1024, 1024, 1024**3),
                   max_upload_bytes=_int(env, "WARDEN_MAX_UPLOAD_BYTES", 25 * 1024 * 1024, 1024, 1024**3),
                   write_limit=_int(env, "WARDEN_WRITE_LIMIT", 60, 0, 10**6),
                   check_limit=_int(env, "WARDEN_CHECK_LIMIT", 120, 0, 10**6),
                   rate_window=_int(env, "WARDEN_RATE_WINDOW", 60, 1, 24 * 3600),
                   audit_key=env.get("WARDEN_AUDIT_KEY", "").strip() or None,
                   audit_key_file=_path(env, "WARDEN_AUDIT_KEY_FILE"),
                   audit_checkpoints=_path(env, "WARDEN_AUDIT_CHECKPOINTS"),
                   host=env.get("WARDEN_HOST", "").strip() or "127.0.0.1",
                   port=_int(env, "WARDEN_PORT", 8000, 1, 65535),
                   smtp_host=env.get("WARDEN_SMTP_HOST", "").strip() or None,
                   smtp_port=_int(env, "WARDEN_SMTP_PORT", 587, 1, 65535),
                   smtp_starttls=_flag(env, "WARDEN_SMTP_STARTTLS") is not False,
                   smtp_user=env.get("WARDEN_SMTP_USER", "").strip() or None,
                   smtp_password=env.get("WARDEN_SMTP_PASSWORD") or None,
                   smtp_ca_file=Path(ca).expanduser() if (ca := env.get("WARDEN_SMTP_CA_FILE", "").strip()) else None,
                   mail_from=env.get("WARDEN_MAIL_FROM", "").strip() or None,
                   base_url=env.get("WARDEN_BASE_URL", "").strip().rstrip("/") or None,
                   broker_url=env.get("WARDEN_BROKER_URL", "").strip() or None,
                   job_queue=_name(env, "WARDEN_JOB_QUEUE", "warden"),
                   job_lease_seconds=_int(env, "WARDEN_JOB_LEASE_SECONDS", 900, 2, 24 * 3600),
                   job_redeliver_seconds=_int(env, "WARDEN_JOB_REDELIVER_SECONDS", 1800, 2, 7 * 24 * 3600),
                   sync_every_seconds=_int(env, "WARDEN_SYNC_EVERY_SECONDS", 60, 1, 24 * 3600))

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, settings_file: Path | None = None) -> Settings:
        """The environment over a settings file: ``settings_file``, else WARDEN_SETTINGS_FILE, else
        ``<data dir>/warden.env`` when it exists (the demo writes its policy there, so every command run beside
        ``make run`` uses the demo's policy without exporting anything). The environment always wins."""
        env = dict(os.environ if env is None else env)
        path = settings_file or (Path(env["WARDEN_SETTINGS_FILE"]) if env.get("WARDEN_SETTINGS_FILE") else None)
        if path is None:
            beside = Path(env.get("WARDEN_DATA_DIR", "data")).expanduser() / DATA_SETTINGS_FILE
            path = beside if beside.is_file() else None
        values = read_settings_file(path) if path is not None else {}
        return cls.from_env({**values, **env})

    @property
    def vault_key_path(self) -> Path:
        """Where the vault key file lives (used only when no key is given directly)."""
        return self.vault_key_file if self.vault_key_file is not None else self.data_dir / "vault.key"

    @property
    def audit_key_path(self) -> Path:
        """The audit chain's key file (used when WARDEN_AUDIT_KEY is not set): beside the vault key."""
        return self.audit_key_file if self.audit_key_file is not None else self.vault_key_path.parent / "audit.key"

    @property
    def audit_checkpoints_path(self) -> Path:
        """The append-only file of signed chain-head checkpoints, kept outside the database."""
        if self.audit_checkpoints is not None:
            return self.audit_checkpoints
        return self.audit_key_path.parent / "audit-checkpoints.log"


def read_settings_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines (``#`` comments, optional quotes) from a settings file, e.g. /etc/socialwarden.env."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read settings file ({exc.strerror})") from None
    values: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition("=")
        key = key.strip().removeprefix("export ").strip()
        if not sep or not key.startswith("WARDEN_"):
            raise InputError(f"{path}:{number}: expected WARDEN_NAME=value, got {stripped[:60]!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values

"""Passwords (argon2), signed tokens (the session cookie and API bearer tokens) and CSRF tokens.

The cookie and bearer tokens are HMAC-signed, expiring payloads that carry a server-side session's secret (see
``socialwarden.sessions``): the signature stops forgery, the session row makes signing out and revocation real.
The sign-in throttle lives in the database (``sessions.service.SignInThrottle``) so every worker shares it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from socialwarden.exceptions import InputError
from socialwarden.settings import Settings
from socialwarden.store.files import create_key_file, read_key_file

_HASHER = PasswordHasher()
MIN_PASSWORD = 12


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the handle is unknown, so a wrong handle costs as long as a wrong password."""
    return _HASHER.hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (refusing short or blank ones)."""
    if len(password) < MIN_PASSWORD or not password.strip():
        raise InputError(f"password must be at least {MIN_PASSWORD} characters")
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored_hash`` (always spends the hashing time)."""
    try:
        return _HASHER.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def fingerprint(password_hash: str | None) -> str:
    """A short stable digest of the password hash, put in tokens so a password change revokes them."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]


def load_secret(settings: Settings) -> bytes:
    """The signing key: WARDEN_SECRET_KEY, or ``secret.key`` in the data directory (created once, mode 600)."""
    if settings.secret_key:
        if len(settings.secret_key) < 32:
            raise InputError("WARDEN_SECRET_KEY must be at least 32 characters")
        return settings.secret_key.encode()
    path = Path(settings.data_dir) / "secret.key"
    create_key_file(path, secrets.token_urlsafe(48).encode("ascii"))
    return read_key_file(path, "session signing key")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Signer:
    """Signs and checks small JSON payloads with HMAC-SHA256; ``purpose`` keeps cookies and API tokens apart."""

    key: bytes

    def sign(self, payload: dict[str, object], *, purpose: str, ttl: int) -> str:
        body = dict(payload, p=purpose, exp=int(time.time()) + ttl)
        data = _b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode())
        mac = hmac.new(self.key, data.encode(), hashlib.sha256).digest()
        return f"{data}.{_b64(mac)}"

    def unsign(self, token: str, *, purpose: str) -> dict[str, object] | None:
        """The payload, or None when the token is forged, for another purpose, malformed or expired."""
        data, _, mac = token.partition(".")
        try:
            expected = hmac.new(self.key, data.encode(), hashlib.sha256).digest()
            if not hmac.compare_digest(expected, _unb64(mac)):
                return None
            body = json.loads(_unb64(data))
        except (ValueError, UnicodeError):
            return None
        if not isinstance(body, dict) or body.get("p") != purpose:
            return None
        exp = body.get("exp")
        if not isinstance(exp, int) or exp < time.time():
            return None
        return body


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def same_token(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))

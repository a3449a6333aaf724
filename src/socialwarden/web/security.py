"""Passwords (argon2), signed session tokens, CSRF tokens and sign-in throttling.

Sessions are stateless: the cookie holds a signed, expiring payload (handle, CSRF token and a fingerprint of the
person's password hash, so changing a password ends every session). No table, nothing to clean up.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from socialwarden.exceptions import InputError, TooManyAttempts
from socialwarden.settings import Settings

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
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name("secret.key.part")
        tmp.write_text(secrets.token_urlsafe(48), encoding="ascii")
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text(encoding="ascii").strip().encode()


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


@dataclass
class Throttle:
    """Per-process sign-in throttle: ``limit`` failures in ``window`` seconds lock a handle (and an address)."""

    limit: int = 5
    window: int = 900
    address_limit: int = 20  # one address trying many handles
    _fails: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str, now: float) -> deque[float]:
        queue = self._fails.setdefault(key, deque())
        while queue and queue[0] <= now - self.window:
            queue.popleft()
        return queue

    def check(self, *, handle: str, address: str) -> None:
        """Raise TooManyAttempts while either the handle or the address is locked out."""
        now = time.monotonic()
        with self._lock:
            for key, limit in ((f"h:{handle.lower()}", self.limit), (f"a:{address}", self.address_limit)):
                queue = self._recent(key, now)
                if len(queue) >= limit:
                    wait = int(queue[0] + self.window - now) + 1
                    raise TooManyAttempts(f"too many failed sign-ins: try again in {wait // 60 + 1} minutes",
                                          retry_after=wait)

    def failed(self, *, handle: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (f"h:{handle.lower()}", f"a:{address}"):
                self._recent(key, now).append(now)
            if len(self._fails) > 10_000:  # bound memory under a spray of random handles
                for key in [k for k, q in self._fails.items() if not q][:5_000]:
                    del self._fails[key]

    def succeeded(self, *, handle: str) -> None:
        with self._lock:
            self._fails.pop(f"h:{handle.lower()}", None)

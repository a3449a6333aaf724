"""The audit chain's key and its checkpoint file, both kept outside the database.

The plain sha256 chain (``chain.py``) shows that rows were changed, unless whoever changed them also recomputed
every hash after, which anyone who can write the database can do. So each event also carries an HMAC-SHA256 of its
hash under a key the database never holds, the chain-head row carries one over (seq, hash), and after every
commit that appended events a signed checkpoint of the head is appended to a file beside the key:

* **key**: ``WARDEN_AUDIT_KEY`` (at least 32 characters), else the key file ``WARDEN_AUDIT_KEY_FILE`` (default
  ``audit.key`` beside the vault key), created 0600 with 32 random bytes on first use and refused if others can
  read it. Losing it means old events can no longer be shown to be unaltered: back it up with the vault key.
* **anchor**: one insert-only row (``audit_anchor``) signed with the key, made when the key first meets the
  store (at ``warden db upgrade`` or the first append). It pins the chain as it was then: events up to its
  ``legacy_seq`` were written before the chain was keyed and carry no signature; the plain chain links them to
  the anchored hash, so they cannot change unseen either. Every later event must carry a valid signature.
* **checkpoints**: ``WARDEN_AUDIT_CHECKPOINTS`` (default ``audit-checkpoints.log`` beside the key), one JSON line
  per commit, appended with O_APPEND in a single write (whole lines, even from several processes), 0600. A line
  names (seq, hash) of the head just committed, signed. ``verify`` checks every line's signature and that the
  database still holds each checkpointed event with that hash, so rolling the database back, or cutting events
  off the end and resetting the head, is caught even by someone who also dropped the triggers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import secrets
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from sqlalchemy import Connection, Engine, Table, select

from socialwarden.audit.models import AuditAnchor
from socialwarden.exceptions import StoreError
from socialwarden.settings import Settings
from socialwarden.store.engine import settings_of
from socialwarden.store.files import create_key_file, private_dir, read_key_file

log = logging.getLogger("socialwarden.audit")

MIN_KEY = 32
MAX_CHECKPOINT_LINE = 1024
_ANCHOR = cast(Table, AuditAnchor.__table__)


def _mac(key: bytes, *parts: object) -> str:
    message = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Keyring:
    """The audit key (never printed) and where the checkpoints go."""

    key: bytes
    checkpoints: Path

    def __repr__(self) -> str:
        return f"Keyring(key_id={self.key_id!r}, checkpoints={str(self.checkpoints)!r})"

    @property
    def key_id(self) -> str:
        """A public name for the key (not the key: an HMAC of a fixed label under it)."""
        return _mac(self.key, "socialwarden audit key id")[:16]

    def event_mac(self, event_hash: str) -> str:
        return _mac(self.key, "event", event_hash)

    def head_mac(self, seq: int, head_hash: str) -> str:
        return _mac(self.key, "head", seq, head_hash)

    def anchor_mac(self, legacy_seq: int, legacy_hash: str, key_id: str) -> str:
        return _mac(self.key, "anchor", legacy_seq, legacy_hash, key_id)

    def checkpoint_mac(self, kind: str, seq: int, head_hash: str, at: str) -> str:
        return _mac(self.key, "checkpoint", kind, seq, head_hash, at)

    def same(self, expected: str | None, actual: str | None) -> bool:
        return expected is not None and actual is not None and hmac.compare_digest(expected, actual)


def load_keyring(settings: Settings) -> Keyring:
    """The audit key from WARDEN_AUDIT_KEY or its key file (created 0600 when absent)."""
    if settings.audit_key:
        if len(settings.audit_key) < MIN_KEY:
            raise StoreError(f"WARDEN_AUDIT_KEY must be at least {MIN_KEY} characters")
        key = settings.audit_key.encode("utf-8")
    else:
        path = settings.audit_key_path
        if create_key_file(path, secrets.token_hex(32).encode("ascii")):
            log.warning("created the audit key file %s: back it up with the vault key", path)
        key = read_key_file(path, "audit key")
        if len(key) < MIN_KEY:
            raise StoreError(f"the audit key file {path} holds fewer than {MIN_KEY} characters")
    return Keyring(key=key, checkpoints=settings.audit_checkpoints_path)


_KEYRINGS: weakref.WeakKeyDictionary[Engine, Keyring] = weakref.WeakKeyDictionary()
_ANCHORED: weakref.WeakSet[Engine] = weakref.WeakSet()


def keyring_for(engine: Engine) -> Keyring:
    """The keyring for the store ``engine`` opens (loaded once per engine from the settings it was made with)."""
    found = _KEYRINGS.get(engine)
    if found is None:
        settings = settings_of(engine)
        if settings is None:
            raise StoreError("this database engine was not made by socialwarden.store.make_engine, so the audit "
                             "key is unknown: open the store with make_engine(settings)")
        found = _KEYRINGS[engine] = load_keyring(settings)
    return found


def read_anchor(connection: Connection) -> tuple[int, str, str, str] | None:
    row = connection.execute(select(_ANCHOR.c.legacy_seq, _ANCHOR.c.legacy_hash, _ANCHOR.c.key_id, _ANCHOR.c.mac)
                             .where(_ANCHOR.c.id == 1)).first()
    return None if row is None else (int(row.legacy_seq), str(row.legacy_hash), str(row.key_id), str(row.mac))


def ensure_anchor(connection: Connection, keyring: Keyring, head: tuple[int, str]) -> tuple[int, str] | None:
    """Make sure the store is anchored to this key (the caller holds the chain's write lock and passes the head).

    Returns (seq, hash) of a new anchor (to checkpoint once committed), or None when it existed already.
    StoreError when the store was anchored with a different key: appending would sign with the wrong one.
    """
    engine = connection.engine
    if engine in _ANCHORED:
        return None
    found = read_anchor(connection)
    if found is not None:
        if found[2] != keyring.key_id:
            raise StoreError(f"the audit key (id {keyring.key_id}) is not the key this store's audit chain was "
                             f"signed with (id {found[2]}): restore the right key file (or WARDEN_AUDIT_KEY) "
                             "before writing")
        _ANCHORED.add(engine)
        return None
    seq, head_hash = head
    connection.execute(_ANCHOR.insert().values(
        id=1, legacy_seq=seq, legacy_hash=head_hash, key_id=keyring.key_id,
        mac=keyring.anchor_mac(seq, head_hash, keyring.key_id), created_at=dt.datetime.now(dt.UTC)))
    return seq, head_hash  # cached as anchored only once read back after commit (this transaction may roll back)


def forget(engine: Engine) -> None:
    """Drop what is cached for ``engine`` (tests that swap keys or rebuild a store under the same engine)."""
    _KEYRINGS.pop(engine, None)
    _ANCHORED.discard(engine)


# ---------------------------------------------------------------- checkpoints


def write_checkpoint(keyring: Keyring, *, kind: str, seq: int, head_hash: str) -> None:
    """Append one signed checkpoint line (a single O_APPEND write, so lines from several processes never mix)."""
    at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    line = json.dumps({"kind": kind, "seq": seq, "hash": head_hash, "at": at, "key": keyring.key_id,
                       "mac": keyring.checkpoint_mac(kind, seq, head_hash, at)}, separators=(",", ":")) + "\n"
    path = keyring.checkpoints
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        os.write(fd, line.encode("ascii"))
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Checkpoint:
    line: int
    kind: str
    seq: int
    hash: str
    at: str


@dataclass(frozen=True)
class BadCheckpoint:
    line: int
    detail: str


def read_checkpoints(keyring: Keyring) -> Iterator[Checkpoint | BadCheckpoint]:
    """Every line of the checkpoint file, checked (a missing file yields nothing); read line by line, bounded."""
    try:
        handle = keyring.checkpoints.open("rb")
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot read the audit checkpoint file {keyring.checkpoints}: {exc.strerror}") from None
    with handle:
        number = 0
        while True:
            raw = handle.readline(MAX_CHECKPOINT_LINE + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_CHECKPOINT_LINE:
                yield BadCheckpoint(number, f"longer than {MAX_CHECKPOINT_LINE} bytes: not a checkpoint")
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(MAX_CHECKPOINT_LINE + 1)
                continue
            if not raw.endswith(b"\n"):
                return  # a line still being written (or cut by a crash): not yet a checkpoint
            yield _parse_checkpoint(keyring, number, raw)


def _parse_checkpoint(keyring: Keyring, number: int, raw: bytes) -> Checkpoint | BadCheckpoint:
    try:
        data = json.loads(raw)
        kind, seq, head_hash, at, key_id, mac = (data["kind"], data["seq"], data["hash"], data["at"], data["key"],
                                                 data["mac"])
    except (ValueError, KeyError, TypeError):
        return BadCheckpoint(number, "not a checkpoint line")
    if not (isinstance(seq, int) and all(isinstance(v, str) for v in (kind, head_hash, at, key_id, mac))):
        return BadCheckpoint(number, "not a checkpoint line")
    if key_id != keyring.key_id:
        return BadCheckpoint(number, f"signed with another key (id {key_id}, this key is {keyring.key_id})")
    if not keyring.same(keyring.checkpoint_mac(kind, seq, head_hash, at), mac):
        return BadCheckpoint(number, "its signature does not match: the line was written or edited without the key")
    return Checkpoint(number, kind, seq, head_hash, at)

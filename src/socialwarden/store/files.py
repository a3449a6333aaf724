"""Files SocialWarden writes are private to its own user: 0600 files in 0700 directories.

The store, its WAL and shared-memory files, the outbox, exports, key files and the audit checkpoints hold personal
data or secrets, so nothing is ever created readable by group or others whatever the process umask: files are
created with ``os.open(..., 0o600)`` (and tightened if they already exist wider), directories made here get 0700.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from socialwarden.exceptions import StoreError

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Make ``path`` (and missing parents) a directory; the ones made here are 0700. Existing ones are left alone
    (a data directory an operator made, their home directory): the files inside are private either way."""
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
            os.chmod(folder, DIR_MODE)  # mkdir's mode is masked by the umask
    except OSError as exc:
        raise StoreError(f"cannot create the directory {path}: {exc.strerror}") from None
    return path


def tighten(path: Path) -> None:
    """Make an existing file 0600 if group or others can read or write it."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700 | FILE_MODE)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot make {path} private (chmod 600): {exc.strerror}") from None


def touch_private(path: Path) -> None:
    """Create ``path`` empty and 0600 if missing (so a program that opens it later, like SQLite, keeps the mode);
    tighten it if it exists."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    except FileExistsError:
        tighten(path)
        return
    except OSError as exc:
        raise StoreError(f"cannot create {path}: {exc.strerror}") from None
    os.fchmod(fd, FILE_MODE)
    os.close(fd)


@contextmanager
def open_private_append(path: Path) -> Iterator[IO[str]]:
    """Open ``path`` for appending text (created 0600, tightened if wider)."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:
            os.fchmod(fd, FILE_MODE)
    except OSError:
        os.close(fd)
        raise
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        yield handle


@contextmanager
def write_private(path: Path) -> Iterator[IO[str]]:
    """Write ``path`` whole and atomically: a 0600 temporary file beside it, fsynced, then renamed over it.

    If the block raises, the temporary file is removed and ``path`` is untouched (never half written).
    """
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_private_text(path: Path, text: str) -> Path:
    """``path`` replaced atomically by ``text`` (UTF-8), 0600."""
    with write_private(path) as handle:
        handle.write(text)
    return path


def create_key_file(path: Path, value: bytes) -> bool:
    """Write a new key file (0600, fsynced) unless one exists already; True when this call created it."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    except FileExistsError:
        return False
    except OSError as exc:
        raise StoreError(f"cannot create the key file {path}: {exc.strerror}") from None
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), FILE_MODE)
        handle.write(value)
        handle.flush()
        os.fsync(handle.fileno())
    return True


def read_key_file(path: Path, what: str) -> bytes:
    """The contents of a key file, refused if group or others may read it."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise StoreError(f"the {what} file {path} is readable by others (mode {mode:o}): run chmod 600 on it")
        return path.read_bytes().strip()
    except OSError as exc:
        raise StoreError(f"cannot read the {what} file {path}: {exc.strerror}") from None

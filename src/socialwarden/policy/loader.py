"""Load a policy from a pack name or a YAML file, reporting every problem with file, line and column."""

from __future__ import annotations

import os
import re
import select
import stat
import time
import types
import typing
from importlib import resources
from pathlib import Path as FsPath
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.reader import ReaderError

from socialwarden.exceptions import PolicyInvalid, PolicyIssue, PolicyNotFound
from socialwarden.policy.checks import check_policy, suggest
from socialwarden.policy.models import Policy
from socialwarden.policy.yamlpos import MAX_BYTES, Path, Positions, load_with_positions

PACKS_PACKAGE = "socialwarden.policy.packs"


def pack_names() -> list[str]:
    """Names of the packs shipped with SocialWarden (the five seed policies and the template)."""
    folder = resources.files(PACKS_PACKAGE)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def resolve(name_or_file: str) -> tuple[str, str]:
    """Return (display name, YAML text) for a pack name or a file path (files are read bounded: ``read_bounded``)."""
    candidate = FsPath(name_or_file)
    if candidate.suffix in {".yaml", ".yml"} or candidate.exists():
        data = read_bounded(candidate, name_or_file)
        try:
            return str(candidate), data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = _line_column(data, exc.start)
            raise PolicyInvalid([PolicyIssue(str(candidate), line, column, "",
                                             f"not UTF-8 text (byte {exc.start})")]) from None
    names = pack_names()
    if name_or_file not in names:
        hint = suggest(name_or_file, names)
        extra = f"; did you mean {hint!r}?" if hint else ""
        raise PolicyNotFound(f"no policy pack or file named {name_or_file!r} (packs: {', '.join(names)}){extra}")
    text = resources.files(PACKS_PACKAGE).joinpath(f"{name_or_file}.yaml").read_text(encoding="utf-8")
    return f"packs/{name_or_file}.yaml", text


READ_TIMEOUT = 30.0  # seconds a pipe or device may take to deliver a policy file


def read_bounded(path: FsPath, shown: str, *, limit: int = MAX_BYTES, timeout: float = READ_TIMEOUT) -> bytes:
    """At most ``limit`` bytes of ``path``; PolicyInvalid (at the line and column where the limit falls) if longer.

    Regular files larger than the limit are refused before reading. Anything else (a FIFO, /dev/zero, a socket) is
    read in chunks up to the limit within ``timeout`` seconds, and a FIFO is opened without waiting for a writer,
    so no file can make the command read forever or hang.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise PolicyNotFound(f"{shown}: no such policy file") from None
    except OSError as exc:
        raise PolicyNotFound(f"{shown}: cannot read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise PolicyNotFound(f"{shown}: is a directory, not a policy file")
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise _too_large(str(path), os.pread(fd, limit, 0), limit)
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + timeout
        while size <= limit:
            left = deadline - time.monotonic()
            if left <= 0:
                raise PolicyInvalid([PolicyIssue(str(path), None, None, "",
                                                 f"nothing more arrived for {timeout:.0f} s: not a whole policy "
                                                 "file")])
            try:
                chunk = os.read(fd, min(65536, limit + 1 - size))  # a FIFO nobody writes to reads as empty
            except BlockingIOError:  # a writer is there but has sent nothing yet: wait for it, within the time
                select.select([fd], [], [], left)
                continue
            except OSError as exc:
                raise PolicyNotFound(f"{shown}: cannot read ({exc.strerror})") from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
        if size > limit:
            raise _too_large(str(path), data, limit)
        return data
    finally:
        os.close(fd)


def _line_column(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``data``."""
    head = data[:offset]
    newline: bytes | str = b"\n" if isinstance(head, bytes) else "\n"
    line = head.count(newline) + 1  # type: ignore[arg-type]
    column = offset - (head.rfind(newline) + 1) + 1  # type: ignore[arg-type]
    return line, column


def _too_large(filename: str, data: bytes | str, limit: int) -> PolicyInvalid:
    line, column = _line_column(data, limit)
    return PolicyInvalid([PolicyIssue(filename, line, column, "",
                                      f"the policy file is larger than {limit:,} bytes (the limit for a policy; "
                                      "the shipped packs are under 60 KB)")])


def load_policy(name_or_file: str) -> Policy:
    """Load and fully validate a policy; raise ``PolicyInvalid`` listing every problem found."""
    display, text = resolve(name_or_file)
    return parse_policy(text, display)


def parse_policy(text: str, filename: str = "<policy>") -> Policy:
    """Validate YAML text as a policy. ``filename`` is used in error messages only.

    Bounded whatever the text: more than ``MAX_BYTES`` (UTF-8) is refused before parsing, and the parser refuses
    aliases, deep nesting and huge documents (``yamlpos``), each located by line and column.
    """
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _too_large(filename, text.encode("utf-8", "surrogatepass"), MAX_BYTES)
    try:
        data, positions = load_with_positions(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise PolicyInvalid([PolicyIssue(filename, line, column, "", f"YAML syntax: {exc.problem}")]) from None
    except ReaderError as exc:
        line, column = _line_column(text, exc.position)
        raise PolicyInvalid([PolicyIssue(filename, line, column, "", f"YAML: {exc.reason}: character "
                                         f"#x{exc.character if isinstance(exc.character, int) else 0:04x} is not "
                                         "allowed in YAML text")]) from None
    except yaml.YAMLError as exc:
        raise PolicyInvalid([PolicyIssue(filename, None, None, "", f"YAML: {exc}")]) from None
    issues = [PolicyIssue(filename, mark.line, mark.column, ".".join(str(p) for p in path),
                          "duplicate key (the later value would silently win)")
              for path, mark in positions.duplicates]
    if not isinstance(data, dict):
        raise PolicyInvalid([*issues, PolicyIssue(filename, 1, 1, "", "a policy file must be a YAML mapping")])
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        issues += [_from_pydantic(filename, positions, err) for err in exc.errors()]
        raise PolicyInvalid(issues) from None
    issues += [_issue(filename, positions, p.path, p.message, p.suggestion) for p in check_policy(policy)]
    if issues:
        raise PolicyInvalid(issues)
    return policy


def _issue(filename: str, positions: Positions, path: Path, message: str, suggestion: str | None,
           *, prefer_key: bool = False) -> PolicyIssue:
    mark = positions.locate(path, prefer_key=prefer_key)
    field = ".".join(str(p) for p in path)
    return PolicyIssue(filename, mark.line if mark else None, mark.column if mark else None, field, message,
                       suggestion)


def _from_pydantic(filename: str, positions: Positions, err: Any) -> PolicyIssue:
    loc: Path = tuple(p for p in err["loc"] if p != "[key]")
    kind = err["type"]
    suggestion: str | None = None
    if kind == "extra_forbidden":
        known = _field_names_at(Policy, loc[:-1])
        suggestion = suggest(str(loc[-1]), known)
        message = f"unknown key {loc[-1]!r}"
        if known:
            message += f"; expected one of: {', '.join(sorted(known))}"
        return _issue(filename, positions, loc, message, suggestion, prefer_key=True)
    if kind == "missing":
        return _issue(filename, positions, loc, "required field is missing", None)
    if kind in {"enum", "literal_error"}:
        expected = re.findall(r"'([^']+)'", str(err.get("ctx", {}).get("expected", "")))
        suggestion = suggest(str(err.get("input")), expected)
        return _issue(filename, positions, loc, f"{err['input']!r} is not allowed; expected one of: "
                      f"{', '.join(expected)}", suggestion)
    if kind == "string_pattern_mismatch":
        return _issue(filename, positions, loc, f"{err['input']!r} is not a valid id: use lower-case letters, "
                      "digits, '.', '-' and '_'", None)
    return _issue(filename, positions, loc, f"{err['msg']} (got {_short(err.get('input'))})", None)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _field_names_at(model: type[BaseModel], loc: Path) -> list[str]:
    """Field names (by alias) of the model found by following ``loc`` from ``model``; [] if not a model."""
    current: Any = model
    for part in loc:
        current = _unwrap(current, part)
        if current is None:
            return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _unwrap(annotation: Any, part: str | int) -> Any:
    """Step one path element into a type annotation: a model field, a list item or a dict value."""
    annotation = _strip(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if part in {name, field.alias}:
                return _strip(field.annotation)
        return None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and args:
        return _strip(args[0])
    if origin is dict and len(args) == 2:
        return _strip(args[1])
    return None


def _strip(annotation: Any) -> Any:
    """Remove Optional[...] and Annotated[...] wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in {typing.Union, types.UnionType}:
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation

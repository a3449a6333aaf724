"""Functional suites: hand-written cases grouped by the behaviour they probe.

``checklist.yaml`` (v1, 211 cases, flag/pass) and ``functional.yaml`` (v2, 480+ cases over the functionalities
issue 12 lists, with hate / abuse-not-hate / no-hate expectations). ``met`` is the one place that says whether a
decision's labels meet an expectation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from socialwarden.exceptions import InputError

CHECKLIST_FILE = Path(__file__).parent / "checklist.yaml"
FUNCTIONAL_FILE = Path(__file__).parent / "functional.yaml"
EXPECTS = ("flag", "pass", "hate", "abuse_not_hate", "no_hate")


def met(expect: str, *, flag: bool, hate: bool) -> bool:
    """Whether a decision flagged (offensive/threat/sexual...) and/or called hate meets ``expect``."""
    if expect == "flag":
        return flag
    if expect == "hate":
        return hate
    if expect == "abuse_not_hate":
        return flag and not hate
    if expect == "no_hate":
        return not hate
    return not flag and not hate


@dataclass(frozen=True)
class Functionality:
    id: str
    title: str
    expect: str  # one of EXPECTS
    cases: tuple[str, ...]


def load_checklist(path: Path = CHECKLIST_FILE) -> tuple[Functionality, ...]:
    """Every functionality in ``path``; a malformed entry is refused with its place in the file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the checklist ({exc})") from None
    items = raw.get("functionalities") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise InputError(f"{path}: needs a top-level 'functionalities' list")
    out: list[Functionality] = []
    for n, item in enumerate(items):
        where = f"{path}: functionalities[{n}]"
        if not isinstance(item, dict) or not {"id", "title", "expect", "cases"} <= set(item):
            raise InputError(f"{where}: needs id, title, expect and cases")
        if item["expect"] not in EXPECTS:
            raise InputError(f"{where}.expect: {item['expect']!r} is not one of {', '.join(EXPECTS)}")
        cases = item["cases"]
        if not isinstance(cases, list) or not cases or not all(isinstance(c, str) and c.strip() for c in cases):
            raise InputError(f"{where}.cases: needs a non-empty list of non-empty strings")
        out.append(Functionality(str(item["id"]), str(item["title"]), item["expect"], tuple(cases)))
    ids = [f.id for f in out]
    if len(set(ids)) != len(ids):
        raise InputError(f"{path}: duplicate functionality id")
    return tuple(out)

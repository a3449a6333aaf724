"""Read YAML while remembering where each value sits, so errors can name a line and column.

PyYAML silently keeps the last of two duplicate keys; we report them instead, because a
policy with two ``action:`` lines under one rule almost always hides a mistake.

Parsing is bounded, because a policy file may come from anyone allowed to propose one (the API's validate route):
aliases (``*name``) are refused outright, so a few hundred bytes cannot expand into gigabytes ("billion laughs");
nesting deeper than ``MAX_DEPTH`` and documents of more than ``MAX_NODES`` values are refused before the composer
recurses into them; the text itself is limited to ``MAX_BYTES`` by the caller (``loader.parse_policy``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.error import Mark as YamlMark
from yaml.events import AliasEvent

Path = tuple[str | int, ...]

MAX_BYTES = 1024 * 1024  # the shipped packs are 8-54 KB
MAX_DEPTH = 40  # the shipped packs nest 7 deep
MAX_NODES = 100_000  # the shipped packs have under 10,000 values


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Positions:
    """Where each path of the document starts: the value's mark and, for mapping entries, the key's."""

    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    duplicates: list[tuple[Path, Mark]] = field(default_factory=list)

    def locate(self, path: Path, *, prefer_key: bool = False) -> Mark | None:
        """The mark for ``path``, or for its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            found = (self.keys.get(probe) or self.values.get(probe)) if prefer_key else (
                self.values.get(probe) or self.keys.get(probe)
            )
            if found is not None:
                return found
            if not probe:
                return None
            probe = probe[:-1]


class BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases, and nesting or node counts past the limits, at the offending mark."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent):
            raise ComposerError(None, None, f"aliases (*{event.anchor}) are not allowed in a policy file: write the "
                                "value out where it is used", _start(event))
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise ComposerError(None, None, f"more than {MAX_NODES:,} values: a policy is far smaller than that",
                                _start(event))
        if self._depth >= MAX_DEPTH:
            raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", _start(event))
        self._depth += 1
        try:
            node: yaml.Node | None = super().compose_node(parent, index)
            return node
        finally:
            self._depth -= 1


def _start(event: yaml.Event) -> YamlMark | None:
    mark = event.start_mark
    return mark if isinstance(mark, YamlMark) else None


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _walk(node: yaml.Node, path: Path, pos: Positions) -> None:
    pos.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*path, key)
            if key in seen:
                pos.duplicates.append((child, _mark(key_node)))
            seen.add(key)
            pos.keys[child] = _mark(key_node)
            _walk(value_node, child, pos)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), pos)


def load_with_positions(text: str) -> tuple[object, Positions]:
    """Parse one YAML document (bounded: see the module docstring); return the plain data and the position map.

    Raises ``yaml.YAMLError`` (with its own marks) on syntax errors and on aliases, depth or size past the limits.
    """
    loader = BoundedLoader(text)
    try:
        node = loader.get_single_node()
        positions = Positions()
        if node is None:
            return None, positions
        _walk(node, (), positions)
        data: Any = loader.construct_document(node)
        return data, positions
    finally:
        loader.dispose()

"""Read YAML while remembering where each value sits, so errors can name a line and column.

PyYAML silently keeps the last of two duplicate keys; we report them instead, because a
policy with two ``action:`` lines under one rule almost always hides a mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

Path = tuple[str | int, ...]


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
    """Parse one YAML document; return the plain data and the position map.

    Raises ``yaml.YAMLError`` (with its own marks) on syntax errors.
    """
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    positions = Positions()
    if node is None:
        return None, positions
    _walk(node, (), positions)
    data = yaml.safe_load(text)
    return data, positions

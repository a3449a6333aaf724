"""Differences between two versions of a policy, rule by rule (policies get reviewed and re-approved)."""

from __future__ import annotations

from dataclasses import dataclass

from socialwarden.policy.items import Item, iter_items
from socialwarden.policy.models import Policy


@dataclass(frozen=True)
class Change:
    kind: str
    id: str
    fields: dict[str, tuple[object, object]]  # field -> (before, after)


@dataclass(frozen=True)
class PolicyDiff:
    old_label: str
    new_label: str
    added: tuple[Item, ...]
    removed: tuple[Item, ...]
    changed: tuple[Change, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "old": self.old_label, "new": self.new_label,
            "added": [{"kind": i.kind, "id": i.id, "summary": i.summary} for i in self.added],
            "removed": [{"kind": i.kind, "id": i.id, "summary": i.summary} for i in self.removed],
            "changed": [{"kind": c.kind, "id": c.id,
                         "fields": {k: {"before": b, "after": a} for k, (b, a) in c.fields.items()}}
                        for c in self.changed],
        }


def _fields(item: Item) -> dict[str, object]:
    body = dict(item.body)
    if item.cite is not None:
        body["cite"] = item.cite.model_dump(mode="json")
    return body


def diff_policies(old: Policy, new: Policy) -> PolicyDiff:
    """Items added, removed and changed (matched by kind and id) from ``old`` to ``new``."""
    before = {(i.kind, i.id): i for i in iter_items(old)}
    after = {(i.kind, i.id): i for i in iter_items(new)}
    changed = []
    for key in before.keys() & after.keys():
        a, b = _fields(before[key]), _fields(after[key])
        fields = {k: (a.get(k), b.get(k)) for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)}
        if fields:
            changed.append(Change(key[0], key[1], fields))
    label = "{0.policy.id} v{0.policy.version}"
    return PolicyDiff(
        old_label=label.format(old), new_label=label.format(new),
        added=tuple(after[k] for k in after if k not in before),
        removed=tuple(before[k] for k in before if k not in after),
        changed=tuple(sorted(changed, key=lambda c: (c.kind, c.id))),
    )

"""The engine's decision as it is kept with a post version or a comment, read back through one typed class.

Stores keep ``Decision.to_json()`` (a comment keeps its guidance by id only). Everything that reads a stored
decision — the desk, the inbox, exports, reports, posts — goes through ``StoredDecision.read`` instead of picking
string keys out of the JSON, and ``StoredDecision.decision()`` rebuilds the engine's ``Decision`` so functions
written for a fresh decision (response guidance) run on the stored one without checking the text again.

Only ``findings`` are what a person must look at; low-confidence signals, where the engine keeps them, live
under ``signals`` and are never shown, counted or charted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args

from socialwarden.engine.context import Direction
from socialwarden.engine.decision import Decision, FiredRule, GuidanceNote, Verdict
from socialwarden.engine.findings import Adjustment, AdjustmentKind, Finding
from socialwarden.policy.models import Citation
from socialwarden.taxonomy import Category, Characteristic


def _citation(raw: object) -> Citation:
    data = raw if isinstance(raw, Mapping) else {}
    quote = str(data.get("quote") or "")
    return Citation(source=data.get("source"), section=str(data.get("section") or "?"),
                    quote=quote if len(quote) >= 3 else "(no quote kept)",
                    title=str(data["title"]) if data.get("title") else None,
                    document=str(data["document"]) if data.get("document") else None)


def _finding(raw: Mapping[str, Any]) -> Finding | None:
    try:
        category = Category(str(raw.get("category")))
    except ValueError:
        return None  # a category this version no longer knows: not shown rather than guessed
    characteristic = raw.get("characteristic")
    tier = raw.get("tier")
    return Finding(category=category, start=int(raw.get("start") or 0), end=int(raw.get("end") or 0),
                   score=float(raw.get("score") or 0.0), detector=str(raw.get("detector") or "?"),
                   explanation=str(raw.get("explanation") or ""),
                   characteristic=Characteristic(characteristic) if characteristic in set(Characteristic) else None,
                   tier=tier if tier in ("banned", "suspect") else None,
                   label=str(raw["label"]) if raw.get("label") else None,
                   original_score=float(raw["original_score"]) if raw.get("original_score") is not None else None,
                   adjustments=_adjustments(raw.get("adjustments")))


_KINDS: dict[str, AdjustmentKind] = {kind: kind for kind in get_args(AdjustmentKind)}


def _adjustments(raw: object) -> tuple[Adjustment, ...]:
    """How the finding's score was adjusted after its detector reported it (kinds this version knows)."""
    out: list[Adjustment] = []
    for item in raw if isinstance(raw, list) else ():
        kind = _KINDS.get(str(item.get("kind"))) if isinstance(item, Mapping) else None
        if kind is not None:
            out.append(Adjustment(kind, float(item.get("factor") or 0.0), str(item.get("reason") or "")))
    return tuple(out)


def _rule(raw: Mapping[str, Any]) -> FiredRule:
    verdict = str(raw.get("verdict") or "")
    return FiredRule(id=str(raw.get("id") or "?"), kind=str(raw.get("kind") or "?"), title=str(raw.get("title") or ""),
                     category=str(raw["category"]) if raw.get("category") else None,
                     verdict=Verdict(verdict) if verdict in set(Verdict) else Verdict.KEEP,
                     roles=tuple(str(r) for r in raw.get("roles") or ()), citation=_citation(raw.get("citation")),
                     next_step=str(raw["next_step"]) if raw.get("next_step") else None,
                     held=str(raw["held"]) if raw.get("held") else None)


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return list(value) if isinstance(value, list) else []


@dataclass(frozen=True)
class StoredDecision:
    """A decision read back from the store (a post version's or a comment's)."""

    verdict: Verdict | None
    direction: Direction
    policy_id: str
    policy_version: str
    findings: tuple[Finding, ...]
    rules: tuple[FiredRule, ...]
    guidance_ids: tuple[str, ...]
    next_steps: tuple[str, ...]
    approvers: tuple[str, ...]
    escalate_to: tuple[str, ...]
    errors: tuple[str, ...]
    raw: Mapping[str, Any]

    @classmethod
    def read(cls, data: Mapping[str, Any] | None) -> StoredDecision:
        """Read a stored decision (None or {} reads as an empty decision with no verdict)."""
        data = data or {}
        verdict = str(data.get("verdict") or "")
        direction = str(data.get("direction") or "")
        raw_policy = data.get("policy")
        policy: Mapping[str, Any] = raw_policy if isinstance(raw_policy, Mapping) else {}
        guidance = [g.get("id") if isinstance(g, Mapping) else g for g in _list(data, "guidance")]
        found = (_finding(f) for f in _list(data, "findings") if isinstance(f, Mapping))
        return cls(verdict=Verdict(verdict) if verdict in set(Verdict) else None,
                   direction=Direction(direction) if direction in set(Direction) else Direction.INBOUND,
                   policy_id=str(policy.get("id") or "?"), policy_version=str(policy.get("version") or "?"),
                   findings=tuple(f for f in found if f is not None),
                   rules=tuple(_rule(r) for r in _list(data, "rules") if isinstance(r, Mapping)),
                   guidance_ids=tuple(str(g) for g in guidance if g),
                   next_steps=tuple(str(s) for s in _list(data, "next_steps")),
                   approvers=tuple(str(r) for r in _list(data, "approvers")),
                   escalate_to=tuple(str(r) for r in _list(data, "escalate_to")),
                   errors=tuple(str(e) for e in _list(data, "errors")), raw=data)

    @property
    def categories(self) -> frozenset[Category]:
        """The categories of the findings a person is shown."""
        return frozenset(f.category for f in self.findings)

    @property
    def raised(self) -> frozenset[Category]:
        """The categories a person deals with: those of the shown findings and of the rules that fired (a complaint
        answered by a ``respond`` rule is not shown as a finding, yet it is a complaint)."""
        fired = {Category(r.category) for r in self.rules if r.category in set(Category)}
        return self.categories | fired

    def category_names(self) -> list[str]:
        """What the inbox and the dashboard list a decision under: the categories a person deals with."""
        return sorted(c.value for c in self.raised)

    def rules_of_kind(self, kind: str) -> tuple[FiredRule, ...]:
        return tuple(r for r in self.rules if r.kind == kind)

    @property
    def criteria(self) -> frozenset[str]:
        """Ids of the moderation criteria the comment met."""
        return frozenset(r.id for r in self.rules_of_kind("criterion"))

    def rules_with_verdict(self, verdict: Verdict) -> tuple[FiredRule, ...]:
        return tuple(r for r in self.rules if r.verdict is verdict)

    def findings_json(self) -> list[dict[str, object]]:
        """The shown findings in the engine's JSON shape (templates mark them in the text)."""
        return [f.to_json() for f in self.findings]

    def decision(self, policy_guidance: Mapping[str, GuidanceNote] | None = None) -> Decision:
        """The engine's ``Decision`` rebuilt from the store (guidance notes looked up by id when given)."""
        notes = tuple(policy_guidance[g] for g in self.guidance_ids if policy_guidance and g in policy_guidance)
        return Decision(verdict=self.verdict or Verdict.KEEP, direction=self.direction, policy_id=self.policy_id,
                        policy_version=self.policy_version, findings=self.findings, rules=self.rules,
                        guidance=notes, next_steps=self.next_steps, approvers=self.approvers,
                        escalate_to=self.escalate_to, errors=self.errors, id=self.raw.get("id"))

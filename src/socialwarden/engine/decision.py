"""The engine's answer: a verdict, the evidence, the clauses behind it, and what to do next."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from socialwarden.engine.context import Direction
from socialwarden.engine.findings import Finding
from socialwarden.policy.models import Citation


class Verdict(StrEnum):
    # outbound, from least to most restrictive
    ALLOW = "allow"
    WARN = "warn"
    NEEDS_APPROVAL = "needs_approval"
    BLOCK = "block"
    # inbound, from least to most serious
    KEEP = "keep"
    MONITOR = "monitor"
    RESPOND = "respond"
    HIDE = "hide"
    REMOVE = "remove"
    ESCALATE = "escalate"


OUTBOUND_ORDER = (Verdict.ALLOW, Verdict.WARN, Verdict.NEEDS_APPROVAL, Verdict.BLOCK)
INBOUND_ORDER = (Verdict.KEEP, Verdict.MONITOR, Verdict.RESPOND, Verdict.HIDE, Verdict.REMOVE, Verdict.ESCALATE)


def strongest(verdicts: list[Verdict], direction: Direction) -> Verdict:
    """The most restrictive verdict of ``verdicts`` (the lowest one when empty)."""
    order = INBOUND_ORDER if direction is Direction.INBOUND else OUTBOUND_ORDER
    return max(verdicts, key=order.index, default=order[0])


@dataclass(frozen=True)
class FiredRule:
    id: str
    kind: str  # content_rule | criterion | approval | incident | context
    title: str
    category: str | None
    verdict: Verdict
    roles: tuple[str, ...]  # who approves / who is alerted
    citation: Citation
    next_step: str | None = None
    held: str | None = None  # why the policy's action was softened to "hold for a person" (suspect tier only)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "category": self.category,
            "verdict": self.verdict.value,
            "roles": list(self.roles),
            "citation": {"source": self.citation.source, "section": self.citation.section,
                         "quote": self.citation.quote},
        }
        if self.held:
            out["held"] = self.held
        return out


@dataclass(frozen=True)
class GuidanceNote:
    id: str
    text: str
    citation: Citation

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text,
                "citation": {"source": self.citation.source, "section": self.citation.section,
                             "quote": self.citation.quote}}


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    direction: Direction
    policy_id: str
    policy_version: str
    findings: tuple[Finding, ...]
    rules: tuple[FiredRule, ...]
    guidance: tuple[GuidanceNote, ...]
    next_steps: tuple[str, ...]
    approvers: tuple[str, ...] = ()  # role ids, when the verdict is needs_approval
    escalate_to: tuple[str, ...] = ()  # role ids to alert
    errors: tuple[str, ...] = ()  # detectors that failed on this text (the rest still ran)
    id: str | None = None

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape used by the CLI, the API and batch output."""
        return {
            "id": self.id,
            "verdict": self.verdict.value,
            "direction": self.direction.value,
            "policy": {"id": self.policy_id, "version": self.policy_version},
            "approvers": list(self.approvers),
            "escalate_to": list(self.escalate_to),
            "findings": [f.to_json() for f in self.findings],
            "rules": [r.to_json() for r in self.rules],
            "guidance": [g.to_json() for g in self.guidance],
            "next_steps": list(self.next_steps),
            "errors": list(self.errors),
        }

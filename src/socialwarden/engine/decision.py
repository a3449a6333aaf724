"""The engine's answer: a verdict, the evidence, the clauses behind it, and what to do next.

Quiet by default: ``Decision.findings`` holds only what a person must look at (findings that reach a rule the
engine acts on, hold a text for a person, or show someone in distress). Everything else the detectors saw is in
``Decision.signals``, for analysts: it is in the JSON under ``"signals"`` and never in the list people read,
nor in counts or charts. ``Decision.evidence`` is both, in text order (evaluation reads it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from socialwarden.engine.context import Direction
from socialwarden.engine.findings import Finding
from socialwarden.policy.citations import to_json as citation_json
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
    threshold: float = 0.5  # the score a finding needs to reach this rule (content rules and criteria)
    categories: tuple[str, ...] = ()  # the categories that can reach it (a criterion names several)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "category": self.category,
            "verdict": self.verdict.value,
            "roles": list(self.roles),
            "citation": citation_json(self.citation),
        }
        if self.next_step:
            out["next_step"] = self.next_step
        if self.held:
            out["held"] = self.held
        return out


@dataclass(frozen=True)
class GuidanceNote:
    id: str
    text: str
    citation: Citation
    tied: bool = False  # about this text (its categories, or the election period in force), not general advice

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "citation": citation_json(self.citation), "tied": self.tied}


HOLD = "hold"  # Decision.reasons: the finding holds the text for a person (no rule reached)
DISTRESS = "distress"  # Decision.reasons: someone may be in distress; answered with support

_REASON_TEXT = {
    HOLD: "held for a person: wording that is often but not always a problem, to be judged in context",
    DISTRESS: "someone may be disclosing distress: answer with care and signpost support",
}


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    direction: Direction
    policy_id: str
    policy_version: str
    findings: tuple[Finding, ...]  # what a person must look at (see the module docstring)
    rules: tuple[FiredRule, ...]
    guidance: tuple[GuidanceNote, ...]
    next_steps: tuple[str, ...]
    approvers: tuple[str, ...] = ()  # role ids, when the verdict is needs_approval
    escalate_to: tuple[str, ...] = ()  # role ids to alert
    errors: tuple[str, ...] = ()  # detectors that failed on this text (the rest still ran)
    id: str | None = None
    signals: tuple[Finding, ...] = ()  # seen but not acted on: for analysts only
    # why each finding is shown, aligned with ``findings``: the id of the rule it reaches, HOLD or DISTRESS
    reasons: tuple[str, ...] = ()
    election_period: str | None = None  # the name of the election period in force, if any

    @property
    def evidence(self) -> tuple[Finding, ...]:
        """Every finding the detectors made, shown or not, in text order (for evaluation and analysts)."""
        if not self.signals:
            return self.findings
        return tuple(sorted((*self.findings, *self.signals), key=lambda f: (f.start, -f.score)))

    def rule_for(self, index: int) -> FiredRule | None:
        """The fired rule finding ``index`` reaches (None for a hold or a disclosure)."""
        reason = self.reasons[index] if index < len(self.reasons) else None
        if reason is None or reason in _REASON_TEXT:
            return None
        return next((r for r in self.rules if r.id == reason), None)

    def why(self, index: int) -> str:
        """Why finding ``index`` is shown, in the policy's own words: the rule's title and its clause."""
        rule = self.rule_for(index)
        if rule is not None:
            return f"{rule.title} — {rule.citation.label}"
        reason = self.reasons[index] if index < len(self.reasons) else HOLD
        return _REASON_TEXT.get(reason, _REASON_TEXT[HOLD])

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape used by the CLI, the API and batch output."""
        shown = []
        for i, f in enumerate(self.findings):
            item = f.to_json()
            item["rule"] = self.reasons[i] if i < len(self.reasons) else None
            item["why"] = self.why(i)
            shown.append(item)
        return {
            "id": self.id,
            "verdict": self.verdict.value,
            "direction": self.direction.value,
            "policy": {"id": self.policy_id, "version": self.policy_version},
            "election_period": self.election_period,
            "approvers": list(self.approvers),
            "escalate_to": list(self.escalate_to),
            "findings": shown,
            "rules": [r.to_json() for r in self.rules],
            "guidance": [g.to_json() for g in self.guidance],
            "next_steps": list(self.next_steps),
            "errors": list(self.errors),
            "signals": [f.to_json() for f in self.signals],
        }

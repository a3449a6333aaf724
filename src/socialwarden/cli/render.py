"""Print a decision for people: the text with findings highlighted, the verdict, clauses and next steps.

Only ``Decision.findings`` (what a person must look at) are shown; signals stay in the JSON. Every explanation
is the policy's own: the rule a finding reaches and its clause as the pack names it (``Citation.label``).
Guidance shows three items at first; ``more`` shows the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.text import Text

from socialwarden.engine.decision import Decision, Verdict
from socialwarden.moderation.guidance import FIRST, ResponseGuidance
from socialwarden.policy.models import Policy
from socialwarden.taxonomy import CATEGORY_INFO

_STYLE = {
    Verdict.ALLOW: "bold green", Verdict.KEEP: "bold green", Verdict.WARN: "bold yellow",
    Verdict.MONITOR: "bold yellow", Verdict.RESPOND: "bold cyan", Verdict.NEEDS_APPROVAL: "bold magenta",
    Verdict.HIDE: "bold red", Verdict.REMOVE: "bold red", Verdict.BLOCK: "bold red", Verdict.ESCALATE: "bold red",
}


def highlighted(text: str, decision: Decision) -> Text:
    """``text`` with each shown finding's span underlined (stronger findings in red)."""
    out = Text(text)
    for f in decision.findings:
        if f.end > f.start:
            out.stylize("bold red underline" if f.score >= 0.5 else "yellow underline", f.start, f.end)
    return out


def _titles(policy: Policy | None, roles: Sequence[str]) -> str:
    if policy is None:
        return ", ".join(roles)
    return ", ".join(policy.roles[r].title if r in policy.roles else r for r in roles)


def _more(console: Console, hidden: int, more: bool) -> None:
    if hidden and not more:
        console.print(f"    … {hidden} more (--more)", markup=False, style="dim")


def print_decision(console: Console, text: str, decision: Decision, *, policy: Policy | None = None,
                   response: ResponseGuidance | None = None, more: bool = False) -> None:
    console.print(highlighted(text, decision))
    verdict = decision.verdict.value.replace("_", " ").upper()
    extra = ""
    if decision.approvers:
        extra = f" by {_titles(policy, decision.approvers)}"
    if decision.escalate_to:
        extra += f" (alert: {_titles(policy, decision.escalate_to)})"
    if decision.election_period:
        extra += f" [election period: {decision.election_period}]"
    console.print(Text(f"→ {verdict}{extra}", style=_STYLE[decision.verdict]))
    for i, f in enumerate(decision.findings):
        snippet = text[f.start:f.end] if f.end > f.start else "(the post as a whole)"
        extra_bits = f", {f.characteristic.value.replace('_', ' ')}" if f.characteristic else ""
        console.print(f"  • {CATEGORY_INFO[f.category].title}{extra_bits}: “{snippet[:60]}” — {decision.why(i)}",
                      markup=False)
    for rule in decision.rules:
        cite = rule.citation
        console.print(f"  § {rule.title} [{rule.verdict.value.replace('_', ' ')}] — {cite.label}: “{cite.quote}”",
                      markup=False)
    for step in decision.next_steps:
        console.print(f"  ➜ {step}", markup=False)
    if response is not None:
        console.print(f"  Response: {response.kind.value.replace('_', ' ')} → "
                      f"{response.response.value.replace('_', ' ')}", markup=False)
        for advice in response.advice if more else response.first:
            where = f" ({advice.citation.label})" if advice.citation is not None else ""
            console.print(f"    - {advice.text}{where}", markup=False)
        _more(console, len(response.more), more)
    said = {a.text for a in response.advice} if response is not None else set()
    notes = [n for n in decision.guidance if n.text not in said]
    first = notes if more else [n for n in notes if n.tied][:FIRST]
    for note in first:
        console.print(f"  ℹ {note.text} ({note.citation.label})", markup=False)
    _more(console, len(notes) - len(first), more)
    for error in decision.errors:
        console.print(f"  ! {error}", markup=False, style="red")


UK = ZoneInfo("Europe/London")


def uk(moment: dt.datetime) -> str:
    """A time as people in the UK read it (the desk's due times, steps, notifications)."""
    return moment.astimezone(UK).strftime("%Y-%m-%d %H:%M %Z")

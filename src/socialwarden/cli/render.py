"""Print a decision for people: the text with findings highlighted, the verdict, clauses and next steps."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from socialwarden.engine.decision import Decision, Verdict

_STYLE = {
    Verdict.ALLOW: "bold green", Verdict.KEEP: "bold green", Verdict.WARN: "bold yellow",
    Verdict.MONITOR: "bold yellow", Verdict.RESPOND: "bold cyan", Verdict.NEEDS_APPROVAL: "bold magenta",
    Verdict.HIDE: "bold red", Verdict.REMOVE: "bold red", Verdict.BLOCK: "bold red", Verdict.ESCALATE: "bold red",
}


def highlighted(text: str, decision: Decision) -> Text:
    """``text`` with each finding's span underlined (stronger findings in red)."""
    out = Text(text)
    for f in decision.findings:
        if f.end > f.start:
            out.stylize("bold red underline" if f.score >= 0.5 else "yellow underline", f.start, f.end)
    return out


def print_decision(console: Console, text: str, decision: Decision) -> None:
    console.print(highlighted(text, decision))
    verdict = decision.verdict.value.replace("_", " ").upper()
    extra = ""
    if decision.approvers:
        extra = f" by {', '.join(decision.approvers)}"
    if decision.escalate_to:
        extra += f" (alert: {', '.join(decision.escalate_to)})"
    console.print(Text(f"→ {verdict}{extra}", style=_STYLE[decision.verdict]))
    for f in decision.findings:
        snippet = text[f.start:f.end] if f.end > f.start else "(the post as a whole)"
        extra_bits = f", {f.characteristic.value}" if f.characteristic else ""
        console.print(f"  • {f.category.value}{extra_bits} {f.score:.2f} “{snippet[:60]}” — {f.explanation}",
                      markup=False)
    for rule in decision.rules:
        cite = rule.citation
        console.print(f"  § {rule.id} [{rule.verdict.value}] {cite.source} §{cite.section}: “{cite.quote}”",
                      markup=False)
    for note in decision.guidance[:5]:
        console.print(f"  ℹ {note.text} (§{note.citation.section})", markup=False)
    for step in decision.next_steps:
        console.print(f"  ➜ {step}", markup=False)
    for error in decision.errors:
        console.print(f"  ! {error}", markup=False, style="red")

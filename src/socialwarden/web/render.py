"""Template helpers: findings marked up in the text, verdict styles, and the template globals."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from jinja2 import Environment
from markupsafe import Markup, escape

UK = ZoneInfo("Europe/London")

# how serious each verdict looks (the CSS class); outbound and inbound share one scale
VERDICT_TONE = {"allow": "ok", "keep": "ok", "warn": "caution", "monitor": "caution", "respond": "caution",
                "needs_approval": "hold", "hide": "hold", "block": "stop", "remove": "stop", "escalate": "stop"}
VERDICT_LABEL = {"allow": "Allowed", "warn": "Warning", "needs_approval": "Needs approval", "block": "Blocked",
                 "keep": "Keep", "monitor": "Monitor", "respond": "Respond", "hide": "Hide", "remove": "Remove",
                 "escalate": "Escalate"}


def _severity(finding: Mapping[str, object]) -> str:
    """high (banned word or score >= 0.8), medium (>= 0.5), low (a weak signal, shown but not alarming)."""
    score = finding.get("score")
    value = float(score) if isinstance(score, int | float) else 0.0
    if finding.get("tier") == "banned" or value >= 0.8:
        return "high"
    return "medium" if value >= 0.5 or finding.get("tier") == "suspect" else "low"


def highlight(text: str, findings: Sequence[Mapping[str, object]], *, numbered: bool = True) -> Markup:
    """``text`` escaped, with every finding's span wrapped in <mark> (overlaps split into segments)."""
    cuts = {0, len(text)}
    spans: list[tuple[int, int, int, Mapping[str, object]]] = []
    for number, finding in enumerate(findings, start=1):
        start, end = finding.get("start"), finding.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end, number, finding))
            cuts.update((start, end))
    points = sorted(cuts)
    out: list[str] = []
    for left, right in itertools.pairwise(points):
        piece = str(escape(text[left:right]))
        covering = [s for s in spans if s[0] <= left and right <= s[1]]
        if not covering:
            out.append(piece)
            continue
        levels = {_severity(s[3]) for s in covering}
        level = next(lvl for lvl in ("high", "medium", "low") if lvl in levels or lvl == "low")
        label = "; ".join(f"{s[2]}: {s[3].get('category')}" for s in covering)
        refs = "".join(f"<sup>{s[2]}</sup>" for s in covering if s[0] == left) if numbered else ""
        out.append(f'<mark class="finding {level}" title="{escape(label)}">{piece}</mark>{refs}')
    return Markup("".join(out))


def when(value: dt.datetime | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return value.astimezone(dt.UTC).strftime("%d %b %Y %H:%M UTC")


def uk(value: dt.datetime | str | None) -> str:
    """A time as people in the UK read it (GMT or BST, named)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(UK).strftime("%d %b %Y %H:%M %Z")


def register(env: Environment) -> None:
    env.filters["highlight"] = highlight
    env.filters["severity"] = _severity
    env.filters["when"] = when
    env.filters["uk"] = uk
    env.globals["verdict_tone"] = VERDICT_TONE
    env.globals["verdict_label"] = VERDICT_LABEL


def plain_list(values: Iterable[str]) -> str:
    return ", ".join(values) or "—"

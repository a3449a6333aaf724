"""Server-side SVG charts (no JavaScript): bars, stacked bars over time, and target lines. Each has a text table too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# colour-blind-safe (Okabe-Ito) palette, each dark enough for 3:1 contrast on white
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B")


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float, ...]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    return float(((int(value) // step) + 1) * step)


def bars(labels: Sequence[str], values: Sequence[float], *, title: str, unit: str = "",
         target: float | None = None, width: int = 520) -> Markup:
    """Horizontal bars, one per label, optionally with a target line (e.g. a response-time target)."""
    row, left, height = 26, 170, 26 * max(1, len(labels)) + 30
    top = max([*values, target or 0, 0])
    scale = (width - left - 50) / _nice_max(top)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 10 + i * row
        bar = max(1.0, value * scale) if value else 0.0
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" class="axis">{escape(label[:26])}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{bar:.1f}" height="{row - 8}" '
                     f'fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(label)}: {value:g}{unit}</title></rect>')
        parts.append(f'<text x="{left + bar + 6:.1f}" y="{y + 16}" class="value">{value:g}{escape(unit)}</text>')
    if target is not None:
        x = left + target * scale
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="{height - 20}" class="target"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" class="axis">target '
                     f"{target:g}{escape(unit)}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_columns(periods: Sequence[str], series: Sequence[Series], *, title: str, width: int = 560,
                    height: int = 240) -> Markup:
    """One column per period, stacked by series (e.g. comments per category per week), with a legend."""
    left, bottom, top_pad = 36, 40, 10
    totals = [sum(s.values[i] for s in series) for i in range(len(periods))]
    top = _nice_max(max(totals, default=0))
    plot_h = height - bottom - top_pad
    col = (width - left - 10) / max(1, len(periods))
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height + 20 * ((len(series) + 3) // 4)}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<line x1="{left}" x2="{width - 10}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h}" class="grid"/>',
             f'<text x="{left - 4}" y="{top_pad + 8}" text-anchor="end" class="axis">{top:g}</text>',
             f'<text x="{left - 4}" y="{top_pad + plot_h}" text-anchor="end" class="axis">0</text>']
    for i, period in enumerate(periods):
        x, base = left + i * col + col * 0.15, float(top_pad + plot_h)
        for j, s in enumerate(series):
            value = s.values[i]
            if not value:
                continue
            h = value / top * plot_h
            base -= h
            parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{col * 0.7:.1f}" height="{h:.1f}" '
                         f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(period)} {escape(s.label)}: '
                         f"{value:g}</title></rect>")
        parts.append(f'<text x="{x + col * 0.35:.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle" '
                     f'class="axis">{escape(period)}</text>')
    for j, s in enumerate(series):
        lx, ly = left + (j % 4) * ((width - left) / 4), height + 20 * (j // 4) - 10
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>'
                     f'<text x="{lx + 16:.1f}" y="{ly}" class="axis">{escape(s.label[:22])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))

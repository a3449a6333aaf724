"""Marking findings in text, and the SVG charts: escaping, overlaps, bad spans."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from socialwarden.web.charts import Series, bars, stacked_columns
from socialwarden.web.render import highlight


def test_findings_are_marked_and_everything_else_escaped() -> None:
    text = "<b>hi</b> call 07700 900123 now"
    start = text.index("07700")
    out = str(highlight(text, [{"category": "personal_data", "start": start, "end": start + 12, "score": 0.95}]))
    assert out.startswith("&lt;b&gt;hi&lt;/b&gt; call ")
    assert '<mark class="finding high" title="1: personal_data">07700 900123</mark><sup>1</sup> now' in out


def test_overlapping_findings_split_into_segments_with_the_stronger_style() -> None:
    text = "abcdefghij"
    out = str(highlight(text, [{"category": "abuse", "start": 0, "end": 6, "score": 0.6},
                               {"category": "threat", "start": 3, "end": 9, "score": 0.9}], numbered=False))
    assert out == ('<mark class="finding medium" title="1: abuse">abc</mark>'
                   '<mark class="finding high" title="1: abuse; 2: threat">def</mark>'
                   '<mark class="finding high" title="2: threat">ghi</mark>j')


def test_spans_outside_the_text_are_ignored_and_weak_signals_marked_low() -> None:
    out = str(highlight("short", [{"category": "spam", "start": 3, "end": 99, "score": 1.0},
                                  {"category": "spam", "start": 0, "end": 5, "score": 0.2}], numbered=False))
    assert out == '<mark class="finding low" title="2: spam">short</mark>'


def test_charts_are_well_formed_svg_with_escaped_labels() -> None:
    for svg in (bars(["<x>", "b & c"], [3, 0], title="t <1>", target=2),
                stacked_columns(["w1", "w2"], [Series("a<b", (1, 2)), Series("c", (0, 4))], title="vol")):
        root = ET.fromstring(str(svg))
        assert root.tag.endswith("svg") and root.get("role") == "img"
        assert "<x>" not in str(svg) and "a<b" not in str(svg)
    assert "&lt;x&gt;" in str(bars(["<x>"], [1], title="t"))

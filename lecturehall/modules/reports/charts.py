"""Charts drawn on the server as SVG (the CSP allows no inline script or style: shapes carry classes, the
stylesheet colours them): a trend line, horizontal bars, and the world map shaded by participants from the
geometry shipped in data/world.json. Each chart is an image with a text alternative; its numbers are also in a
table beside it (templates)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

WORLD = Path(__file__).resolve().parent / "data" / "world.json"
SHADES = 5


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def line_chart(values: list, labels: list[str], title: str, top_label: str, *, width: int = 320,
               height: int = 120) -> Markup:
    """A line over the period's buckets (None leaves a gap), with its highest value marked on the axis."""
    pad_left, pad_bottom, pad_top = 4, 16, 14
    numbers = [value for value in values if value is not None]
    top = max(numbers) if numbers and max(numbers) > 0 else 1
    step = (width - pad_left * 2) / max(1, len(values) - 1)
    plot = height - pad_bottom - pad_top
    parts, segment = [], []
    for index, value in enumerate(values):
        if value is None:
            segment = []
            continue
        x = pad_left + index * step
        y = pad_top + plot - plot * float(value) / float(top)
        segment.append(f"{'M' if not segment else 'L'}{_number(x)},{_number(y)}")
        if len(segment) == 1:
            parts.append(segment)
    path = " ".join(" ".join(points) for points in parts)
    dots = ""
    if len(values) == 1 and numbers:
        dots = f'<circle class="chart-dot" cx="{width / 2}" cy="{pad_top}" r="3"/>'
    first, last = (escape(labels[0]), escape(labels[-1])) if labels else ("", "")
    return Markup(
        f'<svg class="chart line-chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f'<title>{escape(title)}</title>'
        f'<line class="chart-axis" x1="{pad_left}" y1="{height - pad_bottom}" x2="{width - pad_left}" '
        f'y2="{height - pad_bottom}"/>'
        f'<text class="chart-label" x="{pad_left}" y="10">{escape(top_label)}</text>'
        f'<path class="chart-line" d="{path}"/>{dots}'
        f'<text class="chart-label" x="{pad_left}" y="{height - 3}">{first}</text>'
        f'<text class="chart-label chart-end" x="{width - pad_left}" y="{height - 3}">{last}</text></svg>')


def bar_chart(rows: list[tuple[str, float, str]], title: str, *, width: int = 640) -> Markup:
    """Horizontal bars: (label, value, value as the viewer reads it), in the order given."""
    bar_height, gap, label_width = 18, 6, 170
    height = max(1, len(rows)) * (bar_height + gap)
    top = max((value for _label, value, _text in rows), default=0) or 1
    span = width - label_width - 70
    bars = []
    for index, (label, value, text) in enumerate(rows):
        y = index * (bar_height + gap)
        length = max(1.0, span * float(value) / float(top)) if value else 0
        bars.append(
            f'<text class="chart-label" x="{label_width - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="chart-bar" x="{label_width}" y="{y}" width="{_number(length)}" height="{bar_height}"/>'
            f'<text class="chart-label" x="{_number(label_width + length + 6)}" y="{y + 13}">{escape(text)}</text>')
    return Markup(f'<svg class="chart bar-chart" viewBox="0 0 {width} {height}" role="img" '
                  f'aria-label="{escape(title)}"><title>{escape(title)}</title>{"".join(bars)}</svg>')


@lru_cache(maxsize=1)
def world() -> dict:
    with WORLD.open(encoding="utf-8") as handle:
        return json.load(handle)


def shade(value: float, top: float) -> int:
    """1 (fewest) to SHADES (most), by the value's share of the largest; 0 for none."""
    if not value or not top:
        return 0
    return min(SHADES, 1 + int((SHADES - 1) * float(value) / float(top) + 0.5))


def world_map(values: dict[str, float], names: dict[str, str], texts: dict[str, str], title: str) -> Markup:
    """Every country of the map, shaded by its value; those with one carry a tooltip (name: value)."""
    geometry = world()
    top = max(values.values(), default=0)
    shapes = []
    for code, path in geometry["shapes"].items():
        level = shade(values.get(code, 0), top)
        tip = f"<title>{escape(names.get(code, code))}: {escape(texts[code])}</title>" if code in texts else ""
        shapes.append(f'<path class="map-country shade-{level}" d="{path}" data-country="{code}">{tip}</path>')
    for code, (x, y) in geometry["dots"].items():
        if code in values and values[code]:
            level = shade(values[code], top)
            tip = f"<title>{escape(names.get(code, code))}: {escape(texts[code])}</title>" if code in texts else ""
            shapes.append(f'<circle class="map-country shade-{level}" cx="{x}" cy="{y}" r="4" '
                          f'data-country="{code}">{tip}</circle>')
    return Markup(
        f'<svg class="chart world-map" viewBox="0 0 {geometry["width"]} {geometry["height"]}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f'<path class="map-sea" d="{geometry["outline"]}"/>{"".join(shapes)}</svg>')

"""A small line chart of a monthly series, as inline SVG (its table sits beside it)."""

from __future__ import annotations

import math
from html import escape

WIDTH, HEIGHT, PAD = 160, 36, 3


def sparkline_svg(values: list[float | None], label: str) -> str:
    """Return a polyline of `values` (gaps where a value is missing); empty if none."""
    known = [v for v in values if v is not None and not math.isnan(v)]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / (len(values) - 1)
    segments, current = [], []
    for i, value in enumerate(values):
        if value is None or math.isnan(value):
            if current:
                segments.append(current)
            current = []
            continue
        x = PAD + i * step
        y = HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD)
        current.append(f"{x:.1f},{y:.1f}")
    if current:
        segments.append(current)
    lines = "".join(
        f'<polyline points="{" ".join(points)}" fill="none" stroke="#000091" stroke-width="1.5"/>'
        for points in segments
    )
    last = segments[-1][-1].split(",")
    return (
        f'<svg role="img" aria-label="{escape(label)}" focusable="false" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">{lines}'
        f'<circle cx="{last[0]}" cy="{last[1]}" r="2.5" fill="#000091"/></svg>'
    )

"""Inline SVG charts for the eval pages: bars per kind, a latency histogram, lines over runs."""

from __future__ import annotations

import html
from collections.abc import Sequence


def bars(title: str, items: list[tuple[str, float]], width: int = 420, signed: bool = False) -> str:
    """A horizontal bar chart (values in [0, 1], or [-1, 1] when signed)."""
    row, label_w = 22, 130
    height = row * len(items) + 30
    zero = label_w + (width - label_w) / 2 if signed else label_w
    scale = (width - label_w) / (2 if signed else 1)
    parts = [
        f'<svg class="chart" width="{width + 60}" height="{height}" role="img" '
        f'aria-label="{html.escape(title)}">',
        f'<text x="0" y="14" font-weight="bold">{html.escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(items):
        y = 24 + i * row
        w = abs(value) * scale
        x = zero if value >= 0 else zero - w
        color = "#3b7dd8" if value >= 0 else "#d8553b"
        shown = f"{value:+.3f}" if signed else f"{value:.2f}"
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{html.escape(label)}</text>')
        parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="14" fill="{color}"/>')
        parts.append(f'<text x="{x + w + 4:.1f}" y="{y + 14}" font-size="11">{shown}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(values: list[float], width: int = 420, bins: int = 20) -> str:
    """Answer latency as a histogram (ms)."""
    if not values:
        return ""
    top = max(values) or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int(v / top * bins))] += 1
    peak = max(counts)
    bar_w = width / bins
    rects = "".join(
        f'<rect x="{i * bar_w:.1f}" y="{120 - c / peak * 100:.1f}" width="{bar_w - 2:.1f}" '
        f'height="{c / peak * 100:.1f}" fill="#6a9f58"><title>{c}</title></rect>'
        for i, c in enumerate(counts)
    )
    return (f'<svg class="chart" width="{width}" height="140" role="img" '
            f'aria-label="latency histogram">{rects}'
            f'<text x="0" y="136" font-size="11">0 ms</text>'
            f'<text x="{width - 70}" y="136" font-size="11">{top:.0f} ms</text></svg>')  # fmt: skip


def line(
    title: str, labels: Sequence[str], values: Sequence[float | None], width: int = 420
) -> str:
    """One metric over runs: points joined by a line, the y axis from 0 to 1."""
    height, left, top, bottom = 150, 34, 22, 24
    plot_w, plot_h = width - left - 10, height - top - bottom
    step = plot_w / max(1, len(values) - 1)
    points = [
        (left + i * step, top + (1 - v) * plot_h, v, labels[i])
        for i, v in enumerate(values)
        if v is not None
    ]
    parts = [
        f'<svg class="chart" width="{width}" height="{height}" role="img" '
        f'aria-label="{html.escape(title)}">',
        f'<text x="0" y="14" font-weight="bold">{html.escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" '
        'stroke="#999"/>',
        f'<text x="0" y="{top + 8}" font-size="10">1.0</text>',
        f'<text x="0" y="{top + plot_h}" font-size="10">0.0</text>',
    ]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#3b7dd8" stroke-width="2"/>')
    for x, y, v, label in points:
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#3b7dd8">'
            f"<title>{html.escape(label)}: {v:.3f}</title></circle>"
        )
    if points:
        x, y, v, _ = points[-1]
        parts.append(f'<text x="{min(x, width - 40):.1f}" y="{y - 6:.1f}" font-size="10">'
                     f"{v:.3f}</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)

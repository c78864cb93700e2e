"""Small SVG charts, drawn on the server: bars per month, a line, a target line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 28


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar
    value: float | None
    title: str  # shown on hover, and read by tests
    href: str | None = None
    good: bool | None = None  # colours the bar: met, missed, unknown


def bar_chart(
    bars: Sequence[Bar],
    *,
    target: float | None,
    line: Sequence[float | None] = (),
    low: float | None = None,
    high: float | None = None,
    axis: Sequence[tuple[float, str]] = (),
    caption: str = "",
) -> Markup:
    """Bars with an optional polyline (``line``, one point per bar) and a dashed target."""
    values = [v for v in [*(b.value for b in bars), *line, target] if v is not None]
    bottom = low if low is not None else min(values, default=0.0)
    top = high if high is not None else max(values, default=1.0)
    if top <= bottom:
        top = bottom + 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(bars), 1)

    def y(value: float) -> float:
        clipped = min(max(value, bottom), top)
        return TOP + plot_h * (1 - (clipped - bottom) / (top - bottom))

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(caption)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(caption)}</title>",
    ]
    for value, text in axis:
        parts.append(
            f'<text class="axis" x="{LEFT - 4}" y="{y(value) + 4:.1f}" '
            f'text-anchor="end">{escape(text)}</text>'
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}"/>'
        )
    for index, bar in enumerate(bars):
        x = LEFT + index * step
        state = {True: "met", False: "missed", None: "unknown"}[bar.good]
        if bar.value is not None:
            top_y = y(bar.value)
            rect = (
                f'<rect class="bar {state}" x="{x + step * 0.15:.1f}" y="{top_y:.1f}" '
                f'width="{step * 0.7:.1f}" height="{TOP + plot_h - top_y:.1f}">'
                f"<title>{escape(bar.title)}</title></rect>"
            )
            if bar.href:
                rect = f'<a href="{escape(bar.href)}">{rect}</a>'
            parts.append(rect)
        parts.append(
            f'<text class="label" x="{x + step / 2:.1f}" y="{HEIGHT - 8}" '
            f'text-anchor="middle">{escape(bar.label)}</text>'
        )
    points = [
        f"{LEFT + (i + 0.5) * step:.1f},{y(v):.1f}" for i, v in enumerate(line) if v is not None
    ]
    if points:
        parts.append(f'<polyline class="rolling" points="{" ".join(points)}"/>')
    if target is not None:
        parts.append(
            f'<line class="target" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
            f'y1="{y(target):.1f}" y2="{y(target):.1f}"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))

"""Charts as inline SVG, written in Python (no JavaScript, prints and converts to PDF).

One kind of chart: a bar per month against a limit line (availability against its
target, a KPI's monthly value against its limit). Coordinates are written with fixed
decimals so that the same figures always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 64, 96, 14, 34
MET, MISSED, NEUTRAL, LIMIT = "#2e7d4f", "#c0392b", "#5b7bb2", "#333333"


@dataclass(frozen=True)
class Bar:
    label: str  # the month, as the reader's language writes it
    value: Decimal | None
    met: bool | None
    text: str  # the value, formatted, for the tooltip


def percent_range(values: Sequence[Decimal | None], limit: Decimal | None) -> tuple[float, float]:
    """A vertical range that shows small differences near 100 %: from a little below
    the lowest value (or the target) up to 100."""
    known = [float(v) for v in values if v is not None]
    if limit is not None:
        known.append(float(limit))
    low = min(known, default=99.0)
    margin = max((100.0 - low) * 0.25, 0.05)
    bottom = max(0.0, low - margin)
    return bottom, 100.0


def amount_range(values: Sequence[Decimal | None], limit: Decimal | None) -> tuple[float, float]:
    """From zero to a little above the highest value or the limit."""
    known = [float(v) for v in values if v is not None]
    if limit is not None:
        known.append(float(limit))
    top = max(known, default=1.0) * 1.15
    return 0.0, top if top > 0 else 1.0


def bar_chart(
    bars: Sequence[Bar],
    *,
    value_range: tuple[float, float],
    limit: Decimal | None,
    limit_text: str,
    axis_text: Callable[[float], str],
    title: str,
) -> str:
    """The SVG of ``bars`` with a dashed line at ``limit``."""
    bottom, top = value_range
    span = top - bottom or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        clipped = min(max(value, bottom), top)
        return TOP + plot_h * (1 - (clipped - bottom) / span)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#999"/>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        'stroke="#999"/>',
    ]
    for tick in (bottom, top):
        parts.append(
            f'<text x="{LEFT - 4}" y="{y(tick) + 4:.2f}" text-anchor="end" '
            f'font-size="10">{escape(axis_text(tick))}</text>'
        )
    slot = plot_w / max(len(bars), 1)
    for index, bar in enumerate(bars):
        x = LEFT + index * slot
        center = x + slot / 2
        parts.append(
            f'<text x="{center:.2f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" '
            f'font-size="9">{escape(bar.label)}</text>'
        )
        if bar.value is None:
            continue
        colour = NEUTRAL if bar.met is None else MET if bar.met else MISSED
        top_y = y(float(bar.value))
        height = TOP + plot_h - top_y
        parts.append(
            f'<rect x="{x + slot * 0.15:.2f}" y="{top_y:.2f}" width="{slot * 0.7:.2f}" '
            f'height="{height:.2f}" fill="{colour}"><title>{escape(bar.label)}: '
            f"{escape(bar.text)}</title></rect>"
        )
    if limit is not None:
        line_y = y(float(limit))
        parts.append(
            f'<line x1="{LEFT}" y1="{line_y:.2f}" x2="{WIDTH - RIGHT}" y2="{line_y:.2f}" '
            f'stroke="{LIMIT}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT + 4}" y="{line_y + 4:.2f}" text-anchor="start" '
            f'font-size="10" fill="{LIMIT}">{escape(limit_text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

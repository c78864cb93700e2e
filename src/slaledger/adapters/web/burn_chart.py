"""The burn-down chart of an error budget, as inline SVG (no script: the pages' CSP
allows none): what is left of the budget through the period, against the even-spend
line (a steady burn ending the period with nothing left)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from markupsafe import Markup

from slaledger.services.budget_burn import BurnDown

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 12, 24


def burn_chart(
    burn: BurnDown,
    *,
    caption: str,
    minutes: Callable[[float], str],
    point_title: Callable[[int, int], str],
    start_label: str,
    end_label: str,
) -> Markup:
    """``minutes`` words a number of minutes; ``point_title(at, remaining_seconds)`` the
    hover text of a point (read by tests)."""
    allowed = burn.line.allowed_seconds
    lowest = min([0, *(p.remaining_seconds for p in burn.points)])
    top = max(allowed, 60)
    span = max(burn.end - burn.start, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(at: int) -> float:
        return LEFT + plot_w * (at - burn.start) / span

    def y(seconds: float) -> float:
        return TOP + plot_h * (1 - (seconds - lowest) / (top - lowest))

    parts = [
        f'<svg class="chart burn" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(caption)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(caption)}</title>",
    ]
    for value in sorted({top, 0, lowest}):
        parts.append(
            f'<text class="axis" x="{LEFT - 4}" y="{y(value) + 4:.1f}" text-anchor="end">'
            f"{escape(minutes(value / 60))}</text>"
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}"/>'
        )
    parts.append(
        f'<text class="label" x="{LEFT}" y="{HEIGHT - 6}">{escape(start_label)}</text>'
        f'<text class="label" x="{WIDTH - RIGHT}" y="{HEIGHT - 6}" text-anchor="end">'
        f"{escape(end_label)}</text>"
    )
    parts.append(
        f'<line class="even-spend" x1="{x(burn.start):.1f}" y1="{y(allowed):.1f}" '
        f'x2="{x(burn.end):.1f}" y2="{y(0):.1f}"/>'
    )
    points = " ".join(f"{x(p.at):.1f},{y(p.remaining_seconds):.1f}" for p in burn.points)
    parts.append(f'<polyline class="remaining" points="{points}"/>')
    for point in burn.points:
        state = "over" if point.remaining_seconds < 0 else "left"
        parts.append(
            f'<circle class="point {state}" cx="{x(point.at):.1f}" '
            f'cy="{y(point.remaining_seconds):.1f}" r="2.5" data-at="{point.at}" '
            f'data-remaining="{point.remaining_seconds}">'
            f"<title>{escape(point_title(point.at, point.remaining_seconds))}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))

"""An incident's clocks on one time axis, drawn on the server as inline SVG (as
``charts.py``): a lane per clock from its start to its stop, its pauses shaded, and a
mark for each moment (start, reclassification, original and moved deadline, met,
breached, stopped, now). Colours are attributes of the drawing: it needs no stylesheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH, LEFT, RIGHT, TOP, LANE, AXIS = 760, 170, 16, 8, 44, 24
LABEL_CHARACTERS = 26  # what fits in LEFT at 11 px
COLOURS = {
    "met": "#1b7f3b",
    "breached": "#b3261e",
    "at-risk": "#b26a00",
    "running": "#16324f",
    "paused": "#8aa1b8",
    "no-target": "#8aa1b8",
    "stopped": "#555",
}


@dataclass(frozen=True)
class Mark:
    at: int
    kind: str  # start, reclassified, original-deadline, deadline, met, breached, stopped, now
    title: str  # shown on hover, and read by tests


@dataclass(frozen=True)
class Lane:
    name: str  # the clock's id (``data-clock``)
    label: str
    status: str  # colours the lane
    start: int | None  # None: the clock has not started
    end: int
    pauses: Sequence[tuple[int, int]] = ()
    marks: Sequence[Mark] = ()


def span(lanes: Sequence[Lane]) -> tuple[int, int]:
    """The instants the axis must show: every lane's start, end and marks."""
    instants = [
        t
        for lane in lanes
        for t in (lane.start, lane.end, *(m.at for m in lane.marks))
        if t is not None
    ]
    low, high = min(instants, default=0), max(instants, default=1)
    margin = max((high - low) // 40, 60)
    return low - margin, high + margin


def timeline(
    lanes: Sequence[Lane], *, axis: Sequence[tuple[int, str]], caption: str, low: int, high: int
) -> Markup:
    if high <= low:
        high = low + 1
    height = TOP + LANE * max(len(lanes), 1) + AXIS
    plot = WIDTH - LEFT - RIGHT

    def x(at: int) -> float:
        clipped = min(max(at, low), high)
        return LEFT + plot * (clipped - low) / (high - low)

    parts = [
        f'<svg class="chart timeline" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(caption)}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif" font-size="11">',
        f"<title>{escape(caption)}</title>",
    ]
    bottom = height - AXIS
    for position, (at, text) in enumerate(axis):
        # the first and last ticks' labels stay inside the drawing
        anchor = "end" if position == len(axis) - 1 else "start" if position == 0 else "middle"
        parts.append(
            f'<line x1="{x(at):.1f}" x2="{x(at):.1f}" y1="{TOP}" y2="{bottom}" stroke="#eee"/>'
            f'<text class="axis" x="{x(at):.1f}" y="{height - 8}" text-anchor="{anchor}" '
            f'fill="#444">{escape(text)}</text>'
        )
    for index, lane in enumerate(lanes):
        middle = TOP + LANE * index + LANE / 2
        colour = COLOURS.get(lane.status, "#16324f")
        parts.append(
            f'<g class="lane" data-clock="{escape(lane.name)}" data-status="{escape(lane.status)}">'
            f'<text x="{LEFT - 8}" y="{middle + 4:.1f}" text-anchor="end" fill="#1d1d1f">'
            f"<title>{escape(lane.label)}</title>{escape(_short(lane.label))}</text>"
        )
        if lane.start is not None:
            parts.append(
                f'<rect class="run" x="{x(lane.start):.1f}" y="{middle - 5:.1f}" '
                f'width="{max(x(lane.end) - x(lane.start), 1):.1f}" height="10" '
                f'fill="{colour}" opacity="0.35"/>'
            )
        for start, end in lane.pauses:
            parts.append(
                f'<rect class="pause" data-mark="pause" x="{x(start):.1f}" y="{middle - 9:.1f}" '
                f'width="{max(x(end) - x(start), 2):.1f}" height="18" fill="#8aa1b8" '
                f'opacity="0.6"/>'
            )
        parts.extend(_mark(mark, x(mark.at), middle) for mark in lane.marks)
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(label: str, room: int = LABEL_CHARACTERS) -> str:
    """A lane's label as it fits left of the plot (the whole label is its title)."""
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


def _mark(mark: Mark, at: float, middle: float) -> str:
    title = f"<title>{escape(mark.title)}</title>"
    opening = f'<g class="mark {escape(mark.kind)}" data-mark="{escape(mark.kind)}">{title}'
    top, bottom = middle - 16, middle + 16
    shapes = {
        "start": f'<circle cx="{at:.1f}" cy="{middle:.1f}" r="5" fill="#16324f"/>',
        "reclassified": (
            f'<polygon points="{at:.1f},{middle - 7:.1f} {at + 6:.1f},{middle:.1f} '
            f'{at:.1f},{middle + 7:.1f} {at - 6:.1f},{middle:.1f}" fill="#b26a00"/>'
        ),
        "original-deadline": (
            f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{top:.1f}" y2="{bottom:.1f}" '
            f'stroke="#666" stroke-width="2" stroke-dasharray="4 3"/>'
        ),
        "deadline": (
            f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{top:.1f}" y2="{bottom:.1f}" '
            f'stroke="#b3261e" stroke-width="2"/>'
        ),
        "met": f'<circle cx="{at:.1f}" cy="{middle:.1f}" r="6" fill="#1b7f3b"/>',
        "stopped": (
            f'<rect x="{at - 5:.1f}" y="{middle - 5:.1f}" width="10" height="10" fill="#555"/>'
        ),
        "breached": (
            f'<path d="M{at - 6:.1f},{middle - 6:.1f} L{at + 6:.1f},{middle + 6:.1f} '
            f'M{at + 6:.1f},{middle - 6:.1f} L{at - 6:.1f},{middle + 6:.1f}" '
            f'stroke="#b3261e" stroke-width="3"/>'
        ),
        "now": (
            f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{top:.1f}" y2="{bottom:.1f}" '
            f'stroke="#16324f" stroke-width="1" stroke-dasharray="1 2"/>'
        ),
    }
    return opening + shapes.get(mark.kind, shapes["start"]) + "</g>"

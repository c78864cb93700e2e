"""The status page's badge: a shields-like SVG with the month's figure ("availability |
99,97 %"), green when the target is met, red when missed, grey without a verdict. Widths
are estimated from the text (Verdana 11 px averages about 6.5 px a character)."""

from __future__ import annotations

from html import escape

#: the colours shields.io uses for success, failure and "inactive"
COLOURS = {True: "#4c1", False: "#e05d44", None: "#9f9f9f"}
CHARACTER = 6.5
PADDING = 10


def _width(text: str) -> int:
    return int(len(text) * CHARACTER + 2 * PADDING)


def badge(label: str, value: str, met: bool | None) -> str:
    left, right = _width(label), _width(value)
    total = left + right
    colour = COLOURS[met]
    text = f"{escape(label)}: {escape(value)}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{text}"><title>{text}</title>'
        f'<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        f'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>'
        f'<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,'
        f'sans-serif" font-size="11">'
        f'<text x="{left / 2:.1f}" y="14">{escape(label)}</text>'
        f'<text class="value" x="{left + right / 2:.1f}" y="14">{escape(value)}</text></g></svg>'
    )

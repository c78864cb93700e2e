"""Times shown to people without their zone: what the page and statement tests scan for.

A time of day ("13:36", "1:36 PM") in the visible text (tags, scripts and styles left
out) must be followed by its zone as ``adapters.readable`` writes it ("UTC+01:00",
"GMT-05:00", "UTC", "GMT")."""

from __future__ import annotations

import html
import re

TIME = re.compile(
    r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?:[\s\u202f\u00a0]?[AP]M)?"
    r"(?P<after>[\s\u202f\u00a0]*(?:UTC|GMT)(?:[+-]\d{2}:\d{2})?)?"
)


def visible_text(page: str) -> str:
    """The page's text as a reader sees it: no script, style, tag or comment."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def times_without_zone(page: str) -> list[str]:
    """Each time of day shown without its zone, with the text around it."""
    text = visible_text(page)
    return [
        text[max(0, m.start() - 40) : m.end() + 20]
        for m in TIME.finditer(text)
        if not m.group("after")
    ]


def times_shown(page: str) -> int:
    return sum(1 for _ in TIME.finditer(visible_text(page)))

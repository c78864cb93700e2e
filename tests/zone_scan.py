"""Times shown to people without their zone: what the page and statement tests scan for.

A time of day ("13:36", "1:36 PM") in the visible text (tags, scripts and styles left
out) must be followed by its zone as ``adapters.readable`` writes it ("UTC+01:00",
"GMT-05:00", "UTC", "GMT")."""

from __future__ import annotations

import html
import re

TIME = re.compile(
    r"(?<![\d:+\-\u2212])\d{1,2}:\d{2}(?::\d{2})?(?:[\s\u202f\u00a0]?[AP]M)?"
    r"(?P<after>[\s\u202f\u00a0]*(?:UTC|GMT)(?:[+-]\d{2}:\d{2})?)?"
)


def visible_text(page: str, *, quotes: bool = True) -> str:
    """The page's text as a reader sees it: no script, style, tag or comment; without
    ``quotes``, the contract's words (``<blockquote>``, ``<q>``) left out too."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    if not quotes:
        text = re.sub(r"<(blockquote|q)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def times_without_zone(page: str) -> list[str]:
    """Each time of day shown without its zone, with the text around it. The contract's
    quoted words are not instants (its "9:00–17:00" hours), nor are the file's own
    texts the page shows as such (its interpretations, elements marked
    ``class="contract-text"``), nor a range of hours ("04:00–05:00")."""
    text = re.sub(
        r'<(\w+)[^>]*class="[^"]*contract-text[^"]*"[^>]*>.*?</\1>', " ", page, flags=re.S
    )
    text = visible_text(text, quotes=False)
    found = []
    for m in TIME.finditer(text):
        after = text[m.end() : m.end() + 2]
        before = text[max(0, m.start() - 2) : m.start()]
        if m.group("after") or after[:1] in "–-" or before.strip().endswith(("–", "-")):
            continue
        found.append(text[max(0, m.start() - 40) : m.end() + 20])
    return found


def times_shown(page: str) -> int:
    return sum(1 for _ in TIME.finditer(visible_text(page)))

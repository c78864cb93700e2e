"""The reader's language from an ``Accept-Language`` header: fr or en."""

from __future__ import annotations

from slaledger.adapters.i18n.render import LANGUAGES


def accepted_language(header: str | None) -> str:
    """The first of fr or en in ``header`` (quality values honoured), else English."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            choices.append((-quality, position, primary))
    return min(choices)[2] if choices else "en"

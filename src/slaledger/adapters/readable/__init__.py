"""Instants and figures as people read them: the one formatting helper pages,
statements and CLI text share (``instants``: a date and time in a zone, the zone named
as the locale writes it; ``figures``: availability rounded without flipping a verdict)."""

from slaledger.adapters.readable.figures import (
    availability_full,
    availability_note,
    availability_text,
    figures_text,
    percent_text,
)
from slaledger.adapters.readable.instants import (
    UnknownZoneError,
    instant_text,
    zone_label,
    zone_name,
    zone_named,
)

__all__ = [
    "UnknownZoneError",
    "availability_full",
    "availability_note",
    "availability_text",
    "figures_text",
    "instant_text",
    "percent_text",
    "zone_label",
    "zone_name",
    "zone_named",
]

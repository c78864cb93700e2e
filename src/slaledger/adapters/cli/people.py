"""What the CLI's text output shows people: instants in the contract's zone with the zone
named, availability rounded for reading (``adapters.readable``). The CLI speaks English;
``--json`` keeps ISO 8601 instants and the exact figures."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from slaledger.adapters.readable import availability_full, instant_text

LANGUAGE = "en"


def when(iso: str | None, language: str = LANGUAGE) -> str:
    """An ISO 8601 instant of a JSON document (in the contract's zone) as people read it."""
    if not iso:
        return "-"
    return instant_text(datetime.fromisoformat(iso), None, language)


def epoch_when(epoch: int, zone: str) -> str:
    return instant_text(datetime.fromtimestamp(epoch, UTC), zone, LANGUAGE)


def availability_of(document: dict[str, Any]) -> str:
    """A figure document's availability rounded for people ("99.888%"), with the exact
    digits and the verdict when it looks equal to its target."""
    exact = document.get("availability_fraction")
    if exact is None:
        return "-"
    target = document.get("target")
    rounding = document.get("rounding") or {}
    return availability_full(
        Fraction(exact),
        None if target is None else Decimal(target),
        LANGUAGE,
        fallback=int(rounding.get("decimals", 2)),
    )


def percent_of(value: str | None) -> str:
    """A target as written ("99.95%")."""
    return "-" if value is None else f"{value}%"

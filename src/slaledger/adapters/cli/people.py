"""What the CLI's text output shows people: instants in the contract's zone with the zone
named, availability rounded for reading (``adapters.readable``), in the language of the
command's ``--lang`` (English by default); ``--json`` keeps ISO 8601 instants and the exact
figures."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from slaledger.adapters.i18n import renderer
from slaledger.adapters.readable import availability_full, figures_text, instant_text
from slaledger.adapters.readable.figures import EXACT, TARGET_MET, TARGET_MISSED, Gettext
from slaledger.domain.message import msg

LANGUAGE = "en"


def when(iso: str | None, language: str = LANGUAGE) -> str:
    """An ISO 8601 instant of a JSON document (in the contract's zone) as people read it."""
    if not iso:
        return "-"
    return instant_text(datetime.fromisoformat(iso), None, language)


def epoch_when(epoch: int, zone: str, language: str = LANGUAGE) -> str:
    return instant_text(datetime.fromtimestamp(epoch, UTC), zone, language)


def _words(language: str) -> Gettext:
    """The words around a figure that looks equal to its target, from the engine catalog."""
    say = renderer(language)
    table = {
        EXACT: say(msg("cli.figure.exact", figure="%(figure)s")),
        TARGET_MET: say(msg("cli.figure.target-met")),
        TARGET_MISSED: say(msg("cli.figure.target-missed")),
    }
    return lambda text: table.get(text, text)


def availability_of(document: dict[str, Any], language: str = LANGUAGE) -> str:
    """A figure document's availability rounded for people ("99.888%", "99,888 %"), with
    the exact digits and the verdict when it looks equal to its target."""
    exact = document.get("availability_fraction")
    if exact is None:
        return "-"
    target = document.get("target")
    rounding = document.get("rounding") or {}
    return availability_full(
        Fraction(exact),
        None if target is None else Decimal(target),
        language,
        _words(language),
        fallback=int(rounding.get("decimals", 2)),
    )


def percent_of(value: str | None, language: str = LANGUAGE) -> str:
    """A target as written ("99.95%", "99,95 %")."""
    return "-" if value is None else figures_text(f"{value}%", language)


def range_of(value: str | None, language: str = LANGUAGE) -> str:
    """A tier range as the engine writes it, its figures the locale's way."""
    return "-" if value is None else figures_text(value, language)

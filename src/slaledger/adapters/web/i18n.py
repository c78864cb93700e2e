"""Labels from the gettext catalogs (read at runtime), numbers and dates through Babel.

The catalogs are ``locale/<lang>/LC_MESSAGES/messages.po`` beside this module; a label
missing from a catalog shows its English msgid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from functools import cache
from gettext import GNUTranslations
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, parse_pattern

from slaledger.adapters.i18n import render
from slaledger.adapters.readable import availability_full, figures_text, instant_text, zone_name
from slaledger.domain.availability import Measure
from slaledger.domain.message import Text

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@cache
def catalog(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


@cache
def translations(language: str) -> GNUTranslations:
    """The catalog compiled in memory, for plural forms (its Plural-Forms header)."""
    compiled = BytesIO()
    write_mo(compiled, catalog(language))
    compiled.seek(0)
    return GNUTranslations(compiled)


def pick_language(value: str | None) -> str:
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Formatter:
    """Everything a page shows in one language; ``viewer_zone``: the zone the viewer
    asked instants in (``?tz=``), else each in the zone the page gives (the contract's)."""

    language: str
    viewer_zone: str | None = None

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    @property
    def colon(self) -> str:
        """The colon after a label: French puts a no-break space before it."""
        return "\u00a0:" if self.language == "fr" else ":"

    def say(self, text: Text | None) -> str:
        """What the engine says (a message, docs/i18n.md) in this page's language."""
        return render(text, self.language)

    def gettext(self, message: str) -> str:
        found = catalog(self.language).get(message)
        return str(found.string) if found is not None and found.string else message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """A label that agrees with ``count`` ("1 error", "3 errors"; French "0 erreur"),
        with ``%(num)d`` replaced by it."""
        return translations(self.language).ngettext(singular, plural, count) % {"num": count}

    def percent(self, value: Fraction | Decimal | float | None, digits: int = 2) -> str:
        """A percentage given in percent units (99.95 -> "99,95 %" in French)."""
        if value is None:
            return "–"
        pattern = parse_pattern(self.locale.percent_formats[None].pattern)
        pattern.frac_prec = (digits, digits)
        share = (
            Decimal(value.numerator) / Decimal(value.denominator) / 100
            if isinstance(value, Fraction)
            else Decimal(str(value)) / 100
        )
        return str(pattern.apply(share, self.locale))

    def figures(self, text: str | None) -> str:
        """A short notation the engine wrote (a tier range "[95 %, 99.4 %]"), its figures
        the locale's way ("[95 %, 99,4 %]")."""
        return "–" if not text else figures_text(text, self.language)

    def number(self, value: Decimal | float | int | None, digits: int = 2) -> str:
        if value is None:
            return "–"
        return str(
            format_decimal(
                value, format=f"#,##0.{'0' * digits}" if digits else "#,##0", locale=self.locale
            )
        )

    def money(self, value: Decimal | None, currency: str | None) -> str:
        """An amount in its currency ("1 250,00 €" in French, "€1,250.00" in English)."""
        if value is None:
            return "–"
        if currency is None:
            return self.number(value)
        return str(format_currency(value, currency, locale=self.locale))

    def day(self, value: date | None) -> str:
        return "–" if value is None else str(format_date(value, format="long", locale=self.locale))

    def instant(self, value: datetime | None, zone: str) -> str:
        """An instant in the viewer's zone when one was asked, else in ``zone`` (the
        contract's), the zone named: "20 déc. 2024, 13:36 UTC+01:00" (adapters.readable)."""
        if value is None:
            return "–"
        return instant_text(value, self.viewer_zone or zone, self.language)

    def zone_shown(self, zone: str) -> str:
        """The zone a page's instants are in, named: "heure : France (Europe/Paris)"."""
        chosen = self.viewer_zone or zone
        name = zone_name(chosen, self.language)
        return name if name == chosen else f"{name} ({chosen})"

    def availability(self, figure: Measure) -> str:
        """A figure rounded for people, never across its target, with its exact digits
        when it looks equal to it ("99,950 % (99,95004 % exact) — objectif atteint")."""
        if figure.availability is None:
            return "–"
        return availability_full(
            figure.availability,
            figure.target,
            self.language,
            self.gettext,
            fallback=figure.shown_rounding.decimals,
        )

    def duration(self, seconds: float | int | None) -> str:
        """Hours and minutes, "-1 h 05" when negative."""
        if seconds is None:
            return "–"
        sign = "-" if seconds < 0 else ""
        minutes = round(abs(seconds) / 60)
        return f"{sign}{minutes // 60} h {minutes % 60:02d}"

    def minutes(self, seconds: float | int | None) -> str:
        """A budget's minutes, truncated to one decimal (a budget left is never
        overstated): "20,8 min"; whole minutes without decimals."""
        if seconds is None:
            return "–"
        tenths = int(abs(seconds) * 10 // 60) * (-1 if seconds < 0 else 1)
        digits = 0 if tenths % 10 == 0 else 1
        return f"{self.number(Decimal(tenths) / 10, digits)}\u00a0min"

    def month(self, year: int, month: int) -> str:
        return str(format_date(date(year, month, 1), format="MMM y", locale=self.locale))

"""Numbers, percentages, dates and durations as a reader of one language expects them.

Babel does the locale work ("99,95 %" and "15 mars 2024" in French, "99.95%" and
"March 15, 2024" in English). Availability is shown rounded for people by
``adapters.readable`` (the target's precision plus one digit, never across the target:
99.9497 % against 99.95 % reads 99,949 %, with its exact digits); instants are written
by the same helper as the dashboard's and the CLI's, their zone named.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from slaledger.adapters.readable import availability_full, figures_text, instant_text, zone_name

#: the languages statements are written in
LANGUAGES = ("fr", "en")


class UnknownLanguageError(ValueError):
    """A language no statement catalog exists for."""


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise UnknownLanguageError(f"one of {', '.join(LANGUAGES)}, not '{language}'")
    return language


def colon(language: str) -> str:
    """The colon after a label: French puts a no-break space before it."""
    return "\u00a0:" if language == "fr" else ":"


class Formatter:
    """Formatting for one language; every method takes ``None`` and shows a dash."""

    DASH = "–"

    def __init__(self, language: str, gettext: Callable[[str], str] | None = None) -> None:
        self.language = check_language(language)
        #: the statement's catalog, for the words beside a figure ("exact", the verdict)
        self.gettext = gettext
        self.locale = Locale.parse(language)
        pattern = self.locale.percent_formats[None].pattern
        self._percent_pattern = pattern.replace("#,##0", "#,##0.00", 1)
        #: a colon after a label ("Formule : …" in French, "Formula: …" in English)
        self.colon = colon(self.language)

    def percent(self, value: Decimal | None, *, truncate: bool = True) -> str:
        """A percentage (99.95 = 99.95 %) with two decimals."""
        if value is None:
            return self.DASH
        step = Decimal("0.01")
        shown = value.quantize(step, rounding=ROUND_DOWN if truncate else ROUND_HALF_UP)
        return format_percent(shown / 100, format=self._percent_pattern, locale=self.locale)

    def number(self, value: Decimal | int | None, places: int = 2) -> str:
        if value is None:
            return self.DASH
        pattern = "#,##0." + "0" * places if places else "#,##0"
        shown = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return format_decimal(shown, format=pattern, locale=self.locale)

    def money(self, value: Decimal | None, currency: str | None) -> str:
        """An amount in its currency as the language writes it ("1 250,00 €" in French,
        "€1,250.00" in English); a bare number when no currency is known."""
        if value is None:
            return self.DASH
        if currency is None:
            return self.number(value)
        return format_currency(value, currency, locale=self.locale)

    def minutes(self, seconds: int | None) -> str:
        """Seconds as minutes, with decimals only where a minute is split."""
        if seconds is None:
            return self.DASH
        value = Decimal(seconds) / 60
        return format_decimal(value, format="#,##0.##", locale=self.locale) + "\u00a0min"

    def duration(self, seconds: Decimal | int | None) -> str:
        """Hours and minutes, to the nearest minute: ``2 h 35 min`` (a KPI's mean)."""
        if seconds is None:
            return self.DASH
        total = int((Decimal(seconds) / 60).to_integral_value(rounding=ROUND_HALF_UP))
        sign = "-" if total < 0 else ""
        hours, minutes = divmod(abs(total), 60)
        return (
            f"{sign}{format_decimal(hours, locale=self.locale)}\u00a0h\u00a0{minutes:02d}\u00a0min"
        )

    def date(self, value: date | None) -> str:
        """'15 mars 2024', '1er mars 2024' (French writes the first day as an ordinal)."""
        if value is None:
            return self.DASH
        day = value.date() if isinstance(value, datetime) else value
        text = format_date(day, "long", locale=self.locale)
        if self.language == "fr" and day.day == 1 and text.startswith("1 "):
            text = "1er" + text[1:]
        return text

    def figures(self, text: str | None) -> str:
        """A short notation the engine wrote (a tier range "[95 %, 99.4 %]"), its figures
        the locale's way ("[95 %, 99,4 %]")."""
        return "" if text is None else figures_text(text, self.language)

    def quoted(self, text: str) -> str:
        """The text between the reader's quotation marks: « … » or “…”."""
        return f"«\u00a0{text}\u00a0»" if self.language == "fr" else f"“{text}”"

    def plural(self, value: Decimal | int | None) -> int:
        """The count a catalog's plural rule takes for ``value``: the number itself when
        whole; for a fraction, one French reads as singular below 2 ("1,5 jour") and
        English always as plural ("1.5 days")."""
        if value is None:
            return 0
        number = Decimal(value)
        if number == number.to_integral_value():
            return int(number)
        whole = int(number.to_integral_value(rounding=ROUND_DOWN))
        return whole if self.language == "fr" else 2

    def datetime(self, value: datetime | None) -> str:
        """Date and time in the instant's own zone (the contract's), the zone named:
        "1er mars 2024, 00:00 UTC+01:00" (``adapters.readable``)."""
        if value is None:
            return self.DASH
        return instant_text(value, None, self.language, style="long")

    def zone(self, zone: str) -> str:
        """The zone's name: "heure : France (Europe/Paris)"."""
        name = zone_name(zone, self.language)
        return name if name == zone else f"{name} ({zone})"

    def availability(
        self,
        exact: Decimal | None,
        shown: Decimal | None,
        target: Decimal | None,
        decimals: int = 2,
    ) -> str:
        """A figure rounded for people from its exact value (the shown one when no exact
        is known), with its exact digits and verdict when it looks equal to its target."""
        value = exact if exact is not None else shown
        if value is None:
            return self.DASH
        return availability_full(
            Fraction(value), target, self.language, self.gettext, fallback=decimals
        )

    def month(self, text: str, *, short: bool = False) -> str:
        """'2024-03' as 'mars 2024' (or "mars 24" with ``short``)."""
        year, month = (int(part) for part in text.split("-"))
        return format_date(
            date(year, month, 1), "LLL yy" if short else "LLLL y", locale=self.locale
        )

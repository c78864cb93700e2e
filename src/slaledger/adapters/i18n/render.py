"""Messages of the engine rendered through the ``engine`` gettext catalogs, with Babel.

The catalogs are ``locale/<lang>/LC_MESSAGES/engine.po`` beside this module, read at run
time (``babel.messages.pofile.read_po``) like the dashboard's and the statement's: no
compile step. A msgid is a message id (``lint.blank-value``), its msgstr a sentence with
``{name}`` fields filled by the message's parameters, each formatted for the language
(Babel numbers and dates; percentages, durations and lists through catalog entries of
their own). An id missing from a catalog falls back to English, then to the id itself
(a test keeps both catalogs complete).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from string import Formatter

from babel import Locale
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from slaledger.adapters.readable.instants import instant_text
from slaledger.domain.message import (
    Day,
    Duration,
    Instant,
    Items,
    Message,
    Number,
    Param,
    Percent,
    Text,
)

LANGUAGES = ("en", "fr")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "engine.po"


@cache
def catalog(language: str) -> Catalog:
    with catalog_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain="engine")


@cache
def _strings(language: str) -> Mapping[str, str]:
    return {str(m.id): str(m.string) for m in catalog(language) if m.id and m.string}


@dataclass(frozen=True)
class Renderer:
    """Renders messages in one language (fr or en)."""

    language: str

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"a language of {', '.join(LANGUAGES)}, not '{self.language}'")

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    def template(self, id: str) -> str:
        found = _strings(self.language).get(id) or _strings("en").get(id)
        return found if found is not None else id

    def __call__(self, text: Text | None) -> str:
        """The text in this language; a plain string (not yet a message) as it is."""
        if text is None:
            return ""
        if isinstance(text, str):
            return text
        values = {name: self.param(value) for name, value in text.params.items()}
        template = self.template(text.id)
        if self.language != "fr":
            return template.format_map(values)
        return _joined_french(template, values)

    def param(self, value: Param) -> str:
        if isinstance(value, Message):
            return self(value)
        if isinstance(value, Number):
            if value.grouped:
                return str(format_decimal(int(value.value), format="#,##0", locale=self.locale))
            if value.money and self.language != "en":
                return self.grouped(value.value, value.places)
            return self.number(value.value, value.places)
        if isinstance(value, Percent):
            return self.template("unit.percent").format(
                number=self.number(value.value, value.places)
            )
        if isinstance(value, Duration):
            return self.duration(value.seconds)
        if isinstance(value, Day):
            shown = str(format_date(value.value, format=value.pattern, locale=self.locale))
            if self.language == "fr" and value.value.day == 1 and value.pattern.startswith("d "):
                shown = "1er" + shown[1:]  # "1er octobre", as French writes the first
            return shown
        if isinstance(value, Instant):
            return instant_text(value.value, value.zone, self.language)
        if isinstance(value, Items):
            return self.items([self.param(i) for i in value.items], value.joiner)
        return str(value)

    def number(self, value: Decimal | int | Fraction | float, places: int | None = None) -> str:
        """Every digit as written (no rounding, no grouping) unless ``places`` is given."""
        if places is not None or isinstance(value, Fraction):
            exact = (
                Decimal(value.numerator) / Decimal(value.denominator)
                if isinstance(value, Fraction)
                else Decimal(str(value))
            )
            digits = 6 if places is None else places
            pattern = "0." + "0" * digits if digits else "0"
            shown = str(format_decimal(exact, format=pattern, locale=self.locale))
            return shown if places is not None else _trim(shown, self.decimal_symbol)
        written = format(value, "f") if isinstance(value, Decimal) else str(value)
        return written.replace(".", self.decimal_symbol)

    def grouped(self, value: Decimal | int | Fraction | float, places: int | None = None) -> str:
        """Thousands grouped as the language groups them ("12,500.00", "12 500,00"), every
        digit as ``number`` writes it (``places`` when given)."""
        written = self.number(value, places)
        digits = written.split(self.decimal_symbol, 1)
        decimals = len(digits[1]) if len(digits) == 2 else 0
        exact = Decimal(written.replace(self.decimal_symbol, ".")) if decimals else int(digits[0])
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return str(format_decimal(exact, format=pattern, locale=self.locale))

    @property
    def decimal_symbol(self) -> str:
        return str(self.locale.number_symbols["latn"]["decimal"])

    def duration(self, seconds: int | float | Decimal) -> str:
        """ "3 h 37 min", "45 min", "30 s"; a negative length with a minus sign."""
        total = round(abs(Decimal(str(seconds))))
        hours, rest = divmod(int(total), 3600)
        minutes, secs = divmod(rest, 60)
        parts = []
        if hours:
            parts.append(self.template("unit.hours").format(n=hours))
        if minutes or (hours == 0 and secs == 0):
            parts.append(self.template("unit.minutes").format(n=minutes))
        if secs:
            parts.append(self.template("unit.seconds").format(n=secs))
        return ("-" if Decimal(str(seconds)) < 0 else "") + " ".join(parts)

    def items(self, parts: list[str], joiner: str) -> str:
        if joiner == "newline":  # one per line: the same in every language
            return "\n".join(parts)
        if joiner in ("comma", "semicolon"):
            return self.template(f"list.{joiner}").join(parts)
        if len(parts) <= 1:
            return "".join(parts)
        head = self.template("list.comma").join(parts[:-1])
        return self.template(f"list.{joiner}").format(head=head, last=parts[-1])


#: the French words a built-up sentence must elide before a parameter that starts with a
#: vowel ("de exactement" -> "d'exactement", "le e-mail" -> "l'e-mail"), or drop before
#: one that starts with the same word ("de de 99 %" -> "de 99 %")
_ELIDED = re.compile(r"(?:^|(?<=[\s(]))([dDlL])e $")
_VOWEL = re.compile(r"[aeéèêiîoôuû]")


def _joined_french(template: str, values: dict[str, str]) -> str:
    """``template`` filled with ``values``, eliding only where the catalog's words meet a
    parameter: the parameters themselves (contract quotes, names) are never touched."""
    out = ""
    for literal, field, spec, conversion in Formatter().parse(template):
        out += literal
        if field is None:
            continue
        value = format(values[field], spec or "") if not conversion else values[field]
        found = _ELIDED.search(out)
        if found and value[:3].lower() == "de " and found.group(1) in "dD":
            out = out[: found.start(1)] + found.group(1)  # "de de 99 %": one "de"
            value = value[1:]
        elif found and _VOWEL.match(value):
            out = out[: found.start(1)] + found.group(1) + "'"
        out += value
    return out


def _trim(shown: str, decimal: str) -> str:
    if decimal in shown:
        shown = shown.rstrip("0").rstrip(decimal)
    return shown


@cache
def renderer(language: str) -> Renderer:
    return Renderer(language)


def render(text: Text | None, language: str) -> str:
    """``text`` in ``language`` (fr or en)."""
    return renderer(language)(text)


def english(text: Text | None) -> str:
    """``text`` in English: the log, and the tests that read the engine's words."""
    return render(text, "en")

"""Availability as people read it: rounded by ``domain.readable_figures`` (never across
its target), written by Babel the locale's way ("99,888 %" in French, "99.888%" in
English), with the exact figure beside it when rounding makes it look equal to its
target ("99,950 % (99,9504 % exact) — objectif atteint").

The words come from the caller's catalog (``gettext``: the dashboard's or the
statement's; the CLI, which speaks English, passes none). Their msgids are
``EXACT``, ``TARGET_MET`` and ``TARGET_MISSED`` below, in both catalogs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

from babel import Locale
from babel.numbers import format_decimal, parse_pattern

from slaledger.domain.readable_figures import ReadableFigure, readable

Gettext = Callable[[str], str]

EXACT = "%(figure)s exact"
TARGET_MET = "target met"
TARGET_MISSED = "target missed"


def _english(message: str) -> str:
    return message


def percent_text(value: Decimal | Fraction, decimals: int, language: str) -> str:
    """``value`` (percent units: 99.95) with exactly ``decimals`` decimals; the value is
    expected rounded already (Babel would otherwise round it half-even)."""
    locale = Locale.parse(language)
    pattern = parse_pattern(locale.percent_formats[None].pattern)
    pattern.frac_prec = (decimals, decimals)
    number = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else Decimal(value)
    )
    return str(pattern.apply(number / 100, locale))


def availability_text(figure: ReadableFigure, language: str) -> str:
    """The rounded figure: "99,888 %"."""
    return percent_text(figure.shown, figure.decimals, language)


def availability_note(figure: ReadableFigure, language: str, gettext: Gettext | None = None) -> str:
    """What follows the figure when it looks equal to its target: "(99,9504 % exact) —
    target met" (translated by ``gettext``); "" otherwise."""
    exact = figure.exact_shown
    if exact is None:
        return ""
    words = gettext or _english
    places = max(0, -int(exact.as_tuple().exponent))
    exact_text = percent_text(exact, places, language)
    verdict = words(TARGET_MET if figure.met else TARGET_MISSED)
    return f"({words(EXACT) % {'figure': exact_text}}) — {verdict}"


def availability_full(
    exact: Fraction | Decimal,
    target: Decimal | None,
    language: str,
    gettext: Gettext | None = None,
    *,
    fallback: int = 2,
) -> str:
    """The figure rounded for people, with its note when it looks equal to its target."""
    figure = readable(Fraction(exact), target, fallback=fallback)
    note = availability_note(figure, language, gettext)
    text = availability_text(figure, language)
    return f"{text} {note}" if note else text


#: a figure of a short notation: "99.4 %", "99.95%", "44640" (not inside an identifier)
_FIGURE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(\s?%)?(?![\w.])")


def figures_text(text: str, language: str) -> str:
    """Every figure of a short notation written the locale's way, each with its decimals
    as written: a tier range "[95 %, 99.4 %]" reads "[95 %, 99,4 %]" in French. English
    keeps the text as the engine wrote it."""
    if language == "en":
        return text
    locale = Locale.parse(language)

    def one(found: re.Match[str]) -> str:
        digits, percent = found.group(1), found.group(2)
        places = len(digits.partition(".")[2])
        if percent:
            return percent_text(Decimal(digits), places, language)
        pattern = "#,##0." + "0" * places if places else "#,##0"
        return str(format_decimal(Decimal(digits), format=pattern, locale=locale))

    return _FIGURE.sub(one, text)

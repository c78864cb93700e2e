"""Command-line values shared by several commands, read or refused with the option's name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.domain.periods import Month


def month_value(text: str, option: str = "--month") -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        raise InputError(
            [Problem("command line", option, "a month YYYY-MM (01-12)", describe(text))]
        ) from None


def date_value(text: str | None, option: str = "--opened") -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            [Problem("command line", option, "a date YYYY-MM-DD", describe(text))]
        ) from None


def amount_value(text: str | None, option: str = "--fee") -> Decimal | None:
    if text is None:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0:
        raise InputError([Problem("command line", option, "a non-negative amount", describe(text))])
    return amount

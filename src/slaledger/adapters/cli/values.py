"""Command-line values shared by several commands, read or refused with the option's name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import click

from slaledger.adapters.files.coverage import COVERAGE_FILE, covers_option, declare, read_coverage
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.domain.observations import OutageTable
from slaledger.domain.periods import Month

F = TypeVar("F", bound=Callable[..., Any])


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


def covers_flag(command: F) -> F:
    """``--covers FROM..TO`` (repeatable): the periods the outage records are complete for."""
    return click.option(
        "--covers",
        "covers_texts",
        multiple=True,
        metavar="FROM..TO",
        help="a period the outage records are complete for, e.g. 2024-01..2024-12 "
        "(repeatable; without one, outage records give no data)",
    )(command)


def declared_outages(
    outages: OutageTable | None,
    covers_texts: Iterable[str],
    zone: str,
    folder: str | Path | None = None,
) -> OutageTable | None:
    """The outage records with the periods declared on the command line and in the data
    folder's ``coverage.csv``."""
    tz = ZoneInfo(zone)
    covers = covers_option(covers_texts, tz)
    if folder is not None and (Path(folder) / COVERAGE_FILE).is_file():
        covers += read_coverage(Path(folder) / COVERAGE_FILE, tz)
    return declare(outages, covers)

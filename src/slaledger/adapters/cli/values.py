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
from slaledger.adapters.i18n import LANGUAGES
from slaledger.adapters.spark_session import is_url
from slaledger.domain.contract.values import Money
from slaledger.domain.message import msg
from slaledger.domain.observations import OutageTable
from slaledger.domain.periods import Month
from slaledger.services.currency import FeeError, parse_fee

F = TypeVar("F", bound=Callable[..., Any])
#: the "file" a problem with an option names
COMMAND_LINE = "command line"


def language_option(help: str) -> Callable[[F], F]:
    """``--lang fr|en`` (English by default) into the parameter ``language``: the
    language of a command's text for people; ``help`` says what it changes."""
    return click.option(
        "--lang",
        "language",
        type=click.Choice(LANGUAGES),
        default="en",
        show_default=True,
        help=help,
    )


def month_value(text: str, option: str = "--month") -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        raise InputError(
            [Problem(COMMAND_LINE, option, msg("input.cli.month"), describe(text))]
        ) from None


def engine_output(output: str, engine: str) -> str:
    """``--output`` of a command with ``--engine``: a URL (``s3a://``...) only on Spark."""
    if engine != "spark" and is_url(output):
        expected = msg("input.cli.url-needs-spark")
        raise InputError([Problem("command line", "--output", expected, describe(output))])
    return output


def date_value(text: str | None, option: str = "--opened") -> date | None:
    return None if text is None else day_value(text, option)


def day_value(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            [Problem(COMMAND_LINE, option, msg("input.cli.date"), describe(text))]
        ) from None


def decimal_value(text: str, option: str) -> Decimal:
    """A finite number, of any sign (``amount_value`` for a fee)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InputError(
            [Problem(COMMAND_LINE, option, msg("input.cli.number-such-as"), describe(text))]
        )
    return value


def amount_value(text: str | None, option: str = "--fee") -> Decimal | None:
    if text is None:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0:
        raise InputError(
            [Problem(COMMAND_LINE, option, msg("input.cli.non-negative-amount"), describe(text))]
        )
    return amount


def fee_value(text: str | None, option: str = "--fee") -> Money | None:
    """A fee with its currency ("1250.00 EUR"); a bare number or an unknown currency is
    refused, naming the option."""
    if text is None:
        return None
    try:
        return parse_fee(text)
    except FeeError as exc:
        raise InputError([Problem(COMMAND_LINE, option, exc.expected, exc.found)]) from None


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


#: the options of the measured inputs an availability figure reads (``sla availability``,
#: ``credits``, ``budget``, ``forecast``...), in the order ``--help`` lists them
OBSERVATION_OPTIONS: tuple[Callable[[Any], Any], ...] = (
    click.option("--service", help="the service (default: the availability clause's)"),
    click.option("--outages", "outages_file", help="outage records (CSV, JSONL, Parquet)"),
    click.option("--samples", "samples_file", help="probe samples"),
    click.option("--counts", "counts_file", help="request counts per interval"),
    click.option("--maintenance", "maintenance_file", help="maintenance windows"),
    click.option(
        "--obligation-events",
        "obligation_events_file",
        help="the contract's events (CSV), for its suspension clauses",
    ),
    click.option(
        "--opened", "opened_text", help="service opening date YYYY-MM-DD (contract years)"
    ),
)

"""The inputs ``sla budget``, ``sla burn`` and ``sla forecast`` share: the contract, the
instant, the month, the service, the observation files (as ``sla availability`` takes
them), the opening date, the fee and the language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import click

from slaledger.adapters.cli.report_cmds import contract_events
from slaledger.adapters.cli.values import (
    COMMAND_LINE,
    OBSERVATION_OPTIONS,
    covers_flag,
    date_value,
    fee_value,
    month_value,
)
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.coverage import covers_option
from slaledger.adapters.files.instants import parse_instant
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.source import FileObservations
from slaledger.bootstrap import contract_calendars, min_coverage
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.values import Money
from slaledger.domain.message import Items, msg
from slaledger.domain.periods import Month
from slaledger.services.availability import Observations
from slaledger.services.incidents import CalendarFor

LANGUAGES = ("fr", "en")
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS: list[Callable[[Any], Any]] = [
    click.argument("contract_file", metavar="CONTRACT"),
    click.option("--at", "at_text", required=True, help="the instant, ISO 8601 with its offset"),
    click.option("--month", "month_text", help="the month, YYYY-MM (default: the instant's)"),
    *OBSERVATION_OPTIONS,
    click.option("--fee", "fee_text", help="the monthly fee with its currency, e.g. '1250.00 EUR'"),
    click.option("--lang", "language", default="fr", show_default=True, help="fr or en"),
    click.option("--json", "as_json", is_flag=True, help="print JSON"),
    covers_flag,
]


def budget_options(command: F) -> F:
    """Decorate ``command`` with the shared inputs."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


def observation_options(command: F) -> F:
    """The shared inputs but the instant and the month (a command over many months)."""
    for option in reversed(_OPTIONS):
        if option not in (_OPTIONS[1], _OPTIONS[2], _OPTIONS[10]):  # --at, --month, --fee
            command = option(command)
    return command


@dataclass(frozen=True)
class Inputs:
    contract: Contract
    zone: ZoneInfo
    at: datetime
    month: Month
    observations: Observations
    calendars: CalendarFor
    service: str | None
    opened: date | None
    fee: Money | None
    language: str
    as_json: bool
    #: the observation files, for commands that read them at other instants
    source: FileObservations


def read_inputs(options: dict[str, Any]) -> Inputs:
    """The shared inputs read and checked (an InputError names the option at fault)."""
    language = options["language"]
    if language not in LANGUAGES:
        expected = msg("input.cli.language", languages=Items(tuple(LANGUAGES), "or"))
        raise InputError([Problem(COMMAND_LINE, "--lang", expected, describe(language))])
    contract = load_contract(options["contract_file"]).contract
    zone = ZoneInfo(contract.timezone)
    if options.get("at_text") is None:  # a command over many months: no instant of its own
        at = datetime.now(zone)
    else:
        at = parse_instant(options["at_text"], source=COMMAND_LINE, field="--at")
    month = month_value(options["month_text"]) if options.get("month_text") else month_of(at, zone)
    source = FileObservations(
        outages=options["outages_file"],
        samples=options["samples_file"],
        counts=options["counts_file"],
        maintenance=options["maintenance_file"],
        covers=covers_option(options["covers_texts"], zone),
        min_coverage=min_coverage(),
        contract_events=contract_events(options["obligation_events_file"], contract),
    )
    return Inputs(
        contract=contract,
        zone=zone,
        at=at,
        month=month,
        observations=source.observations(contract),
        calendars=contract_calendars(contract),
        service=options["service"],
        opened=date_value(options["opened_text"]),
        fee=fee_value(options.get("fee_text")),
        language=language,
        as_json=options["as_json"],
        source=source,
    )


def month_of(at: datetime, zone: ZoneInfo) -> Month:
    local = at.astimezone(zone)
    return Month(local.year, local.month)

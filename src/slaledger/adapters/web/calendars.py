"""The maintenance and obligations calendars of a contract, and the "may I?" check."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from slaledger.adapters.files.observations import read_window
from slaledger.adapters.web.source import ContractRecord
from slaledger.bootstrap import contract_calendars, named_calendars
from slaledger.domain.maintenance import Verdict, kind_names
from slaledger.domain.obligations.dates import start_of_day
from slaledger.domain.obligations.schedule import Schedule, build_schedule
from slaledger.services.maintenance import RecurringSlot, check_proposed, recurring_windows


def maintenance_kinds(record: ContractRecord) -> list[str]:
    return kind_names(record.loaded.contract.maintenance)


def recurring(record: ContractRecord, year: int) -> list[RecurringSlot]:
    return recurring_windows(contract=record.loaded.contract, year=year)


def may_i(record: ContractRecord, fields: Mapping[str, str]) -> Verdict:
    """The "may I do this window?" answer, given the windows already recorded; the
    window's ``fields`` are read as the CLI and the API read theirs (``read_window``),
    an InputError naming the field when one does not fit."""
    contract = record.loaded.contract
    proposed = read_window(fields, source="form", kinds=kind_names(contract.maintenance))
    return check_proposed(
        contract=contract,
        proposed=proposed,
        calendars=contract_calendars(contract),
        history=record.observations.maintenance,
        opened=record.opened,
    )


def obligations(record: ContractRecord, first: date, days: int = 366) -> Schedule:
    """Notice deadlines, claim deadlines, renewals and revisions from ``first`` on, as
    ``sla obligations`` computes them, from the record's trigger events."""
    contract = record.loaded.contract
    zone = ZoneInfo(contract.timezone)
    return build_schedule(
        contract,
        triggers=record.triggers,
        calendars=named_calendars(contract),
        start=start_of_day(first, zone),
        end=start_of_day(first + timedelta(days=days), zone),
    )

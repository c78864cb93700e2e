"""The maintenance and obligations calendars of a contract, and the "may I?" check."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from slaledger.adapters.web.source import ContractRecord
from slaledger.bootstrap import contract_calendars, holiday_provider
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.maintenance import Verdict, Window, kind_names
from slaledger.domain.obligations.dates import start_of_day
from slaledger.domain.obligations.schedule import Schedule, build_schedule
from slaledger.services.maintenance import RecurringSlot, check_window, recurring_windows


def maintenance_kinds(record: ContractRecord) -> list[str]:
    return kind_names(record.loaded.contract.maintenance)


def recurring(record: ContractRecord, year: int) -> list[RecurringSlot]:
    return recurring_windows(contract=record.loaded.contract, year=year)


def may_i(
    record: ContractRecord,
    *,
    kind: str,
    start: datetime,
    end: datetime,
    announced: datetime | None,
    agreed: bool,
) -> Verdict:
    """The "may I do this window?" answer, given the windows already recorded."""
    window = Window(
        kind,
        int(start.timestamp()),
        int(end.timestamp()),
        announced_at=int(announced.timestamp()) if announced is not None else None,
        agreed_by_customer=agreed,
    )
    return check_window(
        contract=record.loaded.contract,
        window=window,
        calendars=contract_calendars(record.loaded.contract),
        history=record.observations.maintenance,
        opened=record.opened,
    )


def obligations(record: ContractRecord, first: date, days: int = 366) -> Schedule:
    """Notice deadlines, claim deadlines, renewals and revisions from ``first`` on, as
    ``sla obligations`` computes them, from the record's trigger events."""
    contract = record.loaded.contract
    zone = ZoneInfo(contract.timezone)
    provider = holiday_provider()
    calendars = {
        name: BusinessCalendar(spec, provider) for name, spec in contract.calendars.items()
    }
    return build_schedule(
        contract,
        triggers=record.triggers,
        calendars=calendars,
        start=start_of_day(first, zone),
        end=start_of_day(first + timedelta(days=days), zone),
    )

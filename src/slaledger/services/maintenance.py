"""Maintenance use cases: judge windows, suggest the next slot, list the recurring ones.

A window that breaks its rules is not excluded from availability: it counts as downtime,
and its verdict says why (``reasons``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from slaledger.domain.contract.availability import ExclusionEffect, OutageCategory
from slaledger.domain.contract.contract import Contract
from slaledger.domain.maintenance import (
    MaintenanceRules,
    Proposal,
    Reason,
    Verdict,
    Window,
    article,
    assess,
    assess_all,
    next_slot,
)
from slaledger.domain.message import Text
from slaledger.domain.obligations.recurrence import occurrences
from slaledger.domain.observations import MaintenanceTable
from slaledger.services.incidents import CalendarFor


@dataclass(frozen=True)
class WindowVerdict:
    """One window of a maintenance file, judged.

    ``excluded``: allowed, and the contract excludes its kind from availability.
    ``excluded_until``: when the annual cap is the only rule broken, the instant the cap
    is reached — the part of the window before it is maintenance, the rest downtime.
    """

    index: int
    service: str
    kind: str
    start: int
    end: int
    allowed: bool
    excluded: bool
    reasons: tuple[Reason, ...]
    clause: str | None = None
    reference: str | None = None
    row: int | None = None
    excluded_until: int | None = None


@dataclass(frozen=True)
class RecurringSlot:
    """One occurrence of a recurring maintenance window, in the contract's zone."""

    clause: str
    name: str
    article: Text
    start: datetime
    end: datetime


def maintenance_rules(
    *, contract: Contract, calendars: CalendarFor, opened: date | None = None
) -> MaintenanceRules:
    """The contract's maintenance clauses, ready to check windows against."""
    return MaintenanceRules(
        clauses=contract.maintenance,
        calendars=calendars,
        zone=ZoneInfo(contract.timezone),
        opened=opened,
        kpis=contract.kpis,
    )


def excluded_categories(contract: Contract, service: str) -> set[OutageCategory]:
    """Outage categories the availability clauses of ``service`` keep out of downtime.

    When no availability clause names the service, those of every service apply (window
    files name services as the provider does, not always as the contract file does).
    """
    chosen = [a for a in contract.availability if a.service in (None, service)]
    chosen = chosen or list(contract.availability)
    return {
        e.category for a in chosen for e in a.exclusions if e.effect is not ExclusionEffect.COUNTED
    }


def assess_windows(
    *,
    contract: Contract,
    windows: MaintenanceTable,
    calendars: CalendarFor,
    opened: date | None = None,
) -> list[WindowVerdict]:
    """Every window of the table judged against the windows that started before it."""
    rules = maintenance_rules(contract=contract, calendars=calendars, opened=opened)
    items = history_windows(windows)
    counts_as = {m.clause.id: m.counts_as for m in contract.maintenance}
    result = []
    for index, verdict in enumerate(assess_all(items, rules)):
        service = windows.services[int(windows.service[index])]
        category = counts_as.get(verdict.clause or "")
        excludable = category is not None and category in excluded_categories(contract, service)
        reference = windows.reference[index]
        until = verdict.within_cap_end if excludable else None
        result.append(
            WindowVerdict(
                index=index,
                service=service,
                kind=verdict.window.kind,
                start=verdict.window.start,
                end=verdict.window.end,
                allowed=verdict.allowed,
                excluded=verdict.allowed and excludable,
                reasons=verdict.reasons,
                clause=verdict.clause,
                reference=str(reference) if reference else None,
                row=int(windows.row[index]),
                excluded_until=until,
            )
        )
    return result


def history_windows(windows: MaintenanceTable | None) -> list[Window]:
    """The windows of a history file, as the domain sees them."""
    if windows is None:
        return []
    return [
        Window(
            kind=str(windows.kind[i]),
            start=int(windows.start[i]),
            end=int(windows.end[i]),
            announced_at=int(windows.announced_at[i]) if bool(windows.announced[i]) else None,
            agreed_by_customer=bool(windows.agreed_by_customer[i]),
        )
        for i in range(len(windows))
    ]


def check_window(
    *,
    contract: Contract,
    window: Window,
    calendars: CalendarFor,
    history: MaintenanceTable | None = None,
    opened: date | None = None,
) -> Verdict:
    """May this window go ahead, given the windows already done or planned?"""
    rules = maintenance_rules(contract=contract, calendars=calendars, opened=opened)
    return assess(window, rules, history_windows(history))


def check_proposed(
    *,
    contract: Contract,
    proposed: MaintenanceTable,
    calendars: CalendarFor,
    history: MaintenanceTable | None = None,
    opened: date | None = None,
) -> Verdict:
    """The "may I?" answer on the one window of ``proposed`` (as ``read_window`` reads
    it from the CLI's options, the API's request or the dashboard's form)."""
    (window,) = history_windows(proposed)
    return check_window(
        contract=contract, window=window, calendars=calendars, history=history, opened=opened
    )


def next_window(
    *,
    contract: Contract,
    kind: str,
    seconds: int,
    after: int,
    calendars: CalendarFor,
    history: MaintenanceTable | None = None,
    opened: date | None = None,
) -> Proposal | None:
    """The earliest compliant window of ``seconds`` announced at ``after``."""
    rules = maintenance_rules(contract=contract, calendars=calendars, opened=opened)
    return next_slot(kind, seconds, after, rules, history_windows(history))


def recurring_windows(*, contract: Contract, year: int) -> list[RecurringSlot]:
    """Every recurring maintenance window starting in ``year``, local to the contract."""
    zone = ZoneInfo(contract.timezone)
    first = datetime(year, 1, 1, tzinfo=zone)
    last = datetime(year + 1, 1, 1, tzinfo=zone)
    slots = []
    for clause in contract.maintenance:
        if clause.recurring is None:
            continue
        for start, end in occurrences(
            clause.recurring, zone=zone, start=first, end=last, dtstart=date(year, 1, 1)
        ):
            if start.astimezone(UTC) < last.astimezone(UTC):
                slots.append(
                    RecurringSlot(clause.clause.id, clause.name, article(clause.clause), start, end)
                )
    return sorted(slots, key=lambda s: (s.start, s.clause))

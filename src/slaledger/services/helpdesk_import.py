"""Use case: a helpdesk's tickets as a contract's incidents, and the helpdesk's own SLA
verdicts beside the contract's clocks.

The connectors (adapters) read the tickets; this module deduplicates the deliveries,
translates them by the mapping's rules (all or nothing), and compares. It never reads
a file nor the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from slaledger.domain.contract.contract import Contract
from slaledger.domain.helpdesk.compare import ContractVerdict, SidePair, side_by_side
from slaledger.domain.helpdesk.mapping import MappingRules
from slaledger.domain.helpdesk.tickets import Ticket, deduplicated
from slaledger.domain.helpdesk.translate import Translated, translate
from slaledger.domain.incidents.log import EVENTS, EventLog
from slaledger.domain.incidents.table import IncidentTable
from slaledger.services.incidents import CalendarFor, IncidentView, evaluate_incidents


@dataclass(frozen=True)
class TicketImport:
    translated: Translated
    read: int  # tickets read (after deduplication)

    @property
    def table(self) -> IncidentTable:
        return self.translated.table

    @property
    def out_of_scope(self) -> int:
        return self.read - len(self.translated.tickets)


def tickets_to_incidents(*, tickets: Sequence[Ticket], rules: MappingRules) -> TicketImport:
    """Raises DeliveryError (contradicting deliveries), TranslationError (unmapped
    values, history going back in time) or EventLogError: nothing half-translated."""
    unique = deduplicated(tickets)
    return TicketImport(translate(unique, rules), len(unique))


def compare_verdicts(
    *,
    imported: TicketImport,
    contract: Contract,
    calendars: CalendarFor,
    rules: MappingRules,
    at: int,
) -> tuple[list[IncidentView], list[SidePair]]:
    table = imported.table
    views = evaluate_incidents(
        contract=contract,
        log=table.log,
        at=at,
        calendars=calendars,
        kinds=table.kind,
        effort_seconds=table.effort_seconds,
    )
    ours = {
        (view.incident, clock.name): ContractVerdict(clock.status, clock.deadline)
        for view in views
        for clock in view.clocks
    }
    return views, side_by_side(imported.translated.tickets, ours, rules.sla, at=at)


def event_rows(table: IncidentTable) -> list[tuple[str, int, str, str | None]]:
    """Each incident's events as (incident, at, event, value), in log order."""
    log = table.log
    return [
        (log.names[int(i)], int(a), EVENTS[int(k)], v)
        for i, a, k, v in zip(
            log.incident.tolist(),
            log.at.tolist(),
            log.kind.tolist(),
            log.value.tolist(),
            strict=True,
        )
    ]


def subset(table: IncidentTable, keys: Sequence[str]) -> IncidentTable:
    """The incidents of ``keys`` only (their events, services, kinds and notes)."""
    wanted = set(keys)
    chosen = [index for index, name in enumerate(table.log.names) if name in wanted]
    remap = np.full(table.log.count, -1, dtype=np.int64)
    remap[chosen] = np.arange(len(chosen))
    log = table.log
    keep = remap[log.incident] >= 0
    rows = log.row[keep]
    return IncidentTable(
        EventLog(
            remap[log.incident[keep]],
            log.at[keep],
            log.kind[keep],
            log.value[keep],
            rows,
            tuple(log.names[i] for i in chosen),
        ),
        tuple(table.service[i] for i in chosen),
        tuple(table.kind[i] for i in chosen),
        tuple(table.effort_seconds[i] for i in chosen),
        {row: note for row, note in table.notes.items() if row in set(rows.tolist())},
    )

"""A contract's incident history as the incident pages show it: rows to filter, search
and page through, compliance per priority and month, and one incident's events and
clocks laid out for its timeline.

Computed by ``services.incidents.evaluate_incidents`` as of an instant; no formatting
here (instants stay epoch seconds). Notes are the provider's: ``provider=False`` leaves
them out of the rows, the search and the events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import numpy as np

from slaledger.adapters.web import figures
from slaledger.adapters.web.source import ContractRecord
from slaledger.domain.incidents.clocks import NEVER
from slaledger.domain.incidents.log import EVENTS
from slaledger.domain.periods import Month
from slaledger.services.incidents import ClockView, IncidentView

PAGE_SIZE = 50
STATUSES = ("open", "resolved")
BREACHED = ("yes", "no")
#: a clock counts for compliance once it has ended or its deadline has passed
DUE = ("met", "breached")


def month_of(at: int, zone: str) -> Month:
    local = datetime.fromtimestamp(at, tz=ZoneInfo(zone))
    return Month(local.year, local.month)


@dataclass(frozen=True)
class IncidentRow:
    view: IncidentView
    month: Month  # the month it was notified in, in the contract's zone
    service: str | None
    notes: tuple[str, ...]  # empty for a customer

    @property
    def status(self) -> str:
        return "open" if self.view.open else "resolved"

    @property
    def breached(self) -> bool:
        return any(clock.status == "breached" for clock in self.view.clocks)

    def matches(self, text: str) -> bool:
        """The search: the incident's id, its service, its classification, its notes."""
        wanted = text.strip().casefold()
        if not wanted:
            return True
        haystack = (self.view.incident, self.service or "", self.view.priority or "", *self.notes)
        return any(wanted in part.casefold() for part in haystack)


@dataclass(frozen=True)
class Filters:
    status: str = ""  # "", open, resolved
    priority: str = ""
    month: Month | None = None
    breached: str = ""  # "", yes, no
    query: str = ""

    def keep(self, row: IncidentRow) -> bool:
        return (
            (not self.status or row.status == self.status)
            and (not self.priority or row.view.priority == self.priority)
            and (self.month is None or row.month == self.month)
            and (not self.breached or row.breached == (self.breached == "yes"))
            and row.matches(self.query)
        )


@dataclass(frozen=True)
class Paged:
    rows: list[IncidentRow]
    page: int  # 1-based, within 1..pages
    pages: int
    total: int


def _notes_by_incident(record: ContractRecord) -> dict[int, tuple[str, ...]]:
    table = record.incidents
    if table is None or not table.notes:
        return {}
    found: dict[int, list[str]] = {}
    for incident, row in zip(table.log.incident.tolist(), table.log.row.tolist(), strict=True):
        note = table.notes.get(int(row))
        if note:
            found.setdefault(int(incident), []).append(note)
    return {index: tuple(notes) for index, notes in found.items()}


def incident_rows(record: ContractRecord, at: int, *, provider: bool) -> list[IncidentRow]:
    """Every incident notified by ``at``, resolved or not, the latest first."""
    zone = record.loaded.contract.timezone
    table = record.incidents
    notes = _notes_by_incident(record) if provider else {}
    rows = [
        IncidentRow(
            view=view,
            month=month_of(view.started or 0, zone),
            service=table.service[view.index] if table is not None else None,
            notes=notes.get(view.index, ()),
        )
        for view in figures.incidents(record, at)
    ]
    rows.sort(key=lambda r: (r.view.started or 0, r.view.incident), reverse=True)
    return rows


def priorities(rows: list[IncidentRow]) -> list[str]:
    return sorted({r.view.priority for r in rows if r.view.priority})


def paginate(rows: list[IncidentRow], page: int, size: int = PAGE_SIZE) -> Paged:
    pages = max(1, -(-len(rows) // size))
    page = min(max(page, 1), pages)
    return Paged(rows[(page - 1) * size : page * size], page, pages, len(rows))


# ----------------------------------------------------------------- compliance
@dataclass(frozen=True)
class Tally:
    met: int = 0
    due: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.met + other.met, self.due + other.due)

    @property
    def percent(self) -> Fraction | None:
        """Clocks met per hundred clocks due; None when none was due."""
        return Fraction(100 * self.met, self.due) if self.due else None


@dataclass(frozen=True)
class Compliance:
    """Clocks met / clocks due per (month notified, priority), with the totals."""

    months: list[Month]
    priorities: list[str]
    cells: dict[tuple[Month, str], Tally]

    def cell(self, month: Month, priority: str) -> Tally:
        return self.cells.get((month, priority), Tally())

    def month_total(self, month: Month) -> Tally:
        return sum((self.cell(month, p) for p in self.priorities), Tally())

    def priority_total(self, priority: str) -> Tally:
        return sum((self.cell(m, priority) for m in self.months), Tally())

    @property
    def total(self) -> Tally:
        return sum((self.month_total(m) for m in self.months), Tally())


def clock_is_due(clock: ClockView) -> bool:
    """A clock with a target that applies, which has ended or overrun its deadline."""
    return clock.deadline is not None and clock.reason is None and clock.status in DUE


def compliance(rows: list[IncidentRow], months: list[Month]) -> Compliance:
    """Compliance of the incidents notified in ``months`` (an incident without a class
    counts under "–")."""
    wanted = set(months)
    cells: dict[tuple[Month, str], Tally] = {}
    for row in rows:
        if row.month not in wanted:
            continue
        for clock in row.view.clocks:
            if not clock_is_due(clock):
                continue
            key = (row.month, row.view.priority or "–")
            cells[key] = cells.get(key, Tally()) + Tally(int(clock.status == "met"), 1)
    found = sorted({p for _, p in cells})
    return Compliance(months=list(months), priorities=found, cells=cells)


# ------------------------------------------------------------------- one incident
@dataclass(frozen=True)
class EventLine:
    at: int
    event: str
    value: str | None
    note: str  # "" for a customer


@dataclass(frozen=True)
class ClockLane:
    """One clock on the timeline: from its start to its stop (or ``at`` while it runs)."""

    clock: ClockView
    start: int | None  # None: its start event has not happened
    end: int  # its stop, or the instant asked
    pauses: tuple[tuple[int, int | None], ...]  # (start, end or None while paused)
    reclassified: tuple[tuple[int, str], ...]  # classifications after the first
    moved: bool  # the deadline is not the one the start gave (pauses, reclassification)

    @property
    def ended(self) -> str | None:
        """How the clock ended: met, breached (stopped late), stopped (no target); None
        while it runs."""
        if self.clock.stopped_at is None:
            return None
        if self.clock.deadline is None:
            return "stopped"
        return "met" if self.clock.status == "met" else "breached"

    @property
    def margin(self) -> int | None:
        """Seconds between the stop and the deadline (negative: late), once stopped."""
        if self.clock.stopped_at is None or self.clock.deadline is None:
            return None
        return self.clock.deadline - self.clock.stopped_at


@dataclass(frozen=True)
class IncidentDetail:
    row: IncidentRow
    events: list[EventLine]
    lanes: list[ClockLane]
    at: int


def detail(
    record: ContractRecord, incident: str, at: int, *, provider: bool
) -> IncidentDetail | None:
    """The incident's events and clocks as of ``at``; None when no such incident was
    notified by then."""
    row = next(
        (r for r in incident_rows(record, at, provider=provider) if r.view.incident == incident),
        None,
    )
    table = record.incidents
    if row is None or table is None:
        return None
    log = table.log
    mine = np.flatnonzero((log.incident == row.view.index) & (log.at <= at))
    events = [
        EventLine(
            at=int(log.at[i]),
            event=EVENTS[int(log.kind[i])],
            value=log.value[i],
            note=table.notes.get(int(log.row[i]), "") if provider else "",
        )
        for i in mine.tolist()
    ]
    pauses_all = log.pauses()
    own = pauses_all.incident == row.view.index
    pauses = tuple(
        (int(s), None if int(e) == NEVER or int(e) > at else int(e))
        for s, e in zip(pauses_all.start[own], pauses_all.end[own], strict=True)
        if int(s) <= at
    )
    classified = [(e.at, e.value or "") for e in events if e.event == "classified"]
    starts = {clock.clause.id: clock.start.value for clock in record.loaded.contract.clocks}
    lanes = []
    for clock in row.view.clocks:
        kind = starts.get(clock.name, "notified")
        start = next((e.at for e in events if e.event == kind), None)
        lanes.append(
            ClockLane(
                clock=clock,
                start=start,
                end=clock.stopped_at if clock.stopped_at is not None else at,
                pauses=pauses,
                reclassified=tuple(classified[1:]),
                moved=clock.deadline != clock.original_deadline,
            )
        )
    return IncidentDetail(row=row, events=events, lanes=lanes, at=at)

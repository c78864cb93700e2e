"""Use case: every clock of every incident of a contract, as of an instant.

The contract says which clocks exist, how incidents are classified, which target
applies to a class and to a start inside or outside service hours, and in which
calendar each target counts. This module maps contract rules onto the bulk clock
engine, one group of incidents per (calendar, unit) so that each group is one
vectorised computation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.calendar.spec import ALWAYS, CalendarSpec
from slaledger.domain.contract.classification import Classification
from slaledger.domain.contract.clocks import Clock, ClockTarget, Event
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.parties import Party
from slaledger.domain.contract.values import Blank, Duration, TimeUnit
from slaledger.domain.incidents.clocks import (
    NEVER,
    NO_TARGET,
    ClockResult,
    Pauses,
    Status,
    Unit,
    compute_clocks,
)
from slaledger.domain.incidents.log import CODE, EventLog, LogViolation
from slaledger.domain.message import Message, msg

I64 = NDArray[np.int64]
CalendarFor = Callable[[str], BusinessCalendar]


@dataclass(frozen=True)
class ClockView:
    """One clock of one incident, ready to show."""

    name: str  # the clock's id: restore, take-into-account ...
    title: str  # its name in the contract's words
    clause: str
    target: str | None
    calendar: str | None
    deadline: int | None
    original_deadline: int | None
    elapsed_seconds: int
    left_seconds: int | None  # None once the clock stopped: it shows how it ended instead
    status: str
    breached_at: int | None
    reason: Message | None
    started_in_hours: bool
    stopped_at: int | None = None  # when the clock's stop event came (met or late)


@dataclass(frozen=True)
class IncidentView:
    incident: str
    priority: str | None
    started: int | None
    attributed_to: str | None
    clocks: tuple[ClockView, ...]
    kind: str = "incident"
    support_level: str | None = None  # the last 'escalated' value
    effort_seconds: int = 0
    out_of_scope: str | None = None  # why the request leaves the support's scope
    category: str | None = None  # the last 'categorised' value
    #: the clocks whose scope leaves this incident out ("hardware faults only"), each
    #: ``(clock id, scope)``: the incident gets no clock of that kind
    clocks_out_of_scope: tuple[tuple[str, str], ...] = ()
    resolved_at: int | None = None  # its first 'restored' or 'closed', by the instant asked
    index: int = 0  # its position in the event log (its row in the incident table)

    @property
    def open(self) -> bool:
        """Notified and not yet restored nor closed: whatever its clocks say (an
        acknowledged ticket still waits for its fix)."""
        return self.resolved_at is None


@dataclass(frozen=True)
class ClockColumns:
    """A clock's results for all incidents, as arrays (for KPIs and reports)."""

    clock: Clock
    classes: NDArray[np.object_]
    result: ClockResult
    stopped: I64
    has_target: NDArray[np.bool_]
    in_hours: NDArray[np.bool_]
    applicable: NDArray[np.bool_]  # the clock runs for the incident's kind


def calendar_cache(contract: Contract, make: Callable[..., BusinessCalendar]) -> CalendarFor:
    """One BusinessCalendar per contract calendar name, built on first use.

    ``@always:ZONE`` names a round-the-clock calendar in that zone.
    """
    built: dict[str, BusinessCalendar] = {}

    def get(name: str) -> BusinessCalendar:
        if name not in built:
            if name.startswith(ALWAYS_PREFIX):
                zone = name.removeprefix(ALWAYS_PREFIX)
                built[name] = make(CalendarSpec(name=name, timezone=zone, weekly=ALWAYS))
            else:
                built[name] = make(contract.calendars[name])
        return built[name]

    return get


def classify(values: NDArray[np.object_], scheme: Classification | None) -> NDArray[np.object_]:
    """Class ids from 'classified' values: a class id or name, a priority, or S1/C2."""
    result = np.full(len(values), None, dtype=object)
    if scheme is None:
        return values.copy()
    lookup: dict[str, str] = {}
    for item in scheme.classes:
        lookup[item.id.lower()] = item.id
        lookup[item.name.lower()] = item.id
    for raw in {v for v in values.tolist() if v}:
        key = str(raw).strip().lower()
        chosen = lookup.get(key) or _by_last_words(key, scheme)
        if chosen is None and "/" in key and scheme.matrix:
            severity, _, criticality = str(raw).strip().partition("/")
            found = scheme.matrix.get((criticality.strip(), severity.strip()))
            if found is None:
                found = scheme.matrix.get((severity.strip(), criticality.strip()))
            chosen = found if isinstance(found, str) else None
        result[values == raw] = chosen
    return result


def unknown_classes(contract: Contract, log: EventLog) -> list[LogViolation]:
    """The ``classified`` and ``onsite-requested`` values no classification of the contract
    knows (a typo would otherwise leave the incident silently without a target)."""
    if not contract.classifications:
        return []
    chosen = np.isin(log.kind, [CODE["classified"], CODE["onsite-requested"]])
    chosen &= log.value != None  # noqa: E711 - elementwise
    values = log.value[chosen]
    known = np.zeros(values.size, dtype=np.bool_)
    for scheme in contract.classifications:
        known |= classify(values, scheme) != None  # noqa: E711 - elementwise
    names = sorted({c.id for scheme in contract.classifications for c in scheme.classes})
    expected = msg("input.files.contract-class-matrix", classes=", ".join(names))
    rows = log.row[chosen][~known]
    found = values[~known]
    return [
        LogViolation(int(row), "value", expected, f"'{value}'")
        for row, value in sorted(zip(rows.tolist(), found.tolist(), strict=True))
    ]


def _by_last_words(key: str, scheme: Classification) -> str | None:
    """'Critique' names 'Incident Critique' when exactly one class name ends that way."""
    words = key.split()
    found = [c.id for c in scheme.classes if c.name.lower().split()[-len(words) :] == words]
    return found[0] if len(found) == 1 else None


#: prefix of the name of a round-the-clock calendar in a zone: "@always:Europe/Paris"
ALWAYS_PREFIX = "@always:"


def _target(duration: Duration, calendar: str, contract: Contract) -> tuple[str, Unit, int]:
    """Calendar name, unit and amount a target counts in.

    Business days count in the row's calendar. Calendar days and weeks ("7 jours" read
    as 7 calendar days, 001) are the same local time that many days later, whatever the
    opening hours: they count round the clock in the row calendar's zone.
    """
    if duration.unit is TimeUnit.BUSINESS_DAY:
        return calendar, Unit.BUSINESS_DAYS, int(duration.amount)
    days = {TimeUnit.DAY: 1, TimeUnit.WEEK: 7}.get(duration.unit)
    if days is not None:
        zone = (
            contract.calendars[calendar].timezone
            if calendar in contract.calendars
            else (contract.timezone)
        )
        return ALWAYS_PREFIX + zone, Unit.BUSINESS_DAYS, int(duration.amount) * days
    fixed = duration.fixed_seconds
    if fixed is None:
        raise ValueError(f"a clock target in {duration.unit.value}s is not supported")
    return calendar, Unit.BUSINESS_SECONDS, int(fixed.to_integral_value())


def clock_columns(
    *,
    contract: Contract,
    clock: Clock,
    log: EventLog,
    at: int,
    calendars: CalendarFor,
    risk_share: float = 0.75,
    kinds: tuple[str, ...] | None = None,
) -> tuple[ClockColumns, list[str | None], list[str | None], list[Message | None]]:
    """The clock for every incident; also the target text, calendar and reason per incident."""
    count = log.count
    scheme = next(
        (
            c
            for c in contract.classifications
            if c.name == clock.classification or c.clause.id == clock.classification
        ),
        None,
    )
    stated = log.last_value(CODE["classified"], at=at)
    # an on-site request names the equipment class (004) when nothing else classified it
    equipment = log.last_value(CODE["onsite-requested"], at=at)
    stated = np.where(stated == None, equipment, stated)  # noqa: E711 - elementwise
    classes = classify(stated, scheme)
    start = log.first(CODE[clock.start.value], at=at)
    stop = log.first(tuple(CODE[e.value] for e in clock.stop), at=at)
    stop = np.where(stop >= start, stop, NEVER)
    in_hours = _in_hours(clock, contract, start, calendars)
    exempt_reason = _exemptions(clock, log, at)

    rows: list[ClockTarget | None] = []
    for index in range(count):
        cls = classes[index]
        rows.append(clock.target_for(cls, in_hours=bool(in_hours[index])) if cls else None)
    target_text: list[str | None] = []
    calendar_names: list[str | None] = []
    reasons: list[Message | None] = []
    groups: dict[tuple[str, Unit], list[tuple[int, int]]] = {}
    for index, row in enumerate(rows):
        reason = exempt_reason[index]
        name = clock.calendar_for(row) if row else clock.calendar
        calendar_names.append(name)
        if row is None:
            target_text.append(None)
            reasons.append(
                reason
                or (
                    msg("clock.unclassified")
                    if classes[index] is None
                    else msg("clock.no-target-for", class_id=str(classes[index]))
                )
            )
            groups.setdefault((name or "", Unit.BUSINESS_SECONDS), []).append(
                (index, int(NO_TARGET))
            )
            continue
        value = row.target
        if isinstance(value, Blank) or value is None:
            target_text.append(None)
            reasons.append(
                reason
                or (
                    msg("clock.target-blank")
                    if isinstance(value, Blank)
                    else msg("clock.measured-no-target")
                )
            )
            groups.setdefault((name or "", Unit.BUSINESS_SECONDS), []).append(
                (index, int(NO_TARGET))
            )
            continue
        name, unit, amount = _target(value, name or "", contract)
        calendar_names[-1] = name
        target_text.append(str(value))
        reasons.append(reason)
        groups.setdefault((name or "", unit), []).append(
            (index, int(NO_TARGET) if reason else amount)
        )

    elapsed = np.zeros(count, dtype=np.int64)
    left = np.zeros(count, dtype=np.int64)
    deadline = np.full(count, NEVER, dtype=np.int64)
    original = np.full(count, NEVER, dtype=np.int64)
    breached = np.full(count, NEVER, dtype=np.int64)
    status = np.full(count, Status.NO_TARGET, dtype=np.int8)
    pauses_all = log.pauses()
    for (name, unit), members in groups.items():
        members_index = np.asarray([m[0] for m in members], dtype=np.int64)
        members_target = np.asarray([m[1] for m in members], dtype=np.int64)
        started = start[members_index] != NEVER
        index, target = members_index[started], members_target[started]
        if not name or len(index) == 0:
            continue
        mapping = np.full(count, -1, dtype=np.int64)
        mapping[index] = np.arange(len(index))
        keep = mapping[pauses_all.incident] >= 0
        pauses = Pauses(
            mapping[pauses_all.incident[keep]], pauses_all.start[keep], pauses_all.end[keep]
        )
        result = compute_clocks(
            calendar=calendars(name),
            start=start[index],
            stop=stop[index],
            target=target,
            unit=unit,
            pauses=pauses,
            at=at,
            risk_share=risk_share,
        )
        elapsed[index] = result.elapsed
        left[index] = result.left
        deadline[index] = result.deadline
        original[index] = result.original_deadline
        breached[index] = result.breached_at
        status[index] = result.status
    columns = ClockColumns(
        clock=clock,
        classes=classes,
        result=ClockResult(original, deadline, elapsed, left, status, breached),
        stopped=stop,
        has_target=deadline != NEVER,
        in_hours=in_hours,
        applicable=_applicable(clock, kinds, count) & ~out_of_scope(clock, log, at),
    )
    return columns, target_text, calendar_names, reasons


def _applicable(clock: Clock, kinds: tuple[str, ...] | None, count: int) -> NDArray[np.bool_]:
    if not clock.applies_to or kinds is None:
        return np.ones(count, dtype=bool)
    return np.isin(np.asarray(kinds, dtype=object), list(clock.applies_to))


def out_of_scope(clock: Clock, log: EventLog, at: int) -> NDArray[np.bool_]:
    """Incidents the clock's scope leaves out: categorised (last value by ``at``) outside
    its categories; an incident with no category is not known to be outside."""
    if clock.scope is None:
        return np.zeros(log.count, dtype=bool)
    categories = log.last_value(CODE["categorised"], at=at)
    known = categories != None  # noqa: E711 - elementwise
    outside: NDArray[np.bool_] = known & ~np.isin(categories, list(clock.scope.categories))
    return outside


def _in_hours(
    clock: Clock, contract: Contract, start: I64, calendars: CalendarFor
) -> NDArray[np.bool_]:
    name = clock.service_hours
    if not name or name not in contract.calendars:
        return np.ones(len(start), dtype=bool)
    known = start != NEVER
    result = np.ones(len(start), dtype=bool)
    if known.any():
        result[known] = calendars(name).is_open_array(start[known])
    return result


#: who a cause is attributed to, in words
PARTIES = {
    "provider": msg("party.provider"),
    "customer": msg("party.customer"),
    "third-party": msg("party.third-party"),
    "force-majeure": msg("party.force-majeure"),
}


def _exemptions(clock: Clock, log: EventLog, at: int) -> list[Message | None]:
    """Why each incident's targets no longer apply (None when they do)."""
    reasons: list[Message | None] = [None] * log.count
    attributed = log.last_value(CODE["attributed"], at=at)
    for exemption in clock.exemptions:
        if exemption.event is Event.ATTRIBUTED:
            parties = {p.value for p in exemption.attributed_to} or {
                p.value for p in Party if p is not Party.PROVIDER
            }
            for index, value in enumerate(attributed.tolist()):
                if value and value in parties and reasons[index] is None:
                    party = PARTIES.get(value, value)
                    reasons[index] = msg("clock.attributed-suspended", party=party)
        else:
            happened = log.first(CODE[exemption.event.value], at=at)
            for position in np.flatnonzero(happened != NEVER).tolist():
                if reasons[position] is None:
                    event = exemption.event.value
                    reasons[position] = msg("clock.event-suspended", event=event)
    return reasons


def evaluate_incidents(
    *,
    contract: Contract,
    log: EventLog,
    at: int,
    calendars: CalendarFor,
    risk_share: float = 0.75,
    kinds: tuple[str, ...] | None = None,
    effort_seconds: tuple[int, ...] | None = None,
) -> list[IncidentView]:
    """Every incident notified by ``at``, with each clock that runs for its kind, as of
    ``at``; an incident notified later does not exist yet and is left out (``index`` gives
    each view's row in the log)."""
    per_clock = [
        (
            clock,
            *clock_columns(
                contract=contract,
                clock=clock,
                log=log,
                at=at,
                calendars=calendars,
                risk_share=risk_share,
                kinds=kinds,
            ),
        )
        for clock in contract.clocks
    ]
    attributed = log.last_value(CODE["attributed"], at=at)
    levels = log.last_value(CODE["escalated"], at=at)
    categories = log.last_value(CODE["categorised"], at=at)
    outside = [(clock, out_of_scope(clock, log, at)) for clock in contract.clocks]
    efforts = effort_seconds or (0,) * log.count
    starts = log.first(CODE["notified"], at=at)
    resolved = log.first((CODE["restored"], CODE["closed"]), at=at)
    views = []
    for index, name in enumerate(log.names):
        if starts[index] == NEVER:
            continue
        clocks = []
        priority = None
        for clock, columns, targets, calendar_names, reasons in per_clock:
            if not columns.applicable[index]:
                continue
            r = columns.result
            priority = priority or columns.classes[index]
            has = bool(columns.has_target[index])
            stopped = int(columns.stopped[index])
            clocks.append(
                ClockView(
                    name=clock.clause.id,
                    title=clock.name,
                    clause=clock.clause.article,
                    target=targets[index],
                    calendar=calendar_names[index],
                    deadline=int(r.deadline[index]) if has else None,
                    original_deadline=int(r.original_deadline[index]) if has else None,
                    elapsed_seconds=int(r.elapsed[index]),
                    left_seconds=int(r.left[index]) if has and stopped == NEVER else None,
                    status=Status(int(r.status[index])).label,
                    breached_at=int(r.breached_at[index])
                    if r.breached_at[index] != NEVER
                    else None,
                    reason=reasons[index],
                    started_in_hours=bool(columns.in_hours[index]),
                    stopped_at=stopped if stopped != NEVER else None,
                )
            )
        views.append(
            IncidentView(
                incident=name,
                priority=priority,
                started=int(starts[index]),
                attributed_to=attributed[index],
                clocks=tuple(clocks),
                kind=kinds[index] if kinds else "incident",
                support_level=levels[index],
                effort_seconds=efforts[index],
                out_of_scope=_scope(contract, efforts[index]),
                category=categories[index],
                clocks_out_of_scope=tuple(
                    (clock.clause.id, str(clock.scope))
                    for clock, mask in outside
                    if clock.scope is not None and mask[index]
                ),
                resolved_at=int(resolved[index]) if resolved[index] != NEVER else None,
                index=index,
            )
        )
    return views


def _scope(contract: Contract, effort: int) -> str | None:
    """The support clause whose per-request effort limit the ticket exceeds, if any."""
    for support in contract.support:
        limit = support.scope_limit.fixed_seconds if support.scope_limit else None
        if limit is not None and effort > limit:
            return (
                f"{effort / 3600:g} h of effort exceeds the {support.scope_limit} per request "
                f"of '{support.clause.id}' ({support.clause.article}): out of scope"
            )
    return None

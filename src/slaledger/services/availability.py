"""Use cases: a service's availability for a month, and the credit it earns.

Observations (outages, probe samples, request counts, maintenance windows) become
``Spans`` with a category, a reason and a clause; the domain measures them over the
period the contract defines. Maintenance windows go through the maintenance rules
(``_assess_windows``, the one place wired to them): a window within the rules takes the
category its clause gives (planned maintenance by default) and is excluded as the
contract says; a window that breaks them counts as downtime, and its trace entry lists
the broken rules with their clauses.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import numpy as np

from slaledger.domain.availability import (
    Measure,
    Spans,
    Window,
    calendar_month,
    contract_year,
    measure,
    rolling_months,
)
from slaledger.domain.contract.availability import (
    Availability,
    Exclusion,
    ExclusionCondition,
    IntervalRule,
    OutageCategory,
    Period,
)
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.credits import (
    CreditSchedule,
    DayValue,
    Eligibility,
    Rounding,
    RoundingMode,
)
from slaledger.domain.coverage import (
    DEFAULT_MIN_COVERAGE,
    Coverage,
    count_intervals,
    coverage_of,
    sample_intervals,
)
from slaledger.domain.credits import Credit, credit_for
from slaledger.domain.interruptions import (
    Interruptions,
    NoData,
    interruptions_from_counts,
    interruptions_from_samples,
)
from slaledger.domain.intervals import Intervals
from slaledger.domain.message import Items, Message, Percent, Text, decoded, msg
from slaledger.domain.obligations.credit_claims import claim_deadline
from slaledger.domain.obligations.model import Trigger
from slaledger.domain.observations import CountTable, MaintenanceTable, OutageTable, SampleTable
from slaledger.domain.periods import Month
from slaledger.domain.suspensions import SuspensionError
from slaledger.services.incidents import CalendarFor
from slaledger.services.maintenance import WindowVerdict, assess_windows
from slaledger.services.suspensions import guaranteed, not_guaranteed

#: category of a maintenance window outside the rules: not listed by any contract, so
#: it counts as downtime
OUTSIDE_RULES = "maintenance-outside-rules"
#: how long a probe sample stands when the contract sets no interval
DEFAULT_SAMPLE_SECONDS = 300


class AvailabilityError(ValueError):
    """The contract or the request cannot give a figure (no availability clause...):
    ``message`` says why, rendered by the adapters in the reader's language; ``str(exc)``
    is its id (services render no language)."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message if isinstance(message, str) else message.id)


@dataclass(frozen=True)
class Observations:
    """What is known of the services, as of ``now`` (epoch seconds; the clock when None):
    the measurements, and the share of a period they must observe for a verdict."""

    outages: OutageTable | None = None
    samples: SampleTable | None = None
    counts: CountTable | None = None
    maintenance: MaintenanceTable | None = None
    now: int | None = None
    min_coverage: Fraction = DEFAULT_MIN_COVERAGE
    #: the contract's events (obligation events), for its suspension clauses
    contract_events: Sequence[Trigger] = ()


@dataclass(frozen=True)
class CreditReport:
    measure: Measure
    credit: Credit
    eligibility: tuple[Message, ...]
    #: the schedule's credit rounding mode, which the amount in money is rounded with
    rounding_mode: RoundingMode | None = None
    #: what a day of a days credit is worth, when the schedule states it
    day_value: DayValue | None = None


def availability_clause(contract: Contract, service: str | None) -> Availability:
    """The availability commitment for ``service`` (the first one when not given)."""
    if not contract.availability:
        raise AvailabilityError(msg("availability.error.no-commitment", contract=contract.id))
    if service is None:
        return contract.availability[0]
    for clause in contract.availability:
        if clause.service in (service, None):
            return clause
    known = ", ".join(str(c.service) for c in contract.availability)
    raise AvailabilityError(
        msg("availability.error.no-service-commitment", service=service, known=known)
    )


def period_for(availability: Availability, month: Month, zone: str, opened: date | None) -> Window:
    if availability.period is Period.ROLLING_12_MONTHS:
        return rolling_months(month, zone)
    if availability.period is Period.CONTRACT_YEAR:
        if opened is None:
            raise AvailabilityError(
                msg("availability.error.needs-opening", clause=availability.clause.id)
            )
        return contract_year(opened, month, zone)
    return calendar_month(month, zone)


def availability_for_month(
    *,
    contract: Contract,
    month: Month,
    observations: Observations,
    calendars: CalendarFor,
    service: str | None = None,
    opened: date | None = None,
    eligible_only: bool = False,
) -> Measure:
    """The contract's availability figure for the period that ends with ``month``."""
    clause = availability_clause(contract, service)
    name = service or clause.service or ""
    window = period_for(clause, month, contract.timezone, opened)
    spans = period_spans(contract, clause, observations, calendars, name, window, opened)
    figure = measure(
        clause,
        service=name,
        window=window,
        spans=spans,
        eligible_only=eligible_only,
        shown_rounding=shown_rounding(contract, clause),
        coverage=measured_coverage(
            contract,
            clause,
            observations,
            name,
            window,
            opened,
            evaluated_from=month.start(contract.timezone),
        ),
    )
    return guaranteed(figure)


def period_spans(
    contract: Contract, clause: Availability, observations: Observations,
    calendars: CalendarFor, service: str, window: Window, opened: date | None,
) -> Spans:  # fmt: skip
    """Every interval that may matter to ``clause`` over ``window``, with its category
    (outages, maintenance through its rules, measured interruptions, suspensions)."""
    _check_services(observations, service)
    return Spans.concat(
        [
            _outage_spans(clause, observations, service, calendars, contract, opened),
            _maintenance_spans(
                contract, clause, observations.maintenance, service, calendars, opened
            ),
            measured_spans(clause, observations, service, window),
            _not_guaranteed(contract, clause, observations.contract_events),
        ]
    )


def observed_sources(
    clause: Availability, observations: Observations, service: str
) -> list[tuple[str, str, Intervals]]:
    """What the measurements of ``service`` observed, per origin: (origin, source,
    intervals)."""
    observed = []
    counts, samples, outages = observations.counts, observations.samples, observations.outages
    if counts is not None and service in counts.services:
        rows = counts.service == counts.services.index(service)
        intervals = count_intervals(counts.interval_start[rows], counts.interval_seconds[rows])
        observed.append(("counts", counts.source, intervals))
    if samples is not None and service in samples.services:
        rows = samples.service == samples.services.index(service)
        gap = sample_seconds(clause)
        observed.append(("samples", samples.source, sample_intervals(samples.at[rows], gap)))
    if outages is not None:
        for origin in sorted({c[3] for c in outages.covers}):
            mine = [c for c in outages.covers if c[3] == origin and c[0] in (None, service)]
            if mine:
                intervals = Intervals.of([c[1] for c in mine], [c[2] for c in mine])
                observed.append((origin, outages.source, intervals))
    return observed


def measured_coverage(
    contract: Contract, clause: Availability, observations: Observations, service: str,
    window: Window, opened: date | None = None, evaluated_from: int | None = None,
) -> Coverage:  # fmt: skip
    """How much of ``window`` the measurements of ``service`` observed (see
    ``domain.coverage``): samples and counts by their rows, outage records by the periods
    their imports declare complete; nothing before the contract takes effect or the
    service opens (``opened``) is measurable."""
    observed = observed_sources(clause, observations, service)
    days = [d for d in (contract.effective_from, opened) if d is not None]
    effective = None
    if days:
        day = max(days)
        zone = ZoneInfo(contract.timezone)
        effective = int(datetime(day.year, day.month, day.day, tzinfo=zone).timestamp())
    return coverage_of(
        start=window.start,
        end=window.end,
        observed=observed,
        now=int(time.time()) if observations.now is None else observations.now,
        effective_from=effective,
        min_share=observations.min_coverage,
        evaluated_from=evaluated_from,
    )


def _not_guaranteed(contract: Contract, clause: Availability, events: Sequence[Trigger]) -> Spans:
    """The time a suspension clause lifts ``clause``'s guarantee from (``services.suspensions``)."""
    try:
        return not_guaranteed(contract, clause, events)
    except SuspensionError as exc:
        raise AvailabilityError(
            msg("availability.error.contract-events", reason=str(exc))
        ) from None


def shown_rounding(contract: Contract, clause: Availability) -> Rounding | None:
    """How the figure of ``clause`` is shown everywhere: as the contract's credit schedule
    rounds it before rating it (000: two decimals, half up), so the figure on every page is
    the one that decides the credit; ``None`` (the default rule) when nothing rounds it."""
    for schedule in contract.credits:
        if schedule.availability == clause.clause.id and schedule.availability_rounding:
            return schedule.availability_rounding
    return None


def credits_for_month(
    *,
    contract: Contract,
    month: Month,
    observations: Observations,
    calendars: CalendarFor,
    fee: Decimal | None,
    service: str | None = None,
    opened: date | None = None,
    measured: Callable[[], Measure] | None = None,
) -> CreditReport:
    """The credit the month earns under the schedule of the service's availability.
    ``measured``: the month's figure as the caller already computes it (every outage
    counted), used unless the schedule counts the customer's reports alone."""
    clause = availability_clause(contract, service)
    schedule = _schedule(contract, clause)
    reported_only = Eligibility.CUSTOMER_REPORTED in schedule.eligibility
    if measured is not None and not reported_only:
        figure = measured()
    else:
        figure = availability_for_month(
            contract=contract,
            month=month,
            observations=observations,
            calendars=calendars,
            service=service,
            opened=opened,
            eligible_only=reported_only,
        )
    deadline = None
    window = schedule.claim_window
    if window is not None:
        calendar = calendars(window.calendar) if window.calendar else None
        due = claim_deadline(month, window, zone=ZoneInfo(contract.timezone), calendar=calendar)
        deadline = due.at
    credit = credit_for(
        schedule,
        figure.availability,
        fee=fee,
        claim_deadline=deadline,
        target_met=figure.met,
        no_data=figure.no_data
        or (
            "the availability is not guaranteed over the whole period (suspension clause)"
            if not figure.guaranteed
            else "no data for the period"
        ),
    )
    if schedule.day_value is not None and credit.days is not None:
        divided = schedule.day_value.monthly_fee_divided_by
        note = msg("credit.note.day-value", divided_by=divided)
        credit = dataclasses.replace(credit, notes=(*credit.notes, note))
    eligibility = tuple(_eligibility_note(e) for e in schedule.eligibility)
    mode = schedule.credit_rounding.mode if schedule.credit_rounding else None
    return CreditReport(figure, credit, eligibility, mode, schedule.day_value)


def _check_services(observations: Observations, service: str) -> None:
    """A file with rows only for other services is a mistake (a misspelt service name), not
    a month without downtime: say so instead of measuring nothing."""
    tables = (observations.outages, observations.samples, observations.counts)
    for table in (*tables, observations.maintenance):
        if table is not None and table.services and service not in table.services:
            found = ", ".join(f"'{name}'" for name in table.services)
            raise AvailabilityError(
                msg(
                    "availability.error.other-services",
                    source=str(table.source),
                    service=service,
                    found=found,
                )
            )


def _schedule(contract: Contract, clause: Availability) -> CreditSchedule:
    for schedule in contract.credits:
        if schedule.availability == clause.clause.id:
            return schedule
    raise AvailabilityError(msg("availability.error.no-schedule", clause=clause.clause.id))


#: an outage record's category in words
CATEGORIES: dict[str, Message] = {
    "unplanned": msg("category.unplanned"),
    "planned-maintenance": msg("category.planned-maintenance"),
    "force-majeure": msg("category.force-majeure"),
    "customer": msg("category.customer"),
    "third-party": msg("category.third-party"),
    "customer-change": msg("category.customer-change"),
    OUTSIDE_RULES: msg("category.maintenance-outside-rules"),
}


def _eligibility_note(eligibility: Eligibility) -> Message:
    if eligibility is Eligibility.CUSTOMER_REPORTED:
        return msg("eligibility.customer-reported")
    return msg("eligibility.customer-claimed")


# ----------------------------------------------------------------- outage records
def _outage_spans(
    clause: Availability,
    observations: Observations,
    service: str,
    calendars: CalendarFor,
    contract: Contract,
    opened: date | None,
) -> Spans:
    table = observations.outages
    if table is None or service not in table.services:
        return Spans.empty()
    rows = np.flatnonzero(table.service == table.services.index(service))
    category = [str(c) for c in table.category[rows]]
    start, end = table.start[rows], table.end[rows]
    reasons: list[Message] = []
    for i, row in enumerate(rows):
        # a measured interruption's reason comes back from the store as its message
        note = decoded(str(table.note[row])) if table.note[row] else ""
        reported = msg("trace.reported") if table.reported[row] else msg("trace.not-reported")
        kind = CATEGORIES.get(category[i], category[i])
        reasons.append(
            msg("trace.outage-record-note", category=kind, reported=reported, note=note)
            if note
            else msg("trace.outage-record", category=kind, reported=reported)
        )
    # planned maintenance whose exclusion has conditions needs a compliant window around it
    conditional = _conditions(clause, OutageCategory.PLANNED_MAINTENANCE.value)
    if conditional is not None:
        compliant = _compliant_windows(
            contract, clause, observations.maintenance, service, calendars, opened
        )
        for i in range(len(rows)):
            if category[i] == conditional.category.value and not _covered(
                compliant, int(start[i]), int(end[i])
            ):
                category[i] = OUTSIDE_RULES
                wanted = Items(tuple(c.value for c in conditional.conditions), "comma")
                reasons[i] = msg("trace.uncovered-maintenance", reason=reasons[i], wanted=wanted)
    return Spans(
        start,
        end,
        tuple(category),
        tuple(reasons),
        tuple(clause.clause.id for _ in rows),
        tuple(table.origin.locate(table.row[r], table.reference[r]) for r in rows),
        table.reported[rows].copy(),
    )


def _conditions(clause: Availability, category: str) -> Exclusion | None:
    for exclusion in clause.exclusions:
        if exclusion.category.value == category and exclusion.conditions:
            return exclusion
    return None


def _covered(windows: Intervals, start: int, end: int) -> bool:
    return Intervals.span(start, end).difference(windows).total() == 0


# ------------------------------------------------------------ maintenance windows
def _maintenance_spans(
    contract: Contract,
    availability: Availability,
    windows: MaintenanceTable | None,
    service: str,
    calendars: CalendarFor,
    opened: date | None,
) -> Spans:
    """Each window of ``service`` as judged by the maintenance rules: within them, it
    takes its clause's category; outside them, it is downtime. A window past the annual
    cap only is maintenance up to the cap and downtime after it. Where the availability
    clause excludes only announced maintenance (003), an unannounced window is downtime
    whatever its kind."""
    if windows is None or service not in windows.services:
        return Spans.empty()
    rows: list[tuple[int, int, str, Message, str, str]] = []
    for verdict in _assess_windows(contract, windows, calendars, opened):
        if verdict.service != service:
            continue
        source = windows.origin.locate(verdict.row, verdict.reference)
        category = counts_as(contract, verdict.clause)
        clause = verdict.clause or ""
        unannounced = _needs_announcement(availability, category) and not (
            bool(windows.announced[verdict.index])
            and int(windows.announced_at[verdict.index]) < verdict.start
        )
        if unannounced:
            reason: Message = msg("trace.window-unannounced", kind=verdict.kind)
            rows.append((verdict.start, verdict.end, OUTSIDE_RULES, reason, clause, source))
            continue
        if verdict.allowed:
            advisories = tuple(r.message for r in verdict.reasons if r.advisory)
            reason = (
                msg(
                    "trace.window-within-advisories",
                    kind=verdict.kind,
                    advisories=Items(advisories, "semicolon"),
                )
                if advisories
                else msg("trace.window-within", kind=verdict.kind)
            )
            rows.append((verdict.start, verdict.end, category, reason, clause, source))
            continue
        broken = [r for r in verdict.reasons if r.breach]
        reason = msg(
            "trace.window-outside",
            kind=verdict.kind,
            broken=Items(tuple(r.message for r in broken), "semicolon"),
        )
        ids = ", ".join(sorted({r.clause for r in broken if r.clause})) or clause
        cut = verdict.excluded_until
        if cut is not None and verdict.start < cut < verdict.end:
            within = msg("trace.window-up-to-cap", kind=verdict.kind)
            rows.append((verdict.start, cut, category, within, clause, source))
            rows.append((cut, verdict.end, OUTSIDE_RULES, reason, ids, source))
        else:
            rows.append((verdict.start, verdict.end, OUTSIDE_RULES, reason, ids, source))
    return Spans(
        np.asarray([r[0] for r in rows], dtype=np.int64),
        np.asarray([r[1] for r in rows], dtype=np.int64),
        tuple(r[2] for r in rows),
        tuple(r[3] for r in rows),
        tuple(r[4] for r in rows),
        tuple(r[5] for r in rows),
        np.ones(len(rows), dtype=np.bool_),
    )


def _needs_announcement(availability: Availability, category: str) -> bool:
    return any(
        e.category.value == category and ExclusionCondition.ANNOUNCED in e.conditions
        for e in availability.exclusions
    )


def _compliant_windows(
    contract: Contract,
    availability: Availability,
    windows: MaintenanceTable | None,
    service: str,
    calendars: CalendarFor,
    opened: date | None,
) -> Intervals:
    spans = _maintenance_spans(contract, availability, windows, service, calendars, opened)
    keep = np.asarray([c != OUTSIDE_RULES for c in spans.category], dtype=np.bool_)
    return Intervals.of(spans.start[keep], spans.end[keep])


def _assess_windows(
    contract: Contract, windows: MaintenanceTable, calendars: CalendarFor, opened: date | None
) -> list[WindowVerdict]:
    """The one place wired to the maintenance rules: every window judged."""
    return assess_windows(contract=contract, windows=windows, calendars=calendars, opened=opened)


def counts_as(contract: Contract, clause: str | None) -> str:
    """The outage category of a window of a maintenance clause (planned by default)."""
    for item in contract.maintenance:
        if item.clause.id == clause:
            return item.counts_as.value
    return OutageCategory.PLANNED_MAINTENANCE.value


# ------------------------------------------------------- samples and request counts
_NO_DATA = {IntervalRule.UP: NoData.UP, IntervalRule.DOWN: NoData.DOWN}


def measured_spans(
    clause: Availability, observations: Observations, service: str, window: Window
) -> Spans:
    parts = []
    rule = clause.interruption
    counts, samples = observations.counts, observations.samples
    if counts is not None and service in counts.services:
        rows = counts.service == counts.services.index(service)
        threshold = rule.error_rate_above if isinstance(rule.error_rate_above, Decimal) else 0
        found = interruptions_from_counts(
            service=np.zeros(int(rows.sum()), dtype=np.int64),
            interval_start=counts.interval_start[rows],
            interval_seconds=counts.interval_seconds[rows],
            total=counts.total[rows],
            server_errors=counts.server_errors[rows],
            error_rate_above=threshold,
            min_requests=rule.min_requests,
            empty=_NO_DATA.get(rule.empty_intervals, NoData.UNKNOWN),
            missing=_NO_DATA.get(rule.monitoring_gaps, NoData.UNKNOWN),
            min_duration=_seconds(rule.min_duration, 0),
        )
        reason = msg("trace.error-rate-above", threshold=Percent(threshold))
        parts.append(_down_spans(found, rule.monitoring_gaps, reason, counts.source, clause))
    if samples is not None and service in samples.services:
        rows = samples.service == samples.services.index(service)
        found = interruptions_from_samples(
            service=np.zeros(int(rows.sum()), dtype=np.int64),
            at=samples.at[rows],
            up=samples.up[rows],
            max_gap=_seconds(rule.interval, DEFAULT_SAMPLE_SECONDS),
        )
        parts.append(
            _down_spans(
                found, rule.monitoring_gaps, msg("trace.probe-down"), samples.source, clause
            )
        )
    return Spans.concat(parts)


def _down_spans(
    found: Interruptions, gaps: IntervalRule, reason: Message, source: str, clause: Availability
) -> Spans:
    """Down time of one service; unknown time that follows down time is down when the
    contract's gap rule is 'previous' (a missed minute takes the state before it)."""
    down = found.down.group(0)
    unknown = found.unknown.group(0)
    reasons: list[Message] = [reason] * len(down)
    starts, ends = [down.starts], [down.ends]
    if gaps is IntervalRule.PREVIOUS and len(unknown):
        follows = np.isin(unknown.starts, down.ends)
        starts.append(unknown.starts[follows])
        ends.append(unknown.ends[follows])
        reasons += [msg("trace.gap-after-down")] * int(follows.sum())
    elif gaps is IntervalRule.DOWN:
        starts.append(unknown.starts)
        ends.append(unknown.ends)
        reasons += [msg("trace.gap-down")] * len(unknown)
    start, end = np.concatenate(starts), np.concatenate(ends)
    return Spans(
        start,
        end,
        tuple(OutageCategory.UNPLANNED.value for _ in reasons),
        tuple(reasons),
        tuple(clause.clause.id for _ in reasons),
        tuple(source for _ in reasons),
        np.zeros(start.size, dtype=np.bool_),
    )


def sample_seconds(clause: Availability) -> int:
    """How long a probe sample stands: the clause's interval, else the default."""
    return _seconds(clause.interruption.interval, DEFAULT_SAMPLE_SECONDS)


def _seconds(duration: object, default: int) -> int:
    fixed = getattr(duration, "fixed_seconds", None)
    return int(fixed) if fixed else default

"""Use case: a contract's monthly statement, from the same inputs as every other figure.

The statement gathers what the other services compute for one month — availability with
a summary of its trace and the last twelve months, incidents with their clocks, KPIs,
credits and their claim deadline, the credit days carried to the contract's end (001),
the liability caps on the statement's day (from invoices, when given: 003 11.3,
004 VIII), maintenance performed, the contract's lint warnings —
into plain frozen dataclasses that renderers (HTML, PDF, JSON) only format. Nothing here
reads a file or the clock: the inputs are the file-reader / store objects and ``now``.

Instants are aware datetimes in the contract's zone. Figures are exact ``Decimal``s
(availability to 28 significant digits, durations in whole seconds).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from slaledger.domain.availability import NOT_GUARANTEED, Measure
from slaledger.domain.commercial.payments import Invoice
from slaledger.domain.contract.availability import Availability
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.kpis import Direction, KpiMeasure
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.coverage import DEFAULT_MIN_COVERAGE
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.lint import Severity, lint_contract
from slaledger.domain.obligations.model import Trigger
from slaledger.domain.observations import CountTable, MaintenanceTable, OutageTable, SampleTable
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    AvailabilityError,
    Observations,
    availability_for_month,
    credits_for_month,
)
from slaledger.services.commercial import (
    CommercialError,
    carried_schedules,
    credit_balance,
    liability_caps,
)
from slaledger.services.incidents import CalendarFor, IncidentView, evaluate_incidents
from slaledger.services.kpis import KpiView, kpis_for_month, maintenance_notices
from slaledger.services.maintenance import assess_windows
from slaledger.services.statement_citations import (
    cited_clauses,
    cited_ids,
    file_version,
    party_lines,
    statement_number,
)
from slaledger.services.statement_figures import coverage_line, quotes, summarise
from slaledger.services.statement_model import (
    AuditAnchor,
    AvailabilityPoint,
    CategoryMinutes,
    ClauseText,
    ClockLine,
    ContractIdentity,
    CreditBalanceLine,
    CreditBalanceMonth,
    CreditLine,
    DocumentLine,
    IncidentLine,
    KpiLine,
    KpiPointLine,
    LiabilityLine,
    LintLine,
    MaintenanceLine,
    NotGuaranteedLine,
    PartyLine,
    QuoteLine,
    QuoteText,
    RuleLine,
    ServiceAvailability,
    SourceLine,
    Statement,
    StatementPeriod,
)

__all__ = [
    "AuditAnchor",
    "AvailabilityPoint",
    "CategoryMinutes",
    "ClauseText",
    "ClockLine",
    "ContractIdentity",
    "CreditBalanceLine",
    "CreditBalanceMonth",
    "CreditLine",
    "DocumentLine",
    "IncidentLine",
    "KpiLine",
    "KpiPointLine",
    "LiabilityLine",
    "LintLine",
    "MaintenanceLine",
    "NotGuaranteedLine",
    "PartyLine",
    "QuoteLine",
    "QuoteText",
    "RuleLine",
    "ServiceAvailability",
    "SourceLine",
    "Statement",
    "StatementPeriod",
    "build_statement",
]

#: months of availability history shown with each service (the chart)
HISTORY_MONTHS = 12
#: lint severities a statement lists
LINT_SEVERITIES = (Severity.ERROR, Severity.WARNING)
#: the readers of a statement: the provider's (with the linter's findings, which are
#: the provider's working notes) and the customer's (without them)
PROVIDER = "provider"
CUSTOMER = "customer"


# ----------------------------------------------------------------------- use case
def build_statement(
    *,
    loaded_contract: LoadedContract,
    month: Month | str,
    outages: OutageTable | None = None,
    samples: SampleTable | None = None,
    counts: CountTable | None = None,
    maintenance: MaintenanceTable | None = None,
    events: IncidentTable | None = None,
    fee: Decimal | None = None,
    opened: date | None = None,
    now: datetime | None = None,
    calendars: CalendarFor,
    audience: str = PROVIDER,
    invoices: Sequence[Invoice] | None = None,
    min_coverage: Fraction = DEFAULT_MIN_COVERAGE,
    contract_events: Sequence[Trigger] = (),
    version: int | None = None,
    issued: date | None = None,
    anchor: AuditAnchor | None = None,
    account: str | None = None,
) -> Statement:
    """The statement of ``month`` as of ``now`` (default: the end of the month), for the
    provider or, without the linter's findings, for the ``CUSTOMER``; with ``invoices``,
    the liability caps on the statement's day; with ``contract_events`` (the obligation
    events), the spans its suspension clauses lift the availability guarantee from. What
    was not observed by then (or by the clock, whichever is earlier) is no data
    (``min_coverage``: ``domain.coverage``).

    The statement's number comes from the contract, the month and ``version`` (the
    stored version of the terms; default: 1 plus the amendments dated by the month's
    end); ``issued`` is its day (default: the day of the figures, no later than today);
    ``anchor`` is the audit entry a stored statement rests on; ``account`` names the
    customer account beside the contract's customer party."""
    if audience not in (PROVIDER, CUSTOMER):
        raise ValueError(f"audience: expected '{PROVIDER}' or '{CUSTOMER}', found {audience!r}")
    contract = loaded_contract.contract
    chosen = Month.parse(month) if isinstance(month, str) else month
    zone = ZoneInfo(contract.timezone)
    at = _epoch(now) if now is not None else chosen.end(contract.timezone)
    observations = Observations(
        outages, samples, counts, maintenance, now=min(at, int(time.time())),
        min_coverage=min_coverage, contract_events=contract_events,
    )  # fmt: skip
    context = _Context(contract, chosen, zone, calendars, observations, opened)
    sections = tuple(context.availability(clause) for clause in contract.availability)
    day = statement_day(chosen, contract.timezone, at)
    statement = Statement(
        contract=_identity(contract, account),
        period=StatementPeriod(
            month=str(chosen),
            start=_local(chosen.start(contract.timezone), zone),
            end=_local(chosen.end(contract.timezone), zone),
            zone=contract.timezone,
        ),
        now=_local(at, zone),
        fee=fee,
        opened=opened,
        availability=sections,
        incidents=context.incidents(events, at),
        kpis=context.kpis(events, sections),
        credits=context.credits(fee),
        maintenance=context.maintenance(),
        lint=tuple(
            LintLine(f.rule, f.severity.value, f.clause, f.message, f.line)
            for f in lint_contract(contract, loaded_contract.lines)
            if f.severity in LINT_SEVERITIES and audience == PROVIDER
        ),
        audience=audience,
        credit_balance=context.credit_balance(),
        liability_on=day if invoices is not None else None,
        liability=context.liability(invoices, day),
        number=statement_number(
            contract, chosen, version if version is not None else file_version(contract, chosen)
        ),
        issued=issued or _local(min(at, int(time.time())), zone).date(),
        anchor=anchor,
    )
    cited = cited_clauses(
        contract, cited_ids(statement), on=day, interpretations=audience == PROVIDER
    )
    return replace(statement, clauses=cited)


def statement_day(month: Month, zone: str, at: int) -> date:
    """The day the statement stands on: ``at``'s, but no later than the month's last day."""
    last = min(at, month.end(zone) - 1)
    return _local(last, ZoneInfo(zone)).date()


@dataclass(frozen=True)
class _Context:
    contract: Contract
    month: Month
    zone: ZoneInfo
    calendars: CalendarFor
    observations: Observations
    opened: date | None

    def figure(self, clause: Availability, month: Month) -> Measure:
        return availability_for_month(
            contract=self.contract,
            month=month,
            observations=self.observations,
            calendars=self.calendars,
            service=clause.service,
            opened=self.opened,
        )

    def availability(self, clause: Availability) -> ServiceAvailability:
        service = clause.service or ""
        names = {s.id: s.name for s in self.contract.services}
        base = ServiceAvailability(
            service=service,
            service_name=names.get(service, service),
            clause=clause.clause.id,
            article=clause.clause.article,
            target=clause.target if isinstance(clause.target, Decimal) else None,
            period_kind=clause.period.value,
            quotes=quotes(self.contract, clause),
        )
        try:
            figure = self.figure(clause, self.month)
        except AvailabilityError as exc:
            return replace(base, error=str(exc))
        return replace(
            base,
            period_label=figure.window.label,
            period_start=_local(figure.window.start, self.zone),
            period_end=_local(figure.window.end, self.zone),
            availability=figure.shown,
            exact=figure.exact,
            no_data=figure.no_data,
            coverage=coverage_line(figure, self.observations.min_coverage),
            rounding_mode=figure.shown_rounding.mode.value,
            rounding_decimals=figure.shown_rounding.decimals,
            met=figure.met,
            reference_seconds=figure.reference_seconds,
            down_seconds=figure.down_seconds,
            removed_seconds=figure.removed_seconds,
            excused_seconds=figure.excused_seconds,
            formula=figure.formula,
            summary=summarise(figure),
            history=tuple(self._point(clause, self.month.shift(-back)) for back in _back()),
            guaranteed=figure.guaranteed,
            allowance_seconds=figure.allowance_seconds,
            allowance_met=figure.allowance_met,
            allowance_left_seconds=figure.allowance_left_seconds,
            allowance_over_seconds=figure.allowance_over_seconds,
            not_guaranteed_seconds=figure.not_guaranteed_seconds,
            not_guaranteed=tuple(
                NotGuaranteedLine(
                    t.clause,
                    _local(t.start, self.zone),
                    _local(t.end, self.zone),
                    t.seconds,
                    t.reason,
                )
                for t in figure.trace
                if t.category == NOT_GUARANTEED
            ),
        )

    def _point(self, clause: Availability, month: Month) -> AvailabilityPoint:
        try:
            figure = self.figure(clause, month)
        except AvailabilityError:
            return AvailabilityPoint(str(month), None, None)
        return AvailabilityPoint(str(month), figure.shown, figure.met, exact=figure.exact)

    def incidents(self, events: IncidentTable | None, at: int) -> tuple[IncidentLine, ...]:
        """Tickets started in the month, or whose clocks ran or changed status in it."""
        if events is None:
            return ()
        start = self.month.start(self.contract.timezone)
        end = min(self.month.end(self.contract.timezone), at)
        now = self._views(events, at)
        before = {view.index: view for view in self._views(events, min(start, at))}
        chosen = [
            view
            for view in now
            if view.started is not None
            and view.started < end
            and (view.started >= start or _moved(before.get(view.index), view))
        ]
        chosen.sort(key=lambda v: (v.started or 0, v.incident))
        return tuple(self._incident(v) for v in chosen)

    def _views(self, events: IncidentTable, at: int) -> list[IncidentView]:
        return evaluate_incidents(
            contract=self.contract,
            log=events.log,
            at=at,
            calendars=self.calendars,
            kinds=events.kind,
            effort_seconds=events.effort_seconds,
        )

    def _incident(self, view: IncidentView) -> IncidentLine:
        return IncidentLine(
            incident=view.incident,
            kind=view.kind,
            priority=view.priority,
            started=_maybe_local(view.started, self.zone),
            attributed_to=view.attributed_to,
            clocks=tuple(
                ClockLine(
                    clock=c.name,
                    title=c.title,
                    clause=c.clause,
                    target=c.target,
                    deadline=_maybe_local(c.deadline, self.zone),
                    status=c.status,
                    breached_at=_maybe_local(c.breached_at, self.zone),
                    elapsed_seconds=c.elapsed_seconds,
                    reason=c.reason,
                )
                for c in view.clocks
            ),
        )

    def kpis(
        self, events: IncidentTable | None, sections: Sequence[ServiceAvailability]
    ) -> tuple[KpiLine, ...]:
        windows = self.observations.maintenance
        notices = None
        if windows is not None:
            notices = maintenance_notices(windows)
        views = {
            v.kpi: v
            for v in kpis_for_month(
                contract=self.contract,
                month=self.month,
                calendars=self.calendars,
                log=events.log if events else None,
                kinds=events.kind if events else None,
                maintenance=notices,
            )
        }
        by_clause = {s.clause: s for s in sections}
        lines = []
        for kpi in self.contract.kpis:
            if kpi.clause.id in views:
                lines.append(_kpi_line(views[kpi.clause.id]))
                continue
            section = by_clause.get(kpi.availability or "")
            limit = kpi.target.percent
            if kpi.measure is KpiMeasure.AVAILABILITY and section and section.error is None:
                rule = kpi.target.direction
                lines.append(
                    KpiLine(
                        kpi=kpi.clause.id,
                        name=kpi.name,
                        clause=kpi.clause.article,
                        unit="percent",
                        direction=rule.value,
                        target=kpi.target.describe(),
                        limit=limit if isinstance(limit, Decimal) else None,
                        value=section.availability,
                        met=_met(section.exact, limit, rule),
                        count=1,
                        series=tuple(
                            KpiPointLine(p.month, p.availability, _met(p.exact, limit, rule))
                            for p in section.history
                        ),
                    )
                )
        return tuple(lines)

    def credits(self, fee: Decimal | None) -> tuple[CreditLine, ...]:
        lines = []
        for clause in self.contract.availability:
            if not any(s.availability == clause.clause.id for s in self.contract.credits):
                continue
            try:
                report = credits_for_month(
                    contract=self.contract,
                    month=self.month,
                    observations=self.observations,
                    calendars=self.calendars,
                    fee=fee,
                    service=clause.service,
                    opened=self.opened,
                )
            except AvailabilityError:
                continue  # the availability section says why
            credit = report.credit
            lines.append(
                CreditLine(
                    service=clause.service or "",
                    schedule=credit.schedule,
                    unit=credit.unit.value,
                    rated_availability=credit.rated,
                    outcome=credit.outcome.value,
                    tier_range=credit.tier_range,
                    percent=credit.percent,
                    days=credit.days,
                    fee=fee,
                    amount=credit.amount,
                    capped=credit.capped,
                    claim_deadline=(
                        None
                        if credit.claim_deadline is None
                        else credit.claim_deadline.astimezone(self.zone)
                    ),
                    notes=credit.notes,
                    eligibility=report.eligibility,
                )
            )
        return tuple(lines)

    def balance_start(self) -> Month:
        """The first month of the carried balance: the service opening's, else the
        contract's effective date's, else the first month of the statement's history."""
        start = self.opened or self.contract.effective_from
        if start is None:
            return self.month.shift(-(HISTORY_MONTHS - 1))
        return min(Month(start.year, start.month), self.month)

    def credit_balance(self) -> CreditBalanceLine | None:
        if not carried_schedules(self.contract):
            return None
        try:
            balance = credit_balance(
                contract=self.contract,
                first=self.balance_start(),
                last=self.month,
                observations=self.observations,
                calendars=self.calendars,
                opened=self.opened,
            )
        except (CommercialError, AvailabilityError):
            return None  # the availability section says why
        return CreditBalanceLine(
            schedule=balance.schedule,
            settlement=balance.settlement.value,
            first=str(balance.first),
            last=str(balance.last),
            days=balance.days,
            complete=balance.complete,
            undetermined=tuple(str(m) for m in balance.undetermined),
            months=tuple(
                CreditBalanceMonth(
                    month=str(m.month),
                    days=m.days,
                    capped=m.capped,
                    balance=m.balance,
                    claim_deadline=(
                        None if m.claim_deadline is None else m.claim_deadline.astimezone(self.zone)
                    ),
                )
                for m in balance.months
            ),
        )

    def liability(self, invoices: Sequence[Invoice] | None, day: date) -> tuple[LiabilityLine, ...]:
        if invoices is None:
            return ()
        return tuple(
            LiabilityLine(
                clause=c.clause_id,
                article=c.article,
                basis=c.basis.value,
                first=c.first,
                last=c.last,
                invoices=c.invoices,
                cap=c.cap,
            )
            for c in liability_caps(contract=self.contract, invoices=invoices, breach=day)
        )

    def maintenance(self) -> tuple[MaintenanceLine, ...]:
        windows = self.observations.maintenance
        if windows is None:
            return ()
        start, end = (
            self.month.start(self.contract.timezone),
            self.month.end(self.contract.timezone),
        )
        verdicts = assess_windows(
            contract=self.contract, windows=windows, calendars=self.calendars, opened=self.opened
        )
        return tuple(
            MaintenanceLine(
                service=v.service,
                kind=v.kind,
                clause=v.clause,
                reference=v.reference,
                start=_local(v.start, self.zone),
                end=_local(v.end, self.zone),
                announced_at=(
                    _local(int(windows.announced_at[v.index]), self.zone)
                    if bool(windows.announced[v.index])
                    else None
                ),
                compliant=v.allowed,
                excluded=v.excluded,
                broken=tuple(RuleLine(r.rule, r.message, r.clause) for r in v.reasons if r.breach),
                notes=tuple(RuleLine(r.rule, r.message, r.clause) for r in v.reasons if r.advisory),
            )
            for v in sorted(verdicts, key=lambda v: (v.start, v.index))
            if start <= v.start < end
        )


# ------------------------------------------------------------------------ helpers
def _moved(earlier: IncidentView | None, later: IncidentView) -> bool:
    """Whether any clock ran or changed status between the two evaluations (an incident
    not yet notified at the first one has moved)."""
    if earlier is None:
        return True
    return any(
        (a.elapsed_seconds, a.status) != (b.elapsed_seconds, b.status)
        for a, b in zip(earlier.clocks, later.clocks, strict=True)
    )


def _kpi_line(view: KpiView) -> KpiLine:
    direction = view.target.split(" ", 1)[0]
    return KpiLine(
        kpi=view.kpi,
        name=view.name,
        clause=view.clause,
        unit=view.unit,
        direction=direction,
        target=view.target,
        limit=_seconds(view.limit),
        value=_seconds(view.value),
        met=view.met,
        count=view.count,
        series=tuple(KpiPointLine(p.month, _seconds(p.value), p.met) for p in view.series),
    )


def _met(value: Decimal | None, limit: object, direction: Direction) -> bool | None:
    if value is None or not isinstance(limit, Decimal):
        return None
    exact, bound = Fraction(value), Fraction(limit)
    return exact >= bound if direction is Direction.AT_LEAST else exact <= bound


def _seconds(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(round(value))


def _back() -> range:
    return range(HISTORY_MONTHS - 1, -1, -1)


def _identity(contract: Contract, account: str | None) -> ContractIdentity:
    language = contract.language
    return ContractIdentity(
        id=contract.id,
        title=contract.title,
        language=language,
        timezone=contract.timezone,
        parties=party_lines(contract, account),
        documents=tuple(
            DocumentLine(d.id, d.title.get(language) or next(iter(d.title.values()), ""), d.date)
            for d in contract.documents
        ),
    )


def _epoch(moment: datetime) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"'now' must carry a time zone, found {moment.isoformat()}")
    return int(moment.astimezone(UTC).timestamp())


def _local(epoch: int, zone: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(epoch, UTC).astimezone(zone)


def _maybe_local(epoch: int | None, zone: ZoneInfo) -> datetime | None:
    return None if epoch is None else _local(epoch, zone)

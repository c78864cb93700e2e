"""Use case: a contract's monthly statement, from the same inputs as every other figure.

The statement gathers what the other services compute for one month — availability with
a summary of its trace and the last twelve months, incidents with their clocks, KPIs,
credits and their claim deadline, the credit days carried to the contract's end (001),
the liability caps on the statement's day (from invoices, when given: 003 11.3,
004 VIII), maintenance performed, the contract's lint warnings —
into plain frozen dataclasses (statement_model.py) that renderers (HTML, PDF, JSON)
only format. Each section is built beside it: statement_availability, statement_incidents,
statement_kpis, statement_credits (credits, carried days, liability caps),
statement_maintenance; what they share is statement_context. Nothing here reads a file
or the clock: the inputs are the core's tables (from files or the store) and ``now``.

Instants are aware datetimes in the contract's zone. Figures are exact ``Decimal``s
(availability to 28 significant digits, durations in whole seconds).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from slaledger.domain.commercial.payments import Invoice
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.contract.values import Money
from slaledger.domain.coverage import DEFAULT_MIN_COVERAGE
from slaledger.domain.incidents.table import IncidentTable
from slaledger.domain.lint import Severity, lint_contract
from slaledger.domain.obligations.model import Trigger
from slaledger.domain.observations import CountTable, MaintenanceTable, OutageTable, SampleTable
from slaledger.domain.periods import Month
from slaledger.services.availability import Observations
from slaledger.services.fees import COMMAND_LINE, FeeBook
from slaledger.services.incidents import CalendarFor
from slaledger.services.statement_availability import availability_section
from slaledger.services.statement_citations import (
    cited_clauses,
    cited_ids,
    file_version,
    party_lines,
    statement_number,
)
from slaledger.services.statement_context import StatementContext, local
from slaledger.services.statement_credits import (
    credit_balance_line,
    credit_lines,
    liability_lines,
)
from slaledger.services.statement_incidents import incident_lines
from slaledger.services.statement_kpis import kpi_lines
from slaledger.services.statement_maintenance import maintenance_lines
from slaledger.services.statement_model import (
    AuditAnchor,
    AvailabilityPoint,
    CategoryMinutes,
    ClauseText,
    ClockLine,
    ContractIdentity,
    CreditBalanceLine,
    CreditBalanceMonth,
    CreditedLine,
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
    "CreditedLine",
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
    "credited_lines",
]

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
    fee: Money | None = None,
    fee_book: FeeBook | None = None,
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
    credit_notes: Sequence[CreditedLine] = (),
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
    customer account beside the contract's customer party; of ``credit_notes`` (the
    contract's, from the store), those issued during the month are "credited on this
    statement"."""
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
    context = StatementContext(contract, chosen, zone, calendars, observations, opened)
    credits = credit_lines(context, fee, fee_book)
    shown = fee_shown(fee, credits)
    sections = tuple(availability_section(context, clause) for clause in contract.availability)
    day = statement_day(chosen, contract.timezone, at)
    statement = Statement(
        contract=_identity(contract, account),
        period=StatementPeriod(
            month=str(chosen),
            start=local(chosen.start(contract.timezone), zone),
            end=local(chosen.end(contract.timezone), zone),
            zone=contract.timezone,
        ),
        now=local(at, zone),
        fee=None if shown is None else shown[0].amount,
        currency=None if shown is None else shown[0].currency,
        opened=opened,
        availability=sections,
        incidents=incident_lines(context, events, at),
        kpis=kpi_lines(context, events, sections),
        credits=credits,
        maintenance=maintenance_lines(context),
        lint=tuple(
            LintLine(f.rule, f.severity.value, f.clause, f.message, f.line)
            for f in lint_contract(contract, loaded_contract.lines)
            if f.severity in LINT_SEVERITIES and audience == PROVIDER
        ),
        audience=audience,
        credit_balance=credit_balance_line(context),
        liability_on=day if invoices is not None else None,
        liability=liability_lines(context, invoices, day),
        number=statement_number(
            contract, chosen, version if version is not None else file_version(contract, chosen)
        ),
        issued=issued or local(min(at, int(time.time())), zone).date(),
        anchor=anchor,
        fee_source=None if shown is None else shown[1],
        credited=credited_lines(credit_notes, chosen, zone),
    )
    cited = cited_clauses(
        contract, cited_ids(statement), on=day, interpretations=audience == PROVIDER
    )
    return replace(statement, clauses=cited)


def fee_shown(fee: Money | None, credits: Sequence[CreditLine]) -> tuple[Money, str] | None:
    """The monthly fee the statement's header shows, and its source: the explicit one,
    else the one every credit line rests on (None when the lines rest on different fees)."""
    if fee is not None:
        return fee, COMMAND_LINE
    fees = {
        (Money(c.fee, c.currency), c.fee_source)
        for c in credits
        if c.fee is not None and c.currency is not None and c.fee_source is not None
    }
    return fees.pop() if len(fees) == 1 else None


def statement_day(month: Month, zone: str, at: int) -> date:
    """The day the statement stands on: ``at``'s, but no later than the month's last day."""
    last = min(at, month.end(zone) - 1)
    return local(last, ZoneInfo(zone)).date()


# ------------------------------------------------------------------------ helpers
def credited_lines(
    notes: Sequence[CreditedLine], month: Month, zone: ZoneInfo
) -> tuple[CreditedLine, ...]:
    """The notes issued from the month's first instant to its end (excluded) in the
    contract's zone, in the order of issue, their instants in that zone."""
    first, end = month.start(str(zone)), month.end(str(zone))
    issued = [n for n in notes if first <= n.issued.timestamp() < end]
    return tuple(
        replace(n, issued=n.issued.astimezone(zone))
        for n in sorted(issued, key=lambda n: (n.issued, n.number))
    )


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
        languages=contract.languages,
        binding_languages=contract.binding_languages,
    )


def _epoch(moment: datetime) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"'now' must carry a time zone, found {moment.isoformat()}")
    return int(moment.astimezone(UTC).timestamp())

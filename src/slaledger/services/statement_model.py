"""The monthly statement as plain frozen dataclasses (built by
``slaledger.services.statements.build_statement``, formatted by the report renderers).

Instants are aware datetimes in the contract's zone; figures are exact ``Decimal``s
(availability to 28 significant digits, durations in whole seconds); codes (statuses,
categories, effects) are left untranslated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from slaledger.domain.message import Message, Text


@dataclass(frozen=True)
class PartyLine:
    """A party as the contract names it, with its legal details; ``account``: the
    customer account the statement is issued to, when known (the store's, or the one
    the command line names); ``generic``: the contract names the party by its role only
    ("Le Client"), so the name alone tells no customer from another."""

    role: str
    name: str
    details: str | None = None
    account: str | None = None
    generic: bool = False


@dataclass(frozen=True)
class QuoteText:
    """A text in one language (``language``: an ISO 639-1 code)."""

    language: str
    text: str


@dataclass(frozen=True)
class SourceLine:
    """Where the contract says it: the document (id and title by language), the
    article, and the verbatim words by language."""

    document: str | None
    document_title: tuple[QuoteText, ...]
    article: str | None
    quotes: tuple[QuoteText, ...]


@dataclass(frozen=True)
class ClauseText:
    """A clause a figure of the statement rests on: its sources and, for the provider,
    how the file reads the text where it is ambiguous (``interpretation``)."""

    clause: str
    sources: tuple[SourceLine, ...]
    interpretation: str | None = None


@dataclass(frozen=True)
class AuditAnchor:
    """The audit chain's last entry when a stored statement's figures were read: every
    upload and import they rest on precedes it, so its hash pins them."""

    seq: int
    hash: str
    at: datetime


@dataclass(frozen=True)
class DocumentLine:
    id: str
    title: str
    date: date | None


@dataclass(frozen=True)
class ContractIdentity:
    id: str
    title: str
    language: str
    timezone: str
    parties: tuple[PartyLine, ...]
    documents: tuple[DocumentLine, ...]
    #: the versions of the text (languages), and those that bind: one binding version
    #: among several is the one that governs; several binding: the file does not say
    languages: tuple[str, ...] = ()
    binding_languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatementPeriod:
    month: str
    start: datetime
    end: datetime
    zone: str


@dataclass(frozen=True)
class CategoryMinutes:
    """What one category of intervals did to the figure (``effect``: counted, excused,
    removed, not-eligible), with its total, number of intervals and clauses."""

    category: str
    effect: str
    seconds: int
    intervals: int
    clauses: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class AvailabilityPoint:
    month: str
    availability: Decimal | None  # as shown (``Measure.shown``)
    met: bool | None
    exact: Decimal | None = None  # the exact figure, which verdicts compare


@dataclass(frozen=True)
class CoverageLine:
    """What the measurements observed of the period: a ``DataState`` value, the share
    observed (percent, two decimals, truncated), each source's minutes."""

    state: str
    percent: Decimal
    observed_seconds: int
    measurable_seconds: int
    reason: Text
    sources: tuple[tuple[str, str, int], ...] = ()  # (source kind, name, seconds observed)
    cause: str = ""  # ``Coverage.cause``: the code the statements translate
    #: the threshold below which the figure is insufficient data (percent)
    min_percent: Decimal = Decimal(90)


@dataclass(frozen=True)
class QuoteLine:
    """A clause's words in one version of the text; ``informational``: a version given for
    information only (a translation that does not bind)."""

    language: str
    text: str
    informational: bool = False


@dataclass(frozen=True)
class ServiceAvailability:
    service: str
    service_name: str
    clause: str
    article: str
    target: Decimal | None
    period_kind: str
    period_label: str = ""
    period_start: datetime | None = None
    period_end: datetime | None = None
    availability: Decimal | None = None  # as shown (``Measure.shown``), everywhere the same
    exact: Decimal | None = None  # the exact figure, which verdicts compare
    #: the rule ``availability`` is shown with: a ``RoundingMode`` value and decimals
    rounding_mode: str = ""
    rounding_decimals: int = 2
    met: bool | None = None
    reference_seconds: int = 0
    down_seconds: int = 0
    removed_seconds: int = 0
    excused_seconds: int = 0
    formula: str = ""
    summary: tuple[CategoryMinutes, ...] = ()
    history: tuple[AvailabilityPoint, ...] = ()
    error: Text | None = None  # why the figure could not be computed (a message)
    #: why the measurements give no figure (no data, insufficient data); None: a figure
    no_data: Text | None = None
    coverage: CoverageLine | None = None
    #: false when a suspension clause lifts the guarantee over the whole period (IMRI
    #: 3.3, 3.6): no verdict; ``not_guaranteed`` lists each span lifted, with its clause
    guaranteed: bool = True
    not_guaranteed_seconds: int = 0
    not_guaranteed: tuple[NotGuaranteedLine, ...] = ()
    #: the downtime allowance beside the target (seconds), its verdict and what is left
    allowance_seconds: int | None = None
    allowance_met: bool | None = None
    allowance_left_seconds: int | None = None
    allowance_over_seconds: int | None = None
    #: the clause's words: the binding version first, then translations for information only
    quotes: tuple[QuoteLine, ...] = ()
    #: the month's error budget as spent by its end (docs/budgets.md); None without a
    #: target or allowance, or without a figure
    budget: BudgetUseLine | None = None


@dataclass(frozen=True)
class BudgetUseLine:
    """How much of the period's error budget the downtime used: ``basis`` is the line
    judged (``target``: the downtime the target allows; ``allowance``: the clause's "no
    more than N minutes"), ``used_percent`` the share spent (above 100 once missed)."""

    basis: str
    allowed_seconds: int
    consumed_seconds: int
    remaining_seconds: int
    over_seconds: int
    used_percent: Decimal | None  # None when nothing is allowed


@dataclass(frozen=True)
class NotGuaranteedLine:
    """A span of the period a suspension clause takes out of the guarantee, and why."""

    clause: str
    start: datetime
    end: datetime
    seconds: int
    reason: Text


@dataclass(frozen=True)
class ClockLine:
    clock: str
    title: str
    clause: str
    target: str | None
    deadline: datetime | None
    status: str
    breached_at: datetime | None
    elapsed_seconds: int
    reason: Message | None


@dataclass(frozen=True)
class IncidentLine:
    incident: str
    kind: str
    priority: str | None
    started: datetime | None
    attributed_to: str | None
    clocks: tuple[ClockLine, ...]


@dataclass(frozen=True)
class KpiPointLine:
    month: str
    value: Decimal | None
    met: bool | None


@dataclass(frozen=True)
class KpiLine:
    """``unit`` is ``seconds`` (durations, whole seconds) or ``percent``."""

    kpi: str
    name: str
    clause: str
    unit: str
    direction: str
    target: str
    limit: Decimal | None
    value: Decimal | None
    met: bool | None
    count: int
    series: tuple[KpiPointLine, ...]


@dataclass(frozen=True)
class CreditLine:
    service: str
    schedule: str
    unit: str
    rated_availability: Decimal | None  # None: no data, no credit rated
    outcome: str
    tier_range: str | None
    percent: Decimal | None
    days: Decimal | None
    fee: Decimal | None
    amount: Decimal | None
    capped: bool
    claim_deadline: datetime | None
    notes: tuple[Message, ...]
    eligibility: tuple[Message, ...]
    #: the fee's ISO 4217 currency, and how the amount was rounded (once, at the end)
    currency: str | None = None
    rounding_rule: Message | None = None
    #: where the fee came from: "command line", "invoiced" or "contract price" (docs/billing.md)
    fee_source: str | None = None
    fee_trace: tuple[Message, ...] = ()
    #: the cap in money that bit, with its clause (None: no cap bit)
    cap_clause: str | None = None
    cap_note: Message | None = None


@dataclass(frozen=True)
class CreditedLine:
    """A credit note issued during the statement's period: "credited on this statement".
    ``month`` is the month whose credit it settles; ``granted`` is in ``unit`` (percent
    of the fee, days); ``amount`` and ``currency`` when the credit has money."""

    number: str
    issued: datetime
    month: str
    service: str
    unit: str | None
    granted: Decimal | None
    amount: Decimal | None
    currency: str | None
    reason: str = ""


@dataclass(frozen=True)
class CreditBalanceMonth:
    month: str
    days: Decimal | None  # None: the contract leaves the month's days undefined
    capped: bool
    balance: Decimal
    claim_deadline: datetime | None


@dataclass(frozen=True)
class CreditBalanceLine:
    """Credit days carried to the end of the contract (``settlement``
    ``carried-to-term-end``) from ``first`` to the statement's month: never cash."""

    schedule: str
    settlement: str
    first: str
    last: str
    days: Decimal  # the known days; a lower bound when ``complete`` is False
    complete: bool
    undetermined: tuple[str, ...]
    months: tuple[CreditBalanceMonth, ...]


@dataclass(frozen=True)
class LiabilityLine:
    """A liability cap on the statement's day, from the invoices paid or issued in
    ``first``..``last`` (``basis`` says which)."""

    clause: str
    article: str
    basis: str
    first: date
    last: date
    invoices: tuple[str, ...]
    cap: Decimal


@dataclass(frozen=True)
class RuleLine:
    rule: str
    message: Text
    clause: str | None


@dataclass(frozen=True)
class MaintenanceLine:
    service: str
    kind: str
    clause: str | None
    reference: str | None
    start: datetime
    end: datetime
    announced_at: datetime | None
    compliant: bool
    excluded: bool
    broken: tuple[RuleLine, ...]
    notes: tuple[RuleLine, ...] = ()  # best-effort rules broken: reported, not breaches


@dataclass(frozen=True)
class LintLine:
    rule: str
    severity: str
    clause: str
    message: Message
    line: int | None


@dataclass(frozen=True)
class Statement:
    contract: ContractIdentity
    period: StatementPeriod
    now: datetime
    fee: Decimal | None
    currency: str | None
    opened: date | None
    availability: tuple[ServiceAvailability, ...]
    incidents: tuple[IncidentLine, ...]
    kpis: tuple[KpiLine, ...]
    credits: tuple[CreditLine, ...]
    maintenance: tuple[MaintenanceLine, ...]
    lint: tuple[LintLine, ...]
    #: who reads it: "provider" (with the linter's findings on the contract) or
    #: "customer" (the figures, clocks, credits and claims only)
    audience: str = "provider"
    #: the credit days carried to the contract's end, when its schedule carries them
    credit_balance: CreditBalanceLine | None = None
    #: the day the liability caps are computed on (the statement's day), with the caps;
    #: both empty without invoices
    liability_on: date | None = None
    liability: tuple[LiabilityLine, ...] = ()
    #: the statement's number: contract, month and contract version
    #: ("PREVISOFT-CGV-2024-03-v1"), the same for the same terms and month
    number: str = ""
    #: the day the statement is issued on
    issued: date | None = None
    #: the audit chain's entry the figures rest on; None: computed from files
    anchor: AuditAnchor | None = None
    #: the clauses the figures cite (by ``ClauseText.clause``), each once
    clauses: tuple[ClauseText, ...] = ()
    #: where the monthly fee came from (docs/billing.md); None: no fee
    fee_source: str | None = None
    #: the credit notes issued during the period, in the order they were issued
    credited: tuple[CreditedLine, ...] = ()

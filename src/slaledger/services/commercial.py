"""Use cases of the commercial clauses: liability caps from invoices, equipment-age
surcharges, day fees, volume variation, quantity limits, and the credit days carried to
the contract's end.

Each picks the contract's clauses of its kind (in force on the day concerned) and calls
the pure functions of ``slaledger.domain.commercial``; none reads a file or the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from functools import partial

from slaledger.domain.availability import Measure
from slaledger.domain.commercial.credit_balance import CreditDaysBalance, credit_days_balance
from slaledger.domain.commercial.fees import FeeResult, day_fee
from slaledger.domain.commercial.liability import CapResult, liability_cap
from slaledger.domain.commercial.payments import Invoice
from slaledger.domain.commercial.quantities import (
    LimitCheck,
    QuantityCount,
    QuantityError,
    check_counts,
)
from slaledger.domain.commercial.surcharges import SurchargeResult, equipment_surcharge
from slaledger.domain.commercial.volumes import VolumeFinding, volume_findings
from slaledger.domain.contract.clause import in_force
from slaledger.domain.contract.commercial import Fee, Surcharge, VolumeVariation
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.credits import CreditUnit, Settlement
from slaledger.domain.message import msg
from slaledger.domain.periods import Month
from slaledger.services.availability import (
    AvailabilityError,
    Observations,
    availability_clause,
    credits_for_month,
)
from slaledger.services.incidents import CalendarFor


class CommercialError(ValueError):
    """The contract has no clause of the kind asked, or not one that fits."""


def liability_caps(
    *, contract: Contract, invoices: Sequence[Invoice], breach: date
) -> list[CapResult]:
    """Each liability cap in force on ``breach``, from the invoices."""
    return [
        liability_cap(cap, invoices=invoices, breach=breach)
        for cap in in_force(contract.commercial.liability, breach)
    ]


def surcharges(
    *, contract: Contract, in_service: date, on: date, price: Decimal | None = None
) -> list[SurchargeResult]:
    """Each surcharge by equipment age in force on ``on``, for equipment in service since
    ``in_service``."""
    clauses: list[Surcharge] = [
        s for s in in_force(contract.commercial.surcharges, on) if s.basis == "equipment-age"
    ]
    if not clauses:
        raise CommercialError(f"the contract {contract.id} states no equipment-age surcharge")
    if on < in_service:
        raise CommercialError(f"a day on or after the service date {in_service}, found {on}")
    return [equipment_surcharge(s, in_service=in_service, on=on, price=price) for s in clauses]


def day_fees(
    *, contract: Contract, engineer_days: Decimal, on: date, clause_id: str | None = None
) -> list[FeeResult]:
    """The fees billed by the engineer-day (``per`` a day) for ``engineer_days``."""
    clauses: list[Fee] = list(in_force(contract.commercial.fees, on))
    if clause_id is not None:
        clauses = [f for f in clauses if f.clause.id == clause_id]
    if not clauses:
        known = ", ".join(f.clause.id for f in contract.commercial.fees) or "none"
        raise CommercialError(f"a fee clause of the contract (clauses: {known})")
    if engineer_days < 0:
        raise CommercialError(f"engineer-days of zero or more, found {engineer_days}")
    return [day_fee(f, engineer_days=engineer_days) for f in clauses]


def volume_variation(
    *,
    contract: Contract,
    contracted: Decimal,
    observed: Sequence[tuple[Month, Decimal]],
) -> list[tuple[VolumeVariation, list[VolumeFinding]]]:
    """Each volume-variation clause with the runs of months that call for its effect."""
    clauses = contract.commercial.volume_variation
    if not clauses:
        raise CommercialError(f"the contract {contract.id} states no volume variation")
    if contracted <= 0:
        raise CommercialError(f"a contracted volume above zero, found {contracted}")
    return [(v, volume_findings(v, contracted=contracted, observed=observed)) for v in clauses]


def quantity_limits(
    *, contract: Contract, counts: Sequence[QuantityCount], clause_id: str | None = None
) -> list[LimitCheck]:
    """Each day a limited quantity was counted, against its limit in force that day
    (IMRI 3.4: nomad VPNs at most 20 % of the seats under contract)."""
    limits = contract.commercial.quantity_limits
    if clause_id is not None:
        limits = tuple(q for q in limits if q.clause.id == clause_id)
    if not limits:
        known = ", ".join(q.clause.id for q in contract.commercial.quantity_limits) or "none"
        raise CommercialError(f"a quantity limit of the contract {contract.id} (limits: {known})")
    checks: list[LimitCheck] = []
    for limit in limits:
        try:
            found = check_counts(limit, counts)
        except QuantityError as exc:
            raise CommercialError(str(exc)) from None
        checks += [c for c in found if contract.in_force(limit.clause.id, c.on) is limit]
    return sorted(checks, key=lambda c: (c.on, c.clause_id))


def carried_schedules(contract: Contract) -> list[str]:
    """The ids of the credit schedules whose days are carried to the contract's end."""
    return [
        s.clause.id
        for s in contract.credits
        if s.settlement is Settlement.CARRIED_TO_TERM_END
        and s.unit is CreditUnit.DAYS_OF_SUBSCRIPTION
    ]


def credit_balance(
    *,
    contract: Contract,
    first: Month,
    last: Month,
    observations: Observations,
    calendars: CalendarFor,
    service: str | None = None,
    opened: date | None = None,
    measured: Callable[[Month], Measure] | None = None,
) -> CreditDaysBalance:
    """The credit days carried from ``first`` to ``last`` (both included) under the
    schedule of the service's availability, which must be settled at the term's end.
    ``measured``: each month's figure as the caller already computes it."""
    if last < first:
        raise CommercialError(f"a last month on or after {first}, found {last}")
    clause = availability_clause(contract, service)
    schedules = [s for s in contract.credits if s.availability == clause.clause.id]
    if not schedules or schedules[0].clause.id not in carried_schedules(contract):
        raise CommercialError(
            f"the contract {contract.id} carries no credit days to its end "
            "(no schedule of days settled carried-to-term-end)"
        )
    schedule = schedules[0]
    credits = []
    month = first
    while month <= last:  # one figure a month: a few dozen at most, not a hot path
        try:
            report = credits_for_month(
                contract=contract,
                month=month,
                observations=observations,
                calendars=calendars,
                fee=None,
                service=service,
                opened=opened,
                measured=None if measured is None else partial(measured, month),
            )
        except AvailabilityError as exc:
            raise AvailabilityError(
                msg("availability.error.in-month", month=str(month), reason=exc.message)
            ) from None
        credits.append((month, report.credit))
        month = month.shift(1)
    return credit_days_balance(schedule.clause.id, schedule.settlement, credits)

"""The ledger's figures from the optional files of a data folder: what ``sla volumes``,
``sla fees``, ``sla surcharge``, ``sla penalties`` and ``sla obligations --backups``
compute, by the same service functions, listed under the clause ids that produced them.

The statements and the obligations calendar (``slaledger.services.ledger``) need no
such file; these figures appear only when the folder (or an option) gives their input.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.commercial.payments import Invoice, LegalRates
from slaledger.domain.contract.contract import Contract
from slaledger.domain.obligations.dates import start_of_day
from slaledger.domain.obligations.schedule import build_schedule
from slaledger.domain.periods import Month
from slaledger.services.commercial import day_fees, surcharges, volume_variation
from slaledger.services.payments import late_payments

Ledger = dict[str, list[str]]
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class DayOrder:
    """Work billed by the engineer-day (004 XIV restitution), ordered on ``on``."""

    on: date
    engineer_days: Decimal
    clause: str | None = None
    ref: str = ""


@dataclass(frozen=True)
class EquipmentAge:
    """An item of equipment in service since ``in_service``, serviced on ``on``."""

    equipment: str
    in_service: date
    on: date
    price: Decimal | None = None


@dataclass(frozen=True)
class CommercialInputs:
    """What the data folder (and the options) give beyond the statements' files."""

    volumes: Sequence[tuple[Month, Decimal]] | None = None
    contracted: Decimal | None = None
    orders: Sequence[DayOrder] = ()
    equipment: Sequence[EquipmentAge] = ()
    invoices: Sequence[Invoice] | None = None
    rates: LegalRates | None = None


def commercial_ledger(contract: Contract, inputs: CommercialInputs, *, year: int) -> Ledger:
    """Clause id -> the figures of volumes, day fees, surcharges and, on the year's last
    day, late payments. Raises the services' errors (``CommercialError``, the payment
    errors) for inputs the contract cannot judge."""
    entries: defaultdict[str, list[str]] = defaultdict(list)
    if inputs.volumes is not None and inputs.contracted is not None:
        _volume_entries(contract, inputs.volumes, inputs.contracted, entries)
    for order in inputs.orders:
        for fee in day_fees(
            contract=contract, engineer_days=order.engineer_days, on=order.on,
            clause_id=order.clause,
        ):  # fmt: skip
            entries[fee.clause_id].append(
                f"{_ref(order.ref)}{order.on}: {fee.engineer_days} engineer-days billed as "
                f"{fee.billed_days} at {fee.rate} = {fee.amount} {fee.currency}"
            )
    for item in inputs.equipment:
        for s in surcharges(
            contract=contract, in_service=item.in_service, on=item.on, price=item.price
        ):
            age = f"{s.age_years.quantize(_CENT)} years"
            head = f"{item.equipment} on {item.on} (in service {item.in_service}): {age}"
            if s.bracket is None:
                entries[s.clause_id].append(f"{head}, in no bracket: no surcharge computed")
                continue
            money = "" if s.amount is None else f" = {s.amount} on {item.price}"
            entries[s.clause_id].append(f"{head}, bracket {s.bracket.range}: {s.percent} %{money}")
    if (
        inputs.invoices is not None
        and inputs.rates is not None
        and contract.commercial.late_payment
    ):
        on = date(year, 12, 31)
        for r in late_payments(
            contract=contract, invoices=inputs.invoices, rates=inputs.rates, at=on
        ):
            paid = f"paid {r.invoice.paid}" if r.invoice.paid else "unpaid"
            rate = f"rate fixed on {r.rate_fixed_on}" if r.rate_fixed_on else r.rate_day_source
            entries[r.clause_id].append(
                f"{r.invoice.id} on {on}: due {r.due}, {paid}, {r.days_late} days late "
                f"({rate}), interest {r.interest} + fee {r.fixed_fee} = {r.total}"
            )
    return {key: values for key, values in sorted(entries.items())}


def _volume_entries(
    contract: Contract,
    volumes: Sequence[tuple[Month, Decimal]],
    contracted: Decimal,
    entries: defaultdict[str, list[str]],
) -> None:
    months = f"{volumes[0][0]} to {volumes[-1][0]}" if volumes else "no month"
    for clause, findings in volume_variation(
        contract=contract, contracted=contracted, observed=volumes
    ):
        if not findings:
            entries[clause.clause.id].append(
                f"{months} against {contracted}: no run of months calls for a change"
            )
        for f in findings:
            entries[clause.clause.id].append(
                f"{f.effect}: {f.months} months from {f.first_month} in {f.bracket.range} of "
                f"{contracted} (reached in {f.reached_in}, peak "
                f"{f.peak_percent.quantize(_CENT)} %)"
            )


def backup_ledger(
    contract: Contract,
    *,
    successes: NDArray[np.int64],
    calendars: Mapping[str, BusinessCalendar],
    year: int,
) -> Ledger:
    """Clause id -> each backup clause's check of the year (``sla obligations --backups``
    over the year's days)."""
    zone = ZoneInfo(contract.timezone)
    schedule = build_schedule(
        contract,
        triggers=(),
        calendars=calendars,
        start=start_of_day(date(year, 1, 1), zone),
        end=start_of_day(date(year + 1, 1, 1), zone),
        backup_successes=successes,
    )
    entries: defaultdict[str, list[str]] = defaultdict(list)
    for check in schedule.backups:
        missed = ", ".join(d.isoformat() for d in check.missed[:5])
        more = f" and {len(check.missed) - 5} more" if len(check.missed) > 5 else ""
        state = "compliant" if check.compliant else f"{len(check.missed)} missed ({missed}{more})"
        entries[check.clause_id].append(
            f"backups {check.frequency.value} {check.first} to {check.last}: "
            f"{check.periods} periods, {state}"
        )
    return {key: values for key, values in sorted(entries.items())}


def _ref(ref: str) -> str:
    return f"{ref} " if ref else ""

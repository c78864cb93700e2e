"""The error budget the dashboard shows: a contract's month as known now (consumed, left,
the next credit tier at risk in money) and its burn-down against the even-spend line.

Computed by the services (``services.budget``, ``services.budget_burn``) from the
record's observations; the fee is the month's by precedence (``services.fees``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from slaledger.adapters.web.source import ContractRecord
from slaledger.bootstrap import contract_calendars
from slaledger.domain.budget import TIER, BudgetLine
from slaledger.domain.periods import Month
from slaledger.services.availability import AvailabilityError
from slaledger.services.budget import Budget, budget_at
from slaledger.services.budget_burn import BurnDown, burn_down, main_line
from slaledger.services.budget_cell import BudgetCell, steady_cell
from slaledger.services.fees import choose_fee
from slaledger.services.forecast import Forecast, forecast_at


@dataclass(frozen=True)
class BudgetPanel:
    """One period's budget as the pages show it."""

    budget: Budget
    #: the target (else allowance) line; None when the clause states neither
    main: BudgetLine | None
    #: the first credit tier not reached yet (None: no tier left, or no schedule)
    at_risk: BudgetLine | None
    currency: str | None
    burn: BurnDown | None
    #: the month-end forecast (``services.forecast``: the pace so far projected, and the
    #: probability of missing each line from the last 12 months' days) while the period
    #: runs and the panel is a contract's (not the contracts list's)
    forecast: Forecast | None = None

    @property
    def current(self) -> bool:
        return self.budget.at < self.budget.window.end


def month_of(record: ContractRecord, at: int) -> Month:
    local = datetime.fromtimestamp(at, tz=ZoneInfo(record.loaded.contract.timezone))
    return Month(local.year, local.month)


def budget_panel(
    record: ContractRecord, month: Month, at: int, *, with_burn: bool = True
) -> BudgetPanel | None:
    """The budget of the period ending with ``month`` as known at ``at`` (its end when
    ``at`` is later), with its burn-down unless ``with_burn`` is false (the contracts
    list needs none: a contract year's takes some 60 measures); None when the contract
    commits to no availability."""
    contract = record.loaded.contract
    if not contract.availability:
        return None
    chosen = choose_fee(
        contract=contract, service=None, month=month,
        explicit=record.monthly_fee, book=record.fee_book,
    )  # fmt: skip
    fee = None if chosen is None else chosen.fee
    end = month.end(contract.timezone)
    try:
        budget = budget_at(
            contract=contract,
            at=min(at, end),
            month=month,
            observations=record.observations,
            calendars=contract_calendars(contract),
            opened=record.opened,
            fee=None if fee is None else fee.amount,
        )
    except AvailabilityError:
        return None
    tiers = [line for line in budget.lines if line.kind == TIER and not line.exceeded]
    forecast = None
    if with_burn and at < end:
        forecast = forecast_at(
            contract=contract, at=at, month=month, observations=record.observations,
            calendars=contract_calendars(contract), opened=record.opened,
            fee=None if fee is None else fee.amount,
        )  # fmt: skip
    return BudgetPanel(
        budget=budget,
        main=main_line(budget),
        at_risk=tiers[0] if tiers else None,
        currency=None if fee is None else fee.currency,
        burn=burn_down(contract=contract, budget=budget) if with_burn else None,
        forecast=forecast,
    )


def current_panel(record: ContractRecord, at: int) -> BudgetPanel | None:
    """This month's budget (the month ``at`` falls in, in the contract's zone), without
    its burn-down."""
    return budget_panel(record, month_of(record, at), at, with_burn=False)


def current_cell(record: ContractRecord, at: int) -> BudgetCell | None:
    """This month's budget as the contracts list shows it (computed from the record:
    the sources that store the cells give them from the store, ``cached_pages``)."""
    contract = record.loaded.contract
    return steady_cell(
        contract=contract, month=month_of(record, at), at=at,
        observations=record.observations, calendars=contract_calendars(contract),
        opened=record.opened, explicit=record.monthly_fee, book=record.fee_book,
    ).cell  # fmt: skip

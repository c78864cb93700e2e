"""Use case: where each month's credit of a contract stands at an instant — to claim
before its deadline, expired, waiting for the provider, granted, refused, or granted
without a claim. The claims page, the claim-deadline feed and the claim notices all
read this one list.

The credits are those of the contract's availability clause (its default service);
the months' reports and the stored claims' states are the caller's (from files or the
store), so nothing here reads a clock or a database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from slaledger.domain.claims import ClaimState, Standing, owed_value, standing
from slaledger.domain.contract.contract import Contract
from slaledger.domain.periods import Month
from slaledger.services.availability import AvailabilityError, CreditReport
from slaledger.services.claims import claimed_service, credit_schedule
from slaledger.services.credit_pricing import PricedCredit
from slaledger.services.fees import PricedMoney


@dataclass(frozen=True)
class ClaimRow(PricedMoney):
    """One month's credit to settle and where it stands."""

    month: Month
    service: str
    report: CreditReport
    standing: Standing
    #: the credit in money (``services.credit_pricing``), when the caller priced it
    priced: PricedCredit | None = None

    @property
    def deadline(self) -> datetime | None:
        return self.report.credit.claim_deadline

    @property
    def value(self) -> Decimal | None:
        """The credit in its unit (percent of the fee, days); None: undetermined."""
        return owed_value(self.report.credit)

    @property
    def unit(self) -> str:
        return self.report.credit.unit.value

    @property
    def claimable(self) -> bool:
        return self.standing is Standing.OPEN

    @property
    def awaiting_provider(self) -> bool:
        """The provider has a decision to take: a claim, or a credit granted without one."""
        return self.standing in (Standing.REQUESTED, Standing.AUTOMATIC)


def claim_rows(
    *,
    contract: Contract,
    reports: Sequence[tuple[Month, CreditReport]],
    states: Mapping[tuple[str, str], ClaimState],
    at: datetime,
) -> list[ClaimRow]:
    """The months of ``reports`` with a credit to settle, in their order, with their
    standing at ``at``; ``states``: the stored claims' by (service, month). A contract
    without a credit schedule has none."""
    try:
        schedule = credit_schedule(contract, None)
        service = claimed_service(contract, None)
    except AvailabilityError:
        return []
    rows = []
    for month, report in reports:
        state = states.get((service, str(month)))
        found = standing(report.credit, schedule, state, at)
        if found is not Standing.NOTHING:
            rows.append(ClaimRow(month, service, report, found))
    return rows

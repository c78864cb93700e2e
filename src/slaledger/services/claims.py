"""Use cases of the claim workflow: a customer claims a month's credit, the provider
decides. The rules are ``domain.claims``'s; the credit is the one ``credits_for_month``
computes (percent of the fee or days: the money is left to the fees work, so a claim
carries ``amount`` and ``currency`` as None). Refusals raise ``ClaimRefusedError``,
before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from slaledger.domain.claims import ClaimState, Decision, check_claim, check_decision
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.credits import CreditSchedule
from slaledger.domain.message import msg
from slaledger.domain.periods import Month
from slaledger.services.availability import AvailabilityError, CreditReport, availability_clause


@dataclass(frozen=True)
class ClaimRequest:
    """What a claim records: the credit as computed when claimed."""

    service: str
    month: str
    unit: str
    percent: Decimal | None
    days: Decimal | None
    deadline: datetime | None
    amount: Decimal | None = None
    currency: str | None = None


def credit_schedule(contract: Contract, service: str | None) -> CreditSchedule:
    """The credit schedule of the service's availability clause."""
    clause = availability_clause(contract, service)
    for schedule in contract.credits:
        if schedule.availability == clause.clause.id:
            return schedule
    raise AvailabilityError(msg("availability.error.no-schedule", clause=clause.clause.id))


def claimed_service(contract: Contract, service: str | None) -> str:
    """The service a claim is recorded under: the one named, else the availability
    clause's (the contract's id for a clause naming none)."""
    return service or availability_clause(contract, None).service or contract.id


def request_claim(
    *,
    contract: Contract,
    month: Month,
    report: CreditReport,
    service: str | None,
    existing: ClaimState | None,
    at: datetime,
) -> ClaimRequest:
    """The claim of ``month``'s credit at ``at``, checked (``ClaimRefusedError``)."""
    schedule = credit_schedule(contract, service)
    credit = report.credit
    check_claim(
        credit=credit,
        schedule=schedule,
        month=str(month),
        at=at,
        existing=existing,
        language=contract.language,
    )
    return ClaimRequest(
        service=claimed_service(contract, service),
        month=str(month),
        unit=credit.unit.value,
        percent=credit.percent,
        days=credit.days,
        deadline=credit.claim_deadline,
    )


def decide_claim(
    *,
    contract: Contract,
    report: CreditReport,
    service: str | None,
    state: ClaimState | None,
    decision: str,
    granted: Decimal | None = None,
    reason: str = "",
) -> Decision:
    """The provider's decision on the claim in ``state`` (None: a credit the contract
    grants without a claim), checked (``ClaimRefusedError``)."""
    return check_decision(
        credit=report.credit,
        schedule=credit_schedule(contract, service),
        state=state,
        decision=decision,
        granted=granted,
        reason=reason,
    )

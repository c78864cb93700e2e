"""The claim workflow: a customer viewer claims a month's credit of its own contract
(``POST .../claims``), a provider-admin grants it, in full or in part with a reason, or
refuses it (``POST .../claims/{month}/decision``); a credit the contract grants without
a claim is granted there directly. Refusals are problem+json documents naming the field;
nothing is written then. Every step is in the audit log; a grant's body gives its
credit note's number."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from slaledger.adapters.api.auth import ADMIN, VIEWER, Principal
from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import (
    CalendarsDep,
    ContractDep,
    CurrentUser,
    LoadedDep,
    NowDep,
    StoreDep,
)
from slaledger.adapters.api.params import opened_on, parse_month
from slaledger.adapters.api.problems import ProblemError, forbidden, invalid, not_found
from slaledger.adapters.db.claim_flow import MonthCredit, decide_credit, file_claim, month_credit
from slaledger.adapters.db.errors import StoreError
from slaledger.adapters.db.models import Contract, CreditClaim, CreditNote
from slaledger.adapters.db.store import Store
from slaledger.domain.claims import ClaimRefusedError
from slaledger.domain.contract.contract import Contract as Terms
from slaledger.domain.message import msg
from slaledger.services.availability import AvailabilityError
from slaledger.services.incidents import CalendarFor

router = APIRouter(
    prefix="/api/contracts/{contract_id}/claims", tags=["claims"], dependencies=[EXPENSIVE]
)
MonthPath = Annotated[str, Path(pattern=r"^\d{4}-\d{2}$", description="the month, YYYY-MM")]


class ClaimCreate(BaseModel):
    month: str = Field(pattern=r"^\d{4}-\d{2}$", description="the month whose credit is claimed")
    service: str | None = Field(default=None, max_length=200)
    note: str = Field(default="", max_length=2000)


class DecisionCreate(BaseModel):
    decision: str = Field(description="grant or refuse")
    service: str | None = Field(default=None, max_length=200)
    granted: Decimal | None = Field(
        default=None, max_digits=18, decimal_places=6, description="in the credit's unit"
    )
    reason: str = Field(default="", max_length=2000)


@router.get("", summary="The contract's credit claims and their credit notes")
def list_claims(store: StoreDep, contract: ContractDep) -> dict[str, Any]:
    rows = [claim_json(c, store.note_of(c)) for c in store.claims(contract)]
    return {"contract": contract.key, "claims": rows}


@router.post("", status_code=201, summary="Claim a month's credit (the customer)")
def create_claim(
    store: StoreDep,
    user: CurrentUser,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    now: NowDep,
    body: ClaimCreate,
) -> dict[str, Any]:
    if user.role not in (VIEWER, ADMIN):
        raise forbidden(msg("problem.forbidden.claim", role=user.role))
    terms = loaded.contract
    credit = _month_credit(store, contract, terms, calendars, body.month, body.service, now)
    try:
        claim = file_claim(
            store, contract, terms, credit, service=body.service, note=body.note, now=now
        )
    except ClaimRefusedError as exc:
        raise _refused(exc) from None
    except StoreError as exc:  # claimed by another request meanwhile
        raise invalid("month", msg("problem.expected.unclaimed-month"), exc.message) from None
    return claim_json(claim, None) | {"fee_source": credit.fee_source}


@router.post("/{month}/decision", summary="Grant or refuse a claim (the provider)")
def decide(
    store: StoreDep,
    user: CurrentUser,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    now: NowDep,
    month: MonthPath,
    body: DecisionCreate,
) -> dict[str, Any]:
    _admin_only(user)
    terms = loaded.contract
    credit = _month_credit(store, contract, terms, calendars, month, body.service, now)
    try:
        claim, note = decide_credit(
            store,
            contract,
            terms,
            credit,
            service=body.service,
            decision=body.decision,
            granted=body.granted,
            reason=body.reason,
            now=now,
        )
    except ClaimRefusedError as exc:
        raise _refused(exc) from None
    except StoreError as exc:
        raise invalid("claim", msg("problem.expected.pending-claim"), exc.message) from None
    return claim_json(claim, note) | {"fee_source": credit.fee_source}


def claim_json(claim: CreditClaim, note: CreditNote | None) -> dict[str, Any]:
    return {
        "id": claim.id,
        "service": claim.service,
        "month": claim.month,
        "status": claim.status,
        "unit": claim.unit,
        "percent": _number(claim.percent),
        "days": _number(claim.days),
        "deadline": _instant(claim.deadline),
        "amount": _number(claim.amount),
        "currency": claim.currency,
        "claimed_at": _instant(claim.claimed_at),
        "claimed_by": claim.claimed_by,
        "granted": _number(claim.granted),
        "reason": claim.reason,
        "decided_at": _instant(claim.decided_at),
        "decided_by": claim.decided_by,
        "credit_note": None if note is None else note.number,
    }


def _month_credit(
    store: Store,
    contract: Contract,
    terms: Terms,
    calendars: CalendarFor,
    month_text: str,
    service: str | None,
    now: datetime,
) -> MonthCredit:
    """The month asked, the service claimed, the month's credit and its stored claim."""
    try:
        return month_credit(
            store,
            contract,
            terms,
            calendars=calendars,
            month=parse_month(month_text),
            service=service,
            now=now,
            opened=opened_on(contract, service),
        )
    except AvailabilityError as exc:
        raise invalid("service", msg("problem.expected.credited-service"), exc.message) from None


def _admin_only(user: Principal) -> None:
    if user.is_viewer:
        raise not_found("resource", "decision")
    if user.role != ADMIN:
        raise forbidden(msg("problem.forbidden.decide", role=user.role))


def _refused(exc: ClaimRefusedError) -> ProblemError:
    problem = exc.problem
    return invalid(problem.field, problem.expected, problem.found)


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value.normalize())


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()

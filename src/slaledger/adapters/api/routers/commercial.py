"""Commercial clauses: the stored invoices (upload, list), the liability caps they give
on a day, equipment-age surcharges, day fees, volume variation, quantity limits and the
credit days carried to the contract's end. The figures are those of
``services.commercial``, in the JSON of ``adapters.reports.commercial`` (the same as the
CLI's)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, File, Query, UploadFile, status
from pydantic import BaseModel, Field

from slaledger.adapters.api.auth import Write
from slaledger.adapters.api.deps import (
    CalendarsDep,
    ContractDep,
    LoadedDep,
    NowDep,
    StoreDep,
    may_write,
)
from slaledger.adapters.api.pagination import FIRST_DAY, LAST_DAY, day_range
from slaledger.adapters.api.params import MONTH_PATTERN, MonthQuery, opened_on, parse_month
from slaledger.adapters.api.problems import PATTERN_TEXT, invalid
from slaledger.adapters.api.schemas import UploadResult
from slaledger.adapters.api.uploads import read_upload
from slaledger.adapters.files.commercial_inputs import read_invoices
from slaledger.adapters.reports.commercial import (
    balance_json,
    fees_json,
    liability_json,
    limits_json,
    surcharge_json,
    volumes_json,
)
from slaledger.domain.commercial.quantities import QuantityCount
from slaledger.domain.contract.contract import Contract as Terms
from slaledger.domain.message import msg
from slaledger.domain.periods import Month
from slaledger.services.commercial import (
    credit_balance,
    day_fees,
    liability_caps,
    quantity_limits,
    surcharges,
    volume_variation,
)

router = APIRouter(prefix="/api/contracts/{contract_id}", tags=["commercial"])
Upload = Annotated[UploadFile, File(description="the invoices, CSV")]
DayQuery = Annotated[date | None, Query(description="YYYY-MM-DD (default: today)")]


def _day(value: date | None, name: str, terms: Terms, now: Any) -> date:
    day = value or now.astimezone(ZoneInfo(terms.timezone)).date()
    if not FIRST_DAY <= day <= LAST_DAY:
        raise invalid(name, day_range(), day.isoformat())
    return day


class InvoicePublic(BaseModel):
    invoice: str
    issued: date
    amount: str = Field(description="a decimal string")
    paid: date | None
    due: date | None
    quote_date: date | None


@router.post(
    "/invoices/upload",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadResult,
    summary="Upload invoices (CSV invoice,issued,amount[,paid][,due][,quote_date]): "
    "all rows or none; an invoice already stored under its number is updated",
    dependencies=[may_write(Write.INVOICES)],
)
def upload_invoices(store: StoreDep, contract: ContractDep, file: Upload) -> UploadResult:
    name = file.filename or "invoices.csv"
    invoices = read_upload(read_invoices, file, default="invoices.csv", suffixes=(".csv",))
    rows = store.import_invoices(contract.key, invoices, name)
    return UploadResult(file=name, rows=rows, services=[])


@router.get("/invoices", response_model=list[InvoicePublic], summary="The stored invoices")
def list_invoices(store: StoreDep, contract: ContractDep) -> list[InvoicePublic]:
    return [
        InvoicePublic(
            invoice=i.id,
            issued=i.issued,
            amount=str(i.amount),
            paid=i.paid,
            due=i.due,
            quote_date=i.quoted,
        )
        for i in store.invoices(contract.key)
    ]


@router.get(
    "/liability",
    summary="The liability caps for a breach on a day, from the stored invoices",
)
def liability(
    store: StoreDep, contract: ContractDep, loaded: LoadedDep, now: NowDep, at: DayQuery = None
) -> dict[str, Any]:
    terms = loaded.contract
    breach = _day(at, "at", terms, now)
    caps = liability_caps(contract=terms, invoices=store.invoices(contract.key), breach=breach)
    return liability_json(contract.key, breach, caps)


@router.get("/surcharge", summary="The equipment-age surcharge of equipment on a day")
def surcharge(
    contract: ContractDep,
    loaded: LoadedDep,
    now: NowDep,
    in_service: Annotated[date, Query(description="the day the equipment entered service")],
    on: DayQuery = None,
    price: Annotated[
        Decimal | None, Query(ge=0, le=10**12, max_digits=18, decimal_places=6)
    ] = None,
) -> dict[str, Any]:
    terms = loaded.contract
    day = _day(on, "on", terms, now)
    if day < in_service:
        raise invalid(
            "on", msg("problem.expected.day-from-in-service", day=str(in_service)), day.isoformat()
        )
    results = surcharges(contract=terms, in_service=in_service, on=day, price=price)
    return surcharge_json(contract.key, in_service, day, results)


@router.get("/fees", summary="A fee billed by the engineer-day, in whole billing blocks")
def fees(
    contract: ContractDep,
    loaded: LoadedDep,
    now: NowDep,
    engineer_days: Annotated[
        Decimal,
        Query(ge=0, le=10**6, max_digits=12, decimal_places=3, description="days x engineers"),
    ],
    on: DayQuery = None,
    clause: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    terms = loaded.contract
    results = day_fees(
        contract=terms,
        engineer_days=engineer_days,
        on=_day(on, "on", terms, now),
        clause_id=clause,
    )
    return fees_json(contract.key, results)


VOLUME_PATTERN = r"^\d{4}-(0[1-9]|1[0-2]):\d{1,12}(\.\d{1,6})?$"
PATTERN_TEXT[VOLUME_PATTERN] = msg("problem.pattern.volume")


@router.get("/volumes", summary="The runs of months whose volumes call for a new offer")
def volumes(
    contract: ContractDep,
    loaded: LoadedDep,
    contracted: Annotated[
        Decimal,
        Query(gt=0, le=10**12, max_digits=18, decimal_places=6, description="the proposal's"),
    ],
    volume: Annotated[
        list[str],
        Query(
            min_length=1,
            max_length=600,
            description="each month's volume, YYYY-MM:VOLUME, repeated (volume=2024-03:612)",
        ),
    ],
) -> dict[str, Any]:
    observed: list[tuple[Month, Decimal]] = []
    seen: set[Month] = set()
    for index, text in enumerate(volume):
        if not re.fullmatch(VOLUME_PATTERN, text):
            raise invalid(f"volume[{index}]", PATTERN_TEXT[VOLUME_PATTERN], text)
        month_text, amount = text.split(":")
        month = parse_month(month_text, f"volume[{index}]")
        if month in seen:
            raise invalid(f"volume[{index}]", msg("problem.expected.each-month-once"), text)
        seen.add(month)
        observed.append((month, Decimal(amount)))
    results = volume_variation(contract=loaded.contract, contracted=contracted, observed=observed)
    return volumes_json(contract.key, contracted, results)


COUNT_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*:\d{1,9}$"
PATTERN_TEXT[COUNT_PATTERN] = msg("problem.pattern.count")


@router.get(
    "/limits",
    summary="Counts of limited quantities against their limits (allowed, or over by N)",
)
def limits(
    contract: ContractDep,
    loaded: LoadedDep,
    now: NowDep,
    count: Annotated[
        list[str],
        Query(
            min_length=1,
            max_length=50,
            description="each count on the day, NAME:N, repeated (count=seats:25)",
        ),
    ],
    on: DayQuery = None,
    clause: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    terms = loaded.contract
    day = _day(on, "on", terms, now)
    counts: list[QuantityCount] = []
    seen: set[str] = set()
    for index, text in enumerate(count):
        if not re.fullmatch(COUNT_PATTERN, text):
            raise invalid(f"count[{index}]", PATTERN_TEXT[COUNT_PATTERN], text)
        name, number = text.split(":")
        if name in seen:
            raise invalid(f"count[{index}]", msg("problem.expected.each-quantity-once"), text)
        seen.add(name)
        counts.append(QuantityCount(day, name, int(number), f"count[{index}]"))
    checks = quantity_limits(contract=terms, counts=counts, clause_id=clause)
    return limits_json(contract.key, checks)


@router.get(
    "/credits/balance",
    summary="The credit days carried to the end of the contract, up to a month (never cash)",
)
def credits_balance(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    month: MonthQuery,
    since: Annotated[
        str | None,
        Query(pattern=MONTH_PATTERN, description="the first month (default: 11 months before)"),
    ] = None,
    service: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    last = parse_month(month)
    first = parse_month(since, "since") if since else last.shift(-11)
    if last < first:
        raise invalid("since", msg("problem.expected.month-until", month=str(last)), str(first))
    if (last.year - first.year) * 12 + last.month - first.month >= 240:
        raise invalid("since", msg("problem.expected.240-months"), str(first))
    balance = credit_balance(
        contract=loaded.contract,
        first=first,
        last=last,
        observations=store.observations(contract.key),
        calendars=calendars,
        service=service,
        opened=opened_on(contract, service),
    )
    return balance_json(contract.key, balance)

"""Query and path values shared by several routers: months and service openings."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query

from slaledger.adapters.api.problems import PATTERN_TEXT, invalid
from slaledger.adapters.db.loaders import opening_date
from slaledger.adapters.db.models import Contract
from slaledger.domain.contract.values import Money
from slaledger.domain.message import msg
from slaledger.domain.periods import Month
from slaledger.services.currency import FeeError, parse_fee

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
PATTERN_TEXT[MONTH_PATTERN] = msg("problem.pattern.month")
MonthQuery = Annotated[str, Query(pattern=MONTH_PATTERN, description="the month, YYYY-MM")]
#: years a month may name (outside them, instants overflow or mean nothing)
FIRST_YEAR, LAST_YEAR = 1970, 2199


FeeQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        description="the monthly fee with its ISO 4217 currency, e.g. '1250.00 EUR'",
    ),
]


def fee_param(text: str | None, field: str = "fee") -> Money | None:
    """The ``fee`` query value as Money; a bare number or an unknown currency is a 422
    naming the field."""
    if text is None:
        return None
    try:
        return parse_fee(text)
    except FeeError as exc:
        raise invalid(field, exc.expected, text) from None


def parse_month(text: str, field: str = "month") -> Month:
    try:
        month = Month.parse(text)
    except ValueError:  # "2024-13": the pattern of the address lets it through
        raise invalid(field, msg("problem.expected.month"), text) from None
    if not FIRST_YEAR <= month.year <= LAST_YEAR:
        raise invalid(
            field,
            msg("problem.expected.month-range", first=f"{FIRST_YEAR}-01", last=f"{LAST_YEAR}-12"),
            text,
        )
    return month


def opened_on(contract: Contract, service: str | None) -> date | None:
    """The stored opening date of the service (the earliest of the contract's when none
    is named)."""
    return opening_date(contract, service)

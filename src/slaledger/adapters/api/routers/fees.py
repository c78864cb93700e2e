"""Invoiced fees of a contract: a billing CSV uploaded (all rows or none), the stored fees
listed, and replaced as a whole through JSON. They win over the contract's prices when a
credit is computed, and lose to an explicit ``fee`` (docs/billing.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile, status
from pydantic import BaseModel, Field

from slaledger.adapters.api.auth import Write
from slaledger.adapters.api.deps import ContractDep, StoreDep, may_write
from slaledger.adapters.api.schemas import UploadResult
from slaledger.adapters.api.uploads import read_upload
from slaledger.adapters.files.billing import billing_rows, read_billing
from slaledger.domain.commercial.prices import InvoicedFee

router = APIRouter(prefix="/api/contracts/{contract_id}/fees", tags=["fees"])
Upload = Annotated[
    UploadFile, File(description="the invoiced fees, CSV service,month,amount,currency")
]


class InvoicedFeeIn(BaseModel):
    service: str = Field(default="", max_length=200, description="empty: the whole contract")
    month: str = Field(max_length=7, description="YYYY-MM")
    amount: str = Field(max_length=40, description="a decimal string, e.g. '1250.00'")
    currency: str = Field(max_length=3, description="ISO 4217, e.g. EUR")


class InvoicedFeesIn(BaseModel):
    fees: list[InvoicedFeeIn] = Field(max_length=100_000)


class InvoicedFeePublic(InvoicedFeeIn):
    source: str


def _public(fee: InvoicedFee) -> InvoicedFeePublic:
    return InvoicedFeePublic(
        service=fee.service or "",
        month=str(fee.month),
        amount=str(fee.fee.amount),
        currency=fee.fee.currency,
        source=fee.source,
    )


@router.post(
    "/upload",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadResult,
    summary="Upload invoiced fees (CSV service,month,amount,currency[,contract][,source]): "
    "all rows or none; a service and month already stored is replaced",
    dependencies=[may_write(Write.INVOICES)],
)
def upload_fees(store: StoreDep, contract: ContractDep, file: Upload) -> UploadResult:
    name = file.filename or "billing.csv"
    fees = read_upload(
        lambda path: read_billing(path, contract=contract.key),
        file,
        default="billing.csv",
        suffixes=(".csv",),
    )
    rows = store.import_invoiced_fees(fees, name)
    return UploadResult(file=name, rows=rows, services=sorted({f.service or "" for f in fees}))


@router.get("/invoiced", response_model=list[InvoicedFeePublic], summary="The stored invoiced fees")
def list_fees(store: StoreDep, contract: ContractDep) -> list[InvoicedFeePublic]:
    return [_public(f) for f in store.invoiced_fees(contract.key)]


@router.put(
    "/invoiced",
    response_model=list[InvoicedFeePublic],
    summary="Replace the contract's invoiced fees (all rows or none; errors name the row)",
    dependencies=[may_write(Write.INVOICES)],
)
def replace_fees(
    store: StoreDep, contract: ContractDep, body: InvoicedFeesIn
) -> list[InvoicedFeePublic]:
    given = billing_rows([f.model_dump() for f in body.fees], contract=contract.key)
    store.replace_invoiced_fees(contract.key, given, "api")
    return [_public(f) for f in store.invoiced_fees(contract.key)]

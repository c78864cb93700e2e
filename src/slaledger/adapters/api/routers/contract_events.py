"""A contract's obligation events (service opening, invoices received, payments overdue,
a customer's breach...): uploaded as the CSV ``sla statement --obligation-events`` reads,
checked against the contract's events and clauses, stored all or nothing. The stored
events feed the statements (suspension clauses), the figures and the obligations
calendars, as the file does for the CLI."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Annotated

from fastapi import APIRouter, File, UploadFile, status
from pydantic import BaseModel

from slaledger.adapters.api.auth import Write
from slaledger.adapters.api.deps import ContractDep, LoadedDep, StoreDep, may_write
from slaledger.adapters.api.schemas import UploadResult
from slaledger.adapters.api.uploads import read_upload
from slaledger.adapters.files.commercial_inputs import read_obligation_events
from slaledger.domain.obligations.schedule import known_events

router = APIRouter(prefix="/api/contracts/{contract_id}", tags=["obligations"])
Upload = Annotated[UploadFile, File(description="the obligation events, CSV")]


class ObligationEventPublic(BaseModel):
    event: str
    at: datetime
    whole_day: bool
    end: datetime | None
    ref: str | None
    clause: str | None
    note: str | None


@router.post(
    "/obligation-events/upload",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadResult,
    summary="Upload obligation events (CSV event,at[,end][,ref][,clause][,note]): all rows "
    "or none; an event already stored (same event, instant, ref and clause) is updated",
    dependencies=[may_write(Write.EVENTS)],
)
def upload_obligation_events(
    store: StoreDep, contract: ContractDep, loaded: LoadedDep, file: Upload
) -> UploadResult:
    terms = loaded.contract
    name = file.filename or "obligation-events.csv"
    reader = partial(
        read_obligation_events,
        zone=terms.timezone,
        known=known_events(terms),
        clauses=terms.clause_ids(),
    )
    triggers = read_upload(reader, file, default="obligation-events.csv", suffixes=(".csv",))
    rows = store.import_obligation_events(contract.key, triggers, terms.timezone, name)
    return UploadResult(file=name, rows=rows, services=[])


@router.get(
    "/obligation-events",
    response_model=list[ObligationEventPublic],
    summary="The stored obligation events, in time order (instants in the contract's zone "
    "when they were uploaded)",
)
def list_obligation_events(store: StoreDep, contract: ContractDep) -> list[ObligationEventPublic]:
    return [
        ObligationEventPublic(
            event=t.event,
            at=t.at,
            whole_day=t.whole_day,
            end=t.end,
            ref=t.ref,
            clause=t.clause,
            note=t.note,
        )
        for t in store.obligation_events(contract.key)
    ]

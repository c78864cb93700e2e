"""What happened: outage records (one, or a file all or nothing), request counts
(CSV / JSON lines / Parquet) and raw request logs (aggregated per minute by DuckDB).
File uploads are expensive requests (adapters/api/busy.py); each reads its file with no
transaction open, then imports it in one write transaction."""

from __future__ import annotations

import dataclasses
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, File, Query, Request, UploadFile, status

from slaledger.adapters.api import queries
from slaledger.adapters.api.auth import Write
from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import (
    ContractDep,
    LoadedDep,
    PagingDep,
    PeriodDep,
    StoreDep,
    may_write,
)
from slaledger.adapters.api.pagination import Page
from slaledger.adapters.api.presenters import outage_public
from slaledger.adapters.api.schemas import OutageCreate, OutagePublic, UploadResult
from slaledger.adapters.api.uploads import one_outage, read_upload, renamed, saved
from slaledger.adapters.files.coverage import covers_option
from slaledger.adapters.files.observations import read_counts, read_outages
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.ingest.logs import aggregate_logs
from slaledger.domain.observations import renamed as renamed_table

router = APIRouter(prefix="/api/contracts/{contract_id}", tags=["observations"])
TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")
LOG_SUFFIXES = (".log", ".txt", ".jsonl", ".ndjson", ".parquet", *(f".log.{n}" for n in range(10)))
Upload = Annotated[UploadFile, File(description="the file")]


@router.get("/outages", response_model=Page[OutagePublic], summary="Outage records")
def list_outages(
    request: Request,
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    paging: PagingDep,
    period: PeriodDep,
) -> Page[OutagePublic]:
    zone = loaded.contract.timezone
    start, end = period.bounds(zone)
    rows = queries.outages(store, contract, start, end)
    return paging.page(request, [outage_public(r, zone) for r in paging.slice(rows)], len(rows))


@router.post(
    "/outages",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadResult,
    summary="Record one outage",
    dependencies=[may_write(Write.OUTAGES)],
)
def create_outage(store: StoreDep, contract: ContractDep, body: OutageCreate) -> UploadResult:
    table = one_outage(body)
    rows = store.import_outages(contract.key, table)
    return UploadResult(file=table.source, rows=rows, services=list(table.services))


@router.post(
    "/outages/upload",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadResult,
    summary="Upload outage records (CSV, JSON lines, Parquet): all rows or none",
    dependencies=[EXPENSIVE, may_write(Write.OUTAGES)],
)
def upload_outages(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    file: Upload,
    covers: Annotated[
        list[str] | None,
        Query(
            description="a period FROM..TO (months YYYY-MM or days YYYY-MM-DD, both ends "
            "included, in the contract's time zone) the records are complete for; "
            "repeatable. Without one, the records give no data for any period: a month "
            "with no record is only a perfect month when a declaration covers it."
        ),
    ] = None,
) -> UploadResult:
    zone = loaded.contract.timezone
    declared = covers_option(covers or [], ZoneInfo(zone), option="covers")
    store.release()  # no lock held while the file is read
    table = read_upload(read_outages, file, default="outages.csv", suffixes=TABLE_SUFFIXES)
    if declared:
        table = dataclasses.replace(table, covers=(*table.covers, *declared))
    rows = store.import_outages(contract.key, table)
    return UploadResult(file=table.source, rows=rows, services=list(table.services))


@router.post(
    "/counts/upload",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadResult,
    summary="Upload request counts per interval (CSV, JSON lines, Parquet): all or none",
    dependencies=[EXPENSIVE, may_write(Write.COUNTS)],
)
def upload_counts(store: StoreDep, contract: ContractDep, file: Upload) -> UploadResult:
    store.release()  # no lock held while the file is read
    table = read_upload(read_counts, file, default="counts.csv", suffixes=TABLE_SUFFIXES)
    interruptions = store.import_counts(contract.key, table)
    return UploadResult(
        file=table.source,
        rows=len(table),
        services=list(table.services),
        detail={"interruptions": interruptions},
    )


@router.post(
    "/logs/upload",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadResult,
    summary="Upload a request log (combined log format, JSON lines, Parquet) of a service",
    dependencies=[EXPENSIVE, may_write(Write.COUNTS)],
)
def upload_logs(
    store: StoreDep,
    contract: ContractDep,
    file: Upload,
    service: Annotated[str, Query(min_length=1, max_length=200, description="the service")],
) -> UploadResult:
    store.release()  # no lock held while the log is aggregated
    with saved(file, default="access.log", suffixes=LOG_SUFFIXES) as path:
        try:
            summary = aggregate_logs(
                [path], service=service, output=path.parent / "minutes.parquet"
            )
        except InputError as exc:
            raise InputError([renamed(p, str(path), path.name) for p in exc.problems]) from None
        table = renamed_table(read_counts(summary.output), path.name)  # the name as sent
    interruptions = store.import_counts(contract.key, table)
    return UploadResult(
        file=path.name,
        rows=len(table),
        services=[service],
        detail={
            "requests": summary.requests,
            "server_errors": summary.server_errors,
            "minutes": summary.minutes,
            "interruptions": interruptions,
        },
    )

"""Maintenance windows: list, record (judged by the contract's rules first), and the
"may I?" check that records nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from pydantic import AwareDatetime

from slaledger.adapters.api import queries
from slaledger.adapters.api.auth import Write
from slaledger.adapters.api.deps import (
    CalendarsDep,
    ContractDep,
    LanguageDep,
    LoadedDep,
    PagingDep,
    PeriodDep,
    StoreDep,
    may_write,
)
from slaledger.adapters.api.pagination import Page
from slaledger.adapters.api.presenters import maintenance_public, verdict_public
from slaledger.adapters.api.problems import ProblemError
from slaledger.adapters.api.schemas import MaintenanceCreate, MaintenancePublic, VerdictPublic
from slaledger.adapters.api.uploads import instant_text, one_window, request_window
from slaledger.adapters.db.models import Contract
from slaledger.adapters.db.store import Store
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.maintenance import Verdict, kind_names
from slaledger.domain.message import Items, msg
from slaledger.domain.observations import MaintenanceTable
from slaledger.services.incidents import CalendarFor
from slaledger.services.maintenance import check_proposed

router = APIRouter(prefix="/api/contracts/{contract_id}/maintenance", tags=["maintenance"])


def _judge(
    store: Store,
    contract: Contract,
    loaded: LoadedContract,
    calendars: CalendarFor,
    proposed: MaintenanceTable,
) -> Verdict:
    return check_proposed(
        contract=loaded.contract,
        proposed=proposed,
        calendars=calendars,
        history=store.maintenance_table(contract.key),
    )


@router.get("", response_model=Page[MaintenancePublic], summary="Maintenance windows")
def list_windows(
    request: Request,
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    paging: PagingDep,
    period: PeriodDep,
) -> Page[MaintenancePublic]:
    zone = loaded.contract.timezone
    start, end = period.bounds(zone)
    rows = queries.maintenance_windows(store, contract, start, end)
    items = [maintenance_public(r, zone) for r in paging.slice(rows)]
    return paging.page(request, items, len(rows))


@router.get("/check", response_model=VerdictPublic, summary="May this window go ahead?")
def check(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    kind: Annotated[str, Query(min_length=1, max_length=100)],
    start: Annotated[AwareDatetime, Query()],
    end: Annotated[AwareDatetime, Query()],
    language: LanguageDep,
    announced_at: Annotated[AwareDatetime | None, Query()] = None,
    agreed_by_customer: Annotated[bool, Query()] = False,
) -> VerdictPublic:
    """The reasons in the Accept-Language's fr or en."""
    proposed = request_window(
        {
            "kind": kind,
            "start": instant_text(start),
            "end": instant_text(end),
            "announced_at": instant_text(announced_at),
            "agreed_by_customer": "yes" if agreed_by_customer else "no",
        },
        kinds=kind_names(loaded.contract.maintenance),
        source="query",
    )
    verdict = _judge(store, contract, loaded, calendars, proposed)
    return verdict_public(verdict, loaded.contract.timezone, language)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=MaintenancePublic,
    summary="Record a window; refused with the reasons when it breaks the rules",
    dependencies=[may_write(Write.MAINTENANCE)],
)
def create_window(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    body: MaintenanceCreate,
    language: LanguageDep,
) -> MaintenancePublic:
    table = one_window(body, kinds=kind_names(loaded.contract.maintenance))
    verdict = _judge(store, contract, loaded, calendars, table)
    zone = loaded.contract.timezone
    if not verdict.allowed and not body.accept_outside_rules:
        broken = verdict.broken
        raise ProblemError(
            422,
            "maintenance-refused",
            msg("problem.title.maintenance-refused"),
            msg("problem.validation", errors=Items(tuple(r.message for r in broken), "semicolon")),
            verdict=verdict_public(verdict, zone, language).model_dump(mode="json"),
        )
    store.import_maintenance(contract.key, table)
    return maintenance_public(queries.latest_window(store, contract), zone, verdict, language)

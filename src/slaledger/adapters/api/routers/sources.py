"""The state of a contract's synced sources (docs/sync.md): for provider roles only,
like the dashboard's sources page (a source's errors are the provider's plumbing)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from slaledger.adapters.api.auth import provider_only
from slaledger.adapters.api.deps import ContractDep, CurrentUser, NowDep, StoreDep
from slaledger.adapters.db.models import SourceState
from slaledger.adapters.db.source_state import states

router = APIRouter(prefix="/api/contracts/{contract_id}/sources", tags=["sources"])


class SourceStatePublic(BaseModel):
    """One source: where it is synced until and how far behind now (the lag), its
    runs, and since when and why it fails (none while it works)."""

    id: str
    kind: str
    synced_until: datetime | None
    lag_seconds: int | None
    last_attempt: datetime | None
    last_success: datetime | None
    last_error: str
    failing_since: datetime | None
    failing_seconds: int | None
    runs: int
    facts: int


def _seconds(now: datetime, since: datetime | None) -> int | None:
    return None if since is None else int((now - since).total_seconds())


def source_public(state: SourceState, now: datetime) -> SourceStatePublic:
    return SourceStatePublic(
        id=state.key,
        kind=state.kind,
        synced_until=state.synced_until,
        lag_seconds=_seconds(now, state.synced_until),
        last_attempt=state.last_attempt,
        last_success=state.last_success,
        last_error=state.last_error,
        failing_since=state.failing_since,
        failing_seconds=_seconds(now, state.failing_since),
        runs=state.runs,
        facts=state.facts,
    )


@router.get("", response_model=list[SourceStatePublic], summary="The contract's synced sources")
def list_sources(
    store: StoreDep, user: CurrentUser, contract: ContractDep, now: NowDep
) -> list[SourceStatePublic]:
    provider_only(user, "sources")
    return [source_public(s, now) for s in states(store, contract.key)]

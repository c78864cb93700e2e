"""A contract's sources (docs/sync.md): their state, for provider roles only, like the
dashboard's sources page (a source's errors are the provider's plumbing); and the
sources defined through the API, created, replaced and removed by a provider admin.

A definition is the mapping one entry of a sources file holds, read by the file's own
parser; it holds no secret (only ``*_env`` names of environment variables). Each change
is audited and picked up by the running scheduler at once (``SourceRegistry``), by
other processes at their next refresh.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status
from pydantic import BaseModel, ConfigDict

from slaledger.adapters.api.auth import ADMIN, Principal, provider_only
from slaledger.adapters.api.deps import ContractDep, CurrentUser, NowDep, StoreDep
from slaledger.adapters.api.problems import (
    PATTERN_TEXT,
    ProblemError,
    conflict,
    forbidden,
    input_problem,
    title,
)
from slaledger.adapters.db.models import Contract, SourceState
from slaledger.adapters.db.source_definitions import (
    SourceExists,
    StoredSource,
    create_source,
    delete_source,
    replace_source,
    stored_sources,
)
from slaledger.adapters.db.source_state import states
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.sync.config import Source
from slaledger.adapters.sync.definitions import definition_source, stored_mapping
from slaledger.adapters.sync.pullers import PULLERS
from slaledger.adapters.sync.registry import SourceRegistry, file_conflict
from slaledger.domain.message import msg

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/contracts/{contract_id}/sources", tags=["sources"])

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
PATTERN_TEXT[NAME_PATTERN] = msg("problem.pattern.source-name")
SourceName = Annotated[str, Path(pattern=NAME_PATTERN, description="the source's name (id)")]


class SourceDefinitionBody(BaseModel):
    """The mapping a sources file holds for one source (docs/sync.md); ``contract``
    and, on PUT, ``id`` may be left out. Read by the sources file's own parser, which
    names each bad field."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "id": "portal-errors",
                    "service": "solution",
                    "kind": "prometheus",
                    "interval": "5 min",
                    "since": "2024-03-01T00:00:00+01:00",
                    "options": {
                        "url": "http://prometheus:9090",
                        "ratio_query": "sum(rate(http_requests_total{code=~'5..'}[1m]))",
                        "token_env": "PROM_TOKEN",
                    },
                }
            ]
        },
    )

    def mapping(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class SourceStatePublic(BaseModel):
    """One source: where it is defined (``file``, ``api``; "" once no longer
    defined), where it is synced until and how far behind now (the lag), its runs, and
    since when and why it fails (none while it works). A source defined and never
    synced has no instants and no runs."""

    id: str
    kind: str
    origin: str
    synced_until: datetime | None
    lag_seconds: int | None
    last_attempt: datetime | None
    last_success: datetime | None
    last_error: str
    failing_since: datetime | None
    failing_seconds: int | None
    runs: int
    facts: int


class SourceDefinitionPublic(BaseModel):
    """A source defined through the API: its definition, who made and last replaced
    it, and when."""

    id: str
    kind: str
    origin: str = "api"
    definition: dict[str, Any]
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str


def _seconds(now: datetime, since: datetime | None) -> int | None:
    return None if since is None else int((now - since).total_seconds())


def source_public(state: SourceState, now: datetime, origin: str = "") -> SourceStatePublic:
    return SourceStatePublic(
        id=state.key,
        kind=state.kind,
        origin=origin,
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


def _never_synced(key: str, kind: str, origin: str) -> SourceStatePublic:
    return SourceStatePublic(
        id=key, kind=kind, origin=origin, synced_until=None, lag_seconds=None,
        last_attempt=None, last_success=None, last_error="", failing_since=None,
        failing_seconds=None, runs=0, facts=0,
    )  # fmt: skip


def definition_public(stored: StoredSource) -> SourceDefinitionPublic:
    return SourceDefinitionPublic(
        id=stored.key,
        kind=stored.kind,
        definition=stored.definition,
        created_at=stored.created_at,
        created_by=stored.created_by,
        updated_at=stored.updated_at,
        updated_by=stored.updated_by,
    )


def _registry(request: Request) -> SourceRegistry | None:
    return getattr(request.app.state, "sources", None)


def _file_kinds(request: Request, contract: str) -> dict[str, str]:
    registry = _registry(request)
    return {} if registry is None else registry.file_kinds(contract)


@router.get("", response_model=list[SourceStatePublic], summary="The contract's sources")
def list_sources(
    request: Request, store: StoreDep, user: CurrentUser, contract: ContractDep, now: NowDep
) -> list[SourceStatePublic]:
    """Every source of the contract, synced or defined and never synced, with where it
    is defined (a file source wins over a stored one of the same name)."""
    provider_only(user, msg("problem.what.sources"))
    in_file = _file_kinds(request, contract.key)
    stored = {s.key: s for s in stored_sources(store, contract.key)}

    def origin(key: str) -> str:
        return "file" if key in in_file else "api" if key in stored else ""

    found = {s.key: source_public(s, now, origin(s.key)) for s in states(store, contract.key)}
    for key, kind in in_file.items():
        found.setdefault(key, _never_synced(key, kind, "file"))
    for key, definition in stored.items():
        found.setdefault(key, _never_synced(key, definition.kind, origin(key)))
    return [found[key] for key in sorted(found)]


def _admin(user: Principal) -> None:
    """Sources are defined by a provider admin (a customer viewer may not even read them)."""
    provider_only(user, msg("problem.what.sources"))
    if user.role != ADMIN:
        raise forbidden(msg("problem.forbidden.sources", role=user.role))


def _parsed(data: dict[str, Any], contract: Contract, name: str | None = None) -> Source:
    try:
        return definition_source(data, contract=contract.key, kinds=set(PULLERS), name=name)
    except InputError as exc:
        raise input_problem(exc, title="The source's definition was refused") from None


def _not_in_file(request: Request, contract: Contract, key: str, why: str = "") -> None:
    if key in _file_kinds(request, contract.key):
        raise conflict(why or file_conflict(contract.key, key))


def _refresh(request: Request, store: Store) -> None:
    """Commit, then let this process's scheduler pick the change up at once (failing
    that, its next periodic refresh will: the change is stored)."""
    store.commit()
    registry = _registry(request)
    if registry is None:
        return
    try:
        registry.refresh()
    except Exception:
        log.exception("the scheduler could not pick the sources' change up at once")


@router.get(
    "/{name}", response_model=SourceDefinitionPublic, summary="A source defined through the API"
)
def get_definition(
    store: StoreDep, user: CurrentUser, contract: ContractDep, name: SourceName
) -> SourceDefinitionPublic:
    provider_only(user, msg("problem.what.sources"))
    for stored in stored_sources(store, contract.key):
        if stored.key == name:
            return definition_public(stored)
    raise ProblemError(
        404,
        "not-found",
        title(404),
        msg("problem.not-found.source", contract=contract.key, name=name),
    )


@router.post(
    "",
    response_model=SourceDefinitionPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Define a source",
)
def create_definition(
    request: Request,
    response: Response,
    store: StoreDep,
    user: CurrentUser,
    contract: ContractDep,
    body: SourceDefinitionBody,
) -> SourceDefinitionPublic:
    """Store a new source for the contract; the scheduler runs it at once. 422 naming
    each bad field (nothing written), 409 when the name is taken (here or in the
    sources file)."""
    _admin(user)
    definition = body.mapping()
    source = _parsed(definition, contract)
    _not_in_file(request, contract, source.id)
    mapping = stored_mapping(definition, contract=contract.key) | {"id": source.id}
    try:
        stored = create_source(store, contract.key, source.id, source.kind, mapping)
    except SourceExists as exc:
        raise conflict(exc.message) from None
    _refresh(request, store)
    response.headers["Location"] = f"{router.prefix}/{source.id}".replace(
        "{contract_id}", contract.key
    )
    return definition_public(stored)


@router.put("/{name}", response_model=SourceDefinitionPublic, summary="Replace a source")
def replace_definition(
    request: Request,
    store: StoreDep,
    user: CurrentUser,
    contract: ContractDep,
    name: SourceName,
    body: SourceDefinitionBody,
) -> SourceDefinitionPublic:
    """Replace the definition of a source stored through the API (404 when there is
    none); its state stays, so it resumes where it stopped."""
    _admin(user)
    definition = body.mapping()
    source = _parsed(definition, contract, name)
    _not_in_file(request, contract, name)
    mapping = stored_mapping(definition, contract=contract.key) | {"id": name}
    stored = replace_source(store, contract.key, name, source.kind, mapping)
    _refresh(request, store)
    return definition_public(stored)


@router.delete("/{name}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a source")
def delete_definition(
    request: Request, store: StoreDep, user: CurrentUser, contract: ContractDep, name: SourceName
) -> Response:
    """Remove a source stored through the API: its job stops; what it synced stays."""
    _admin(user)
    why = f"the source '{name}' of contract {contract.key} is the sources file's: remove it there"
    _not_in_file(request, contract, name, why)
    delete_source(store, contract.key, name)
    _refresh(request, store)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

"""Dependencies as ``Annotated`` aliases: the Store of the request, the caller, the
contract addressed by the path (checked against the caller's tenant), paging, periods."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import BackgroundTasks, Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from slaledger.adapters.api.auth import BEARER_HEADER, Principal, Write, unauthorized
from slaledger.adapters.api.pagination import Paging, PeriodFilter, paging, period_filter
from slaledger.adapters.api.problems import not_found
from slaledger.adapters.api.schemas import KEY_PATTERN
from slaledger.adapters.api.settings import Settings
from slaledger.adapters.api.terms import TermsCache
from slaledger.adapters.db.api_tokens import record_use
from slaledger.adapters.db.engine import begin_write
from slaledger.adapters.db.errors import NotFound
from slaledger.adapters.db.models import Contract
from slaledger.adapters.db.store import Store
from slaledger.adapters.i18n.accept import accepted_language
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.message import msg
from slaledger.services.incidents import CalendarFor


def _sessions(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    return factory


# Dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` one in the
# thread pool, a hop that costs more than the work. Those that query stay ``def``.
async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


#: methods that never write: their transaction reads a snapshot and takes no lock
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_store(request: Request) -> Iterator[Store]:
    """One unit of work per request: committed when the route returns, else rolled back.
    A request that may write starts as a writer (SQLite: ``BEGIN IMMEDIATE``, so two
    imports queue for the lock instead of one failing with "database is locked")."""
    with _sessions(request)() as session:
        if request.method not in READ_METHODS:
            begin_write(session)
        store = Store(session, actor="api")
        try:
            yield store
            session.commit()
        except BaseException:
            session.rollback()
            raise


StoreDep = Annotated[Store, Depends(get_store, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def _principal(
    store: Store, token: str | None, request: Request, background: BackgroundTasks
) -> Principal:
    if token is None:
        raise unauthorized(msg("problem.unauthorized.no-token", header=BEARER_HEADER))
    checked = store.check_token(token)
    if checked.token is None:
        raise unauthorized(checked.problem)  # unknown, revoked, expired, rotated
    if checked.use_due:
        _record_after(request, background, "api", checked.token.id, store)
    user = checked.token.user
    store.actor = user.email  # the audit log names who wrote
    return Principal.of(user, checked.token)


def _record_after(
    request: Request, background: BackgroundTasks, kind: str, token_id: int, store: Store
) -> None:
    """The token's last use, written after the answer (the request's connection free)."""
    background.add_task(record_use, _sessions(request), kind, token_id, store.clock())


_BEARER = HTTPBearer(auto_error=False, description="an API token (sla tokens create)")


def current_user(
    store: StoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
    request: Request,
    background: BackgroundTasks,
) -> Principal:
    return _principal(store, credentials.credentials if credentials else None, request, background)


def feed_user(
    store: StoreDep,
    request: Request,
    background: BackgroundTasks,
    contract_id: Annotated[str, Path(pattern=KEY_PATTERN)],
    token: Annotated[
        str,
        Query(min_length=1, max_length=200, description="the feed's token (sla tokens feed)"),
    ],
) -> Principal:
    """Calendar applications cannot send headers: the feed's token is in its address.
    So it is a feed token (``slf_...``), reading this one contract's feed and nothing
    else; an API token is refused here (401), as a feed token is by the API. Another
    contract's feed token answers 404, as for a contract that does not exist."""
    found = store.authenticate_feed(token)
    if found is None:
        raise unauthorized(msg("problem.unauthorized.feed", command="sla tokens feed"))
    if found.contract.key != contract_id:
        raise not_found("contract", contract_id)
    if store.use_due("feed", found.id, store.clock()):
        _record_after(request, background, "feed", found.id, store)
    store.actor = found.user.email
    return Principal.of(found.user)


CurrentUser = Annotated[Principal, Depends(current_user)]
FeedUser = Annotated[Principal, Depends(feed_user)]
ContractKey = Annotated[str, Path(pattern=KEY_PATTERN, description="the contract's id in its file")]


def readable_contract(store: StoreDep, user: CurrentUser, contract_id: ContractKey) -> Contract:
    """The contract of the path, if it exists and the caller may see it; else 404."""
    try:
        contract = store.contract(contract_id)
    except NotFound:
        raise not_found("contract", contract_id) from None
    user.check_read(contract)
    return contract


ContractDep = Annotated[Contract, Depends(readable_contract)]
PagingDep = Annotated[Paging, Depends(paging)]
PeriodDep = Annotated[PeriodFilter, Depends(period_filter)]


def _terms(request: Request) -> TermsCache:
    cache: TermsCache = request.app.state.terms
    return cache


def loaded_contract(request: Request, store: StoreDep, contract: ContractDep) -> LoadedContract:
    """The terms of the addressed contract, as its latest version states them."""
    return _terms(request).loaded(store, contract)


LoadedDep = Annotated[LoadedContract, Depends(loaded_contract)]


async def calendars(request: Request, loaded: LoadedDep) -> CalendarFor:
    """The addressed contract's calendars, ready for queries (built with the terms)."""
    return _terms(request).calendars(loaded.contract)


CalendarsDep = Annotated[CalendarFor, Depends(calendars)]


async def now(request: Request) -> datetime:
    """The service's clock (a fixed one in tests)."""
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


NowDep = Annotated[datetime, Depends(now)]


def may_write(what: Write) -> Any:
    """A dependency refusing callers whose role may not write ``what``."""

    async def check(user: CurrentUser, request: Request) -> Principal:
        user.check_write(what, resource=request.url.path)
        return user

    return Depends(check)


def reader_language(request: Request) -> str:
    """The language of the engine's messages: the first of fr or en in the request's
    Accept-Language (quality values honoured), English when it names neither."""
    return accepted_language(request.headers.get("accept-language"))


LanguageDep = Annotated[str, Depends(reader_language)]

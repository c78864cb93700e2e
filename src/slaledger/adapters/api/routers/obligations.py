"""The obligations calendar: JSON for a range of days (texts in the Accept-Language's
language), and an iCalendar feed at a stable address a calendar application subscribes
to (its token in the query string; its texts in ``lang``, else the contract's language)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import (
    ContractDep,
    FeedUser,
    LanguageDep,
    LoadedDep,
    NowDep,
    StoreDep,
    readable_contract,
)
from slaledger.adapters.api.feeds import calendar_response
from slaledger.adapters.api.pagination import FIRST_DAY, LAST_DAY, day_range
from slaledger.adapters.api.problems import invalid
from slaledger.adapters.api.schemas import KEY_PATTERN
from slaledger.adapters.db.loaders import opening_date
from slaledger.adapters.db.models import Contract
from slaledger.adapters.db.store import Store
from slaledger.adapters.i18n import LANGUAGES
from slaledger.adapters.i18n.json import localized
from slaledger.adapters.reports.ics import schedule_to_ics
from slaledger.adapters.reports.schedule_json import schedule_json
from slaledger.bootstrap import named_calendars
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.message import msg
from slaledger.domain.obligations.dates import start_of_day
from slaledger.domain.obligations.schedule import Schedule, build_schedule
from slaledger.services.obligations import stored_triggers

router = APIRouter(tags=["obligations"], dependencies=[EXPENSIVE])
#: the feed covers a year back and two years ahead of today, so that subscribers see
#: past deadlines and the next renewals without asking for a range
FEED_BACK, FEED_AHEAD = timedelta(days=366), timedelta(days=731)


def _schedule(
    store: Store, contract: Contract, loaded: LoadedContract, first: date, last: date
) -> Schedule:
    """The schedule of the days ``first`` to ``last``, computed once the opening date is
    read and the store's connection given back."""
    terms = loaded.contract
    opened = opening_date(contract)
    events = store.obligation_events(contract.key)
    store.release()
    zone = ZoneInfo(terms.timezone)
    return build_schedule(
        terms,
        triggers=stored_triggers(contract=terms, opened=opened, events=events),
        calendars=named_calendars(terms),
        start=start_of_day(first, zone),
        end=start_of_day(last + timedelta(days=1), zone),
    )


@router.get(
    "/api/contracts/{contract_id}/obligations",
    summary="Every obligation and deadline in a range of days (default: a year from today)",
)
def obligations(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    now: NowDep,
    language: LanguageDep,
    first: Annotated[date | None, Query(alias="from", description="YYYY-MM-DD")] = None,
    last: Annotated[date | None, Query(alias="to", description="YYYY-MM-DD, included")] = None,
) -> dict[str, Any]:
    today = now.astimezone(ZoneInfo(loaded.contract.timezone)).date()
    first = first or today
    last = last or first + timedelta(days=364)
    for name, day in (("from", first), ("to", last)):
        if not FIRST_DAY <= day <= LAST_DAY:
            raise invalid(name, day_range(), day.isoformat())
    if last < first:
        raise invalid(
            "to", msg("problem.expected.day-from", day=first.isoformat()), last.isoformat()
        )
    if (last - first).days > 3660:
        raise invalid("to", msg("problem.expected.ten-years"), last.isoformat())
    document: dict[str, Any] = localized(
        schedule_json(_schedule(store, contract, loaded, first, last)), language
    )
    return document


@router.get(
    "/feeds/{contract_id}/obligations.ics",
    summary="The obligations calendar as an iCalendar feed (subscribe to this address)",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def feed(
    store: StoreDep,
    user: FeedUser,
    contract_id: Annotated[str, Path(pattern=KEY_PATTERN)],
    now: NowDep,
    lang: Annotated[
        Literal["fr", "en"] | None,
        Query(description="the language of the texts (default: the contract's)"),
    ] = None,
) -> Response:
    contract = readable_contract(store, user, contract_id)
    loaded = store.loaded_contract(contract.key)
    language = lang or loaded.contract.language
    language = language if language in LANGUAGES else "en"
    today = now.astimezone(ZoneInfo(loaded.contract.timezone)).date()
    schedule = _schedule(store, contract, loaded, today - FEED_BACK, today + FEED_AHEAD)
    body = schedule_to_ics(schedule, generated_at=now, language=language)
    return calendar_response(body, f"{contract.key}-obligations.ics")

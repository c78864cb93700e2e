"""``GET /feeds/{contract_id}/claims.ics``: the contract's credits still open to a claim,
each on its claim deadline, as an iCalendar feed to subscribe to (a feed token in the
address, as ``obligations.ics``; docs/api.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import FeedUser, NowDep, StoreDep, readable_contract
from slaledger.adapters.api.feeds import calendar_response
from slaledger.adapters.api.schemas import KEY_PATTERN
from slaledger.adapters.db.claim_flow import claim_book
from slaledger.adapters.db.loaders import opening_date
from slaledger.adapters.reports.claims_ics import claims_to_ics
from slaledger.bootstrap import contract_calendars
from slaledger.services.availability import AvailabilityError
from slaledger.services.claims import credit_schedule

router = APIRouter(tags=["claims"], dependencies=[EXPENSIVE])


@router.get(
    "/feeds/{contract_id}/claims.ics",
    summary="The credits open to a claim, on their deadlines, as an iCalendar feed",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def claims_feed(
    store: StoreDep,
    user: FeedUser,
    contract_id: Annotated[str, Path(pattern=KEY_PATTERN)],
    now: NowDep,
) -> Response:
    contract = readable_contract(store, user, contract_id)
    terms = store.loaded_contract(contract.key).contract
    rows = claim_book(
        store, contract, terms, calendars=contract_calendars(terms), now=now,
        opened=opening_date(contract),
    )  # fmt: skip
    try:
        clause = credit_schedule(terms, None).clause.id
    except AvailabilityError:
        clause = ""
    body = claims_to_ics(
        rows,
        contract_id=contract.key,
        title=terms.title,
        zone=terms.timezone,
        language=terms.language,
        clause=clause,
        generated_at=now,
        amounts=[None if row.priced is None else row.priced.money for row in rows],
    )
    return calendar_response(body, f"{contract.key}-claims.ics")

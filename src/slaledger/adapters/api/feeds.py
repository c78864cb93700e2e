"""What the iCalendar feeds share (``/feeds/{contract}/obligations.ics``, ``claims.ics``):
the contract a feed token may read, and the calendar answer."""

from __future__ import annotations

from fastapi.responses import Response

from slaledger.adapters.api.auth import Principal
from slaledger.adapters.api.problems import not_found
from slaledger.adapters.db.errors import NotFound
from slaledger.adapters.db.models import Contract
from slaledger.adapters.db.store import Store


def feed_contract(store: Store, user: Principal, contract_id: str) -> Contract:
    """The contract of the feed's address, when the feed token's user may read it (404
    otherwise, as for an unknown contract)."""
    try:
        contract = store.contract(contract_id)
    except NotFound:
        raise not_found("contract", contract_id) from None
    user.check_read(contract)
    return contract


def calendar_response(body: bytes, filename: str) -> Response:
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )

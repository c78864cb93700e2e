"""Burn-rate alerts of a contract's availability clause from stored observations
(docs/alerts.md, "Burn-rate alerts"): ``GET /burn`` is ``sla burn --json``'s body with
the contract's key and the rules in force; ``GET``/``PUT /burn-rules`` read and set the
contract's own rules (anyone reading the contract reads them; a provider-admin sets
them; ``null`` goes back to the defaults)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from slaledger.adapters.api.auth import ADMIN, provider_only
from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import (
    CalendarsDep,
    ContractDep,
    CurrentUser,
    LoadedDep,
    NowDep,
    StoreDep,
)
from slaledger.adapters.api.params import opened_on, parse_month
from slaledger.adapters.api.problems import forbidden, invalid
from slaledger.adapters.api.routers.budget import AtQuery, OptionalMonthQuery, parse_at
from slaledger.adapters.api.routers.figures import ServiceQuery
from slaledger.adapters.db.burn_alerts import burn_rules, set_burn_rules
from slaledger.domain.burn import DEFAULT_RULES, RULES_EXPECTED, parse_rules
from slaledger.domain.message import msg
from slaledger.services.burn_alerts import burn_status
from slaledger.services.burn_json import burn_json

router = APIRouter(prefix="/api/contracts/{contract_id}", tags=["figures"])


class RulesBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: str | None = Field(
        default=None, max_length=1000, description=RULES_EXPECTED + "; null: the defaults"
    )


def _rules_json(own: Any) -> dict[str, Any]:
    rules = DEFAULT_RULES if own is None else own
    return {"default": own is None, "rules": ", ".join(str(r) for r in rules)}


@router.get(
    "/burn", summary="Burn rates and episodes of the error budget", dependencies=[EXPENSIVE]
)
def burn(
    store: StoreDep,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    now: NowDep,
    at: AtQuery = None,
    month: OptionalMonthQuery = None,
    service: ServiceQuery = None,
) -> dict[str, Any]:
    """Each burn-rate rule's windows and rates at the instant, and the episodes of the
    period so far, with the contract's own rules (else the defaults)."""
    terms = loaded.contract
    zone = ZoneInfo(terms.timezone)
    instant = parse_at(at, now)
    own = burn_rules(store, contract)
    observations = store.observations(contract.key, now=now)
    opened = opened_on(contract, service)
    store.release()
    status = burn_status(
        contract=terms,
        at=int(instant.timestamp()),
        month=parse_month(month) if month else None,
        observations=observations,
        calendars=calendars,
        service=service,
        opened=opened,
        rules=own or DEFAULT_RULES,
    )
    return {"contract": contract.key, **burn_json(status, zone), "settings": _rules_json(own)}


@router.get("/burn-rules", summary="The contract's burn-rate rules")
def get_rules(store: StoreDep, contract: ContractDep) -> dict[str, Any]:
    """The contract's own rules, or the defaults (anyone who may read the contract)."""
    return {"contract": contract.key, **_rules_json(burn_rules(store, contract))}


@router.put("/burn-rules", summary="Set the contract's burn-rate rules")
def put_rules(
    store: StoreDep, user: CurrentUser, contract: ContractDep, body: RulesBody
) -> dict[str, Any]:
    """Set the contract's own rules (``null``: back to the defaults); audited."""
    provider_only(user, msg("problem.what.burn-rules"))
    if user.role != ADMIN:
        raise forbidden(msg("problem.forbidden.burn-rules", role=user.role))
    rules = None
    if body.rules is not None:
        try:
            rules = parse_rules(body.rules)
        except ValueError as exc:
            raise invalid("rules", f"{RULES_EXPECTED} ({exc})", body.rules) from None
    set_burn_rules(store, contract, rules)
    return {"contract": contract.key, **_rules_json(rules)}

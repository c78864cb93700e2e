"""The helpdesks' own SLA verdicts beside the contract's clocks (docs/helpdesks.md), for
provider roles only: what a helpdesk's timers say is the provider's tooling."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from slaledger.adapters.api.auth import provider_only
from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.api.deps import (
    CalendarsDep,
    ContractDep,
    CurrentUser,
    LoadedDep,
    NowDep,
    StoreDep,
)
from slaledger.adapters.api.presenters import local
from slaledger.adapters.db.helpdesk_verdicts import stored_verdicts
from slaledger.domain.calendar.engine import to_epoch
from slaledger.domain.message import msg
from slaledger.services.helpdesk_verdicts import SourcedPair, verdict_report

router = APIRouter(
    prefix="/api/contracts/{contract_id}/helpdesk-verdicts", tags=["helpdesk verdicts"]
)
Outcome = Literal["agree", "disagree", "helpdesk-silent"]


class ClockTallyPublic(BaseModel):
    """How one contract clock's pairs came out."""

    clock: str
    disagree: int
    agree: int
    helpdesk_silent: int
    total: int


class VerdictPairPublic(BaseModel):
    """One ticket and clock: the helpdesk's verdict (``silent``: it has no timer for the
    clock), the contract's clock status (``absent``: no such clock for the ticket), and
    whether they agree."""

    ticket: str
    source: str
    clock: str
    helpdesk_timer: str
    helpdesk: str
    helpdesk_target: datetime | None
    helpdesk_goal_seconds: int | None
    helpdesk_observed: datetime | None
    contract: str
    contract_deadline: datetime | None
    outcome: Outcome


class HelpdeskVerdictsPublic(BaseModel):
    at: datetime
    disagreements: int
    clocks: list[ClockTallyPublic]
    tickets: list[VerdictPairPublic]


def _pair(found: SourcedPair, zone: str) -> VerdictPairPublic:
    pair, timer = found.pair, found.verdict.timer
    return VerdictPairPublic(
        ticket=pair.ticket,
        source=found.source,
        clock=pair.clock,
        helpdesk_timer=pair.helpdesk_timer,
        helpdesk=pair.helpdesk,
        helpdesk_target=local(pair.helpdesk_deadline, zone),
        helpdesk_goal_seconds=timer.goal_seconds if timer else None,
        helpdesk_observed=local(timer.done_at if timer else None, zone),
        contract=pair.contract,
        contract_deadline=local(pair.contract_deadline, zone),
        outcome=pair.outcome,  # type: ignore[arg-type]
    )


@router.get(
    "",
    response_model=HelpdeskVerdictsPublic,
    summary="The helpdesks' SLA verdicts beside the contract's, disagreements counted",
    dependencies=[EXPENSIVE],
)
def helpdesk_verdicts(
    store: StoreDep,
    user: CurrentUser,
    contract: ContractDep,
    loaded: LoadedDep,
    calendars: CalendarsDep,
    now: NowDep,
    outcome: Outcome | None = None,
) -> HelpdeskVerdictsPublic:
    provider_only(user, msg("problem.what.helpdesk-verdicts"))
    stored = stored_verdicts(store, contract.key)
    keys = sorted({s.verdict.ticket for s in stored})
    table = store.incident_table(contract.key, keys=keys)
    store.release()
    report = verdict_report(
        verdicts=[(s.source, s.verdict) for s in stored],
        table=table,
        contract=loaded.contract,
        calendars=calendars,
        at=to_epoch(now),
    )
    zone = loaded.contract.timezone
    return HelpdeskVerdictsPublic(
        at=local(to_epoch(now), zone) or now,
        disagreements=report.disagreements,
        clocks=[
            ClockTallyPublic(
                clock=t.clock,
                disagree=t.disagree,
                agree=t.agree,
                helpdesk_silent=t.helpdesk_silent,
                total=t.total,
            )
            for t in report.tallies
        ],
        tickets=[
            _pair(p, zone) for p in report.pairs if outcome is None or p.pair.outcome == outcome
        ],
    )

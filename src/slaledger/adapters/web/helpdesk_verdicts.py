"""The side-by-side page of a contract: the helpdesks' own SLA verdicts beside the
contract's clocks, disagreements counted first (docs/helpdesks.md). For provider roles
only, like the sources page: a helpdesk's timers are the provider's tooling.

Added to the dashboard's router by ``routes.web_router``; the comparison is
``services.helpdesk_verdicts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.web.page import Page, Web
from slaledger.adapters.web.source import ContractRecord
from slaledger.bootstrap import contract_calendars
from slaledger.domain.helpdesk.compare import HelpdeskVerdict
from slaledger.services.helpdesk_verdicts import VerdictReport, verdict_report
from slaledger.services.incidents import CalendarFor

#: the outcomes a visitor may keep (``?outcome=disagree``)
OUTCOMES = ("agree", "disagree", "helpdesk-silent")


def report_of(
    record: ContractRecord, verdicts: Sequence[tuple[str, HelpdeskVerdict]], at: int
) -> VerdictReport:
    contract = record.loaded.contract
    calendars: CalendarFor = contract_calendars(contract)
    return verdict_report(
        verdicts=verdicts,
        table=record.incidents,
        contract=contract,
        calendars=calendars,
        at=at,
    )


def instant(epoch: int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


def add_helpdesk_verdict_routes(router: APIRouter, web: Web, page_for: type[Page]) -> None:
    @router.get("/contracts/{key}/helpdesk-verdicts", dependencies=[EXPENSIVE])
    def helpdesk_verdicts(request: Request, key: str, outcome: str = "") -> Response:
        view = page_for(web, request)
        record = view.contract(key)
        if isinstance(record, Response):
            return record
        assert view.user is not None
        if not view.user.is_provider:
            return view.render("admin_forbidden.html", status=403)
        verdicts = web.source.helpdesk_verdicts(view.user, key)
        report = report_of(record, verdicts, web.now())
        chosen = outcome if outcome in OUTCOMES else ""
        pairs = [p for p in report.pairs if not chosen or p.pair.outcome == chosen]
        return view.render(
            "helpdesk_verdicts.html",
            record=record,
            report=report,
            pairs=pairs,
            chosen=chosen,
            instant=instant,
            zone=record.loaded.contract.timezone,
        )

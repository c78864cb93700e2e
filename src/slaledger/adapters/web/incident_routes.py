"""The incident pages of a contract: its history (filters, search, pages, compliance per
priority and month, CSV exports) and one incident's events and clocks on a timeline.

Added to the dashboard's router by ``routes.web_router``; the figures come from
``incident_figures``, the drawing from ``timeline``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from fastapi import APIRouter, Request
from fastapi.responses import Response

from slaledger.adapters.api.busy import EXPENSIVE
from slaledger.adapters.readable import zone_label
from slaledger.adapters.web import figures
from slaledger.adapters.web import incident_figures as history
from slaledger.adapters.web.csv_export import csv_response
from slaledger.adapters.web.i18n import Formatter
from slaledger.adapters.web.page import Page, Web
from slaledger.adapters.web.source import ContractRecord
from slaledger.adapters.web.timeline import Lane, Mark, span, timeline
from slaledger.domain.periods import Month

#: months the month picker offers, ending with the current one
PICKER_MONTHS = 36
#: months of the compliance table, ending with the month picked (or the current one)
COMPLIANCE_MONTHS = 12
FILTERS = ("status", "priority", "month", "breached", "q")


def recent_months(record: ContractRecord, at: int, chosen: Month | None) -> list[Month]:
    """The months a picker offers, newest first: the current month and those before it,
    and the month chosen when it lies outside them."""
    current = figures.last_complete_month(record, at).shift(1)
    months = [current.shift(-offset) for offset in range(PICKER_MONTHS)]
    if chosen is not None and chosen not in months:
        months = sorted([*months, chosen], reverse=True)
    return months


def add_incident_routes(router: APIRouter, web: Web, page_for: type[Page]) -> None:
    @router.get("/contracts/{key}/incidents", dependencies=[EXPENSIVE])
    def contract_incidents(
        request: Request,
        key: str,
        status: str = "",
        priority: str = "",
        month: str = "",
        breached: str = "",
        q: str = "",
        page: str = "1",
        format: str = "html",
        table: str = "incidents",
    ) -> Response:
        view = page_for(web, request)
        record = view.contract(key)
        if isinstance(record, Response):
            return record
        assert view.user is not None
        at = web.now()
        chosen = view.month(month, figures.last_complete_month(record, at)) if month else None
        if isinstance(chosen, Response):
            return chosen
        filters = history.Filters(
            status=status if status in history.STATUSES else "",
            priority=priority,
            month=chosen,
            breached=breached if breached in history.BREACHED else "",
            query=q.strip(),
        )
        rows = history.incident_rows(record, at, provider=view.user.is_provider)
        kept = [row for row in rows if filters.keep(row)]
        last = chosen or figures.last_complete_month(record, at).shift(1)
        compliance = history.compliance(rows, figures.months_ending(last, COMPLIANCE_MONTHS))
        if format == "csv":
            if table == "compliance":
                return _compliance_csv(record, compliance, view.fmt)
            return _incidents_csv(record, kept, view.fmt, provider=view.user.is_provider)
        if format != "html":
            return view.not_found()
        asked = {
            "status": filters.status,
            "priority": filters.priority,
            "month": str(chosen) if chosen else "",
            "breached": filters.breached,
            "q": filters.query,
        }
        query = {name: value for name, value in asked.items() if value}
        paged = history.paginate(kept, _page_number(page), history.PAGE_SIZE)
        return view.render(
            "contract_incidents.html",
            record=record,
            paged=paged,
            asked=asked,
            priorities=history.priorities(rows),
            months=recent_months(record, at, chosen),
            chosen=chosen,
            compliance=compliance,
            query=urlencode(query),
            csv_query=urlencode({**query, "format": "csv"}),
            compliance_query=urlencode({**query, "format": "csv", "table": "compliance"}),
            zone=record.loaded.contract.timezone,
        )

    @router.get("/contracts/{key}/incidents/{incident}", dependencies=[EXPENSIVE])
    def incident_page(request: Request, key: str, incident: str) -> Response:
        view = page_for(web, request)
        record = view.contract(key)
        if isinstance(record, Response):
            return record
        assert view.user is not None
        at = web.now()
        found = history.detail(record, incident, at, provider=view.user.is_provider)
        if found is None:
            return view.not_found()
        zone = record.loaded.contract.timezone
        return view.render(
            "incident.html",
            record=record,
            detail=found,
            chart=_timeline(found, view.fmt, zone) if found.lanes else None,
            zone=zone,
        )


def _page_number(text: str) -> int:
    return int(text) if text.isdigit() and 0 < len(text) < 7 else 1


def short_instant(at: int, fmt: Formatter, zone: str) -> str:
    """A timeline's tick: the short date and time, its zone named (the viewer's when asked)."""
    shown = ZoneInfo(fmt.viewer_zone or zone)
    moment = datetime.fromtimestamp(at, tz=shown)
    text = format_datetime(moment, format="short", tzinfo=shown, locale=fmt.locale)
    return f"{text} {zone_label(moment, shown, fmt.language)}"


def _timeline(found: history.IncidentDetail, fmt: Formatter, zone: str) -> object:
    def said(label: str, at: int) -> str:
        moment = datetime.fromtimestamp(at, tz=UTC)
        return f"{fmt.gettext(label)}{fmt.colon} {fmt.instant(moment, zone)}"

    lanes = []
    for lane in found.lanes:
        clock = lane.clock
        marks = []
        if lane.start is not None:
            marks.append(Mark(lane.start, "start", said("Start", lane.start)))
        for at, value in lane.reclassified:
            text = fmt.gettext("Reclassified as {value}").format(value=value)
            marks.append(Mark(at, "reclassified", said(text, at)))
        if lane.moved and clock.original_deadline is not None:
            marks.append(
                Mark(
                    clock.original_deadline,
                    "original-deadline",
                    said("Original deadline", clock.original_deadline),
                )
            )
        if clock.deadline is not None:
            label = "Deadline, moved" if lane.moved else "Deadline"
            marks.append(Mark(clock.deadline, "deadline", said(label, clock.deadline)))
        if clock.breached_at is not None:
            marks.append(Mark(clock.breached_at, "breached", said("Breached", clock.breached_at)))
        if clock.stopped_at is not None:
            kind = "met" if lane.ended == "met" else "stopped"
            label = "Met" if kind == "met" else "Stopped"
            marks.append(Mark(clock.stopped_at, kind, said(label, clock.stopped_at)))
        else:
            marks.append(Mark(found.at, "now", said("Now", found.at)))
        pauses = [(start, end if end is not None else lane.end) for start, end in lane.pauses]
        if lane.start is not None:
            pauses = [(max(s, lane.start), min(e, lane.end)) for s, e in pauses if e > lane.start]
        lanes.append(
            Lane(
                name=clock.name,
                label=clock.title,
                status=lane.ended or clock.status,
                start=lane.start,
                end=lane.end,
                pauses=pauses,
                marks=marks,
            )
        )
    low, high = span(lanes)
    ticks = [low + (high - low) * step // 4 for step in range(5)]
    axis = [(t, short_instant(t, fmt, zone)) for t in ticks]
    caption = fmt.gettext("The incident's clocks on a timeline")
    return timeline(lanes, axis=axis, caption=caption, low=low, high=high)


# ---------------------------------------------------------------------- CSV
def _cell_instant(at: int | None, zone: str) -> str:
    if at is None:
        return ""
    return datetime.fromtimestamp(at, tz=ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def _incidents_csv(
    record: ContractRecord, rows: list[history.IncidentRow], fmt: Formatter, *, provider: bool
) -> Response:
    zone = record.loaded.contract.timezone
    _ = fmt.gettext
    header = [
        _("Incident"),
        f"{_('Notified')} ({zone})",
        _("Priority"),
        _("Service"),
        _("Status"),
        f"{_('Resolved')} ({zone})",
        _("Breached"),
        _("Clocks"),
    ]
    if provider:
        header.append(_("Notes"))
    lines = []
    for row in rows:
        view = row.view
        clocks = "; ".join(f"{c.title}{fmt.colon} {_(c.status)}" for c in view.clocks)
        line = [
            view.incident,
            _cell_instant(view.started, zone),
            view.priority or "",
            row.service or "",
            _(row.status),
            _cell_instant(view.resolved_at, zone),
            _("yes") if row.breached else _("no"),
            clocks,
        ]
        if provider:
            line.append(" | ".join(row.notes))
        lines.append(line)
    return csv_response(
        header, lines, language=fmt.language, filename=f"{record.key}-incidents-{fmt.language}.csv"
    )


def _compliance_csv(
    record: ContractRecord, compliance: history.Compliance, fmt: Formatter
) -> Response:
    _ = fmt.gettext
    header = [_("Month"), _("Priority"), _("Clocks met"), _("Clocks due"), _("Compliance (%)")]

    def line(month: str, priority: str, tally: history.Tally) -> list[str]:
        share = "" if tally.percent is None else fmt.number(float(tally.percent), 2)
        return [month, priority, str(tally.met), str(tally.due), share]

    lines = []
    for month in compliance.months:
        for priority in compliance.priorities:
            lines.append(line(str(month), priority, compliance.cell(month, priority)))
        lines.append(line(str(month), _("All priorities"), compliance.month_total(month)))
    for priority in compliance.priorities:
        lines.append(line(_("All months"), priority, compliance.priority_total(priority)))
    lines.append(line(_("All months"), _("All priorities"), compliance.total))
    first, last = compliance.months[0], compliance.months[-1]
    name = f"{record.key}-compliance-{first}-{last}-{fmt.language}.csv"
    return csv_response(header, lines, language=fmt.language, filename=name)

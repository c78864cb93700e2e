"""The statement's incidents: the tickets started in the month, or whose clocks ran or
changed status in it, each with its clocks as of the statement's instant."""

from __future__ import annotations

from slaledger.domain.incidents.table import IncidentTable
from slaledger.services.incidents import IncidentView, evaluate_incidents
from slaledger.services.statement_context import StatementContext
from slaledger.services.statement_model import ClockLine, IncidentLine


def incident_lines(
    context: StatementContext, events: IncidentTable | None, at: int
) -> tuple[IncidentLine, ...]:
    """Tickets started in the month, or whose clocks ran or changed status in it."""
    if events is None:
        return ()
    zone = context.contract.timezone
    start = context.month.start(zone)
    end = min(context.month.end(zone), at)
    now = _views(context, events, at)
    before = {view.index: view for view in _views(context, events, min(start, at))}
    chosen = [
        view
        for view in now
        if view.started is not None
        and view.started < end
        and (view.started >= start or _moved(before.get(view.index), view))
    ]
    chosen.sort(key=lambda v: (v.started or 0, v.incident))
    return tuple(_incident(context, v) for v in chosen)


def _views(context: StatementContext, events: IncidentTable, at: int) -> list[IncidentView]:
    return evaluate_incidents(
        contract=context.contract,
        log=events.log,
        at=at,
        calendars=context.calendars,
        kinds=events.kind,
        effort_seconds=events.effort_seconds,
    )


def _moved(earlier: IncidentView | None, later: IncidentView) -> bool:
    """Whether any clock ran or changed status between the two evaluations (an incident
    not yet notified at the first one has moved)."""
    if earlier is None:
        return True
    return any(
        (a.elapsed_seconds, a.status) != (b.elapsed_seconds, b.status)
        for a, b in zip(earlier.clocks, later.clocks, strict=True)
    )


def _incident(context: StatementContext, view: IncidentView) -> IncidentLine:
    return IncidentLine(
        incident=view.incident,
        kind=view.kind,
        priority=view.priority,
        started=context.maybe_local(view.started),
        attributed_to=view.attributed_to,
        clocks=tuple(
            ClockLine(
                clock=c.name,
                title=c.title,
                clause=c.clause,
                target=c.target,
                deadline=context.maybe_local(c.deadline),
                status=c.status,
                breached_at=context.maybe_local(c.breached_at),
                elapsed_seconds=c.elapsed_seconds,
                reason=c.reason,
            )
            for c in view.clocks
        ),
    )

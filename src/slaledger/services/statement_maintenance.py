"""The statement's maintenance: each window that started in the month, whether it kept
the contract's rules (announcement, slots...) and whether it was excluded."""

from __future__ import annotations

from slaledger.services.maintenance import assess_windows
from slaledger.services.statement_context import StatementContext
from slaledger.services.statement_model import MaintenanceLine, RuleLine


def maintenance_lines(context: StatementContext) -> tuple[MaintenanceLine, ...]:
    """The windows that started in the month, in time order; none without windows."""
    windows = context.observations.maintenance
    if windows is None:
        return ()
    zone = context.contract.timezone
    start, end = context.month.start(zone), context.month.end(zone)
    verdicts = assess_windows(
        contract=context.contract,
        windows=windows,
        calendars=context.calendars,
        opened=context.opened,
    )
    return tuple(
        MaintenanceLine(
            service=v.service,
            kind=v.kind,
            clause=v.clause,
            reference=v.reference,
            start=context.local(v.start),
            end=context.local(v.end),
            announced_at=(
                context.local(int(windows.announced_at[v.index]))
                if bool(windows.announced[v.index])
                else None
            ),
            compliant=v.allowed,
            excluded=v.excluded,
            broken=tuple(RuleLine(r.rule, r.message, r.clause) for r in v.reasons if r.breach),
            notes=tuple(RuleLine(r.rule, r.message, r.clause) for r in v.reasons if r.advisory),
        )
        for v in sorted(verdicts, key=lambda v: (v.start, v.index))
        if start <= v.start < end
    )

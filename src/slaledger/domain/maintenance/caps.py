"""Maintenance caps: how much of a kind of maintenance a period allows, and how much is left.

The period is what the clause's ``cap_period`` says: a calendar year (the default, as
``annual_cap`` says), the contract year from the service opening, a calendar quarter
(1 January, 1 April, 1 July, 1 October), a quarter from the opening, or a calendar month.
IMRI (Article VII, 3.6) gives six hours of exceptional maintenance "annuelle"; its
contract file reads that as the contract year from the service opening, like the
availability of 3.7, so the year runs from each anniversary of the opening, at local
midnight. Without an opening date a contract period falls back to the calendar one, and
the reason says so. A window that crosses a period boundary is split between the two
periods; a window that crosses the cap is over it only in part.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from slaledger.domain.contract.maintenance import CapPeriod, Maintenance
from slaledger.domain.maintenance.kinds import article
from slaledger.domain.maintenance.verdict import RULE_CAP, Reason, Window
from slaledger.domain.message import Message, Param, msg

#: where calendar periods are counted from (any 1 January would do)
_CALENDAR_ANCHOR = date(2000, 1, 1)


@dataclass(frozen=True)
class CapSpan:
    """One period of a cap, ``[start, end)`` in epoch seconds, and how it was chosen."""

    start: int
    end: int
    #: the period in words ("calendar year 2026"), rendered in the reader's language
    label: Message


def _add_months(first: date, months: int) -> date:
    """``first`` moved by whole months; a day the month lacks is its last day (an
    opening on 29 February starts the year on 28 February in common years)."""
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(first.day, last))


def _midnight(day: date, zone: ZoneInfo) -> int:
    return int(datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC).timestamp())


def cap_span(at: int, clause: Maintenance, zone: ZoneInfo, opened: date | None) -> CapSpan:
    """The cap period holding the instant ``at``."""
    period = clause.cap_period or CapPeriod.CALENDAR_YEAR
    months = period.months
    first = opened if period.from_opening and opened else _CALENDAR_ANCHOR
    local = datetime.fromtimestamp(at, tz=zone).date()
    count = ((local.year - first.year) * 12 + local.month - first.month) // months
    if local < _add_months(first, count * months):
        count -= 1
    begin = _add_months(first, count * months)
    end = _add_months(first, (count + 1) * months)
    return CapSpan(_midnight(begin, zone), _midnight(end, zone), _label(period, begin, end, opened))


def _label(period: CapPeriod, begin: date, end: date, opened: date | None) -> Message:
    missing = period.from_opening and not opened
    if period.from_opening and opened:
        dates = {"begin": str(begin), "end": str(end), "opened": str(opened)}
        if period is CapPeriod.CONTRACT_YEAR:
            return msg("maintenance.period.contract-year", **dates)
        return msg("maintenance.period.contract-quarter", **dates)
    if period.months == 12:
        if missing:
            return msg("maintenance.period.calendar-year-no-opening", year=str(begin.year))
        return msg("maintenance.period.calendar-year", year=str(begin.year))
    if period.months == 3:
        quarter = f"{begin.year}-Q{(begin.month - 1) // 3 + 1}"
        dates = {"quarter": quarter, "begin": str(begin), "end": str(end)}
        if missing:
            return msg("maintenance.period.quarter-no-opening", **dates)
        return msg("maintenance.period.quarter", **dates)
    return msg("maintenance.period.month", month=f"{begin:%Y-%m}")


def cap_spans(
    window: Window, clause: Maintenance, zone: ZoneInfo, opened: date | None
) -> Iterator[CapSpan]:
    """Every cap period the window touches, in order."""
    at = window.start
    while True:
        span = cap_span(at, clause, zone, opened)
        yield span
        if window.end <= span.end:
            return
        at = span.end


def _overlap(window: Window, span: CapSpan) -> int:
    return max(0, min(window.end, span.end) - max(window.start, span.start))


def used_seconds(history: Sequence[Window], span: CapSpan) -> int:
    """Seconds of the earlier windows inside the cap period."""
    return sum(_overlap(w, span) for w in history)


def check_cap(
    window: Window,
    clause: Maintenance,
    history: Sequence[Window],
    zone: ZoneInfo,
    opened: date | None,
) -> list[Reason]:
    """The window against the cap, given the earlier windows of the same clause."""
    cap = clause.annual_cap
    if cap is None:
        return []
    limit = cap.fixed_seconds
    if limit is None:
        raise ValueError(f"{clause.clause.id}: a cap in h, min or s, not '{cap}'")
    reasons = []
    for span in cap_spans(window, clause, zone, opened):
        part = _overlap(window, span)
        # what was taken beyond the cap was downtime, not maintenance: it takes no more
        used = min(used_seconds(history, span), int(limit))
        over = min(part, max(0, used + part - int(limit)))
        params: dict[str, Param] = {
            "used": _h(used),
            "part": _h(part),
            "span": span.label,
            "cap": str(cap),
        }
        text = (
            msg("maintenance.cap-over", over=_h(over), **params)
            if over
            else msg("maintenance.cap", **params)
        )
        reasons.append(
            Reason(
                RULE_CAP,
                ok=over == 0,
                message=text,
                clause=clause.clause.id,
                article=article(clause.clause),
                over_cap=over,
            )
        )
    return reasons


def _h(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h{rest // 60:02d}"

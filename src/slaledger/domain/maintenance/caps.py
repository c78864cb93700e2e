"""Annual caps: how much of a kind of maintenance a year allows, and how much is left.

"A year" is what the clause's ``cap_period`` says. IMRI (Article VII, 3.6) gives six
hours of exceptional maintenance "annuelle"; its contract file reads that as the
contract year from the service opening, like the availability of 3.7, so the year runs
from each anniversary of the opening, at local midnight. Without an opening date the
calendar year is used, and the reason says so. A window that crosses a year boundary is
split between the two years; a window that crosses the cap is over it only in part.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from slaledger.domain.contract.availability import Period
from slaledger.domain.contract.maintenance import Maintenance
from slaledger.domain.maintenance.kinds import article
from slaledger.domain.maintenance.verdict import RULE_CAP, Reason, Window


@dataclass(frozen=True)
class CapYear:
    """One year of a cap, ``[start, end)`` in epoch seconds, and how it was chosen."""

    start: int
    end: int
    label: str


def _anniversary(first: date, year: int) -> date:
    try:
        return first.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def _midnight(day: date, zone: ZoneInfo) -> int:
    return int(datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC).timestamp())


def cap_year(at: int, clause: Maintenance, zone: ZoneInfo, opened: date | None) -> CapYear:
    """The cap year holding the instant ``at``."""
    if clause.cap_period not in (None, Period.CONTRACT_YEAR):
        raise ValueError(f"{clause.clause.id}: a cap per {clause.cap_period} is not supported")
    first = opened if clause.cap_period is Period.CONTRACT_YEAR and opened else date(2000, 1, 1)
    local = datetime.fromtimestamp(at, tz=zone).date()
    year = local.year if local >= _anniversary(first, local.year) else local.year - 1
    begin, end = _anniversary(first, year), _anniversary(first, year + 1)
    if clause.cap_period is Period.CONTRACT_YEAR and opened:
        label = f"contract year {begin} to {end} (service opened {opened})"
    elif clause.cap_period is Period.CONTRACT_YEAR:
        label = f"calendar year {year} (no service opening date given)"
    else:
        label = f"calendar year {year}"
    return CapYear(_midnight(begin, zone), _midnight(end, zone), label)


def cap_years(
    window: Window, clause: Maintenance, zone: ZoneInfo, opened: date | None
) -> Iterator[CapYear]:
    """Every cap year the window touches, in order."""
    at = window.start
    while True:
        year = cap_year(at, clause, zone, opened)
        yield year
        if window.end <= year.end:
            return
        at = year.end


def _overlap(window: Window, year: CapYear) -> int:
    return max(0, min(window.end, year.end) - max(window.start, year.start))


def used_seconds(history: Sequence[Window], year: CapYear) -> int:
    """Seconds of the earlier windows inside the cap year."""
    return sum(_overlap(w, year) for w in history)


def check_cap(
    window: Window,
    clause: Maintenance,
    history: Sequence[Window],
    zone: ZoneInfo,
    opened: date | None,
) -> list[Reason]:
    """The window against the annual cap, given the earlier windows of the same clause."""
    cap = clause.annual_cap
    if cap is None:
        return []
    limit = cap.fixed_seconds
    if limit is None:
        raise ValueError(f"{clause.clause.id}: a cap in h, min or s, not '{cap}'")
    reasons = []
    for year in cap_years(window, clause, zone, opened):
        part = _overlap(window, year)
        # what was taken beyond the cap was downtime, not maintenance: it takes no more
        used = min(used_seconds(history, year), int(limit))
        over = min(part, max(0, used + part - int(limit)))
        text = f"{_h(used)} used before and {_h(part)} here in the {year.label}, cap {cap}"
        if over:
            text += f": {_h(over)} over the cap"
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

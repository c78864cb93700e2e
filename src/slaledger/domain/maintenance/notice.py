"""Minimum notice stated as a KPI target rather than in the maintenance clause.

PREVISOFT's table (annex 1, 2) gives "2 jours minimum avant la MàJ" in the KPI5 and
KPI6 rows — the mean notice of preventive and high-impact evolutive maintenance — and
nowhere else. It is a *mean* over 12 rolling months ("Délai de prévenance moyen"): a
KPI reported as met or missed, never a rule that turns one window into downtime. A
window's own notice is still compared with it, as a non-binding note. The notice is
measured the way the KPI measures it: business time of the KPI's calendar between the
announcement and the start, "2 business days" being two typical days of that calendar
(18 business hours of 9h–18h).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from slaledger.domain.contract.kpis import Direction, Kpi, KpiMeasure
from slaledger.domain.contract.maintenance import Maintenance
from slaledger.domain.contract.values import Duration, TimeUnit
from slaledger.domain.maintenance.kinds import CalendarFor


def notice_kpi(clause: Maintenance, kpis: Sequence[Kpi]) -> Kpi | None:
    """The notice-mean KPI with a floor that covers this maintenance clause, if any."""
    for kpi in kpis:
        if (
            kpi.measure is KpiMeasure.NOTICE_MEAN
            and clause.clause.id in kpi.maintenance_kinds
            and kpi.target.direction is Direction.AT_LEAST
            and isinstance(kpi.target.duration, Duration)
            and kpi.calendar is not None
        ):
            return kpi
    return None


def required_seconds(kpi: Kpi, calendars: CalendarFor, at: int, zone: ZoneInfo) -> int:
    """The KPI's floor in business seconds of its calendar, for a window in ``at``'s year."""
    duration = kpi.target.duration
    assert isinstance(duration, Duration)
    assert kpi.calendar is not None
    fixed = duration.fixed_seconds
    if fixed is not None:
        return int(fixed)
    if duration.unit is TimeUnit.BUSINESS_DAY:
        year = datetime.fromtimestamp(at, tz=zone).year
        return int(duration.amount * calendars(kpi.calendar).typical_day_seconds(year))
    return int(duration.nominal_seconds)


def business_notice(kpi: Kpi, calendars: CalendarFor, announced_at: int, start: int) -> int:
    """Business seconds of the KPI's calendar between the announcement and the start."""
    assert kpi.calendar is not None
    counted = calendars(kpi.calendar).seconds_between_array(
        np.asarray([announced_at], dtype=np.int64), np.asarray([start], dtype=np.int64)
    )
    return int(counted[0])


def earliest_start(kpi: Kpi, calendars: CalendarFor, announced_at: int, zone: ZoneInfo) -> int:
    """The first instant the KPI's floor allows after an announcement."""
    assert kpi.calendar is not None
    need = required_seconds(kpi, calendars, announced_at, zone)
    at = np.asarray([announced_at], dtype=np.int64)
    return int(calendars(kpi.calendar).add_seconds_array(at, np.asarray([need]))[0])

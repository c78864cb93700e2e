"""Backup compliance: did a successful backup happen in every day (or week, or month)?

A backup belongs to the local day (in the contract's zone) of its instant. Weeks run
Monday to Sunday; a week or month that only partly overlaps the checked range counts
when a backup falls anywhere in it. A failed backup is not a backup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from slaledger.domain.calendar.zone import ZoneTable
from slaledger.domain.contract.kpis import Frequency
from slaledger.domain.contract.obligations import DatedObligation
from slaledger.domain.message import Text

_EPOCH = date(1970, 1, 1)
_DAY = 86_400
_CHECKABLE = (Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY)


@dataclass(frozen=True)
class BackupCheck:
    """One frequency of one backup clause, checked over [first, last]."""

    clause_id: str
    article: Text
    frequency: Frequency
    first: date
    last: date
    periods: int
    missed: tuple[date, ...]

    @property
    def compliant(self) -> bool:
        return not self.missed


def check_backups(
    obligation: DatedObligation,
    *,
    successes: NDArray[np.int64],
    zone: str,
    first: date,
    last: date,
) -> list[BackupCheck]:
    """One check per checkable frequency of the clause (daily, weekly, monthly).

    ``successes`` are epoch seconds of successful backups. A missed period is given by
    its first day (the day, the Monday, the first of the month).
    """
    if last < first:
        raise ValueError(f"an empty range: {first} to {last}")
    table = ZoneTable(zone, first.year - 1, last.year + 1)
    local_days = (table.to_local(np.asarray(successes, dtype=np.int64)) // _DAY).astype(np.int64)
    days = np.arange((first - _EPOCH).days, (last - _EPOCH).days + 1, dtype=np.int64)
    checks = []
    for frequency in obligation.frequency:
        if frequency not in _CHECKABLE:
            continue
        period_of_day = _period(days, frequency)
        periods = np.unique(period_of_day)
        covered = np.isin(periods, _period(local_days, frequency))
        missed = tuple(_first_day(int(p), frequency) for p in periods[~covered])
        checks.append(
            BackupCheck(
                obligation.clause.id,
                obligation.clause.cited,
                frequency,
                first,
                last,
                int(periods.size),
                missed,
            )
        )
    return checks


def _period(days: NDArray[np.int64], frequency: Frequency) -> NDArray[np.int64]:
    if frequency is Frequency.DAILY:
        return days
    if frequency is Frequency.WEEKLY:
        # 1970-01-01 was a Thursday: shift so that weeks start on Monday
        result: NDArray[np.int64] = (days + 3) // 7
        return result
    months: NDArray[np.int64] = (
        days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    )
    return months


def _first_day(period: int, frequency: Frequency) -> date:
    if frequency is Frequency.DAILY:
        return _EPOCH + timedelta(days=period)
    if frequency is Frequency.WEEKLY:
        return _EPOCH + timedelta(days=period * 7 - 3)
    year, month = divmod(period, 12)
    return date(1970 + year, month + 1, 1)

"""Backup compliance against a backup log."""

from __future__ import annotations

from datetime import date

import numpy as np

from slaledger.domain.contract.kpis import Frequency
from slaledger.domain.obligations.backups import check_backups
from tests.unit.domain.obligations.conftest import paris


def _epochs(*instants):
    return np.asarray([int(i.timestamp()) for i in instants], dtype=np.int64)


def _backup_clause(seeds, frequency=None):
    from dataclasses import replace

    clause = next(o for o in seeds["001"].obligations if o.clause.id == "backup")
    return clause if frequency is None else replace(clause, frequency=frequency)


def test_a_day_without_a_successful_backup_is_missed(seeds):
    log = _epochs(paris(2024, 3, 1, 2), paris(2024, 3, 2, 2), paris(2024, 3, 4, 2))
    [check] = check_backups(
        _backup_clause(seeds),
        successes=log,
        zone="Europe/Paris",
        first=date(2024, 3, 1),
        last=date(2024, 3, 4),
    )
    assert check.frequency is Frequency.DAILY
    assert check.periods == 4
    assert check.missed == (date(2024, 3, 3),)
    assert not check.compliant


def test_a_backup_belongs_to_its_local_day_not_its_utc_day(seeds):
    # 00:30 in Paris on 2 March is still 1 March in UTC
    log = _epochs(paris(2024, 3, 1, 12), paris(2024, 3, 2, 0, 30))
    [check] = check_backups(
        _backup_clause(seeds),
        successes=log,
        zone="Europe/Paris",
        first=date(2024, 3, 1),
        last=date(2024, 3, 2),
    )
    assert check.compliant


def test_a_weekly_backup_is_checked_per_monday_to_sunday_week(seeds):
    clause = _backup_clause(seeds, (Frequency.WEEKLY, Frequency.DAILY))
    log = _epochs(paris(2024, 3, 6, 2))  # Wednesday of the week of 4 March
    weekly, daily = check_backups(
        clause, successes=log, zone="Europe/Paris", first=date(2024, 3, 4), last=date(2024, 3, 17)
    )
    assert weekly.missed == (date(2024, 3, 11),)
    assert len(daily.missed) == 13

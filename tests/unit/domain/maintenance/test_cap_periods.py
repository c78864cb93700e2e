"""Caps per quarter (and per month): ``cap_period`` beyond the year (issue: a contract
allowing "no more than N hours of maintenance per quarter" had no field for it).

The clause is IMRI's exceptional maintenance (weekends or 00:00-06:00, agreement, 6 h a
contract year) given a cap of 2 h a quarter instead; the windows are agreed Saturday
nights announced a week ahead, so the cap is the only rule that can break.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from slaledger.adapters.i18n import english
from slaledger.domain.contract.maintenance import CapPeriod
from slaledger.domain.contract.values import Duration, TimeUnit
from slaledger.domain.maintenance import (
    RULE_CAP,
    MaintenanceRules,
    Window,
    assess,
    cap_span,
    next_slot,
)
from tests.unit.domain.maintenance.conftest import HOUR, PARIS, at


def _rules(rules: MaintenanceRules, period: CapPeriod, opened: date | None = None):
    two = Duration(Decimal(2), TimeUnit.HOUR)
    clauses = tuple(
        replace(m, annual_cap=two, cap_period=period) if m.clause.id == "exceptional" else m
        for m in rules.clauses
    )
    return replace(rules, clauses=clauses, opened=opened)


def _night(start: str, hours: float) -> Window:
    begin = at(start)
    return Window("exceptional", begin, begin + int(hours * HOUR), begin - 7 * 86_400, True)


def _caps(verdict):
    return [r for r in verdict.reasons if r.rule == RULE_CAP]


@pytest.fixture
def quarterly(imri_rules: MaintenanceRules) -> MaintenanceRules:
    return _rules(imri_rules, CapPeriod.QUARTER)


def test_the_quarter_counts_the_earlier_windows_of_the_same_quarter(quarterly):
    # Saturday 7 February 1.5 h, then Saturday 14 March 1 h: 2.5 h in Q1, 30 min over
    february = _night("2026-02-07 00:00", 1.5)
    march = _night("2026-03-14 00:00", 1)
    verdict = assess(march, quarterly, [february])
    assert not verdict.allowed
    (cap,) = _caps(verdict)
    assert cap.over_cap == HOUR // 2
    assert verdict.within_cap_end == march.start + HOUR // 2
    assert "quarter 2026-Q1 (2026-01-01 to 2026-04-01)" in english(cap.message)
    assert "1h30 used before and 1h00 here" in english(cap.message)


def test_the_cap_restarts_with_the_next_quarter(quarterly):
    march = _night("2026-03-28 00:00", 2)  # Q1 used up
    april = _night("2026-04-04 00:00", 2)  # Saturday 4 April: a new quarter
    verdict = assess(april, quarterly, [march])
    assert verdict.allowed
    (cap,) = _caps(verdict)
    assert "0h00 used before and 2h00 here in the quarter 2026-Q2" in english(cap.message)


def test_a_window_across_the_quarter_boundary_is_split_between_the_quarters(quarterly):
    """Tuesday 31 March 23:00 to Wednesday 1 April 01:00 Paris is outside the slots, so
    only the cap reasons are read: one hour in each quarter, each against its own."""
    history = [_night("2026-03-07 00:00", 1.5)]
    crossing = Window(
        "exceptional", at("2026-03-31 23:00"), at("2026-04-01 01:00"), at("2026-03-20 09:00"), True
    )
    caps = _caps(assess(crossing, quarterly, history))
    assert [r.over_cap for r in caps] == [HOUR // 2, 0]
    assert "2026-Q1" in english(caps[0].message)
    assert "2026-Q2" in english(caps[1].message)


def test_a_calendar_quarter_starts_at_local_midnight_across_dst(quarterly):
    """1 April 2026 00:00 in Paris is 31 March 22:00 UTC (summer time since 29 March)."""
    clause = next(m for m in quarterly.clauses if m.clause.id == "exceptional")
    span = cap_span(at("2026-05-20 12:00"), clause, PARIS, None)
    assert span.start == at("2026-04-01 00:00")
    assert span.end == at("2026-07-01 00:00")
    assert span.end - span.start == 91 * 86_400  # no DST change inside Q2
    q1 = cap_span(at("2026-02-01 00:00"), clause, PARIS, None)
    assert q1.end - q1.start == 90 * 86_400 - HOUR  # the spring change takes an hour


@pytest.mark.parametrize(
    ("opened", "instant", "start", "end"),
    [
        # opened 15 November 2025: quarters start on the 15th, every three months
        (date(2025, 11, 15), "2026-02-14 23:59", "2025-11-15 00:00", "2026-02-15 00:00"),
        (date(2025, 11, 15), "2026-02-15 00:00", "2026-02-15 00:00", "2026-05-15 00:00"),
        # opened 31 January: a month without a 31st starts its quarter on its last day
        (date(2026, 1, 31), "2026-05-10 12:00", "2026-04-30 00:00", "2026-07-31 00:00"),
    ],
)
def test_a_contract_quarter_runs_three_months_from_the_opening(
    imri_rules, opened, instant, start, end
):
    rules = _rules(imri_rules, CapPeriod.CONTRACT_QUARTER, opened)
    clause = next(m for m in rules.clauses if m.clause.id == "exceptional")
    span = cap_span(at(instant), clause, PARIS, opened)
    assert (span.start, span.end) == (at(start), at(end))
    assert english(span.label).startswith(f"contract quarter {start[:10]} to {end[:10]}")


def test_a_contract_quarter_without_an_opening_date_is_the_calendar_quarter(imri_rules):
    rules = _rules(imri_rules, CapPeriod.CONTRACT_QUARTER)
    clause = next(m for m in rules.clauses if m.clause.id == "exceptional")
    span = cap_span(at("2026-08-01 10:00"), clause, PARIS, None)
    assert (span.start, span.end) == (at("2026-07-01 00:00"), at("2026-10-01 00:00"))
    assert (
        english(span.label)
        == "quarter 2026-Q3 (2026-07-01 to 2026-10-01) (no service opening date given)"
    )


def test_a_monthly_cap_counts_the_month(imri_rules):
    rules = _rules(imri_rules, CapPeriod.CALENDAR_MONTH)
    earlier = [_night("2026-03-07 00:00", 2)]
    assert not assess(_night("2026-03-14 00:00", 1), rules, earlier).allowed
    april = assess(_night("2026-04-04 00:00", 1), rules, earlier)
    assert april.allowed
    assert "in the month 2026-04" in english(_caps(april)[0].message)


def test_next_slot_goes_to_the_next_quarter_when_this_one_is_full(quarterly):
    history = [_night("2026-02-07 00:00", 2)]
    found = next_slot("exceptional", 2 * HOUR, at("2026-02-10 09:00"), quarterly, history)
    assert found is not None
    assert found.verdict.window.start == at("2026-04-01 00:00")  # Wednesday, 00:00-02:00
    assert found.verdict.allowed


def test_without_a_cap_period_the_cap_is_the_calendar_year(imri_rules):
    rules = replace(
        imri_rules,
        clauses=tuple(
            replace(m, cap_period=None) if m.clause.id == "exceptional" else m
            for m in imri_rules.clauses
        ),
    )
    clause = next(m for m in rules.clauses if m.clause.id == "exceptional")
    span = cap_span(at("2026-05-20 12:00"), clause, PARIS, date(2025, 3, 1))
    assert (span.start, span.end) == (at("2026-01-01 00:00"), at("2027-01-01 00:00"))
    assert english(span.label) == "calendar year 2026"

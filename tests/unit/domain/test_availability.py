"""Availability the contractual way: periods in real minutes, exclusions, formulas."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from functools import cache

import numpy as np
import pytest

from slaledger.adapters.files.contract_file import load_contract
from slaledger.domain.availability import (
    NOT_ELIGIBLE,
    Spans,
    availability_grid,
    calendar_month,
    contract_year,
    measure,
    rolling_months,
    target_met,
)
from slaledger.domain.contract.availability import Availability, Period
from slaledger.domain.contract.contract import Contract
from slaledger.domain.periods import Month
from tests.conftest import ROOT

CONTRACTS = ROOT / "examples" / "contracts"


@cache
def contract(stem: str) -> Contract:
    return load_contract(CONTRACTS / f"{stem}.yaml").contract


def clause(stem: str) -> Availability:
    return contract(stem).availability[0]


def at(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def spans(*rows: tuple[str, str, str], eligible: tuple[bool, ...] | None = None) -> Spans:
    """Rows of (start, end, category)."""
    n = len(rows)
    return Spans(
        np.asarray([at(r[0]) for r in rows], dtype=np.int64),
        np.asarray([at(r[1]) for r in rows], dtype=np.int64),
        tuple(r[2] for r in rows),
        tuple(f"row {i}" for i in range(n)),
        tuple("availability" for _ in rows),
        tuple("test" for _ in rows),
        np.asarray(eligible if eligible is not None else [True] * n, dtype=np.bool_),
    )


# ------------------------------------------------------------------------ periods
@pytest.mark.parametrize(
    ("month", "zone", "minutes"),
    [
        (Month(2024, 3), "Europe/Paris", 44_580),  # spring forward: an hour shorter
        (Month(2024, 3), "UTC", 44_640),
        (Month(2024, 10), "Europe/Paris", 44_700),  # fall back: an hour longer
        (Month(2024, 2), "Europe/Paris", 41_760),  # a leap February
        (Month(2023, 2), "UTC", 40_320),
    ],
)
def test_a_calendar_month_lasts_its_real_minutes_in_the_contract_zone(
    month: Month, zone: str, minutes: int
) -> None:
    assert calendar_month(month, zone).seconds == minutes * 60


def test_twelve_rolling_months_across_the_leap_day_last_366_days() -> None:
    window = rolling_months(Month(2024, 3), "Europe/Paris")
    assert window.label == "2023-04 to 2024-03"
    assert window.seconds == 366 * 86_400
    assert rolling_months(Month(2025, 3), "Europe/Paris").seconds == 365 * 86_400


def test_a_contract_year_runs_from_the_opening_date_to_its_anniversary() -> None:
    window = contract_year(date(2023, 6, 15), Month(2024, 3), "Europe/Paris")
    assert window.label == "2023-06-15 to 2024-06-15"
    assert window.kind is Period.CONTRACT_YEAR
    later = contract_year(date(2023, 6, 15), Month(2024, 7), "Europe/Paris")
    assert later.label == "2024-06-15 to 2025-06-15"


def test_a_contract_opened_on_a_leap_day_has_its_anniversary_on_28_february() -> None:
    window = contract_year(date(2024, 2, 29), Month(2025, 3), "UTC")
    assert window.label == "2025-02-28 to 2026-02-28"


# ------------------------------------------------------------------------ formulas
def test_ipfolio_500_minutes_down_in_march_give_98_88_percent_over_44640_minutes() -> None:
    found = measure(
        clause("000-ipfolio"),
        service="ipfolio",
        window=calendar_month(Month(2024, 3), "UTC"),
        spans=spans(("2024-03-05T10:00:00+00:00", "2024-03-05T18:20:00+00:00", "unplanned")),
    )
    assert found.reference_seconds == 44_640 * 60
    assert found.down_seconds == 500 * 60
    assert found.availability == Fraction(100 * (44_640 - 500), 44_640)
    assert found.met is None  # IPfolio commits to no target


def test_saas_annexes_21_minutes_down_in_february_2024_miss_99_95_percent() -> None:
    found = measure(
        clause("001-saas-annexes"),
        service="solution",
        window=calendar_month(Month(2024, 2), "Europe/Paris"),
        spans=spans(("2024-02-10T10:00:00+01:00", "2024-02-10T10:21:00+01:00", "unplanned")),
    )
    assert f"{float(found.availability):.4f}" == "99.9497"
    assert found.met is False


def test_previsoft_removes_planned_maintenance_from_both_sides_of_a_real_year() -> None:
    found = measure(
        clause("003-previsoft"),
        service="saas",
        window=rolling_months(Month(2024, 3), "Europe/Paris"),
        spans=spans(
            ("2024-01-10T20:00:00+01:00", "2024-01-10T22:00:00+01:00", "planned-maintenance"),
            ("2024-02-29T10:00:00+01:00", "2024-02-29T11:00:00+01:00", "unplanned"),
        ),
    )
    year = 366 * 1440
    assert found.reference_seconds == year * 60
    assert found.removed_seconds == 120 * 60
    assert found.availability == Fraction(100 * (year - 120 - 60), year - 120)


def test_imri_fixes_the_year_at_365_days_and_keeps_the_formula_as_written_apart() -> None:
    found = measure(
        clause("004-imri"),
        service="hosted",
        window=contract_year(date(2024, 1, 15), Month(2024, 3), "Europe/Paris"),
        spans=spans(
            ("2024-03-17T04:00:00+01:00", "2024-03-17T05:00:00+01:00", "planned-maintenance"),
            ("2024-03-20T10:00:00+01:00", "2024-03-20T20:00:00+01:00", "unplanned"),
        ),
    )
    hours = 365 * 24
    assert found.reference_seconds == hours * 3600  # not 366 days, though 2024 is leap
    assert found.availability == Fraction(100 * (hours - 1 - 10), hours - 1)
    assert found.met is True
    # "100 - downtime / (365 * 24 - maintenance)" lacks × 100
    assert found.formula_as_written == Decimal(100) - Decimal(10) / Decimal(hours - 1)


# ---------------------------------------------------------------------- exclusions
@pytest.mark.parametrize(
    ("stem", "category", "down", "removed", "excused"),
    [
        ("000-ipfolio", "unplanned", 60, 0, 0),
        ("000-ipfolio", "planned-maintenance", 0, 0, 60),
        ("000-ipfolio", "third-party", 0, 0, 60),
        ("000-ipfolio", "customer", 0, 0, 60),
        ("000-ipfolio", "force-majeure", 0, 0, 60),
        ("001-saas-annexes", "customer-change", 0, 0, 60),
        ("003-previsoft", "planned-maintenance", 0, 60, 0),  # out of both sides
        ("003-previsoft", "customer", 60, 0, 0),  # not excluded by 003: downtime
        ("004-imri", "third-party", 0, 0, 60),
        ("004-imri", "maintenance-outside-rules", 60, 0, 0),  # unknown category: down
    ],
)
def test_each_exclusion_category_has_the_effect_its_contract_gives_it(
    stem: str, category: str, down: int, removed: int, excused: int
) -> None:
    found = measure(
        clause(stem),
        service="s",
        window=calendar_month(Month(2024, 3), "UTC"),
        spans=spans(("2024-03-05T10:00:00+00:00", "2024-03-05T11:00:00+00:00", category)),
    )
    assert (found.down_seconds, found.removed_seconds, found.excused_seconds) == (
        down * 60,
        removed * 60,
        excused * 60,
    )
    assert [t.category for t in found.trace] == [category]


def test_an_excused_cause_overlapping_downtime_takes_those_minutes_once() -> None:
    found = measure(
        clause("000-ipfolio"),
        service="ipfolio",
        window=calendar_month(Month(2024, 3), "UTC"),
        spans=spans(
            ("2024-03-05T10:00:00+00:00", "2024-03-05T12:00:00+00:00", "unplanned"),
            ("2024-03-05T11:00:00+00:00", "2024-03-05T13:00:00+00:00", "third-party"),
        ),
    )
    assert found.down_seconds == 60 * 60
    assert found.excused_seconds == 120 * 60
    assert [(e.category, e.seconds) for e in found.exclusions] == [("third-party", 7200)]


def test_time_outside_the_period_is_clipped_away_and_left_out_of_the_trace() -> None:
    found = measure(
        clause("000-ipfolio"),
        service="ipfolio",
        window=calendar_month(Month(2024, 3), "UTC"),
        spans=spans(
            ("2024-02-29T23:00:00+00:00", "2024-03-01T01:00:00+00:00", "unplanned"),
            ("2024-04-02T10:00:00+00:00", "2024-04-02T11:00:00+00:00", "unplanned"),
        ),
    )
    assert found.down_seconds == 3600
    assert [(t.start, t.end) for t in found.trace] == [
        (at("2024-03-01T00:00:00+00:00"), at("2024-03-01T01:00:00+00:00"))
    ]


def test_rows_a_credit_cannot_use_are_traced_but_not_counted() -> None:
    found = measure(
        clause("000-ipfolio"),
        service="ipfolio",
        window=calendar_month(Month(2024, 3), "UTC"),
        spans=spans(
            ("2024-03-05T10:00:00+00:00", "2024-03-05T11:00:00+00:00", "unplanned"),
            eligible=(False,),
        ),
        eligible_only=True,
    )
    assert found.down_seconds == 0
    assert found.availability == 100
    assert [t.effect for t in found.trace] == [NOT_ELIGIBLE]


# ------------------------------------------------------------------- many at once
def test_the_grid_gives_the_same_exact_figures_as_one_measure_at_a_time() -> None:
    rng = np.random.default_rng(7)
    reference = np.full((50, 12), 44_640 * 60, dtype=np.int64)
    removed = rng.integers(0, 3600, size=(50, 12))
    down = rng.integers(0, 30_000, size=(50, 12))
    num, den = availability_grid(reference, removed, down)
    assert Fraction(100 * int(num[3, 4]), int(den[3, 4])) == Fraction(
        100 * (reference[3, 4] - removed[3, 4] - down[3, 4]), reference[3, 4] - removed[3, 4]
    )
    met = target_met(num, den, Decimal("99.95"))
    assert met is not None
    exact = [Fraction(100 * int(n), int(d)) for n, d in zip(num.ravel(), den.ravel(), strict=True)]
    expected = np.asarray([value >= Fraction("99.95") for value in exact]).reshape(num.shape)
    assert met.tolist() == expected.tolist()


# ------------------------------------------------------------- downtime allowance
@pytest.mark.parametrize(
    ("end", "met", "left", "over"),
    [
        ("2024-03-05T10:30:00+00:00", True, 13, 0),  # 30 of the 43 minutes
        ("2024-03-05T10:43:00+00:00", True, 0, 0),  # "no more than 43": 43 is within it
        ("2024-03-05T10:50:00+00:00", False, 0, 7),
    ],
)
def test_the_downtime_allowance_is_met_up_to_its_minutes_and_says_what_is_left(
    end: str, met: bool, left: int, over: int
) -> None:
    from dataclasses import replace as with_

    from slaledger.domain.contract.values import parse_duration

    allowed = with_(clause("000-ipfolio"), downtime_allowance=parse_duration("43min"))
    found = measure(
        allowed,
        service="ipfolio",
        window=calendar_month(Month(2024, 3), "UTC"),
        spans=spans(("2024-03-05T10:00:00+00:00", end, "unplanned")),
    )
    assert found.allowance_seconds == 43 * 60
    assert found.allowance_met is met
    assert (found.allowance_left_seconds, found.allowance_over_seconds) == (left * 60, over * 60)


def test_without_an_allowance_there_is_no_allowance_verdict() -> None:
    found = measure(
        clause("000-ipfolio"),
        service="ipfolio",
        window=calendar_month(Month(2024, 3), "UTC"),
        spans=spans(("2024-03-05T10:00:00+00:00", "2024-03-05T10:50:00+00:00", "unplanned")),
    )
    assert (found.allowance_seconds, found.allowance_met, found.allowance_left_seconds) == (
        None, None, None,
    )  # fmt: skip

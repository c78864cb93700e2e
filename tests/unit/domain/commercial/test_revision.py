"""Price revision by the SYNTEC index, with PREVISOFT's 2 % floor."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from slaledger.domain.commercial.indexes import IndexPoint, IndexSeries, MissingIndexError
from slaledger.domain.commercial.revision import revise_price, revision_day_for
from slaledger.domain.contract.values import MonthDay
from slaledger.domain.periods import Month


def _series(*points: tuple[str, str], published: tuple[str, ...] = ()) -> IndexSeries:
    dates = [date.fromisoformat(p) for p in published] or [None] * len(points)
    return IndexSeries.of(
        "SYNTEC",
        [
            IndexPoint(Month.parse(m), Decimal(v), d)
            for (m, v), d in zip(points, dates, strict=True)
        ],
    )


@pytest.mark.parametrize(
    ("october_n", "price", "floor"),
    [
        ("101.5", "10200.00", True),  # done-when: +1.5 % is below the floor, +2 % applies
        ("103", "10300.00", False),  # done-when: +3 % follows the index
        ("102", "10200.00", False),  # exactly 2 %: the index gives the floor's price
        ("101.999", "10200.00", True),  # just below 2 %
        ("99", "10200.00", True),  # a falling index still gives +2 %
    ],
)
def test_previsoft_prices_follow_the_syntec_index_with_a_2_percent_floor(
    seeds, october_n, price, floor
):
    revision = seeds["003"].commercial.price_revisions[0]
    series = _series(("2023-10", "100"), ("2024-10", october_n))
    revised = revise_price(revision, year=2025, base_price=Decimal(10000), series=series)
    assert revised.price == Decimal(price)
    assert revised.floor_applied is floor
    assert revised.revision_day == date(2024, 10, 1)
    assert (str(revised.index_old.period), str(revised.index_new.period)) == ("2023-10", "2024-10")


def test_imri_prices_follow_the_index_both_ways_on_1_january(seeds):
    revision = seeds["004"].commercial.price_revisions[0]
    series = _series(("2024-01", "100"), ("2025-01", "98.5"))
    revised = revise_price(revision, year=2025, base_price=Decimal(1000), series=series)
    assert revised.price == Decimal("985.00")  # no floor: P1 = P0 x S1 / S0
    assert revised.revision_day == date(2025, 1, 1)


def test_the_price_is_rounded_once_to_the_cent_half_up(seeds):
    revision = seeds["004"].commercial.price_revisions[0]
    series = _series(("2024-01", "3"), ("2025-01", "3.00015"))
    revised = revise_price(revision, year=2025, base_price=Decimal(100), series=series)
    assert revised.by_formula == Decimal("100.005")
    assert revised.price == Decimal("100.01")


def test_a_missing_index_month_is_named(seeds):
    revision = seeds["003"].commercial.price_revisions[0]
    series = _series(("2023-10", "100"), ("2024-09", "101"))
    with pytest.raises(MissingIndexError, match="2024-10"):
        revise_price(revision, year=2025, base_price=Decimal(10000), series=series)


def test_with_publication_dates_the_last_index_known_on_the_revision_day_is_used(seeds):
    revision = seeds["003"].commercial.price_revisions[0]
    series = _series(
        ("2023-07", "99"),
        ("2023-08", "100"),
        ("2024-07", "102"),
        ("2024-08", "104"),
        published=("2023-09-05", "2023-10-03", "2024-09-04", "2024-10-02"),
    )
    revised = revise_price(revision, year=2025, base_price=Decimal(10000), series=series)
    # on 1 October 2023 the July index was the last published, on 1 October 2024 too
    assert (str(revised.index_old.period), str(revised.index_new.period)) == ("2023-07", "2024-07")


@pytest.mark.parametrize(
    ("on", "year", "day"),
    [
        (MonthDay(10, 1), 2025, date(2024, 10, 1)),  # PREVISOFT: October N sets year N+1
        (MonthDay(1, 1), 2025, date(2025, 1, 1)),  # IMRI: 1 January of the year itself
    ],
)
def test_the_revision_that_sets_a_years_price_is_the_last_one_by_1_january(on, year, day):
    assert revision_day_for(on, year) == day

"""IMRI 3.4's quantity limit: « les VPN nomades sont limités à 20% des postes sous
contrat », in whole VPNs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from slaledger.domain.commercial.quantities import (
    QuantityCount,
    QuantityError,
    check_counts,
    check_limit,
)

DAY = date(2024, 3, 1)


@pytest.mark.parametrize(
    ("seats", "vpns", "allowed", "over_by"),
    [
        (25, 5, 5, 0),  # exactly 20 %: allowed
        (25, 6, 5, 1),  # 24 %: one over
        (12, 2, 2, 0),  # 20 % of 12 is 2.4: two whole VPNs
        (12, 3, 2, 1),  # a third VPN would be 25 %
        (4, 1, 0, 1),  # 0.8 of a VPN allows none
        (0, 0, 0, 0),  # no seats, no VPN
    ],
)
def test_nomad_vpns_are_at_most_20_percent_of_the_seats_in_whole_vpns(
    seeds, seats, vpns, allowed, over_by
):
    [limit] = seeds["004"].commercial.quantity_limits
    check = check_limit(limit, base=seats, count=vpns, on=DAY)
    assert (check.allowed, check.over_by, check.within) == (allowed, over_by, over_by == 0)
    assert (check.clause_id, check.counted, check.base) == ("nomad-vpn-limit", "nomad-vpn", "seats")
    assert check.article == "cgv Article VII, 3.4"


def test_the_percentage_shown_is_of_the_base(seeds):
    [limit] = seeds["004"].commercial.quantity_limits
    assert check_limit(limit, base=25, count=6, on=DAY).percent == Decimal(24)
    assert check_limit(limit, base=0, count=0, on=DAY).percent is None


def test_each_count_uses_the_seats_counted_on_or_before_its_day(seeds):
    [limit] = seeds["004"].commercial.quantity_limits
    counts = [
        QuantityCount(date(2024, 1, 15), "seats", 12),
        QuantityCount(date(2024, 6, 3), "nomad-vpn", 3),  # 12 seats still: one over
        QuantityCount(date(2024, 9, 2), "seats", 15),
        QuantityCount(date(2024, 9, 2), "nomad-vpn", 3),  # 15 seats from that day: allowed
        QuantityCount(date(2024, 1, 15), "nomad-vpn", 2),
        QuantityCount(date(2024, 2, 1), "printers", 40),  # another quantity: ignored
    ]
    checks = check_counts(limit, counts)
    assert [(c.on, c.base_count, c.over_by) for c in checks] == [
        (date(2024, 1, 15), 12, 0),
        (date(2024, 6, 3), 12, 1),
        (date(2024, 9, 2), 15, 0),
    ]


def test_a_count_before_any_seats_count_is_refused_with_its_day_and_source(seeds):
    [limit] = seeds["004"].commercial.quantity_limits
    counts = [
        QuantityCount(date(2024, 2, 1), "seats", 10),
        QuantityCount(date(2024, 1, 3), "nomad-vpn", 1, "q.csv row 2"),
    ]
    with pytest.raises(
        QuantityError, match=r"q.csv row 2: a count of 'seats' on or before 2024-01-03"
    ):
        check_counts(limit, counts)


def test_negative_counts_are_refused(seeds):
    [limit] = seeds["004"].commercial.quantity_limits
    with pytest.raises(QuantityError, match="zero or more"):
        check_limit(limit, base=-1, count=0, on=DAY)

"""Credit claim deadlines: a function of the month and the claim window."""

from __future__ import annotations

from datetime import date

import pytest

from slaledger.adapters.i18n import english
from slaledger.domain.contract.credits import ClaimStart, ClaimWindow
from slaledger.domain.contract.values import parse_duration
from slaledger.domain.obligations.credit_claims import (
    claim_deadline,
    claim_deadline_after,
    credit_claim_items,
)
from slaledger.domain.obligations.dates import DeadlineError
from slaledger.domain.periods import Month
from tests.unit.domain.obligations.conftest import PARIS, paris

ONE_MONTH = ClaimWindow(parse_duration("1 month"), ClaimStart.PERIOD_END)


@pytest.mark.parametrize(
    ("month", "last"),
    [
        (Month(2024, 3), date(2024, 4, 30)),  # March ends 1 April 00:00: claim by 30 April
        (Month(2024, 1), date(2024, 2, 29)),  # leap February
        (Month(2024, 12), date(2025, 1, 31)),  # across the year
    ],
)
def test_a_months_credit_is_claimable_for_one_month_after_it_ends(month, last):
    due = claim_deadline(month, ONE_MONTH, zone=PARIS)
    assert due.last_day == last
    assert due.end_of_day


def test_a_claim_window_from_a_breach_counts_from_the_breach():
    window = ClaimWindow(parse_duration("30 days"), ClaimStart.BREACH)
    due = claim_deadline_after(paris(2024, 3, 15, 10), window, zone=PARIS)
    assert due.at == paris(2024, 4, 14, 10)
    with pytest.raises(DeadlineError) as caught:
        claim_deadline(Month(2024, 3), window, zone=PARIS)
    assert "'breach'" in english(caught.value.message)


def test_the_saas_annexes_list_each_months_claim_deadline_in_the_range(seeds, seed_calendars):
    items = credit_claim_items(
        seeds["001"],
        zone=PARIS,
        calendars=seed_calendars["001"],
        start=paris(2024, 4, 1),
        end=paris(2024, 6, 1),
    )
    assert [i.last_day for i in items] == [date(2024, 4, 30), date(2024, 5, 31)]
    assert all(i.is_notice and i.clause_id == seeds["001"].credits[0].clause.id for i in items)

"""RRULEs of recurring maintenance windows."""

from __future__ import annotations

import pytest

from slaledger.domain.contract.maintenance import parse_rrule


def test_the_second_tuesday_of_each_month_is_an_rrule():
    assert parse_rrule("FREQ=MONTHLY;BYDAY=+2TU") == {"FREQ": "MONTHLY", "BYDAY": "+2TU"}


@pytest.mark.parametrize(
    ("rule", "hint"),
    [
        ("BYDAY=+2TU", "FREQ"),  # no frequency
        ("FREQ=FORTNIGHTLY", "valid FREQ"),  # not an RFC 5545 frequency
        ("FREQ=MONTHLY;BYDAY=2XX", "valid BYDAY"),
        ("FREQ=MONTHLY;FREQ=WEEKLY", "once"),
        ("FREQ=MONTHLY;EVERY=2", "KEY=VALUE"),
    ],
)
def test_a_malformed_rrule_says_what_is_wrong(rule, hint):
    with pytest.raises(ValueError, match=hint):
        parse_rrule(rule)

"""A clock's scope: the incidents it applies to, by their category."""

from __future__ import annotations

import pytest

from slaledger.domain.contract.clocks import ClockScope

HARDWARE = ClockScope(("hardware",), "hardware faults only")


@pytest.mark.parametrize(
    ("category", "excluded"),
    [
        ("hardware", False),  # in the scope
        ("software", True),  # categorised outside it
        (None, False),  # no category: not known to be outside, the clock runs
    ],
)
def test_a_scope_excludes_only_incidents_categorised_outside_it(
    category: str | None, excluded: bool
) -> None:
    assert HARDWARE.excludes(category) is excluded


def test_a_scope_names_itself_in_the_texts_words_or_by_its_categories() -> None:
    assert str(HARDWARE) == "hardware faults only"
    assert str(ClockScope(("hardware", "network"))) == "categories hardware, network"

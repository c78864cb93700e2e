"""``SLALEDGER_BURN_INTERVAL``: seconds between two burn-rate runs, 0 for off."""

from __future__ import annotations

import pytest

from slaledger.adapters.api.scheduler import BURN_INTERVAL, burn_interval_from
from slaledger.adapters.files.problems import InputError


def test_the_default_a_number_and_off() -> None:
    assert burn_interval_from({}) == BURN_INTERVAL == 60
    assert burn_interval_from({"SLALEDGER_BURN_INTERVAL": " 300 "}) == 300
    assert burn_interval_from({"SLALEDGER_BURN_INTERVAL": "0"}) == 0


@pytest.mark.parametrize("text", ["-1", "soon", "inf", "nan"])
def test_a_bad_value_names_the_variable(text: str) -> None:
    with pytest.raises(InputError, match="SLALEDGER_BURN_INTERVAL"):
        burn_interval_from({"SLALEDGER_BURN_INTERVAL": text})

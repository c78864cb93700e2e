"""The figure cache's JSON gives back objects equal to those stored, and reads back no
class from outside the package."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from slaledger.domain.contract.availability import Period
from slaledger.domain.periods import Month
from slaledger.services import figure_codec
from slaledger.services.figure_codec import CodecError


def test_values_of_every_kind_come_back_equal_and_of_the_same_type() -> None:
    value = {
        "fraction": Fraction(99_9497, 10_000),
        "decimal": Decimal("99.95"),
        "instant": datetime(2024, 3, 31, 1, 0, tzinfo=ZoneInfo("Europe/Paris")),
        "utc": datetime(2024, 3, 31, tzinfo=UTC),
        "day": date(2024, 2, 29),
        "tuple": (1, "a", None, True),
        "list": [Month(2024, 3), Period.ROLLING_12_MONTHS],
        "keys": {Month(2024, 1): 1},
        "set": frozenset({"b", "a"}),
    }
    back = figure_codec.loads(figure_codec.dumps(value))
    assert back == value
    assert type(back["fraction"]) is Fraction
    assert type(back["tuple"]) is tuple
    assert back["instant"].tzinfo == ZoneInfo("Europe/Paris")


def test_a_payload_naming_a_class_outside_the_package_is_refused() -> None:
    payload = json.dumps({"$": "dc", "t": "subprocess:Popen", "f": {"args": ["true"]}})
    with pytest.raises(CodecError, match="not a module of slaledger"):
        figure_codec.loads(payload)


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(CodecError, match="naive"):
        figure_codec.dumps(datetime(2024, 3, 1))

"""A message kept as text (``encoded``) and read back (``decoded``): the same message, so
it is rendered in the reader's language; a plain sentence passes through."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from slaledger.domain.message import (
    Day,
    Duration,
    Instant,
    Items,
    Number,
    Percent,
    decoded,
    encoded,
    msg,
)

KEPT = [
    msg("trace.probe-down"),
    msg("coverage.partial", percent=Percent(Decimal("93.5"))),
    msg("x.figures", a=Number(Decimal("99.90")), b=Number(Fraction(1, 3), 2), c=31),
    msg("x.amounts", a=Number(Decimal("12500.00"), money=True), n=Number(9000, grouped=True)),
    msg("x.time", d=Duration(13020), e=Day(date(2024, 10, 1), "d MMMM")),
    msg("x.instant", at=Instant(datetime(2024, 3, 1, 12, tzinfo=UTC), "Europe/Paris")),
    msg("x.nested", items=Items((msg("a.b", word="quoted"), "plain"), "semicolon")),
]


@pytest.mark.parametrize("message", KEPT)
def test_an_encoded_message_is_decoded_to_the_same_message(message):
    text = encoded(message)
    assert "\n" not in text
    back = decoded(text)
    assert back == message
    assert back.as_json() == message.as_json()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "server-error rate strictly above 5 % over the minute",  # an old row's sentence
        '{"id": "looks.like", "params": {}}',  # a note written by a person
        '{"message": not json',
        '{"message": {"id": "x", "params": {"bad": [1]}}}',
        "",
    ],
)
def test_a_plain_text_passes_through(text):
    assert decoded(text) == text
    assert encoded(text) == text

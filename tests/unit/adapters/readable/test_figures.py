"""Availability texts for people in French and English, and the verdict they read as."""

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaledger.adapters.readable.figures import availability_full, percent_text


@pytest.mark.parametrize(
    ("exact", "language", "text"),
    [
        ("99.88799283154121863799283154", "fr", "99,888\u00a0%"),
        ("99.88799283154121863799283154", "en", "99.888%"),
        # looks equal to its target but meets it: the exact digits and the verdict
        ("99.95004", "fr", "99,950\u00a0% (99,95004\u00a0% exact) — target met"),
        ("99.95004", "en", "99.950% (99.95004% exact) — target met"),
        # the nearest step would reach the target: rounded down, and said so
        ("99.9497", "en", "99.949% (99.9497% exact) — target missed"),
    ],
)
def test_availability_reads_rounded_with_its_note_when_needed(
    exact: str, language: str, text: str
) -> None:
    assert availability_full(Fraction(exact), Decimal("99.95"), language) == text


def test_the_note_speaks_the_callers_catalog() -> None:
    words = {"%(figure)s exact": "%(figure)s exacts", "target missed": "objectif manqué"}
    text = availability_full(Fraction("99.9497"), Decimal("99.95"), "fr", words.__getitem__)
    assert text == "99,949\u00a0% (99,9497\u00a0% exacts) — objectif manqué"


def test_a_percentage_keeps_the_decimals_asked_for() -> None:
    assert percent_text(Decimal("100"), 3, "fr") == "100,000\u00a0%"


def _read(text: str) -> Fraction:
    """The figure a reader takes from a French text ("99,950 %")."""
    found = re.match(r"([\d\u202f\u00a0]+,\d+)", text)
    assert found is not None, text
    return Fraction(found.group(1).replace("\u202f", "").replace("\u00a0", "").replace(",", "."))


@given(
    exact=st.fractions(min_value=0, max_value=100, max_denominator=10**8),
    target=st.sampled_from(["99.95", "99.9", "99.5", "99", "98.25", "95"]),
)
def test_the_rounded_texts_verdict_equals_the_exact_verdict(exact: Fraction, target: str) -> None:
    text = availability_full(exact, Decimal(target), "fr")
    assert (_read(text) >= Fraction(target)) == (exact >= Fraction(target))

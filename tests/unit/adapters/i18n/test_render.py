"""Messages rendered per language: typed parameters formatted as each language writes
them, French elisions only where the catalog's words meet a parameter, JSON with the
text and the message beside it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from slaledger.adapters.i18n import render
from slaledger.adapters.i18n.json import localized
from slaledger.adapters.i18n.render import Renderer, _joined_french
from slaledger.domain.message import Day, Duration, Instant, Items, Number, Percent, msg

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "english", "french"),
    [
        (Number(Decimal("99.90")), "99.90", "99,90"),  # every digit as written
        (Number(Decimal("1E+2")), "100", "100"),
        (Number(Decimal("2.5"), places=2), "2.50", "2,50"),
        (Number(Decimal("12500.00"), money=True), "12500.00", "12\u202f500,00"),  # as written
        (Number(Decimal("-1234.5678"), money=True), "-1234.5678", "-1\u202f234,5678"),
        (Number(24000, money=True), "24000", "24\u202f000"),
        (Number(2000000, grouped=True), "2,000,000", "2\u202f000\u202f000"),
        (Percent(Decimal("99.5")), "99.5 %", f"99,5{NB}%"),
        (Duration(13020), "3 h 37 min", f"3{NB}h 37{NB}min"),
        (Duration(45), "45 s", f"45{NB}s"),
        (Day(date(2024, 10, 1), pattern="d MMMM"), "1 October", "1er octobre"),
        (Day(date(2024, 3, 15)), "March 15, 2024", "15 mars 2024"),
        (Items(("a", "b", "c")), "a, b and c", "a, b et c"),
        (Items(("a", "b"), "semicolon"), "a; b", f"a{NB}; b"),
        (Items(("28", "30"), "or"), "28 or 30", "28 ou 30"),
    ],
)
def test_each_parameter_is_written_the_way_the_language_writes_it(value, english, french):
    assert Renderer("en").param(value) == english
    assert Renderer("fr").param(value) == french


def test_an_instant_is_shown_in_its_zone():
    at = Instant(datetime(2024, 12, 20, 12, 36, tzinfo=UTC), "Europe/Paris")
    assert "13:36" in Renderer("fr").param(at)


def test_a_nested_message_is_rendered_in_the_same_language():
    message = msg("lint.blank-value", labels=Items((msg("lint.label.matrix-cell"),)))
    assert render(message, "en").startswith("the text leaves blank a cell of the priority matrix:")
    assert render(message, "fr").startswith(
        f"le texte laisse en blanc une case de la matrice de priorité{NB}:"
    )


def test_french_elides_where_the_catalog_meets_a_parameter_and_nowhere_else():
    assert _joined_french("une disponibilité de {x}", {"x": "de 99 % à 100 %"}) == (
        "une disponibilité de 99 % à 100 %"
    )
    assert _joined_french("un volume de {x}", {"x": "exactement 120 %"}) == (
        "un volume d'exactement 120 %"
    )
    # a parameter's own words (a contract quote) are kept as written
    assert _joined_french("la clause {x}", {"x": "de exactement le accord"}) == (
        "la clause de exactement le accord"
    )


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="fr"):
        Renderer("de")


def test_a_plain_string_passes_through():
    assert render("as it is", "fr") == "as it is"


def test_json_keeps_the_text_and_puts_the_message_beside_it():
    document = {
        "eligibility": [msg("eligibility.customer-claimed")],
        "reason": msg("clock.no-target-for", class_id="other"),
        "kept": 1,
    }
    assert localized(document, "en") == {
        "eligibility": [
            "customer-claimed: the customer must claim the credit before the claim deadline"
        ],
        "eligibility_messages": [{"id": "eligibility.customer-claimed", "params": {}}],
        "reason": "no target for 'other'",
        "reason_id": "clock.no-target-for",
        "reason_params": {"class_id": "other"},
        "kept": 1,
    }
    assert localized(document, "fr")["reason"] == f"aucun objectif pour «{NB}other{NB}»"


def test_figures_in_json_params_are_exact_strings():
    message = msg("x", share=Percent(Decimal("99.9497")), took=Duration(13020))
    assert message.as_json()["params"] == {
        "share": {"percent": "99.9497"},
        "took": {"seconds": "13020"},
    }

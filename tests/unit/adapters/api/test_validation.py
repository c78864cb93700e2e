"""pydantic's validation errors as messages: English exactly pydantic's own sentence,
French with no English word; unknown types keep pydantic's English (docs/i18n.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

import pytest
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from slaledger.adapters.api.schemas import Strict
from slaledger.adapters.api.validation import expected_of
from slaledger.adapters.i18n import english, render
from slaledger.domain.message import Message
from tests.language_words import foreign_sentences


class Colour(Enum):
    RED = "red"
    BLUE = "blue"


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = ""
    one: str = Field("x", min_length=1, max_length=1)
    short: str = Field("abc", min_length=3, max_length=4)
    whole: int = 0
    ratio: float = 0
    amount: Decimal = Decimal(0)
    money: Decimal = Field(Decimal(0), max_digits=3, decimal_places=1)
    digit: Decimal = Field(Decimal(0), max_digits=1)
    flag: bool = False
    at: AwareDatetime | None = None
    day: date | None = None
    lang: Literal["fr", "en"] = "fr"
    colour: Colour = Colour.RED
    bounded: int = Field(1, gt=0, le=10)
    share: Decimal = Field(Decimal(1), ge=Decimal("0.5"), lt=100, multiple_of=Decimal("0.5"))
    items: list[int] = Field(default_factory=lambda: [1], min_length=1, max_length=2)
    pairs: list[int] = Field(default_factory=lambda: [1, 2], min_length=2, max_length=3)
    table: dict[str, int] = Field(default_factory=dict)
    required: str


BAD: list[dict[str, Any]] = [
    # each value trips one error type (or several at once)
    {"text": 1, "one": "", "short": "ab", "whole": "x", "ratio": "x", "amount": "x"},
    {
        "money": "12.34",
        "digit": "12",
        "flag": "maybe",
        "at": "soon",
        "day": "x",
        "lang": "de",
        "share": "0",
    },
    {"colour": "green", "bounded": 0, "share": "0.1", "items": [], "pairs": [1], "table": 1},
    {"one": "ab", "short": "abcdef", "whole": 1.5, "money": "123.4", "at": "2024-01-01T00:00"},
    {
        "bounded": 11,
        "share": 100,
        "items": [1, 2, 3],
        "pairs": [1, 2, 3, 4],
        "day": "2024-01-01T10:00",
    },
    {"amount": [1], "ratio": [1], "flag": [1], "whole": [1], "text": None, "extra": 1},
    {"share": "0.7", "table": {"a": "x"}, "items": "x", "money": "1.25"},
]


def _errors() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for data in BAD:
        with pytest.raises(ValidationError) as caught:
            Body(**data)
        found.extend(dict(e) for e in caught.value.errors())
    return found


ERRORS = _errors()


def test_the_cases_meet_the_error_types_the_api_translates():
    types = {e["type"] for e in ERRORS}
    assert {
        "missing",
        "extra_forbidden",
        "string_type",
        "int_parsing",
        "decimal_parsing",
        "literal_error",
        "enum",
        "greater_than",
        "less_than_equal",
        "too_long",
        "too_short",
        "string_too_long",
        "string_too_short",
        "decimal_max_digits",
        "multiple_of",
    } <= types


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: f"{e['type']}-{e['loc']}")
def test_english_is_pydantics_own_sentence_and_french_holds_no_english(error):
    expected = expected_of(error)
    assert isinstance(expected, Message), error["type"]
    assert english(expected) == error["msg"]
    french = render(expected, "fr")
    assert french != error["msg"]
    assert foreign_sentences([french], "fr") == [], french


def test_a_literal_lists_its_choices_the_way_the_language_does():
    (error,) = [e for e in ERRORS if e["type"] == "literal_error"]
    assert render(expected_of(error), "fr") == "la valeur doit être 'fr' ou 'en'"


def test_bounds_are_figures_written_the_french_way():
    (error,) = [e for e in ERRORS if e["type"] == "greater_than_equal"]
    assert render(expected_of(error), "fr") == "la valeur doit être supérieure ou égale à 0,5"


def test_an_unknown_type_keeps_pydantics_english():
    error = {"type": "uuid_parsing", "msg": "Input should be a valid UUID", "ctx": {}}
    assert expected_of(error) == "Input should be a valid UUID"


def test_a_context_missing_its_value_falls_back_to_pydantics_english():
    error = {"type": "greater_than", "msg": "Input should be greater than 0", "ctx": {}}
    assert expected_of(error) == "Input should be greater than 0"


class Note(Strict):
    note: str = ""


def test_our_control_character_check_is_pydantics_english_and_french_in_french():
    with pytest.raises(ValidationError) as caught:
        Note(note="before\x00after")
    [error] = caught.value.errors()
    expected = expected_of(error)
    assert isinstance(expected, Message)
    assert english(expected) == error["msg"]  # pydantic's own "Value error, ..." as before
    assert english(expected).startswith("Value error, expected text without control characters")
    assert english(expected).endswith("found U+0000 at character 7 of 'before\\x00after'")
    french = render(expected, "fr")
    assert french.startswith("valeur refusée\u00a0: attendu un texte sans caractère de contrôle")
    assert "trouvé U+0000 au caractère 7 de 'before\\x00after'" in french
    assert foreign_sentences([french], "fr", ["before", "after"]) == []


def test_a_plain_value_error_of_a_validator_keeps_pydantics_english():
    error = {"type": "value_error", "msg": "Value error, nope", "ctx": {"error": ValueError("x")}}
    assert expected_of(error) == "Value error, nope"

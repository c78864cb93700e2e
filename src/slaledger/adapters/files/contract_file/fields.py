"""Field types shared by the contract file models: ids, numbers, durations, references.

Every check raises a ``PydanticCustomError`` whose message reads "<expected>, found
{found}", which ``problems_from_validation`` splits into a located Problem.
References to names defined elsewhere in the file (calendars, classes, clocks...) are
checked against the ``context`` given to ``model_validate``; without a context they
are not checked (the JSON Schema cannot check them either).
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from slaledger.adapters.files.problems import describe
from slaledger.adapters.files.pydantic_errors import refusal
from slaledger.domain.contract.values import (
    BLANK,
    DURATION_PATTERN,
    as_decimal,
    parse_duration,
    parse_month_day,
    parse_time_of_day,
)
from slaledger.domain.message import Message, Text, msg


class StrictModel(BaseModel):
    """Unknown fields are errors; Python-reserved names have YAML aliases."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def fail(kind: str, expected: Text, found: object) -> PydanticCustomError:
    """A refusal that quotes ``found`` (a message, such as 'none', as it is)."""
    return refusal(kind, expected, found if isinstance(found, Message) else describe(found))


def blankable(model: BaseModel, name: str) -> Any:
    """The field's value; BLANK when the file wrote null; None when it left it out."""
    value = getattr(model, name)
    if value is None and name in model.model_fields_set:
        return BLANK
    return value


def or_blank(value: Any) -> Any:
    """For fields that are required but may be null: null means blank."""
    return BLANK if value is None else value


# --- identifiers -----------------------------------------------------------------------

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _id(value: str) -> str:
    if not _ID.match(value):
        raise fail("id", msg("input.files.id"), value)
    return value


Id = Annotated[str, AfterValidator(_id), Field(pattern=_ID.pattern)]
#: ``DURATION_HELP`` (domain.contract.values) as a message
DURATION_TEXT = msg(
    "input.files.duration",
    examples="30min, 4h, 7 days, 1 month, 2 business days",
    last="immediately",
)


def _kebab(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        raise fail("event_name", msg("input.files.event-kebab"), value)
    return value


#: events that start or end a deadline outside ticket logs (invoice-issued, contract-ended)
TriggerName = Annotated[str, AfterValidator(_kebab), Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]

Language = Annotated[str, Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 code: fr, en")]


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _zone(value: str) -> str:
    if value not in _zones():
        raise fail("timezone", msg("input.files.time-zone"), value)
    return value


TimeZoneName = Annotated[str, AfterValidator(_zone)]


# --- numbers, durations, times ---------------------------------------------------------


def number_value(value: Any) -> Decimal:
    if isinstance(value, str) and re.fullmatch(r"\s*\d+,\d+\s*", value):
        raise fail("number", msg("input.files.decimal-point", example="99.5"), value)
    try:
        return as_decimal(value)
    except (ValueError, ArithmeticError):
        raise fail("number", msg("input.files.number-25"), value) from None


Number = Annotated[Decimal, BeforeValidator(number_value), WithJsonSchema({"type": "number"})]

#: the word a credit tier writes for "no credit" (distinct from null, a blank cell, and 0)
NO_CREDIT_WORD = "none"


def credit_value(value: Any) -> Decimal | str:
    if isinstance(value, str) and value.strip().lower() == NO_CREDIT_WORD:
        return NO_CREDIT_WORD
    try:
        return number_value(value)
    except ValueError:
        raise fail("credit", msg("input.files.credit", none=NO_CREDIT_WORD), value) from None


CreditNumber = Annotated[
    Decimal | Literal["none"],
    BeforeValidator(credit_value),
    WithJsonSchema({"oneOf": [{"type": "number"}, {"const": NO_CREDIT_WORD}]}),
]
Percent = Annotated[
    Decimal,
    BeforeValidator(number_value),
    Field(ge=0, le=100),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
]


def _checked(parse: Callable[[str], object], kind: str, help_text: Text) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            if kind == "time" and isinstance(value, int):
                raise fail(kind, msg("input.files.time-in-quotes", help=help_text), value)
            if kind == "duration" and isinstance(value, int | float):
                raise fail(kind, msg("input.files.duration-unit", help=help_text), value)
            raise fail(kind, help_text, value)
        try:
            parse(value)
        except ValueError as exc:
            raise fail(kind, str(exc), value) from None
        return value

    return check


DurationText = Annotated[
    str,
    BeforeValidator(_checked(parse_duration, "duration", DURATION_TEXT)),
    WithJsonSchema(
        {"type": "string", "pattern": DURATION_PATTERN, "examples": ["4h", "2 business days"]}
    ),
]
TimeText = Annotated[
    str,
    BeforeValidator(_checked(parse_time_of_day, "time", msg("input.files.time"))),
    WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}$"}),
]
MonthDayText = Annotated[
    str,
    BeforeValidator(_checked(parse_month_day, "month_day", msg("input.files.month-day"))),
    WithJsonSchema({"type": "string", "pattern": r"^\d{2}-\d{2}$"}),
]


# --- references ------------------------------------------------------------------------


def _reference(key: str, what: Text) -> AfterValidator:
    def check(value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get(key)
        if known is not None and value not in known:
            names: Text = ", ".join(sorted(known)) or msg("input.files.none-defined")
            raise fail("reference", msg("input.files.defined-here", what=what, names=names), value)
        return value

    return AfterValidator(check)


CalendarRef = Annotated[str, _reference("calendars", msg("input.files.ref.calendar"))]
ClassRef = Annotated[str, _reference("classes", msg("input.files.ref.class"))]
ClassificationRef = Annotated[
    str, _reference("classifications", msg("input.files.ref.classification"))
]
ClockRef = Annotated[str, _reference("clocks", msg("input.files.ref.clock"))]
AvailabilityRef = Annotated[str, _reference("availability", msg("input.files.ref.availability"))]
MaintenanceRef = Annotated[str, _reference("maintenance", msg("input.files.ref.maintenance"))]
ServiceRef = Annotated[str, _reference("services", msg("input.files.ref.service"))]
DocumentRef = Annotated[str, _reference("documents", msg("input.files.ref.document"))]
AmendmentRef = Annotated[str, _reference("amendments", msg("input.files.ref.amendment"))]

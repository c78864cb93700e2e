"""What a request value should have been, as a message, from pydantic's error ``type`` and
its ``ctx`` (docs/i18n.md).

pydantic writes its errors in English (``msg``); the API answers in the reader's language,
so each error type a request can meet has a message id whose English is pydantic's own
sentence and whose French says the same, its figures passed as parameters. A validator of
ours raises ``RefusalError`` (a ``value_error`` whose message is rendered); an unknown type keeps
pydantic's English ``msg``.
The ``loc`` (field names) is an identifier and is never translated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from slaledger.adapters.i18n import english
from slaledger.domain.message import Items, Message, Number, Param, Text, msg

Context = Mapping[str, Any]


class RefusalError(ValueError):
    """What a validator of ours raises: ``message`` says what was expected, rendered in
    the reader's language; ``str(exc)`` is its English (pydantic's ``msg``, the log)."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(english(message))


#: the error types without parameters
_PLAIN: dict[str, Message] = {
    "missing": msg("problem.pydantic.missing"),
    "extra_forbidden": msg("problem.pydantic.extra-forbidden"),
    "string_type": msg("problem.pydantic.string-type"),
    "int_type": msg("problem.pydantic.int-type"),
    "int_parsing": msg("problem.pydantic.int-parsing"),
    "int_from_float": msg("problem.pydantic.int-from-float"),
    "float_type": msg("problem.pydantic.float-type"),
    "float_parsing": msg("problem.pydantic.float-parsing"),
    "finite_number": msg("problem.pydantic.finite-number"),
    "decimal_type": msg("problem.pydantic.decimal-type"),
    "decimal_parsing": msg("problem.pydantic.decimal-parsing"),
    "bool_type": msg("problem.pydantic.bool-type"),
    "bool_parsing": msg("problem.pydantic.bool-parsing"),
    "date_type": msg("problem.pydantic.date-type"),
    "datetime_type": msg("problem.pydantic.datetime-type"),
    "date_from_datetime_inexact": msg("problem.pydantic.date-from-datetime-inexact"),
    "timezone_aware": msg("problem.pydantic.timezone-aware"),
    "timezone_naive": msg("problem.pydantic.timezone-naive"),
    "list_type": msg("problem.pydantic.list-type"),
    "dict_type": msg("problem.pydantic.dict-type"),
    "model_attributes_type": msg("problem.pydantic.model-attributes-type"),
}


def _figure(value: object) -> Param:
    """A bound of the context (``gt``, ``max_length``...): a figure the language writes."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, int):
        return value
    return Number(Decimal(str(value)))


def _choices(expected: object) -> Items:
    """pydantic's ``'a', 'b' or 'c'`` as a list the language joins."""
    text = str(expected)
    head, sep, last = text.rpartition(" or ")
    parts = [*head.split(", "), last] if sep else [text]
    return Items(tuple(parts), "or")


def _reason(ctx: Context) -> str:
    """The date parser's own words (English), quoted as they are."""
    return str(ctx.get("error", ""))


def _one(ctx: Context, key: str) -> bool:
    return bool(ctx.get(key) == 1)


#: the error types whose sentence carries the context's values
_WITH_CONTEXT: dict[str, Callable[[Context], Message]] = {
    "greater_than": lambda c: msg("problem.pydantic.greater-than", gt=_figure(c["gt"])),
    "greater_than_equal": lambda c: msg("problem.pydantic.greater-than-equal", ge=_figure(c["ge"])),
    "less_than": lambda c: msg("problem.pydantic.less-than", lt=_figure(c["lt"])),
    "less_than_equal": lambda c: msg("problem.pydantic.less-than-equal", le=_figure(c["le"])),
    "multiple_of": lambda c: msg(
        "problem.pydantic.multiple-of", multiple_of=_figure(c["multiple_of"])
    ),
    "enum": lambda c: msg("problem.pydantic.enum", expected=_choices(c["expected"])),
    "literal_error": lambda c: msg("problem.pydantic.enum", expected=_choices(c["expected"])),
    "string_too_short": lambda c: (
        msg("problem.pydantic.string-too-short-one", min_length=_figure(c["min_length"]))
        if _one(c, "min_length")
        else msg("problem.pydantic.string-too-short", min_length=_figure(c["min_length"]))
    ),
    "string_too_long": lambda c: (
        msg("problem.pydantic.string-too-long-one", max_length=_figure(c["max_length"]))
        if _one(c, "max_length")
        else msg("problem.pydantic.string-too-long", max_length=_figure(c["max_length"]))
    ),
    "string_pattern_mismatch": lambda c: msg(
        "problem.pydantic.string-pattern-mismatch", pattern=str(c["pattern"])
    ),
    "too_short": lambda c: (
        msg(
            "problem.pydantic.too-short-one",
            field_type=str(c["field_type"]),
            min_length=_figure(c["min_length"]),
            actual_length=_figure(c["actual_length"]),
        )
        if _one(c, "min_length")
        else msg(
            "problem.pydantic.too-short",
            field_type=str(c["field_type"]),
            min_length=_figure(c["min_length"]),
            actual_length=_figure(c["actual_length"]),
        )
    ),
    "too_long": lambda c: (
        msg(
            "problem.pydantic.too-long-one",
            field_type=str(c["field_type"]),
            max_length=_figure(c["max_length"]),
            actual_length=_figure(c["actual_length"]),
        )
        if _one(c, "max_length")
        else msg(
            "problem.pydantic.too-long",
            field_type=str(c["field_type"]),
            max_length=_figure(c["max_length"]),
            actual_length=_figure(c["actual_length"]),
        )
    ),
    "decimal_max_digits": lambda c: (
        msg("problem.pydantic.decimal-max-digits-one", max_digits=_figure(c["max_digits"]))
        if _one(c, "max_digits")
        else msg("problem.pydantic.decimal-max-digits", max_digits=_figure(c["max_digits"]))
    ),
    "decimal_max_places": lambda c: (
        msg(
            "problem.pydantic.decimal-max-places-one",
            decimal_places=_figure(c["decimal_places"]),
        )
        if _one(c, "decimal_places")
        else msg("problem.pydantic.decimal-max-places", decimal_places=_figure(c["decimal_places"]))
    ),
    "decimal_whole_digits": lambda c: (
        msg("problem.pydantic.decimal-whole-digits-one", whole_digits=_figure(c["whole_digits"]))
        if _one(c, "whole_digits")
        else msg("problem.pydantic.decimal-whole-digits", whole_digits=_figure(c["whole_digits"]))
    ),
    "date_parsing": lambda c: msg("problem.pydantic.date-parsing", error=_reason(c)),
    "datetime_parsing": lambda c: msg("problem.pydantic.datetime-parsing", error=_reason(c)),
    "datetime_from_date_parsing": lambda c: msg(
        "problem.pydantic.datetime-from-date-parsing", error=_reason(c)
    ),
    "date_from_datetime_parsing": lambda c: msg(
        "problem.pydantic.date-from-datetime-parsing", error=_reason(c)
    ),
}


def expected_of(error: Mapping[str, Any]) -> Text:
    """What the value should have been, in words: a message for the error types pydantic
    can raise on a request, pydantic's English ``msg`` for any other."""
    kind = str(error.get("type", ""))
    refused = (error.get("ctx") or {}).get("error")
    if kind == "value_error" and isinstance(refused, RefusalError):
        return msg("problem.pydantic.value-error", reason=refused.message)
    plain = _PLAIN.get(kind)
    if plain is not None:
        return plain
    build = _WITH_CONTEXT.get(kind)
    if build is not None:
        try:
            return build(error.get("ctx") or {})
        except KeyError:  # a context without the value the sentence needs
            pass
    return str(error.get("msg", "a valid value"))

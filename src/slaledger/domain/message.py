"""What the engine says, as data: a message id and its parameters, never a sentence.

The domain builds ``msg("lint.blank-value", labels=...)``; an adapter renders it in the
reader's language through the engine's gettext catalog (``slaledger.adapters.i18n``),
formatting each parameter the way that language writes it. A parameter is a plain
``str`` (shown as it is: an identifier, a word quoted from the contract), an ``int``, or
one of the typed values below; a nested ``Message`` is rendered in the same language.
Nothing here knows a language: see docs/i18n.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Literal, Union


@dataclass(frozen=True)
class Number:
    """A figure as written (``Decimal("99.90")`` keeps its two places): "99.90", "99,90"."""

    value: Decimal | int | Fraction | float
    places: int | None = None


@dataclass(frozen=True)
class Percent:
    """A percentage in percent units (99.9 is 99.9 %): "99.9 %", "99,9 %"."""

    value: Decimal | int | Fraction | float
    places: int | None = None


@dataclass(frozen=True)
class Duration:
    """A length of time in seconds: "3 h 37 min"."""

    seconds: int | float | Decimal


@dataclass(frozen=True)
class Day:
    """A calendar date: "March 15, 2024", "15 mars 2024" (``pattern`` "long"), or in a
    Babel/CLDR pattern ("d MMMM": "30 September", "30 septembre")."""

    value: date
    pattern: str = "long"


@dataclass(frozen=True)
class Instant:
    """An aware instant shown in ``zone``."""

    value: datetime
    zone: str


@dataclass(frozen=True)
class Items:
    """Several parameters joined the way the language lists them ("a, b and c"); ``newline``
    puts each on a line of its own."""

    items: tuple[Param, ...]
    joiner: Literal["and", "or", "comma", "semicolon", "newline"] = "and"


Param = Union[str, int, Number, Percent, Duration, Day, Instant, Items, "Message"]


@dataclass(frozen=True)
class Message:
    """A message id (a key of the engine catalog) and its named parameters."""

    id: str
    params: Mapping[str, Param] = field(default_factory=dict, hash=False)

    def as_json(self) -> dict[str, object]:
        """The id and parameters as JSON values (exact figures as strings)."""
        return {"id": self.id, "params": {k: param_json(v) for k, v in self.params.items()}}

    def sort_key(self) -> str:
        return f"{self.id}|{sorted(self.as_json()['params'].items())!r}"  # type: ignore[attr-defined]


#: what the engine says: a message, or a text not yet converted (shown as it is)
Text = Message | str


def msg(message_id: str, /, **params: Param) -> Message:
    """``msg("lint.blank-value", labels=...)``; the extraction keyword of docs/i18n.md."""
    return Message(message_id, params)


def param_json(value: Param) -> object:
    if isinstance(value, Message):
        return value.as_json()
    if isinstance(value, Number | Percent):
        kind = "number" if isinstance(value, Number) else "percent"
        return {kind: _exact(value.value)}
    if isinstance(value, Duration):
        return {"seconds": _exact(value.seconds)}
    if isinstance(value, Day):
        return {"date": value.value.isoformat()}
    if isinstance(value, Instant):
        return {"instant": value.value.isoformat(), "zone": value.zone}
    if isinstance(value, Items):
        return {"items": [param_json(i) for i in value.items], "joiner": value.joiner}
    return value


def _exact(value: Decimal | int | Fraction | float) -> str:
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)

"""What the engine says, as data: a message id and its parameters, never a sentence.

The domain builds ``msg("lint.blank-value", labels=...)``; an adapter renders it in the
reader's language through the engine's gettext catalog (``slaledger.adapters.i18n``),
formatting each parameter the way that language writes it. A parameter is a plain
``str`` (shown as it is: an identifier, a word quoted from the contract), an ``int``, or
one of the typed values below; a nested ``Message`` is rendered in the same language.
Nothing here knows a language: see docs/i18n.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Literal, Union


@dataclass(frozen=True)
class Number:
    """A figure as written (``Decimal("99.90")`` keeps its two places): "99.90", "99,90";
    ``grouped``: a count with its thousands grouped ("2,000,000", "2 000 000");
    ``money``: an amount, every digit kept, grouped as the text output groups figures
    ("12 500,00" in French; English keeps it as written, "12500.00", as ``figures_text``)."""

    value: Decimal | int | Fraction | float
    places: int | None = None
    grouped: bool = False
    money: bool = False


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


# ------------------------------------------------------------------ kept as text
#: the key an encoded message is kept under (``encoded``): a text without it is plain
_KEPT = "message"


def encoded(text: Text) -> str:
    """``text`` as one line of text a store can keep and ``decoded`` gives back: a plain
    string as it is, a message as JSON (its id, its parameters, every figure exact and
    the places and date patterns kept) so it is rendered in the reader's language."""
    if isinstance(text, str):
        return text
    return json.dumps({_KEPT: _kept(text)}, ensure_ascii=False, separators=(",", ":"))


def decoded(text: str) -> Text:
    """The message ``encoded`` wrote, or ``text`` as it is (a sentence kept before
    messages were, a note written by a person)."""
    if not text.startswith('{"' + _KEPT + '":'):
        return text
    try:
        data = json.loads(text)
        return _unkept(data[_KEPT])
    except (ValueError, KeyError, TypeError, AttributeError):
        return text


def _kept(value: Param) -> object:
    if isinstance(value, Message):
        return {"id": value.id, "params": {k: _kept(v) for k, v in value.params.items()}}
    if isinstance(value, Number | Percent):
        kind = "number" if isinstance(value, Number) else "percent"
        found: dict[str, object] = {kind: _exact(value.value)}
        if value.places is not None:
            found["places"] = value.places
        if isinstance(value, Number) and value.grouped:
            found["grouped"] = True
        if isinstance(value, Number) and value.money:
            found["money"] = True
        return found
    if isinstance(value, Day):
        return {"date": value.value.isoformat(), "pattern": value.pattern}
    if isinstance(value, Items):
        return {"items": [_kept(i) for i in value.items], "joiner": value.joiner}
    if isinstance(value, str | int):
        return value
    return param_json(value)  # a duration, an instant


def _unkept(data: Mapping[str, object]) -> Message:
    params = data["params"]
    if not isinstance(params, Mapping):
        raise TypeError("message parameters must be an object")
    return Message(str(data["id"]), {str(k): _param(v) for k, v in params.items()})


def _param(value: object) -> Param:
    if isinstance(value, str | int) and not isinstance(value, bool):
        return value
    if not isinstance(value, Mapping):
        raise TypeError(f"not a message parameter: {value!r}")
    places = value.get("places")
    places = places if isinstance(places, int) else None
    if "id" in value:
        return _unkept(value)
    if "number" in value:
        grouped, money = value.get("grouped") is True, value.get("money") is True
        return Number(_figure(value["number"]), places, grouped, money)
    if "percent" in value:
        return Percent(_figure(value["percent"]), places)
    if "seconds" in value:
        return Duration(_figure(value["seconds"]))  # type: ignore[arg-type]
    if "date" in value:
        return Day(date.fromisoformat(str(value["date"])), str(value.get("pattern", "long")))
    if "instant" in value:
        return Instant(datetime.fromisoformat(str(value["instant"])), str(value["zone"]))
    if "items" in value:
        items = value["items"]
        if not isinstance(items, list):
            raise TypeError("items must be a list")
        joiner = str(value.get("joiner", "and"))
        if joiner not in ("and", "or", "comma", "semicolon"):
            raise ValueError(f"not a joiner: {joiner}")
        return Items(tuple(_param(i) for i in items), joiner)  # type: ignore[arg-type]
    raise TypeError(f"not a message parameter: {value!r}")


def _figure(value: object) -> Decimal | Fraction:
    text = str(value)
    if "/" in text:
        return Fraction(text)
    return Decimal(text)

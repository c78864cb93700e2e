"""The computed figures as JSON and back, exactly: what the figure cache stores.

The figures are frozen dataclasses of the domain and services (a ``Measure``, a
``CreditReport``, a ``KpiView``...). Each value is written with a tag saying what it
was, so that reading the JSON back gives objects equal to those computed:
``{"$": "dc", "t": "slaledger.domain.availability:Measure", "f": {...}}`` for a
dataclass, ``{"$": "fr", "v": "1/3"}`` for a Fraction, ``{"$": "dec", "v": "99.95"}``,
``{"$": "enum", ...}``, ``{"$": "dt", "v": ISO}``, ``{"$": "date", ...}``,
``{"$": "tuple", "v": [...]}``; lists, strings, numbers, booleans and None are
themselves. Only classes of this package are read back (a payload names no other code).
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import json
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

_PACKAGE = "slaledger."


class CodecError(ValueError):
    """A payload this version cannot read back."""


def dumps(value: object) -> str:
    return json.dumps(encode(value), separators=(",", ":"), sort_keys=True)


def loads(text: str) -> Any:
    return decode(json.loads(text))


def encode(value: object) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return {"$": "enum", "t": _name(type(value)), "v": encode(value.value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$": "dc", "t": _name(type(value)), "f": fields}
    if isinstance(value, Fraction):
        return {"$": "fr", "v": str(value)}
    if isinstance(value, Decimal):
        return {"$": "dec", "v": str(value)}
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise CodecError(f"a naive datetime cannot be stored: {value!r}")
        return {"$": "dt", "v": value.isoformat(), "z": _zone(value)}
    if isinstance(value, date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, tuple):
        return {"$": "tuple", "v": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$": "dict", "v": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, frozenset | set):
        items = sorted((encode(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        return {"$": "set", "v": items, "frozen": isinstance(value, frozenset)}
    raise CodecError(f"cannot store a {type(value).__name__}: {value!r}")


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    tag = data.get("$")
    if tag == "dc":
        cls = _class(data["t"])
        values = {name: decode(v) for name, v in data["f"].items()}
        init = {f.name for f in dataclasses.fields(cls) if f.init}
        made = cls(**{k: v for k, v in values.items() if k in init})
        for name in set(values) - init:  # fields set after construction
            object.__setattr__(made, name, values[name])
        return made
    if tag == "enum":
        return _class(data["t"])(decode(data["v"]))
    if tag == "fr":
        return Fraction(data["v"])
    if tag == "dec":
        return Decimal(data["v"])
    if tag == "dt":
        return _datetime(data["v"], data.get("z"))
    if tag == "date":
        return date.fromisoformat(data["v"])
    if tag == "tuple":
        return tuple(decode(v) for v in data["v"])
    if tag == "dict":
        return {decode(k): decode(v) for k, v in data["v"]}
    if tag == "set":
        items = (decode(v) for v in data["v"])
        return frozenset(items) if data.get("frozen") else set(items)
    raise CodecError(f"unknown figure tag {tag!r}")


def _name(cls: type) -> str:
    if not cls.__module__.startswith(_PACKAGE):
        raise CodecError(f"cannot store a {cls.__module__}.{cls.__qualname__}")
    return f"{cls.__module__}:{cls.__qualname__}"


@cache
def _class(name: str) -> Any:
    module, _, qualname = name.partition(":")
    if not module.startswith(_PACKAGE):
        raise CodecError(f"a stored figure names {module}, not a module of slaledger")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    if not isinstance(found, type) or not (
        dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)
    ):
        raise CodecError(f"a stored figure names {name}, neither a dataclass nor an enum")
    return found


def _zone(value: datetime) -> str | None:
    key = getattr(value.tzinfo, "key", None)
    return key if isinstance(key, str) else None


def _datetime(text: str, zone: str | None) -> datetime:
    value = datetime.fromisoformat(text)
    if zone:
        from zoneinfo import ZoneInfo

        value = value.astimezone(ZoneInfo(zone))
    return value

"""Walking a clause's data to find what a structural rule looks for."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from slaledger.domain.contract.values import Blank

_SKIP = frozenset({"clause", "where"})


def walk(obj: Any, path: str) -> Iterator[tuple[Any, str, str, Any]]:
    """Every (owner, field name, path, value) below a dataclass, depth first.

    The path of a nested element is its own ``where`` when it has one, else its
    parent's path plus the field name or index.
    """
    if not is_dataclass(obj):
        return
    for f in fields(obj):
        if f.name in _SKIP:
            continue
        value = getattr(obj, f.name)
        here = f"{path}.{f.name}"
        yield obj, f.name, here, value
        if is_dataclass(value) and not isinstance(value, type):
            yield from walk(value, getattr(value, "where", "") or here)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if is_dataclass(item) and not isinstance(item, type):
                    yield from walk(item, getattr(item, "where", "") or f"{here}[{index}]")
        elif isinstance(value, Mapping):
            for key, item in value.items():
                name = ".".join(map(str, key)) if isinstance(key, tuple) else str(key)
                yield obj, f.name, f"{here}.{name}", item


def blanks(obj: Any, path: str) -> Iterator[tuple[Any, str, str]]:
    """(owner, field name, path) of every BLANK value below ``obj``."""
    for owner, name, here, value in walk(obj, path):
        if isinstance(value, Blank):
            yield owner, name, here

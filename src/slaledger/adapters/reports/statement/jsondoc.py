"""The statement as JSON: stable field order, decimals as strings, instants in ISO 8601
with the contract zone's offset, language-neutral (codes, not labels)."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from slaledger.adapters.i18n import english
from slaledger.domain.message import Message
from slaledger.services.statements import Statement

#: the document's format name; bump it when a field changes meaning
FORMAT = "slaledger/statement/v1"


def statement_document(statement: Statement) -> dict[str, Any]:
    """The statement as plain JSON values."""
    document = {"format": FORMAT}
    body = _plain(statement)
    assert isinstance(body, dict)
    document.update(body)
    return document


def render_json(statement: Statement) -> str:
    return json.dumps(statement_document(statement), ensure_ascii=False, indent=2) + "\n"


def _plain(value: object) -> Any:
    if isinstance(value, Message):
        return english(value)
    if is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in fields(value):
            item = getattr(value, f.name)
            out[f.name] = _plain(item)
            if isinstance(item, Message):  # the text, then the message as data (docs/i18n.md)
                out[f"{f.name}_id"] = item.id
                out[f"{f.name}_params"] = item.as_json()["params"]
            elif isinstance(item, tuple) and item and all(isinstance(i, Message) for i in item):
                out[f"{f.name}_messages"] = [i.as_json() for i in item]
        return out
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value

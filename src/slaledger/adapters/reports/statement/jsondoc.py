"""The statement as JSON: stable field order, decimals as strings, instants in ISO 8601
with the contract zone's offset, language-neutral (codes, not labels)."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

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
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value

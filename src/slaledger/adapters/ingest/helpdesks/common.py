"""What every connector shares: the vendor's instants as epoch seconds (with the
mapping's zone for times written without an offset), located errors, text values."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.domain.message import Text, msg

_ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def refused(where: str, expected: Text, found: Text, field: str = "") -> InputError:
    return InputError([Problem(file=where, field=field, expected=expected, found=found)])


def looks_like_instant(value: object) -> bool:
    return isinstance(value, str) and bool(_ISO_LIKE.match(value.strip()))


def epoch(
    text: object, *, where: str, field: str, zone: str | None, date_format: str | None = None
) -> int:
    """Epoch seconds of a vendor's time: ISO 8601 with offset as it is; without offset
    (GLPI, ServiceNow, exports) in the mapping's ``timezone``, else refused."""
    if not isinstance(text, str) or not text.strip():
        raise refused(where, msg("input.ingest.instant"), describe(text), field)
    value = text.strip()
    if date_format is None:
        try:  # the common case, ISO 8601 with its offset, without the checks below
            fast = datetime.fromisoformat(value)
        except ValueError:
            fast = None
        if fast is not None and fast.tzinfo is not None:
            return int(fast.timestamp())
    try:
        parsed = (
            datetime.strptime(value, date_format)
            if date_format and not _ISO_LIKE.match(value)
            else datetime.fromisoformat(value.replace("Z", "+00:00"))
        )
    except ValueError:
        raise refused(
            where,
            msg("input.ingest.iso-or-format", format=date_format)
            if date_format
            else msg("input.ingest.iso-time"),
            describe(text),
            field,
        ) from None
    if parsed.tzinfo is None:
        if zone is None:
            raise refused(
                where,
                msg("input.ingest.offset-or-timezone"),
                describe(text),
                field,
            )
        parsed = parsed.replace(tzinfo=ZoneInfo(zone))
    return int(parsed.timestamp())


def text_of(value: Any) -> str | None:
    """A field's value as text: a name, a value, a key, or the value itself."""
    if value is None:
        return None
    if isinstance(value, dict):
        for name in ("name", "value", "key", "displayName", "display_value"):
            found = value.get(name)
            if isinstance(found, str | int):
                return str(found)
        return None
    if isinstance(value, list):
        parts = [t for t in (text_of(v) for v in value) if t]
        return ", ".join(parts) if parts else None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

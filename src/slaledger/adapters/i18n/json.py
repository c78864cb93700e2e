"""Messages inside JSON documents: the rendered text where the message was, its id and
parameters beside it, under stable English keys (docs/i18n.md).

``{"eligibility": [Message]}`` becomes ``{"eligibility": ["customer-claimed: …"],
"eligibility_messages": [{"id": …, "params": …}]}``; ``{"message": Message}`` becomes
``{"message": "…", "message_id": …, "message_params": {…}}``.
"""

from __future__ import annotations

from typing import Any

from slaledger.adapters.i18n.render import renderer
from slaledger.domain.message import Message


def localized(value: Any, language: str = "en") -> Any:
    """``value`` (dicts, lists, scalars) with every message rendered in ``language``."""
    say = renderer(language)
    if isinstance(value, Message):
        return say(value)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out[key] = localized(item, language)
            if isinstance(item, Message):
                out[f"{key}_id"] = item.id
                out[f"{key}_params"] = item.as_json()["params"]
            elif isinstance(item, list | tuple) and any(isinstance(i, Message) for i in item):
                out[f"{key}_messages"] = [
                    i.as_json() if isinstance(i, Message) else None for i in item
                ]
        return out
    if isinstance(value, list | tuple):
        return [localized(item, language) for item in value]
    return value

"""A validator's refusal as a pydantic error that keeps its words as messages.

pydantic formats an error's ``msg`` in English from its template; the file readers turn
each error back into a ``Problem`` (``calendar_file.problems_from_validation``) and want
what was expected and what was found as messages, to render in the reader's language. A
custom error carries them in its ``ctx`` beside the English ``msg`` (docs/i18n.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic_core import PydanticCustomError

from slaledger.adapters.i18n import english
from slaledger.domain.message import Text

#: ctx keys of the expected and found phrases as messages
EXPECTED_KEY = "expected_text"
FOUND_KEY = "found_text"


def refusal(kind: str, expected: Text, found: Text, **ctx: Any) -> PydanticCustomError:
    """An error ``kind`` whose English ``msg`` reads "<expected>, found <found>"."""
    template = english(expected).replace("{", "{{").replace("}", "}}") + ", found {found}"
    return PydanticCustomError(
        kind, template, {"found": english(found), EXPECTED_KEY: expected, FOUND_KEY: found, **ctx}
    )


def said(message: str, ctx: Mapping[str, Any]) -> tuple[Text, Text]:
    """What an error with a ``found`` in its ``ctx`` expected and found: the messages of a
    ``refusal``, else the English of its ``msg``."""
    expected = ctx.get(EXPECTED_KEY, message.split(", found ")[0])
    found = ctx.get(FOUND_KEY, str(ctx["found"]))
    return expected, found

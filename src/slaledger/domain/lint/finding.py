"""Findings and rules of the contract linter, and where a finding's line comes from.

A rule sees only the domain contract. It reports drafts: the clause, a message and the
path of the element in the file (``credits[0].tiers[1]``); the engine turns them into
findings with the rule's severity, the clause's interpretation and the line the
``LineIndex`` (path -> line, passed in as data) gives for that path or its nearest parent.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.contract import Contract
from slaledger.domain.message import Message

LineIndex = Mapping[str, int]


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Draft:
    """What a rule found, before the engine adds severity, interpretation and line."""

    clause: ClauseInfo
    message: Message
    path: str


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: Message
    check: Callable[[Contract], Iterable[Draft]]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    clause: str
    message: Message
    interpretation: str | None
    path: str
    line: int | None = None

    def as_dict(self, file: str, text: str) -> dict[str, object]:
        """The finding as JSON, its message rendered (``text``) and as id and parameters."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "clause": self.clause,
            "message": text,
            "message_id": self.message.id,
            "message_params": self.message.as_json()["params"],
            "interpretation": self.interpretation,
            "location": {"file": file, "line": self.line, "path": self.path},
        }


_PART = re.compile(r"\.[^.\[]+|\[\d+\]|^[^.\[]+")


def line_of(lines: LineIndex, path: str) -> int | None:
    """The line of ``path``, or of its nearest parent the index knows."""
    parts = _PART.findall(path)
    while parts:
        key = "".join(parts)
        if key in lines:
            return lines[key]
        parts.pop()
    return None

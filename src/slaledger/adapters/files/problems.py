"""Errors about bad input, written for people: file, line, field, expected, found."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

from slaledger.adapters.i18n import english
from slaledger.domain.message import Message, Text, msg

#: the ``file`` of a problem in an option or an argument of the command line
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the input allows."""

    file: str
    field: str
    #: what was expected: a message (rendered in the reader's language) or, for the
    #: phrases not converted yet, an English text
    expected: Text
    #: what was found: the user's own value quoted as it is (a ``str``, never translated)
    #: or, for a description ("nothing", "an empty file"), a message
    found: Text
    line: int | None = None
    column: int | None = None
    row: int | None = None
    #: ``expected`` as a catalogue message with ``{name}`` placeholders, and their
    #: values, for the adapters that answer in the reader's language (the dashboard);
    #: empty when ``expected`` is the only wording
    template: str = dataclasses.field(default="", compare=False)
    arguments: tuple[tuple[str, str], ...] = dataclasses.field(default=(), compare=False)

    def __str__(self) -> str:
        return english(self.message())

    def where(self) -> Text:
        """``file:line:column``, and the row in words when the file has rows; the command
        line in the reader's words."""
        if self.file == COMMAND_LINE and self.line is None and self.row is None:
            return msg("input.where-command-line")
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.row is not None:
            return msg("input.where-row", where=where, row=self.row)
        return where

    def message(self) -> Message:
        """The problem as a message: where, the field, what was expected and found."""
        if self.field:
            return msg(
                "input.problem",
                where=self.where(),
                field=self.field,
                expected=self.expected,
                found=self.found,
            )
        return msg(
            "input.problem-no-field", where=self.where(), expected=self.expected, found=self.found
        )

    def as_dict(self) -> dict[str, object]:
        """The problem's parts under stable keys; ``expected`` may be a message (JSON
        writers render it with ``slaledger.adapters.i18n.json.localized``)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "row": self.row,
            "field": self.field,
            "expected": self.expected,
            "found": self.found,
        }


class InputError(Exception):
    """Raised when an input file is rejected; carries every problem found in it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("an InputError needs at least one problem")
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@overload
def describe(value: str, limit: int = 60) -> str: ...
@overload
def describe(value: object, limit: int = 60) -> Text: ...
def describe(value: object, limit: int = 60) -> Text:
    """A short, quoted rendering of a found value for an error message (nothing: a
    message)."""
    if value is None:
        return msg("input.found.nothing")
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= limit else text[: limit - 3] + "..."

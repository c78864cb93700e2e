"""Bounds on what an input file may expand to, and the text characters it may hold.

A file's size on the wire says little about the memory it takes: a 214 KB Parquet file
can declare ten million rows, a 316-byte YAML file can expand to a million nodes through
aliases. Each reader checks the expanded size before building anything from it, and
refuses a file over a limit with an InputError naming the file, the limit and the
environment variable that raises it. Limits are read from the environment at each
check, so a service or a test can change them without restarting anything.

| variable | default | bounds |
|---|---|---|
| ``SLALEDGER_MAX_ROWS`` | 2,000,000 | rows of one observations or events file (one import) |
| ``SLALEDGER_MAX_EXPANDED_BYTES`` | 512 MiB | the decoded data a Parquet footer declares |
| ``SLALEDGER_MAX_YAML_NODES`` | 100,000 | nodes of a YAML file once its aliases are expanded |
| ``SLALEDGER_MAX_YAML_DEPTH`` | 64 | nesting depth of a YAML file (aliases expanded) |
| ``SLALEDGER_MAX_DOCUMENT_BYTES`` | 2 MiB | one YAML or JSON document (contract, calendar) |
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from slaledger.adapters.files.problems import InputError, Problem
from slaledger.domain.message import Message, Number, Text, msg

#: characters no stored text may hold: C0 controls but tab, line feed and carriage
#: return; DEL; C1 controls. PostgreSQL cannot store NUL at all, and none of them is
#: meant in a name, a reference or a note.
CONTROL_CHARACTERS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
CONTROL_EXPECTED = msg("input.files.no-control-characters")
_CONTROL = re.compile(CONTROL_CHARACTERS)


@dataclass(frozen=True)
class Limit:
    """One bound: its environment variable, default and what it counts."""

    variable: str
    default: int
    unit: str

    def value(self) -> int:
        text = os.environ.get(self.variable, "").strip().replace("_", "")
        if not text:
            return self.default
        try:
            value = int(text)
        except ValueError:
            raise InputError(
                [
                    Problem(
                        self.variable,
                        "",
                        msg("input.files.whole-number"),
                        repr(os.environ[self.variable]),
                    )
                ]
            ) from None
        if value < 1:
            raise InputError(
                [
                    Problem(
                        self.variable, "", msg("input.files.whole-number-at-least", minimum=1), text
                    )
                ]
            )
        return value

    def check(self, file: str, found: int, *, what: Text = "") -> None:
        """Refuse ``found`` over the limit (``what`` says how it was counted)."""
        limit = self.value()
        if found > limit:
            raise InputError([self.problem(file, found, limit, what=what)])

    def problem(
        self, file: str, found: int | Text, limit: int | None = None, *, what: Text = ""
    ) -> Problem:
        """The refusal of ``found`` (a count, or a text such as "more than 10 rows")."""
        limit = self.value() if limit is None else limit
        counted: Text = (
            msg("input.found.count", n=Number(found, grouped=True), unit=UNITS[self.unit])
            if isinstance(found, int)
            else found
        )
        return Problem(
            file,
            "",
            msg(
                "input.files.at-most",
                limit=Number(limit, grouped=True),
                unit=UNITS[self.unit],
                variable=self.variable,
            ),
            msg("input.found.counted", found=counted, what=what) if what else counted,
        )


#: what each limit counts, in words
UNITS = {
    "rows": msg("input.files.unit.rows"),
    "bytes": msg("input.files.unit.bytes"),
    "YAML nodes": msg("input.files.unit.yaml-nodes"),
    "levels of nesting": msg("input.files.unit.levels-of-nesting"),
}


def more_than(limit: int, unit: str) -> Message:
    """ "more than 2,000,000 rows": what a file holds past a limit it was stopped at."""
    return msg("input.found.more-than", n=Number(limit, grouped=True), unit=UNITS[unit])


MAX_ROWS = Limit("SLALEDGER_MAX_ROWS", 2_000_000, "rows")
MAX_EXPANDED_BYTES = Limit("SLALEDGER_MAX_EXPANDED_BYTES", 512 * 1024 * 1024, "bytes")
MAX_YAML_NODES = Limit("SLALEDGER_MAX_YAML_NODES", 100_000, "YAML nodes")
MAX_YAML_DEPTH = Limit("SLALEDGER_MAX_YAML_DEPTH", 64, "levels of nesting")
MAX_DOCUMENT_BYTES = Limit("SLALEDGER_MAX_DOCUMENT_BYTES", 2 * 1024 * 1024, "bytes")


def control_character(text: str) -> str | None:
    """A description of the first control character in ``text``, or None."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X} at character {found.start() + 1} of {shown(text)}"


def shown(text: str, limit: int = 60) -> str:
    """``text`` quoted with its control characters escaped (safe to print)."""
    escaped = repr(text)
    return escaped if len(escaped) <= limit else escaped[: limit - 4] + "...'"

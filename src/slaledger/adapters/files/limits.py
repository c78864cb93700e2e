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

#: characters no stored text may hold: C0 controls but tab, line feed and carriage
#: return; DEL; C1 controls. PostgreSQL cannot store NUL at all, and none of them is
#: meant in a name, a reference or a note.
CONTROL_CHARACTERS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
CONTROL_EXPECTED = (
    "text without control characters (U+0000-U+001F but tab and line breaks, U+007F-U+009F)"
)
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
                [Problem(self.variable, "", "a whole number", repr(os.environ[self.variable]))]
            ) from None
        if value < 1:
            raise InputError([Problem(self.variable, "", "a whole number of at least 1", text)])
        return value

    def check(self, file: str, found: int, *, what: str = "") -> None:
        """Refuse ``found`` over the limit (``what`` says how it was counted)."""
        limit = self.value()
        if found > limit:
            raise InputError([self.problem(file, found, limit, what=what)])

    def problem(
        self, file: str, found: int | str, limit: int | None = None, *, what: str = ""
    ) -> Problem:
        """The refusal of ``found`` (a count, or a text such as "more than 10 rows")."""
        limit = self.value() if limit is None else limit
        detail = f" ({what})" if what else ""
        counted = f"{found:,} {self.unit}" if isinstance(found, int) else found
        return Problem(
            file,
            "",
            f"at most {limit:,} {self.unit} (the limit {self.variable}; set it higher "
            "to allow more)",
            f"{counted}{detail}",
        )


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

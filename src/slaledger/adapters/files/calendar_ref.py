"""``FILE#NAME``: a calendar named in a calendar file or in a contract file.

The same calendar block lives in both (docs/calendars.md); a contract file is told
apart by its ``format`` key, which a calendar file never has. Reading calendars from
the contract itself means a query cannot drift from the contract it answers for.
"""

from __future__ import annotations

from pathlib import Path

from slaledger.adapters.files.calendar_file import calendars_from_document
from slaledger.adapters.files.contract_file.loader import contract_from_document
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.yaml_source import load_yaml
from slaledger.domain.calendar.spec import CalendarSpec
from slaledger.domain.message import msg

_EXPECTED_REF = msg(
    "input.files.calendar-ref", example="examples/contracts/003-previsoft.yaml#previsoft-business"
)


def load_calendars(path: str | Path) -> dict[str, CalendarSpec]:
    """Every calendar of a calendar file, or of a contract file (which is then checked whole)."""
    doc = load_yaml(path)
    if isinstance(doc.data, dict) and "format" in doc.data:
        return dict(contract_from_document(doc).contract.calendars)
    return calendars_from_document(doc)


def load_calendar_ref(ref: str) -> CalendarSpec:
    """``FILE#NAME`` -> the named calendar of that file."""
    file, sep, name = ref.rpartition("#")
    if not sep or not file or not name:
        problem = Problem(file=ref, field="CAL", expected=_EXPECTED_REF, found=describe(ref))
        raise InputError([problem])
    calendars = load_calendars(file)
    if name not in calendars:
        raise InputError(
            [
                Problem(
                    file=file,
                    field="calendars",
                    expected=msg(
                        "input.files.calendar-named",
                        name=name,
                        known=", ".join(sorted(calendars)),
                    ),
                    found=msg("input.found.no-such-calendar"),
                )
            ]
        )
    return calendars[name]

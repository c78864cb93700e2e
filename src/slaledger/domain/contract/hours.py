"""Service hours: the clause that gives a calendar its source in the contract text."""

from __future__ import annotations

from dataclasses import dataclass

from slaledger.domain.contract.clause import ClauseInfo


@dataclass(frozen=True)
class ServiceHours:
    """Says which calendar (by name) holds the hours a clause defines.

    ``stated_timezone`` keeps the zone as the text wrote it ("EST", "GMT", "heure de
    Paris") when that differs from an IANA name, so that a reader can see what the file
    chose; the calendar itself carries the IANA zone.
    """

    clause: ClauseInfo
    calendar: str
    name: str
    stated_timezone: str | None = None

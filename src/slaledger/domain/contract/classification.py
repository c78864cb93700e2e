"""How an incident gets its class or priority: named classes, or severity x criticality."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from slaledger.domain.contract.clause import ClauseInfo
from slaledger.domain.contract.parties import Party
from slaledger.domain.contract.values import Blank


@dataclass(frozen=True)
class IncidentClass:
    """A class, a priority, a severity or a criticality, with its definition."""

    id: str
    name: str
    definition: str | None = None
    where: str = field(default="", compare=False)


@dataclass(frozen=True)
class Classification:
    """The classes tickets are put in.

    With ``matrix``, a ticket's priority is ``matrix[(criticality, severity)]``; otherwise
    the ticket is put directly in one of ``classes``.
    """

    clause: ClauseInfo
    name: str
    classes: tuple[IncidentClass, ...]
    severities: tuple[IncidentClass, ...] = ()
    criticalities: tuple[IncidentClass, ...] = ()
    matrix: Mapping[tuple[str, str], str | Blank] = field(default_factory=dict)
    assessed_by: Party | None = None

    @property
    def class_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.classes)

    def priority(self, *, criticality: str, severity: str) -> str | Blank:
        """The priority the matrix gives; KeyError when the pair is not in it."""
        return self.matrix[(criticality, severity)]

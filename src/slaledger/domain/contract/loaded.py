"""A contract as read from its text: the domain value plus, for each path in its source
(``credits[0].tiers[1]``), the line it was written on, so findings and traces can point
back to the text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from slaledger.domain.contract.contract import Contract


@dataclass(frozen=True)
class LoadedContract:
    """A contract and, for each path in its file (``credits[0].tiers[1]``), its line."""

    file: str
    contract: Contract
    lines: Mapping[str, int]

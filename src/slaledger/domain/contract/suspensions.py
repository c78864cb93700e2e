"""Suspensions of a guarantee: a clause that lifts an availability commitment while
something the customer chose lasts, opened and closed by events.

IMRI 3.3: « Si l'un de ces outils ou l'une de ces fonctionnalités n'étaient pas souhaités
par le Client, le Fournisseur se chargerait de la neutraliser, mais par contre la
disponibilité du service ne serait plus garantie »; 3.6: the same when the customer does
not want the recurring patch windows.
"""

from __future__ import annotations

from dataclasses import dataclass

from slaledger.domain.contract.clause import ClauseInfo


@dataclass(frozen=True)
class Suspension:
    """While an ``opens`` event has not been followed by a ``closes`` event, the
    availability clauses of ``suspends`` guarantee nothing."""

    clause: ClauseInfo
    suspends: tuple[str, ...]
    opens: str
    closes: str
    description: str | None = None

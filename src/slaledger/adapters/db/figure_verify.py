"""``sla figures verify``: do the figures the cache holds as valid still equal a
recomputation from the inputs as they are now?

Writes through the store mark the months they change (``figure_marks``); a write that
bypassed the store (a hand-made SQL fix, a restore of part of a database) does not.
Each stored month carries the fingerprint of the inputs it was computed from
(``figure_cache.inputs_fingerprint``): a month whose fingerprint equals the inputs'
fingerprint now was computed from exactly these inputs and needs no recomputation;
any other valid month is recomputed and compared (``full``: every valid month is, which
also catches an edited payload). A month that differs is reported and, with ``fix``,
marked dirty so that the next read or the ``figures`` job computes it again.

The contracts page's budget cells (``budget_cells``) are checked too: each stored cell a
read would use (the current month's, of the latest version, not stale) is recomputed and
compared (one per contract, always: an edited payload keeps its fingerprint); one that
differs is reported and, with ``fix``, deleted, so that the next read or the ``figures``
job computes and stores it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from slaledger.adapters.db import budget_cells, figure_cache, figure_marks
from slaledger.adapters.db.models import FigureCache
from slaledger.adapters.db.store import Store
from slaledger.domain.periods import Month
from slaledger.services import figure_codec
from slaledger.services.month_figures import month_figures, summary


@dataclass
class Verdict:
    """What the verification of one contract found."""

    contract: str
    #: valid stored months whose inputs are unchanged (same fingerprint)
    unchanged: list[str] = field(default_factory=list)
    #: valid stored months recomputed and found equal
    equal: list[str] = field(default_factory=list)
    #: valid stored months that differ from the recomputation
    differing: list[str] = field(default_factory=list)
    #: whether the differing months were marked dirty
    marked: bool = False
    #: months of the valid stored budget cells recomputed and found equal
    cells_equal: list[str] = field(default_factory=list)
    #: months of the valid stored budget cells that differ from the recomputation
    cells_differing: list[str] = field(default_factory=list)
    #: whether the differing budget cells were deleted
    cells_deleted: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "contract": self.contract,
            "unchanged": self.unchanged,
            "recomputed_equal": self.equal,
            "differing": self.differing,
            "marked_dirty": self.marked,
            "budget_cells_equal": self.cells_equal,
            "budget_cells_differing": self.cells_differing,
            "budget_cells_deleted": self.cells_deleted,
        }


def verify(
    store: Store, key: str, *, at: datetime, full: bool = False, fix: bool = False
) -> Verdict:
    """Check the contract's valid stored months (of its latest version) as of ``at``."""
    contract = store.contract(key)
    digest = store.latest_digest(contract)
    verdict = Verdict(key)
    if digest is None:
        return verdict
    _verify_cells(store, key, verdict, at=at, fix=fix)
    version = digest[0]
    rows = store.session.execute(
        select(
            FigureCache.month, FigureCache.payload, FigureCache.stale_after,
            FigureCache.fingerprint,
        ).where(
            FigureCache.contract_id == contract.id,
            FigureCache.service == "",
            FigureCache.month != figure_marks.GENERATION_MONTH,
            FigureCache.dirty.is_(False),
            FigureCache.version_sha256 == version,
            FigureCache.computed_at.is_not(None),
        ).order_by(FigureCache.month)
    ).all()  # fmt: skip
    valid = [r for r in rows if r.stale_after is None or r.stale_after > at]
    if not valid:
        return verdict
    inputs = figure_cache.inputs_of(store, key, now=at)
    now_print = figure_cache.inputs_fingerprint(inputs, version)
    doubtful = []
    for row in valid:
        if not full and row.fingerprint == now_print:
            verdict.unchanged.append(row.month)
        else:
            doubtful.append(row)
    if not doubtful:
        return verdict
    months = [Month.parse(r.month) for r in doubtful]
    scratch = month_figures(inputs=inputs, months=months, at=int(at.timestamp()))
    for row, month in zip(doubtful, months, strict=True):
        stored = None if row.payload is None else _loads(row.payload)
        if stored == summary(scratch[month]):
            verdict.equal.append(row.month)
        else:
            verdict.differing.append(row.month)
    if fix and verdict.differing:
        for label in verdict.differing:
            figure_marks.mark(store.session, contract.id, label, label)
        verdict.marked = True
    return verdict


def _verify_cells(store: Store, key: str, verdict: Verdict, *, at: datetime, fix: bool) -> None:
    """Each valid stored budget cell against the cell computed now (it holds until its
    ``stale_after``: the same as when it was stored); a differing one deleted with ``fix``."""
    epoch = int(at.timestamp())
    rows = budget_cells.stored_cells(store, key, at=epoch)
    if not rows:
        return
    scratch = budget_cells.computed_cell(store, budget_cells.asked_of(store, key), at=epoch).cell
    for row in rows:
        if _loads(row.payload, unreadable=_UNREADABLE) == scratch:
            verdict.cells_equal.append(row.month)
            continue
        verdict.cells_differing.append(row.month)
        if fix:
            store.session.delete(row)
            verdict.cells_deleted = True
    if verdict.cells_deleted:
        store.session.flush()


#: an undecodable payload: equal to no cell (not even None)
_UNREADABLE = object()


def _loads(text: str, unreadable: object = None) -> object:
    """The stored payload, or ``unreadable`` when it no longer decodes (it then differs)."""
    try:
        return figure_codec.loads(text)
    except (ValueError, KeyError, TypeError):
        return unreadable

"""The contracts page in pages of ``PAGE_SIZE`` rows (``?page=``), with totals over every
contract the user may see: the rows come from the figure cache for all contracts (cheap),
the budget cells and lint findings only for the rows shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from slaledger.adapters.web import figures

#: rows per page
PAGE_SIZE = 50


@dataclass(frozen=True)
class Slice:
    """Which rows a page shows: ``first``..``last`` (1-based) of ``total``."""

    page: int
    pages: int
    first: int
    last: int
    total: int

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


@dataclass(frozen=True)
class Totals:
    """Over every contract the user may see, not only the page's."""

    contracts: int
    #: contracts whose last month missed its target
    missed: int
    breached: int
    live: int
    #: the credits owed in each contract's last month, one total per currency
    owed: dict[str, Decimal]


def page_number(text: str) -> int:
    """The page asked (``?page=``): 1 unless a positive whole number."""
    return int(text) if text.isdigit() and int(text) > 0 else 1


def page_of(
    rows: Sequence[figures.Health], asked: int, size: int | None = None
) -> tuple[list[figures.Health], Slice]:
    """The rows of page ``asked`` (the last page when beyond it), ``size`` (else
    ``PAGE_SIZE``) to a page."""
    size = size or PAGE_SIZE
    total = len(rows)
    pages = max(1, -(-total // size))
    page = min(max(1, asked), pages)
    start = (page - 1) * size
    shown = list(rows[start : start + size])
    return shown, Slice(page, pages, start + 1 if shown else 0, start + len(shown), total)


def totals(rows: Sequence[figures.Health]) -> Totals:
    groups = [(r.record, [(r.month, r.credit)]) for r in rows if r.credit is not None]
    return Totals(
        contracts=len(rows),
        missed=sum(1 for r in rows if r.figure is not None and r.figure.met is False),
        breached=sum(r.breached for r in rows),
        live=sum(r.live for r in rows),
        owed=figures.totals_by_currency(groups),
    )

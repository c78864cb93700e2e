"""The contracts, credits and availability pages from stored figures.

A source that keeps a figure cache (``StoreSource``: ``light_record``, ``month_figures``,
``live_count``) gives each complete month's figures as stored (computed and stored
when missing or marked dirty by a write); the live clocks of open incidents are still
evaluated at request time. Any other source (``MemorySource``) computes everything
from its records, as before. Each function returns what the page shows and the oldest
instant its figures were computed at (None when computed now).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from slaledger.adapters.db.figure_cache import Cached
from slaledger.adapters.web import figures
from slaledger.adapters.web.budget_panel import current_cell
from slaledger.adapters.web.page import Web
from slaledger.adapters.web.source import ContractRecord, WebUser
from slaledger.domain.periods import Month
from slaledger.services.availability import CreditReport
from slaledger.services.budget_cell import BudgetCell


@runtime_checkable
class CachedSource(Protocol):
    def contract_figures(
        self,
        user: WebUser,
        key: str,
        months: Callable[[ContractRecord], Sequence[Month]],
        at: int,
        *,
        live: bool = False,
    ) -> tuple[ContractRecord, Cached, int | None] | None: ...

    def contracts_figures(
        self,
        user: WebUser,
        months: Callable[[ContractRecord], Sequence[Month]],
        at: int,
        *,
        live: bool = False,
    ) -> list[tuple[ContractRecord, Cached, int | None]]: ...


@runtime_checkable
class CellSource(Protocol):
    def budget_cells(
        self, records: Sequence[ContractRecord], at: int
    ) -> dict[str, BudgetCell | None]: ...


def _oldest(*stamps: datetime | None) -> datetime | None:
    known = [s for s in stamps if s is not None]
    return min(known) if known else None


def health_rows(web: Web, user: WebUser) -> tuple[list[figures.Health], datetime | None]:
    """The contracts page's rows as of now."""
    at = web.now()
    source = web.source
    if not isinstance(source, CachedSource):
        rows = [figures.health(r, at, provider=user.is_provider) for r in web.records(user)]
        return rows, None
    rows, stamps = [], []
    every = source.contracts_figures(
        user, lambda r: [figures.last_complete_month(r, at)], at, live=True
    )
    for record, cached, live in every:
        month = figures.last_complete_month(record, at)
        stored = cached.figures[month]
        stamps.append(cached.oldest)
        rows.append(
            figures.Health(
                record=record,
                month=month,
                figure=stored.availability,
                breached=stored.breached,
                live=live or 0,
                credit=stored.credit,
                findings=figures.findings(record) if user.is_provider else [],
            )
        )
    return rows, _oldest(*stamps)


def budget_cells(
    web: Web, user: WebUser, records: Sequence[ContractRecord]
) -> dict[str, BudgetCell | None]:
    """This month's budget cell of each record the contracts page shows: stored by a
    source that keeps them, else computed from the full record."""
    at = web.now()
    source = web.source
    if isinstance(source, CellSource):
        return source.budget_cells(records, at)
    cells: dict[str, BudgetCell | None] = {}
    for shown in records:
        record = source.contract(user, shown.key)
        cells[shown.key] = None if record is None else current_cell(record, at)
    return cells


def credits_groups(
    web: Web, user: WebUser, chosen: Month | None
) -> tuple[
    list[ContractRecord], list[tuple[ContractRecord, list[tuple[Month, CreditReport]]]],
    datetime | None,
]:  # fmt: skip
    """The credits page's records and, for each, the months of the twelve ending with
    ``chosen`` (else its last complete month) whose credit is owed or undetermined."""
    at = web.now()
    source = web.source
    cached_source = source if isinstance(source, CachedSource) else None
    if cached_source is None:
        records = web.records(user)
        groups = []
        for record in records:
            history = figures.credits_history(
                record, chosen or figures.last_complete_month(record, at)
            )
            shown = [(m, c) for m, c in history if c.credit.owed or c.credit.undetermined]
            groups.append((record, shown))
        return records, groups, None
    records, groups, stamps = [], [], []

    def months_of(r: ContractRecord) -> list[Month]:
        return figures.months_ending(chosen or figures.last_complete_month(r, at))

    for record, cached, _ in cached_source.contracts_figures(user, months_of, at):
        months = months_of(record)
        stamps.append(cached.oldest)
        history = [(m, r) for m in months if (r := cached.figures[m].credit) is not None]
        shown = [(m, c) for m, c in history if c.credit.owed or c.credit.undetermined]
        records.append(record)
        groups.append((record, shown))
    return records, groups, _oldest(*stamps)


def availability_points(
    web: Web, record: ContractRecord, last: Month
) -> tuple[list[figures.AvailabilityPoint], datetime | None]:
    """Each month's figure and its rolling 12 months, for the availability page."""
    source = web.source
    if not isinstance(source, CachedSource) or not figures.has_availability(record):
        return figures.availability_history(record, last), None
    months = figures.months_ending(last)
    found = source.contract_figures(_viewer(), record.key, lambda _: months, web.now())
    if found is None:
        return figures.availability_history(record, last), None
    cached = found[1]
    points = []
    for month in months:
        stored = cached.figures[month]
        assert stored.availability is not None
        assert stored.rolling is not None
        points.append(figures.AvailabilityPoint(month, stored.availability, stored.rolling))
    return points, cached.oldest


def _viewer() -> WebUser:
    """The page already checked the user may see the record: read it as the provider."""
    return WebUser(id="", email="", role="provider-admin")

"""CSV inputs of the ledger's commercial figures (formats in docs/obligations.md):

- engineer-day orders: ``on,engineer_days[,clause][,ref]``: work billed by the
  engineer-day (IMRI XIV: the restitution of data and software), ordered on ``on``;
- equipment ages: ``equipment,in_service,on[,price]``: an item in service since
  ``in_service`` and serviced on ``on`` (IMRI XI: the surcharge by equipment age).

Every row is checked before anything is returned (all or nothing); problems name the
file, the row and its line, the field, what was expected and what was found.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from slaledger.adapters.files.commercial_inputs import (
    _not_negative,
    _Table,
    parse_date,
    parse_decimal,
)
from slaledger.adapters.files.problems import describe
from slaledger.domain.message import Text, msg
from slaledger.services.ledger_inputs import DayOrder, EquipmentAge


def read_day_orders(path: str | Path, *, fee_clauses: Collection[str]) -> tuple[DayOrder, ...]:
    """Engineer-day orders; ``fee_clauses`` are the contract's fee clause ids."""
    table = _Table(path, ("on", "engineer_days"), ("clause", "ref"))
    orders: list[DayOrder] = []
    known: Text = ", ".join(sorted(fee_clauses)) or msg("input.found.none")
    for row in table.rows:
        on = table.field(row, "on", parse_date)
        days = table.field(row, "engineer_days", _not_negative)
        clause = row.values.get("clause", "") or None
        if clause is not None and clause not in fee_clauses:
            table.problem(row, "clause", msg("input.files.fee-clause", known=known), clause)
        if on is not None and days is not None:
            orders.append(DayOrder(on, days, clause, row.values.get("ref", "")))
    if not table.rows:
        table.problem(None, "", msg("input.files.at-least-one-row"), msg("input.found.none"))
    table.finish()
    return tuple(orders)


def read_equipment(path: str | Path) -> tuple[EquipmentAge, ...]:
    """Equipment ages: each item's service date and the day it is serviced."""
    table = _Table(path, ("equipment", "in_service", "on"), ("price",))
    items: list[EquipmentAge] = []
    for row in table.rows:
        name = row.values.get("equipment", "")
        since = table.field(row, "in_service", parse_date)
        on = table.field(row, "on", parse_date)
        price = table.optional(row, "price", parse_decimal)
        if not name:
            table.problem(row, "equipment", msg("input.files.name-or-reference"), describe(None))
        if since is not None and on is not None and on < since:
            table.problem(
                row, "on", msg("input.files.day-from-service", since=str(since)), on.isoformat()
            )
        elif since is not None and on is not None and name:
            items.append(EquipmentAge(name, since, on, price))
    if not table.rows:
        table.problem(None, "", msg("input.files.at-least-one-row"), msg("input.found.none"))
    table.finish()
    return tuple(items)

"""``sla price``: the price of a year revised by the contract's index clause.

Amounts in JSON are strings of decimals ("10200.00"), so that no binary float ever
rounds them; days are YYYY-MM-DD.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import click

from slaledger.adapters.cli.opened import OpenedContract, print_json
from slaledger.adapters.cli.values import decimal_value
from slaledger.adapters.files.commercial_inputs import read_index_series
from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.domain.commercial.indexes import MissingIndexError
from slaledger.domain.commercial.money import ROUNDING_RULE
from slaledger.domain.commercial.revision import RevisedPrice, revise_price, revision_day_for
from slaledger.domain.message import msg


@click.command("price")
@click.argument("contract", type=click.Path(dir_okay=False))
@click.option("--year", type=int, required=True, help="the year the revised price applies to")
@click.option("--base-price", "base", required=True, help="the price of the year before")
@click.option(
    "--index", "index_file", type=click.Path(dir_okay=False), required=True, help="CSV period,value"
)
@click.option(
    "--clause", "clause_id", help="the price revision clause, when the contract has several"
)
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def price(
    contract: str, year: int, base: str, index_file: str, clause_id: str | None, as_json: bool
) -> None:
    """The price of YEAR revised by the contract's index clause."""
    opened = OpenedContract(load_contract(contract))
    base_price = decimal_value(base, "--base-price")
    clauses = opened.contract.commercial.price_revisions
    first_on = clauses[0].on if clauses else None
    on = revision_day_for(first_on, year) if first_on else date(year, 1, 1)
    revision = opened.pick(clauses, on, "price revision", clause_id)
    series = read_index_series(index_file, name=revision.index)
    try:
        revised = revise_price(revision, year=year, base_price=base_price, series=series)
    except MissingIndexError as exc:
        raise InputError(
            [
                Problem(
                    file=index_file,
                    field="period",
                    expected=msg("input.cli.index-row", needed=exc.needed),
                    found=msg("input.found.none"),
                )
            ]
        ) from None
    if as_json:
        print_json(price_json(opened.contract.id, revised))
    else:
        click.echo(price_text(revised))


def _point(point: Any) -> dict[str, Any]:
    return {
        "period": str(point.period),
        "value": str(point.value),
        "published": point.published.isoformat() if point.published else None,
    }


def price_json(contract_id: str, revised: RevisedPrice) -> dict[str, Any]:
    return {
        "contract": contract_id,
        "clause": revised.clause_id,
        "article": revised.article,
        "year": revised.year,
        "revision_day": revised.revision_day.isoformat(),
        "base_price": str(revised.base_price),
        "price": str(revised.price),
        "formula": revised.formula,
        "by_formula": str(revised.by_formula),
        "index": revised.index,
        "index_new": _point(revised.index_new),
        "index_old": _point(revised.index_old),
        "index_change_percent": str(revised.change_percent),
        "floor_percent": None if revised.floor_percent is None else str(revised.floor_percent),
        "floor_applied": revised.floor_applied,
        "upward_only_applied": revised.upward_only_applied,
        "rounding": ROUNDING_RULE,
    }


def price_text(r: RevisedPrice) -> str:
    lines = [
        f"{r.price}  price for {r.year} [{r.clause_id}, {r.article}]",
        f"  formula: {r.formula} = {r.base_price} x {r.index_new.value} / "
        f"{r.index_old.value} = {r.by_formula.quantize(Decimal('0.000001')).normalize():f}",
        f"  {r.index} new: {r.index_new.period} = {r.index_new.value} "
        f"(revision of {r.revision_day})",
        f"  {r.index} old: {r.index_old.period} = {r.index_old.value}",
        f"  index change: {r.change_percent:.4f} %",
    ]
    if r.floor_applied:
        lines.append(
            f"  floor: the index rose less than {r.floor_percent} %, "
            f"so the price rises by {r.floor_percent} %"
        )
    if r.upward_only_applied:
        lines.append("  upward only: the index fell, the price stays")
    lines.append(f"  {ROUNDING_RULE}")
    return "\n".join(lines)

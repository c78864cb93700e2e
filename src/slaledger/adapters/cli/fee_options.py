"""The fee options of ``sla credits`` and ``sla report``: ``--billing`` (the invoiced fees,
a billing CSV) and ``--index`` (the index values the contract's price revisions read).
With ``--fee`` they decide the fee a credit is computed on (docs/billing.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from slaledger.adapters.files.billing import read_billing
from slaledger.adapters.files.commercial_inputs import read_index_series
from slaledger.domain.commercial.indexes import IndexSeries
from slaledger.domain.commercial.prices import InvoicedFee
from slaledger.domain.contract.contract import Contract
from slaledger.services.fees import FeeBook

F = TypeVar("F", bound=Callable[..., Any])


def fee_book_options(command: F) -> F:
    options = [
        click.option(
            "--billing",
            "billing_file",
            type=click.Path(dir_okay=False),
            help=(
                "the invoiced fees (CSV [contract,]service,month,amount,currency; rows of "
                "other contracts are left out): used when no --fee"
            ),
        ),
        click.option(
            "--index",
            "index_file",
            type=click.Path(dir_okay=False),
            help="index values (CSV period,value) for the price revisions of the contract prices",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def fee_book(contract: Contract, options: dict[str, Any]) -> FeeBook:
    """The invoiced fees and index series the options name (none: an empty book)."""
    invoiced: tuple[InvoicedFee, ...] = ()
    if options.get("billing_file"):
        invoiced = read_billing(options["billing_file"], contract=contract.id, skip_others=True)
    indexes: dict[str, IndexSeries] = {}
    if options.get("index_file"):
        for name in {r.index for r in contract.commercial.price_revisions} or {"index"}:
            indexes[name] = read_index_series(options["index_file"], name=name)
    return FeeBook(invoiced=invoiced, indexes=indexes)

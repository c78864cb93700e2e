"""``sla penalties``: the due dates and late-payment penalties of invoices on a day.

Amounts in JSON are strings of decimals ("10200.00"), so that no binary float ever
rounds them; days are YYYY-MM-DD.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import click

from slaledger.adapters.cli.opened import OpenedContract, print_json, today
from slaledger.adapters.cli.values import day_value
from slaledger.adapters.files.commercial_inputs import read_invoices, read_legal_rates
from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.domain.commercial.money import ROUNDING_RULE
from slaledger.domain.commercial.payments import LatePayment, MissingQuoteDateError
from slaledger.domain.message import msg
from slaledger.services.payments import InvoiceRateError, LatePaymentClauseError, late_payments


@click.command("penalties")
@click.argument("contract", type=click.Path(dir_okay=False))
@click.option(
    "--invoices",
    "invoices_file",
    type=click.Path(dir_okay=False),
    required=True,
    help="CSV invoices",
)
@click.option(
    "--rates", "rates_file", type=click.Path(dir_okay=False), required=True, help="CSV legal rates"
)
@click.option("--at", "at", help="day of the computation YYYY-MM-DD (default: today)")
@click.option(
    "--rate-date",
    "rate_date",
    help="read the legal rate on this day for every invoice, whatever the clause says "
    "(default: the clause's legal_rate_on)",
)
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def penalties(
    contract: str,
    invoices_file: str,
    rates_file: str,
    at: str | None,
    rate_date: str | None,
    as_json: bool,
) -> None:
    """Due dates and late-payment penalties of the invoices, on AT."""
    opened = OpenedContract(load_contract(contract))
    on = day_value(at, "--at") if at else today(opened.zone)
    fixed = day_value(rate_date, "--rate-date") if rate_date else None
    invoices = read_invoices(invoices_file)
    rates = read_legal_rates(rates_file)
    try:
        results = late_payments(
            contract=opened.contract, invoices=invoices, rates=rates, at=on, rate_fixed_on=fixed
        )
    except LatePaymentClauseError as exc:
        raise InputError(
            [
                Problem(
                    file=opened.loaded.file,
                    field="late payment",
                    expected=str(exc),
                    found=(
                        msg("input.found.none")
                        if not exc.clauses
                        else msg("input.found.clauses", n=len(exc.clauses))
                    ),
                )
            ]
        ) from None
    except MissingQuoteDateError as exc:
        raise InputError(
            [
                Problem(
                    file=opened.loaded.file,
                    field="commercial.quote_date",
                    expected=msg(
                        "input.cli.quote-date", clause=exc.clause_id, file=str(invoices_file)
                    ),
                    found=f"none for invoice {exc.invoice}",
                )
            ]
        ) from None
    except InvoiceRateError as exc:
        first = rates.rates[0].start.isoformat()
        raise InputError(
            [
                Problem(
                    file=rates_file,
                    field="period",
                    expected=msg(
                        "input.cli.legal-rate-invoice", day=str(exc.day), invoice=str(exc.invoice)
                    ),
                    found=f"a series that starts on {first}",
                )
            ]
        ) from None
    if as_json:
        print_json(penalties_json(opened.contract.id, on, results))
    else:
        click.echo(penalties_text(on, results))


def penalties_json(contract_id: str, on: date, results: list[LatePayment]) -> dict[str, Any]:
    return {
        "contract": contract_id,
        "at": on.isoformat(),
        "rounding": ROUNDING_RULE,
        "invoices": [
            {
                "invoice": r.invoice.id,
                "clause": r.clause_id,
                "article": r.article,
                "issued": r.invoice.issued.isoformat(),
                "amount": str(r.invoice.amount),
                "due": r.due.isoformat(),
                "paid": r.invoice.paid.isoformat() if r.invoice.paid else None,
                "days_late": r.days_late,
                "rate_rule": r.rate_rule,
                "rate_fixed_on": r.rate_fixed_on.isoformat() if r.rate_fixed_on else None,
                "rate_day_source": r.rate_day_source,
                "pieces": [
                    {
                        "from": p.first.isoformat(),
                        "to": p.last.isoformat(),
                        "days": p.days,
                        "legal_rate": str(p.legal_rate),
                        "annual_rate": str(p.annual_rate),
                    }
                    for p in r.pieces
                ],
                "interest": str(r.interest),
                "fixed_fee": str(r.fixed_fee),
                "total": str(r.total),
                "termination_right_from": r.termination_right_from.isoformat()
                if r.termination_right_from
                else None,
                "may_terminate": _may_terminate(r, on),
            }
            for r in results
        ],
        "total": str(sum((r.total for r in results), Decimal(0))),
    }


_RATE_DAY = {
    "invoice-quote-date": "the invoice's quote date",
    "contract-quote-date": "the quote date",
    "given": "--rate-date",
}


def _may_terminate(r: LatePayment, on: date) -> bool:
    return r.termination_right_from is not None and not r.paid and on >= r.termination_right_from


def penalties_text(on: date, results: list[LatePayment]) -> str:
    lines = [f"late-payment penalties on {on.isoformat()}", ""]
    for r in results:
        paid = f"paid {r.invoice.paid}" if r.invoice.paid else "unpaid"
        lines.append(
            f"{r.invoice.id}: {r.invoice.amount} issued {r.invoice.issued}, due {r.due}, {paid}: "
            f"{r.days_late} days late, interest {r.interest} + fee {r.fixed_fee} "
            f"= {r.total} [{r.clause_id}]"
        )
        on_day = (
            ""
            if r.rate_fixed_on is None
            else f" in force on {r.rate_fixed_on}, {_RATE_DAY[r.rate_day_source]}"
        )
        for p in r.pieces:
            lines.append(
                f"  {p.first} to {p.last}: {p.days} days at {p.annual_rate} % "
                f"({r.rate_rule}, legal rate {p.legal_rate} %{on_day})"
            )
        if _may_terminate(r, on):
            lines.append(
                f"  the provider may terminate (more than the allowed delay since {r.due})"
            )
    total = sum((r.total for r in results), Decimal(0))
    lines += ["", f"total {total} ({ROUNDING_RULE})"]
    return "\n".join(lines)

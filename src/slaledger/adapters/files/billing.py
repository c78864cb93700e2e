"""The billing CSV: the fees actually invoiced, per contract, service and month.

Header ``contract,service,month,amount,currency[,source]`` (``contract`` may be left out
when the import names the contract; ``service`` empty: the whole contract's fee). Every
row is checked before anything is returned (all or nothing): a month ``YYYY-MM``, an
amount of zero or more, at most ``MAX_FEE`` and with no more decimals than the
currency's minor unit, an ISO 4217 currency, each contract, service and month once.
Problems name the file, the row (1 = the first data row), its line and the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from slaledger.adapters.files.commercial_inputs import Row, _Table
from slaledger.adapters.files.problems import Problem, describe
from slaledger.domain.commercial.prices import InvoicedFee
from slaledger.domain.contract.values import Money
from slaledger.domain.message import Text, msg
from slaledger.domain.periods import Month
from slaledger.services.currency import MAX_FEE, FeeError, at_most_a_fee, currency_decimals

COLUMNS = ("service", "month", "amount", "currency")
OPTIONAL = ("contract", "source")


class _GivenRows(_Table):
    """Rows given as values (an API request's body), checked as a file's rows are."""

    def __init__(self, name: str, rows: Sequence[Mapping[str, str]]) -> None:
        self.file = name
        self.problems = []
        self.rows = [
            Row(i, 0, {k: str(v).strip() for k, v in r.items()}) for i, r in enumerate(rows, 1)
        ]

    def problem(self, row: Row | None, field: str, expected: Text, found: Text) -> None:
        number = None if row is None else row.number
        self.problems.append(Problem(self.file, field, expected, found, row=number))


def read_billing(
    path: str | Path, *, contract: str | None = None, skip_others: bool = False
) -> tuple[InvoicedFee, ...]:
    """The invoiced fees of the file; ``contract``: the contract rows without one are of
    (rows naming another are refused, or with ``skip_others`` checked and left out: a
    finance team's export holds every contract, a computation of one reads its own)."""
    table = _Table(path, COLUMNS, OPTIONAL)
    fees = _fees(table, Path(path).name, None if skip_others else contract, fallback=contract)
    return tuple(f for f in fees if not skip_others or f.contract == contract)


def billing_rows(
    rows: Sequence[Mapping[str, str]], *, contract: str, name: str = "request body"
) -> tuple[InvoicedFee, ...]:
    """Fees given as rows of values (``service``, ``month``, ``amount``, ``currency``),
    checked as the file's rows are; problems name ``name`` and the row (1 = the first)."""
    return _fees(_GivenRows(name, rows), name, contract)


def _fees(
    table: _Table, name: str, contract: str | None, *, fallback: str | None = None
) -> tuple[InvoicedFee, ...]:
    fees: list[InvoicedFee] = []
    seen: dict[tuple[str, str, Month], int] = {}
    for row in table.rows:
        key = _contract(table, row, contract, fallback or contract)
        month = _month(table, row)
        currency = _currency(table, row)
        amount = _amount(table, row, currency)
        service = row.values.get("service", "")
        if key is None or month is None or currency is None or amount is None:
            continue
        where = (key, service, month)
        if where in seen:
            table.problem(
                row, "month",
                msg("input.files.fee-once", row=seen[where]),
                str(month),
            )  # fmt: skip
            continue
        seen[where] = row.number
        source = row.values.get("source", "") or f"{name} row {row.number}"
        fees.append(
            InvoicedFee(key, service or None, month, Money(amount, currency), source, row.number)
        )
    table.finish()
    return tuple(fees)


def _contract(table: _Table, row: Row, contract: str | None, blank: str | None) -> str | None:
    """The row's contract: its own, else ``blank``; a row naming another than
    ``contract`` (when given) is refused."""
    given = row.values.get("contract", "")
    if contract is not None and given and given != contract:
        expected = msg("input.files.the-contract", contract=contract)
        table.problem(row, "contract", expected, describe(given))
        return None
    if not given and blank is None:
        table.problem(row, "contract", msg("input.files.contract-id"), describe(None))
        return None
    return given or blank


def _month(table: _Table, row: Row) -> Month | None:
    text = row.values.get("month", "")
    try:
        return Month.parse(text)
    except ValueError:
        table.problem(row, "month", msg("input.files.month"), describe(text or None))
        return None


def _currency(table: _Table, row: Row) -> str | None:
    text = row.values.get("currency", "")
    try:
        currency_decimals(text)
    except FeeError as exc:
        table.problem(row, "currency", exc.expected, describe(text or None))
        return None
    return text


def _amount(table: _Table, row: Row, currency: str | None) -> Decimal | None:
    text = row.values.get("amount", "")
    found = describe(text or None)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        table.problem(row, "amount", msg("input.files.decimal-amount"), found)
        return None
    if not amount.is_finite() or amount < 0:
        table.problem(row, "amount", msg("input.files.amount-zero-or-more"), found)
        return None
    if amount > MAX_FEE:
        table.problem(row, "amount", at_most_a_fee(), found)
        return None
    if currency is not None:
        decimals = currency_decimals(currency)
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > decimals:
            table.problem(
                row,
                "amount",
                msg("input.files.decimals-for", decimals=decimals, currency=currency),
                found,
            )
            return None
    return amount

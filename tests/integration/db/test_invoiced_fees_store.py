"""Invoiced fees in the store, on SQLite and PostgreSQL: a billing file imported all or
nothing, with errors naming the row and the field; a repeat replaces, never doubles."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from slaledger.adapters.db.audit import verify
from slaledger.adapters.db.errors import ImportRefused
from slaledger.adapters.db.store import Store
from slaledger.adapters.files.billing import read_billing
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from slaledger.domain.contract.values import Money
from slaledger.domain.periods import Month

ROOT = Path(__file__).resolve().parents[3]
IPFOLIO = ROOT / "examples" / "contracts" / "000-ipfolio.yaml"
KEY = "ipfolio-support-policy"
HEADER = "contract,service,month,amount,currency\n"


def _file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "billing.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _stored(store: Store) -> Store:
    store.upload_contract_file(str(IPFOLIO), accept_lint_errors=True)
    store.commit()
    return store


def test_a_billing_file_s_fees_come_back_in_their_currency(store: Store, tmp_path: Path):
    _stored(store)
    fees = read_billing(
        _file(tmp_path, f"{KEY},ipfolio,2024-03,1250.00,EUR\n{KEY},,2024-04,99,EUR\n")
    )
    assert store.import_invoiced_fees(fees, "billing.csv") == 2
    store.commit()
    back = store.invoiced_fees(KEY)
    assert [(f.service, f.month, f.fee) for f in back] == [
        ("ipfolio", Month(2024, 3), Money(Decimal("1250.00"), "EUR")),
        (None, Month(2024, 4), Money(Decimal("99.00"), "EUR")),
    ]
    assert verify(store.session).ok


def test_importing_a_month_again_replaces_its_fee(store: Store, tmp_path: Path):
    _stored(store)
    store.import_invoiced_fees(
        read_billing(_file(tmp_path, f"{KEY},ipfolio,2024-03,100,EUR\n")), "a"
    )
    store.import_invoiced_fees(
        read_billing(_file(tmp_path, f"{KEY},ipfolio,2024-03,120,EUR\n")), "b"
    )
    store.commit()
    assert [f.fee.amount for f in store.invoiced_fees(KEY)] == [Decimal("120.00")]


def test_an_unknown_service_refuses_the_whole_file_naming_the_row(store: Store, tmp_path: Path):
    _stored(store)
    fees = read_billing(
        _file(tmp_path, f"{KEY},ipfolio,2024-03,100,EUR\n{KEY},nowhere,2024-04,100,EUR\n")
    )
    with pytest.raises(ImportRefused) as refused:
        store.import_invoiced_fees(fees, "billing.csv")
    store.commit()
    (problem,) = refused.value.problems
    assert (problem.row, problem.field, problem.found) == (2, "service", "'nowhere'")
    assert store.invoiced_fees(KEY) == ()


def test_an_unknown_contract_is_refused(store: Store, tmp_path: Path):
    _stored(store)
    with pytest.raises(ImportRefused, match="a stored contract"):
        store.import_invoiced_fees(read_billing(_file(tmp_path, "other,,2024-03,1,EUR\n")), "f")


def test_replacing_the_contract_s_fees_removes_those_not_named(store: Store, tmp_path: Path):
    _stored(store)
    store.import_invoiced_fees(
        read_billing(_file(tmp_path, f"{KEY},,2024-03,1,EUR\n{KEY},,2024-04,2,EUR\n")), "f"
    )
    store.replace_invoiced_fees(
        KEY, read_billing(_file(tmp_path, f"{KEY},,2024-05,3,USD\n")), "api"
    )
    store.commit()
    assert [(f.month, f.fee) for f in store.invoiced_fees(KEY)] == [
        (Month(2024, 5), Money(Decimal("3.00"), "USD"))
    ]


@pytest.mark.parametrize(
    ("row", "field", "expected"),
    [
        (f"{KEY},,2024-03,10,XYZ", "currency", "ISO 4217"),
        (f"{KEY},,2024-03,-5,EUR", "amount", "zero or more"),
        (f"{KEY},,2024-03,99999999999,EUR", "amount", "at most"),
        (f"{KEY},,2024-03,10.001,EUR", "amount", "at most 2 decimals for EUR"),
        (f"{KEY},,2024-13,10,EUR", "month", "YYYY-MM"),
        (f"{KEY},,2024-03,10,EUR\n{KEY},,2024-03,11,EUR", "month", "once (also on row 1)"),
    ],
)
def test_a_bad_row_of_the_billing_file_names_its_row_and_field(tmp_path, row, field, expected):
    with pytest.raises(InputError) as caught:
        read_billing(_file(tmp_path, row + "\n"))
    problem = caught.value.problems[-1]
    assert problem.field == field
    assert expected in english(problem.expected)
    assert problem.row is not None

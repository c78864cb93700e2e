"""The credits page's totals: one per currency, never a sum of mixed currencies."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.coverage import covers_option, declare
from slaledger.adapters.files.observations import read_outages
from slaledger.adapters.web import figures
from slaledger.adapters.web.source import ContractRecord
from slaledger.domain.contract.values import Money
from slaledger.domain.periods import Month
from slaledger.services.availability import Observations
from tests.conftest import ROOT

MARCH = Month(2024, 3)
OUTAGES = "service,start,end,category,reported_at,reference,note\n"


def _record(tmp_path: Path, key: str, fee: Money | None) -> ContractRecord:
    """000 with the worked example's 500 reported minutes in March 2024 (25 %)."""
    path = tmp_path / f"{key}.csv"
    path.write_text(OUTAGES + "ipfolio,2024-03-05T10:00:00Z,2024-03-05T18:20:00Z,unplanned,"
                    "2024-03-05T10:05:00Z,I-1,\n", encoding="utf-8")  # fmt: skip
    outages = declare(read_outages(path), covers_option(["2024-03..2024-03"], ZoneInfo("UTC")))
    loaded = load_contract(ROOT / "examples" / "contracts" / "000-ipfolio.yaml")
    return ContractRecord(key=key, customer=key, provider="p", loaded=loaded,
                          observations=Observations(outages=outages), monthly_fee=fee)  # fmt: skip


def _groups(records: list[ContractRecord]):  # type: ignore[no-untyped-def]
    groups = []
    for record in records:
        report = figures.credit(record, MARCH)
        assert report is not None
        groups.append((record, [(MARCH, report)]))
    return groups


def test_credits_of_several_contracts_are_totalled_per_currency(tmp_path: Path) -> None:
    records = [
        _record(tmp_path, "a", Money(Decimal(1000), "EUR")),
        _record(tmp_path, "b", Money(Decimal("2000.10"), "EUR")),
        _record(tmp_path, "c", Money(Decimal(400), "USD")),
        _record(tmp_path, "d", None),  # no fee: a percentage, no amount, in no total
    ]
    totals = figures.totals_by_currency(_groups(records))
    assert totals == {"EUR": Decimal("750.03"), "USD": Decimal("100.00")}  # 250 + 500.025↑


def test_a_credit_is_worth_its_percent_of_the_records_fee(tmp_path: Path) -> None:
    record = _record(tmp_path, "a", Money(Decimal(1000), "EUR"))
    ((_, [(_, report)]),) = _groups([record])
    money = figures.credit_money(record, report)
    assert money is not None
    assert (money.amount, money.currency) == (Decimal("250.00"), "EUR")

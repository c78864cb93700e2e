"""Engineer-day orders and equipment ages: the ledger's CSV inputs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from slaledger.adapters.files.commercial_orders import read_day_orders, read_equipment
from slaledger.adapters.files.problems import InputError
from slaledger.services.ledger_inputs import DayOrder, EquipmentAge


def test_orders_are_read_with_their_clause_and_reference(tmp_path):
    path = tmp_path / "engineer-days.csv"
    path.write_text("on,engineer_days,clause,ref\n2024-06-20,3,data-return-fee,RAR-6\n")
    assert read_day_orders(path, fee_clauses={"data-return-fee"}) == (
        DayOrder(date(2024, 6, 20), Decimal(3), "data-return-fee", "RAR-6"),
    )


def test_an_order_naming_no_fee_clause_is_refused_with_the_known_ones(tmp_path):
    path = tmp_path / "engineer-days.csv"
    path.write_text("on,engineer_days,clause\n2024-06-20,-1,data-return\n")
    with pytest.raises(InputError) as caught:
        read_day_orders(path, fee_clauses={"data-return-fee"})
    text = str(caught.value)
    assert "engineer_days" in text
    assert "zero or more" in text
    assert "a fee clause of the contract (data-return-fee)" in text
    assert "row 1" in text


def test_equipment_serviced_before_it_entered_service_is_refused(tmp_path):
    path = tmp_path / "equipment.csv"
    path.write_text("equipment,in_service,on,price\nSRV-1,2021-02-10,2020-03-15,450.00\n"
                    "PC-2,2022-09-01,2024-10-03,\n")  # fmt: skip
    with pytest.raises(InputError, match="on or after in_service 2021-02-10"):
        read_equipment(path)


def test_equipment_rows_are_read_with_an_optional_price(tmp_path):
    path = tmp_path / "equipment.csv"
    path.write_text("equipment,in_service,on,price\nPC-2,2022-09-01,2024-10-03,\n")
    assert read_equipment(path) == (EquipmentAge("PC-2", date(2022, 9, 1), date(2024, 10, 3)),)

"""A credit note is credited on the statement of the month it was issued in, in the
contract's zone: a note issued at 00:30 on 1 April in Paris (22:30 UTC on 31 March) is
April's, not March's."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from slaledger.domain.periods import Month
from slaledger.services.statements import CreditedLine, credited_lines

PARIS = ZoneInfo("Europe/Paris")


def _note(number: str, issued: datetime) -> CreditedLine:
    return CreditedLine(
        number=number,
        issued=issued,
        month="2024-02",
        service="saas",
        unit="days-of-subscription",
        granted=Decimal(2),
        amount=None,
        currency=None,
    )


NOTES = (
    _note("CN-2024-0002", datetime(2024, 3, 31, 22, 30, tzinfo=UTC)),  # 1 April, 00:30 Paris
    _note("CN-2024-0001", datetime(2024, 3, 20, 9, tzinfo=UTC)),
    _note("CN-2024-0000", datetime(2024, 2, 29, 23, 0, tzinfo=UTC)),  # 1 March, 00:00 Paris
)


@pytest.mark.parametrize(
    ("month", "numbers"),
    [
        ("2024-02", []),  # 23:00 UTC on 29 February is already March in Paris
        ("2024-03", ["CN-2024-0000", "CN-2024-0001"]),  # in the order of issue
        ("2024-04", ["CN-2024-0002"]),
    ],
)
def test_a_note_is_credited_on_the_statement_of_its_month_of_issue(month, numbers) -> None:
    lines = credited_lines(NOTES, Month.parse(month), PARIS)
    assert [line.number for line in lines] == numbers
    assert all(line.issued.tzinfo == PARIS for line in lines)

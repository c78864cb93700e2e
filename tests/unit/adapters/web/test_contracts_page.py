"""The contracts page's slices: pages of ``PAGE_SIZE`` rows, the last page when asked
beyond it, page 1 for anything but a positive whole number."""

from __future__ import annotations

import pytest

from slaledger.adapters.web import contracts_page


@pytest.mark.parametrize(
    ("text", "number"), [("1", 1), ("3", 3), ("0", 1), ("-2", 1), ("x", 1), ("", 1)]
)
def test_the_page_asked_is_a_positive_whole_number_else_the_first(text: str, number: int) -> None:
    assert contracts_page.page_number(text) == number


def test_rows_are_cut_in_pages_and_beyond_the_last_is_the_last() -> None:
    rows = list(range(120))
    shown, where = contracts_page.page_of(rows, 2)  # type: ignore[arg-type]
    assert shown == list(range(50, 100))
    assert (where.page, where.pages, where.first, where.last, where.total) == (2, 3, 51, 100, 120)
    assert (where.previous, where.next) == (1, 3)
    shown, where = contracts_page.page_of(rows, 7)  # type: ignore[arg-type]
    assert shown == list(range(100, 120))
    assert (where.page, where.next) == (3, None)


def test_no_rows_is_one_empty_page() -> None:
    shown, where = contracts_page.page_of([], 4)
    assert shown == []
    assert (where.page, where.pages, where.first, where.last) == (1, 1, 0, 0)

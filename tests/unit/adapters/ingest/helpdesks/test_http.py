"""The one pager of the connectors: offsets or page numbers, a count or short pages."""

from __future__ import annotations

import pytest

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from slaledger.adapters.ingest.helpdesks.http import Page, pages

ROWS = list(range(7))


def offsets(*, counted: bool, grow_at: int | None = None):
    asked: list[int] = []

    def read(start: int) -> Page:
        asked.append(start)
        count = len(ROWS) + (1 if grow_at is not None and start >= grow_at else 0)
        return ROWS[start : start + 3], count if counted else None, f"offset {start}"

    return read, asked


@pytest.mark.parametrize(
    "counted",
    [
        True,  # ServiceNow's X-Total-Count, Jira's total, GLPI's Content-Range
        False,  # no count: a page shorter than the size is the last
    ],
)
def test_offset_pages_read_every_row_once(counted):
    read, asked = offsets(counted=counted)
    found = [row for rows, _ in pages(read, size=3) for row in rows]
    assert found == ROWS
    assert asked == [0, 3, 6]


def test_numbered_pages_end_at_a_short_page():
    asked: list[int] = []

    def read(page: int) -> Page:
        asked.append(page)
        return ROWS[(page - 1) * 3 : page * 3], None, f"page {page}"

    found = [row for rows, _ in pages(read, size=3, first=1, numbered=True) for row in rows]
    assert found == [0, 1, 2, 3, 4, 5, 6]
    assert asked == [1, 2, 3]


def test_a_full_last_page_without_a_count_asks_once_more_and_stops_at_the_empty_one():
    asked: list[int] = []

    def read(start: int) -> Page:
        asked.append(start)
        return ROWS[:6][start : start + 3], None, ""

    assert sum(len(rows) for rows, _ in pages(read, size=3)) == 6
    assert asked == [0, 3, 6]


def test_a_count_that_changes_between_pages_refuses_the_read():
    read, _ = offsets(counted=True, grow_at=3)
    with pytest.raises(InputError) as refused:
        list(pages(read, size=3))
    assert "7 in all, then 8" in english(refused.value.problems[0].found)
    assert refused.value.problems[0].file == "offset 3"


def test_pages_start_where_they_are_told():
    read, asked = offsets(counted=True)
    assert [row for rows, _ in pages(read, size=3, first=5) for row in rows] == [5, 6]
    assert asked == [5]

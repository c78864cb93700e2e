"""The first worksheet of an Office Open XML workbook (``.xlsx``) as rows of text, with
the standard library only (zip + XML): what a helpdesk's spreadsheet export needs.

Cells are read as Excel stores them: shared strings (``t="s"``), inline strings, formula
strings, booleans and numbers. A number whose cell style has a date or time format
(built-in formats 14-22 and 45-47, or a custom format with y, d, h or s outside quotes
and brackets) is a date serial: it becomes ``YYYY-MM-DD HH:MM:SS``, without an offset,
as the workbook shows it (1900 date system; the 1904 system when the workbook says so).
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DATE_FORMATS = {*range(14, 23), 45, 46, 47}
_CELL = re.compile(r"^([A-Z]+)(\d+)$")
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


class WorkbookError(ValueError):
    """Not a workbook this reader can read (the reason in words)."""


def _column(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _is_date_format(code: str) -> bool:
    bare = _QUOTED.sub("", code).lower()
    return any(part in bare for part in ("y", "d", "h", "s")) and "general" not in bare


def _date_styles(book: zipfile.ZipFile) -> set[int]:
    """The indexes of the cell styles (``cellXfs``) that show a date or a time."""
    try:
        root = ElementTree.fromstring(book.read("xl/styles.xml"))
    except KeyError:
        return set()
    custom = {
        int(f.get("numFmtId", "-1")): _is_date_format(f.get("formatCode", ""))
        for f in root.iter(f"{_MAIN}numFmt")
    }
    styles = root.find(f"{_MAIN}cellXfs")
    found = set()
    for index, xf in enumerate(styles if styles is not None else []):
        number = int(xf.get("numFmtId", "0"))
        if number in _DATE_FORMATS or custom.get(number, False):
            found.add(index)
    return found


def _first_sheet(book: zipfile.ZipFile) -> str:
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        raise WorkbookError("a workbook without a worksheet")
    target = "xl/worksheets/sheet1.xml"
    rel_id = sheet.get(f"{_REL}id")
    try:
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return target
    for rel in rels.iter(f"{_PACKAGE_REL}Relationship"):
        if rel.get("Id") == rel_id:
            path = rel.get("Target", "")
            target = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
    return target


def _epoch_of_book(book: zipfile.ZipFile) -> datetime:
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    pr = workbook.find(f"{_MAIN}workbookPr")
    if pr is not None and pr.get("date1904") in {"1", "true"}:
        return datetime(1904, 1, 1)
    return datetime(1899, 12, 30)


def _text(element: ElementTree.Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def read_first_sheet(path: Path) -> list[list[str]]:
    """The rows of the workbook's first worksheet, each cell as text ("" when empty)."""
    try:
        with zipfile.ZipFile(path) as book:
            strings = [
                _text(item)
                for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(
                    f"{_MAIN}si"
                )
            ] if "xl/sharedStrings.xml" in book.namelist() else []  # fmt: skip
            dates = _date_styles(book)
            origin = _epoch_of_book(book)
            sheet = ElementTree.fromstring(book.read(_first_sheet(book)))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise WorkbookError(f"not an .xlsx workbook ({exc})") from None
    rows: dict[int, dict[int, str]] = {}
    for row in sheet.iter(f"{_MAIN}row"):
        for cell in row.iter(f"{_MAIN}c"):
            found = _CELL.match(cell.get("r", ""))
            if found is None:
                continue
            kind, value = cell.get("t", "n"), _text(cell.find(f"{_MAIN}v"))
            if kind == "s":
                text = strings[int(value)] if value.isdigit() and int(value) < len(strings) else ""
            elif kind == "inlineStr":
                text = _text(cell.find(f"{_MAIN}is"))
            elif kind == "b":
                text = "true" if value == "1" else "false"
            elif kind == "n" and value and int(cell.get("s", "0")) in dates:
                moment = origin + timedelta(days=float(value))
                text = f"{moment + timedelta(microseconds=500_000):%Y-%m-%d %H:%M:%S}"
            else:
                text = value
            rows.setdefault(int(found.group(2)), {})[_column(found.group(1))] = text
    if not rows:
        return []
    out = []
    for number in range(1, max(rows) + 1):
        cells = rows.get(number, {})
        out.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    return out

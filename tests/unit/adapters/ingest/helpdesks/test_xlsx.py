"""The workbook reader: cells as Excel stores them, dates by their cell style."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from slaledger.adapters.ingest.helpdesks.xlsx import WorkbookError, read_first_sheet

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _book(path: Path, cells: str, *, date1904: bool = False, formats: str = "") -> Path:
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{NS}">{pr}<sheets><sheet name="S" sheetId="1"/></sheets></workbook>',
        )
        book.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{NS}"><sheetData>{cells}'
                      "</sheetData></worksheet>")  # fmt: skip
        book.writestr("xl/sharedStrings.xml", f'<sst xmlns="{NS}"><si><t>ID</t></si>'
                      "<si><r><t>Crea</t></r><r><t>ted</t></r></si></sst>")  # fmt: skip
        book.writestr(
            "xl/styles.xml",
            f'<styleSheet xmlns="{NS}"><numFmts>{formats}</numFmts><cellXfs><xf numFmtId="0"/>'
            '<xf numFmtId="22"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>',
        )
    return path


def test_shared_inline_and_number_cells_keep_their_columns(tmp_path: Path) -> None:
    cells = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
        '<row r="3"><c r="A3"><v>42</v></c><c r="AA3" t="inlineStr"><is><t>far</t></is></c>'
        '<c r="B3" t="b"><v>1</v></c></row>'
    )
    rows = read_first_sheet(_book(tmp_path / "b.xlsx", cells))
    assert rows[0] == ["ID", "", "Created"]
    assert rows[1] == []
    assert rows[2][:2] == ["42", "true"]
    assert rows[2][26] == "far"


@pytest.mark.parametrize(
    ("style", "formats", "expected"),
    [
        ("1", "", "2024-03-12 10:00:00"),  # built-in 22: m/d/yy h:mm
        (
            "2",
            '<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/>',
            "2024-03-12 10:00:00",
        ),
        ("3", '<numFmt numFmtId="165" formatCode="0.00&quot;d&quot;"/>', "45363.416666666664"),
        ("0", "", "45363.416666666664"),
    ],
)
def test_a_number_is_a_date_when_its_style_shows_one(tmp_path, style, formats, expected) -> None:
    cells = f'<row r="1"><c r="A1" s="{style}"><v>45363.416666666664</v></c></row>'
    assert read_first_sheet(_book(tmp_path / "d.xlsx", cells, formats=formats)) == [[expected]]


def test_the_1904_date_system_is_honoured(tmp_path: Path) -> None:
    cells = '<row r="1"><c r="A1" s="1"><v>43901.416666666664</v></c></row>'
    assert read_first_sheet(_book(tmp_path / "d.xlsx", cells, date1904=True)) == [
        ["2024-03-12 10:00:00"]
    ]


def test_a_file_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "t.xlsx"
    text.write_text("ID;Created\n")
    with pytest.raises(WorkbookError, match=r"not an \.xlsx workbook"):
        read_first_sheet(text)

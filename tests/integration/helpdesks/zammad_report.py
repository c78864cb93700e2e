"""Zammad's reporting workbook, written as Zammad writes it (lib/excel_sheet.rb with the
write_xlsx gem): the title in A1, the header on row 3, one ticket a row, shared strings,
datetimes as serial numbers in a ``yyyy-mm-dd hh:mm:ss`` style, in the zone the footer
names two rows after the last ticket ("Timezone: Europe/Paris")."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = [
    "#", "Title", "State", "Priority", "Group", "Owner", "Customer", "Organization",
    "Create Channel", "Sender", "Tags", "Time Units Total", "Diagnosed at", "Restored at",
    "Created At", "Updated At", "Closed At", "Close Escalation At", "Close In Min",
    "Close Diff In Min", "First Response At", "First Response Escalation At",
    "First Response In Min", "First Response Diff In Min",
]  # fmt: skip
DATED = {
    "Diagnosed at", "Restored at", "Created At", "Updated At", "Closed At",
    "Close Escalation At", "First Response At", "First Response Escalation At",
}  # fmt: skip
NUMBERS = {"Time Units Total", "Close In Min", "Close Diff In Min", "First Response In Min",
           "First Response Diff In Min"}  # fmt: skip
#: the two incidents of expected-export-events.csv and another organisation's ticket
TICKETS = [
    {
        "#": "10001", "Title": "Application down for all users", "State": "closed",
        "Priority": "4 very high", "Group": "Support", "Organization": "Acme",
        "Create Channel": "email", "Sender": "Customer", "Created At": "2024-03-12 10:00:00",
        "Updated At": "2024-03-14 10:00:00", "First Response At": "2024-03-12 13:00:00",
        "First Response Escalation At": "2024-03-12 14:00:00", "First Response Diff In Min": 60,
        "Diagnosed at": "2024-03-12 17:00:00", "Restored at": "2024-03-13 11:00:00",
        "Closed At": "2024-03-14 10:00:00",
    },
    {
        "#": "10002", "Title": "Exports fail", "State": "resolved", "Priority": "3 high",
        "Group": "Support", "Organization": "Acme", "Created At": "2024-03-15 16:00:00",
        "Updated At": "2024-03-19 11:00:00", "First Response At": "2024-03-18 15:00:00",
        "First Response Escalation At": "2024-03-18 16:00:00",
        "Diagnosed at": "2024-03-19 10:30:00", "Restored at": "2024-03-19 11:00:00",
    },
    {
        "#": "10003", "Title": "Printer jam", "State": "new", "Priority": "1 low",
        "Group": "Support", "Organization": "Other customer",
        "Created At": "2024-03-14 09:00:00", "Updated At": "2024-03-14 09:00:00",
    },
]  # fmt: skip

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _serial(text: str) -> str:
    delta = datetime.fromisoformat(text) - datetime(1899, 12, 30)
    return repr(delta.days + delta.seconds / 86400)


def write_report(path: Path, tickets: list[dict] | None = None, zone: str = "Europe/Paris") -> Path:
    strings: list[str] = []

    def shared(text: str) -> str:
        if text not in strings:
            strings.append(text)
        return str(strings.index(text))

    rows: list[str] = []

    def row(number: int, cells: list[str]) -> None:
        rows.append(f'<row r="{number}">{"".join(cells)}</row>')

    row(1, [f'<c r="A1" s="2" t="s"><v>{shared("2024-03")}</v></c>'])
    row(3, [f'<c r="{_column(i)}3" s="3" t="s"><v>{shared(h)}</v></c>'
            for i, h in enumerate(HEADER)])  # fmt: skip
    number = 3
    for ticket in tickets if tickets is not None else TICKETS:
        number += 1
        cells = []
        for i, name in enumerate(HEADER):
            value = ticket.get(name)
            if value is None or value == "":
                continue  # write_xlsx writes nothing for a blank value
            ref = f"{_column(i)}{number}"
            if name in DATED:
                cells.append(f'<c r="{ref}" s="1"><v>{_serial(str(value))}</v></c>')
            elif name in NUMBERS:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="s"><v>{shared(str(value))}</v></c>')
        row(number, cells)
    row(number + 2, [f'<c r="A{number + 2}" s="4" t="s"><v>{shared(f"Timezone: {zone}")}</v></c>'])
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}" '
        f'xmlns:r="{_R}"><sheetData>{"".join(rows)}</sheetData></worksheet>'
    )
    shared_xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_NS}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        + "</sst>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_NS}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/>'
        '</numFmts><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0"/>'
        '<xf numFmtId="0" fontId="2" fillId="2" borderId="0"/>'
        '<xf numFmtId="0" fontId="3" fillId="0" borderId="0"/></cellXfs></styleSheet>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_NS}" '
        f'xmlns:r="{_R}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/workbook.xml", workbook)
        book.writestr("xl/_rels/workbook.xml.rels", rels)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
        book.writestr("xl/sharedStrings.xml", shared_xml)
        book.writestr("xl/styles.xml", styles)
    return path

"""A table as a CSV file a spreadsheet opens as it is: UTF-8 with a byte-order mark (Excel
reads it as UTF-8 then), the page's language's separator (French Excel splits on ";",
its decimal mark being the comma) and an attachment name. Every cell is neutralised
against formula injection (``services/spreadsheet.py``: a note such as ``=HYPERLINK(...)``
is read as text, a number such as ``-5`` stays a number)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from fastapi.responses import Response

from slaledger.services.spreadsheet import neutralised

BOM = "\ufeff"
SEPARATORS = {"fr": ";"}


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]], language: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATORS.get(language, ","), lineterminator="\r\n")
    writer.writerow([neutralised(cell) for cell in header])
    writer.writerows([neutralised(cell) for cell in row] for row in rows)
    return BOM + buffer.getvalue()


def disposition(filename: str) -> str:
    """``attachment`` with the name in ASCII and, for any other letter, RFC 5987's form."""
    plain = filename.encode("ascii", "replace").decode("ascii").replace('"', "_")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"


def csv_response(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, language: str, filename: str
) -> Response:
    return Response(
        csv_text(header, rows, language).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition(filename)},
    )

"""CSV cells a spreadsheet reads as data, never as a formula (OWASP, "CSV Injection").

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (some
spreadsheets skip the last two before reading a formula) is prefixed with a single
quote, so a customer name or an incident note such as ``=HYPERLINK(...)`` or
``@SUM(...)`` is shown as text. One exception, so that exports read back as numbers
stay numbers: a plain signed number (``-5``, ``+3``, ``-12.50``, ``-12,50``: a sign,
digits, at most one decimal mark and more digits) is left as it is; it holds no
operator, reference or function, so there is nothing to evaluate.

The exports for people (the dashboard's CSV, the credit notes' CSV) go through
``neutralised``; the data files ``sla`` writes to read back itself (observations,
events, probe samples) are not spreadsheets and keep their text exactly.
"""

from __future__ import annotations

import re

#: the first characters a spreadsheet may read as the start of a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def neutralised(cell: str) -> str:
    """The cell as a spreadsheet reads it as data: a quote before a formula's start."""
    if cell.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(cell) is None:
        return "'" + cell
    return cell

"""The statement as PDF: WeasyPrint lays out the same HTML page (print CSS, inline SVG)."""

from __future__ import annotations

from slaledger.adapters.reports.statement.html import render_html
from slaledger.services.statements import Statement


def render_pdf(statement: Statement, language: str) -> bytes:
    """The PDF bytes of the statement in ``language``. WeasyPrint is imported here, not
    with the module: it takes over half a second, and most commands print no PDF."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    document: bytes = HTML(string=render_html(statement, language)).write_pdf()
    return document

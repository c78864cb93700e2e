"""Monthly statements rendered as JSON, HTML (Jinja2, inline SVG charts) and PDF
(WeasyPrint), in French and English (gettext catalogs read with Babel)."""

from slaledger.adapters.reports.statement.formatting import (
    LANGUAGES,
    Formatter,
    UnknownLanguageError,
    check_language,
)
from slaledger.adapters.reports.statement.html import render_html
from slaledger.adapters.reports.statement.jsondoc import FORMAT, render_json, statement_document
from slaledger.adapters.reports.statement.pdf import render_pdf
from slaledger.services.statements import Statement

#: the formats ``render`` writes
FORMATS = ("html", "pdf", "json")

__all__ = [
    "FORMAT",
    "FORMATS",
    "LANGUAGES",
    "Formatter",
    "UnknownLanguageError",
    "check_language",
    "render",
    "render_html",
    "render_json",
    "render_pdf",
    "statement_document",
]


def render(statement: Statement, *, language: str, format: str) -> bytes:
    """The statement in ``format`` (html, pdf or json) and ``language``, as bytes."""
    check_language(language)
    if format == "json":
        return render_json(statement).encode("utf-8")
    if format == "html":
        return render_html(statement, language).encode("utf-8")
    if format == "pdf":
        return render_pdf(statement, language)
    raise ValueError(f"one of {', '.join(FORMATS)}, not '{format}'")

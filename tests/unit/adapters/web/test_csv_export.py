"""CSV files for spreadsheets: BOM, the language's separator, an attachment name."""

from __future__ import annotations

import slaledger.adapters.api  # noqa: F401 - the web package is imported through the app
from slaledger.adapters.web.csv_export import csv_response, csv_text, disposition


def test_a_csv_starts_with_a_byte_order_mark_and_quotes_what_needs_it() -> None:
    text = csv_text(["Incident", "Note"], [["INC-1", 'said "no"; then, yes']], "en")
    assert text == '\ufeffIncident,Note\r\nINC-1,"said ""no""; then, yes"\r\n'


def test_a_french_csv_splits_on_semicolons() -> None:
    text = csv_text(["Mois", "Conformité"], [["2024-03", "66,67"]], "fr")
    assert text == "\ufeffMois;Conformité\r\n2024-03;66,67\r\n"


def test_the_attachment_name_is_given_in_ascii_and_in_utf8() -> None:
    assert disposition("a-été.csv") == (
        "attachment; filename=\"a-?t?.csv\"; filename*=UTF-8''a-%C3%A9t%C3%A9.csv"
    )


def test_the_response_is_utf8_bytes_with_its_media_type() -> None:
    response = csv_response(["É"], [["ü"]], language="en", filename="x.csv")
    assert response.body == "\ufeffÉ\r\nü\r\n".encode()
    assert response.media_type == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="x.csv"')


def test_every_cell_is_neutralised_against_formula_injection_but_numbers_stay() -> None:
    note = '=HYPERLINK("http://evil.example","click")'
    text = csv_text(["Note", "Delta"], [[note, "-5"], ["@SUM(A1:A9)", "-12,50"]], "fr")
    lines = text.removeprefix("\ufeff").split("\r\n")
    assert lines[1] == '"\'=HYPERLINK(""http://evil.example"",""click"")";-5'
    assert lines[2] == "'@SUM(A1:A9);-12,50"

"""The seeds' March statements in French and English, as people read them: every time
names its zone, availability reads rounded to its target's precision plus one digit,
and the contract's words are marked as quotes in the statement's language, with which
version of the contract governs (HTML and PDF)."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from slaledger.adapters.cli.main import main
from slaledger.adapters.files.contract_file import load_contract
from tests.conftest import ROOT
from tests.zone_scan import times_shown, times_without_zone

CONTRACTS = ROOT / "examples" / "contracts"
DATA = ROOT / "examples" / "data"
INVOICES = str(DATA / "invoices.csv")
SEEDS = ["000-ipfolio", "001-saas-annexes", "002-maintenance-us", "003-previsoft", "004-imri"]
EXTRA = {
    "000-ipfolio": ["--fee", "1000 EUR"],
    "003-previsoft": ["--invoices", INVOICES],
    "004-imri": ["--opened", "2024-01-15", "--invoices", INVOICES],
}


def statement(folder: Path, stem: str, language: str, format_: str = "html") -> Path:
    output = folder / f"{stem}-{language}.{format_}"
    args = ["report", str(CONTRACTS / f"{stem}.yaml"), "--month", "2024-03",
            "--data", str(DATA / stem), *EXTRA.get(stem, []), "--lang", language,
            "--format", format_, "--output", str(output)]  # fmt: skip
    code = 0
    try:
        main(args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 0
    return output


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("stem", SEEDS)
def test_every_time_a_statement_shows_names_its_zone(
    tmp_path: Path, stem: str, language: str
) -> None:
    text = statement(tmp_path, stem, language).read_text(encoding="utf-8")
    assert times_shown(text) >= 3  # the period, the figures' instant at least
    assert times_without_zone(text) == []


@pytest.mark.parametrize(
    ("language", "period"),
    [
        ("fr", "1er mars 2024, 00:00 UTC+01:00 → 1er avril 2024, 00:00 UTC+02:00"),
        ("en", "March 1, 2024, 12:00\u202fAM GMT+01:00 → April 1, 2024, 12:00\u202fAM GMT+02:00"),
    ],
)
def test_the_period_is_written_in_the_contracts_zone_across_summer_time(
    tmp_path: Path, language: str, period: str
) -> None:
    text = html.unescape(statement(tmp_path, "001-saas-annexes", language).read_text("utf-8"))
    assert period in text


@pytest.mark.parametrize(
    ("language", "pattern"), [("fr", r"\d+,\d{3}\u00a0%"), ("en", r"\d+\.\d{3}%")]
)
def test_availability_reads_to_the_targets_precision_plus_one_digit(
    tmp_path: Path, language: str, pattern: str
) -> None:
    text = statement(tmp_path, "001-saas-annexes", language).read_text(encoding="utf-8")
    [big] = re.findall(r'<span class="big">([^<]*)</span>', text)
    assert re.fullmatch(pattern, big), big  # 99.95 % target: three decimals


def _quotes(text: str) -> list[tuple[str, str]]:
    return [
        (lang, html.unescape(body))
        for lang, body in re.findall(
            r'<blockquote class="[^"]*contract-quote[^"]*" lang="(\w+)">(.*?)</blockquote>',
            text,
            re.S,
        )
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_bilingual_contract_is_quoted_in_the_statements_language(
    tmp_path: Path, language: str
) -> None:
    contract = load_contract(CONTRACTS / "001-saas-annexes.yaml").contract
    words = {
        lang: quote
        for clause in contract.clauses()
        for source in clause.clause.sources
        for lang, quote in source.quote.items()
    }
    assert words  # 001 quotes its clauses in French and English
    text = statement(tmp_path, "001-saas-annexes", language).read_text(encoding="utf-8")
    quotes = _quotes(text)
    assert len(quotes) >= 5
    assert {lang for lang, _ in quotes} == {language}
    other = {"fr": "en", "en": "fr"}[language]
    in_other = {
        q for clause in contract.clauses() for s in clause.clause.sources
        if (q := s.quote.get(other))
    }  # fmt: skip
    in_mine = {
        q for clause in contract.clauses() for s in clause.clause.sources
        if (q := s.quote.get(language))
    }  # fmt: skip
    for _, body in quotes:
        assert any(q in body for q in in_mine), body
        assert not any(q in body for q in in_other), body
    # nothing of the ledger's own words inside a quote: only the contract's
    for _, body in quotes:
        assert "contract's language" not in body
        assert "langue du contrat" not in body


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("fr", "Le contrat existe en français et anglais et ne dit pas quelle version fait foi"),
        ("en", "The contract exists in French and English and does not say which version governs"),
    ],
)
def test_the_statement_says_the_file_does_not_say_which_version_governs(
    tmp_path: Path, language: str, says: str
) -> None:
    text = statement(tmp_path, "001-saas-annexes", language).read_text(encoding="utf-8")
    found = re.search(r'<td id="versions">(.*?)</td>', text, re.S)
    assert found is not None
    assert says in re.sub(r"[\u00a0\u202f ]+", " ", html.unescape(found.group(1)))


def test_a_single_language_contract_says_nothing_of_versions(tmp_path: Path) -> None:
    text = statement(tmp_path, "003-previsoft", "fr").read_text(encoding="utf-8")
    assert 'id="versions"' not in text


def test_a_contract_quoted_in_another_language_is_marked_with_that_language(
    tmp_path: Path,
) -> None:
    # 003 is written in French only: the English statement quotes French, marked so
    text = statement(tmp_path, "003-previsoft", "en").read_text(encoding="utf-8")
    quotes = _quotes(text)
    assert quotes
    assert {lang for lang, _ in quotes} == {"fr"}
    assert "in French, the contract&#39;s language" in text or "in French, the contract's" in text


def test_the_french_pdf_names_the_zone_of_its_times(tmp_path: Path) -> None:
    pdf = statement(tmp_path, "001-saas-annexes", "fr", "pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    text = re.sub(r"[\u00a0\u202f ]+", " ", text)
    assert "1er mars 2024, 00:00 UTC+01:00" in text
    assert re.search(r"\b99,\d{3} %", text)

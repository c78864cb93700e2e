"""Fees end to end: ``sla contracts import-fees`` into a database (all or nothing),
``sla credits`` taking the fee by precedence (--fee > --billing > the contract's price)
and saying which, and a cap in money that bites, with its clause."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from slaledger.adapters.cli.errors import run_guarded
from slaledger.adapters.cli.main import cli
from tests.conftest import ROOT

IPFOLIO = ROOT / "examples" / "contracts" / "000-ipfolio.yaml"
OUTAGES = "service,start,end,category,reported_at,reference,note\n"
#: 500 minutes down in March 2024: the 25 % tier
MARCH = "ipfolio,2024-03-05T10:00:00Z,2024-03-05T18:20:00Z,unplanned,2024-03-05T10:05:00Z,I-1,\n"
PRICES = """\
  prices:
    - id: ipfolio-fee
      service: ipfolio
      amount: {amount: 24000, currency: EUR}
      per: year
      source: {quote: "demo price: the policy states no amount"}
  credit_caps:
    - id: credit-cap
      per: month
      amount: {amount: 200, currency: EUR}
      source: {quote: "demo cap: the policy states none"}
"""


def _sla(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_guarded(cli, list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _priced_contract(tmp_path: Path) -> Path:
    path = tmp_path / "000-priced.yaml"
    path.write_text(IPFOLIO.read_text(encoding="utf-8") + PRICES, encoding="utf-8")
    return path


def _credits(capsys, contract: Path, tmp_path: Path, *extra: str) -> dict[str, Any]:
    outages = tmp_path / "outages.csv"
    outages.write_text(OUTAGES + MARCH, encoding="utf-8")
    code, out, err = _sla(
        capsys, "credits", str(contract), "--month", "2024-03", "--outages", str(outages),
        "--covers", "2024-03..2024-03", "--json", *extra,
    )  # fmt: skip
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    return document


def test_the_contract_price_is_used_and_the_monthly_cap_bites_with_its_clause(capsys, tmp_path):
    found = _credits(capsys, _priced_contract(tmp_path), tmp_path)
    assert (found["fee"], found["currency"], found["fee_source"]) == (
        "2000",
        "EUR",
        "contract price",
    )
    assert found["credit_amount"] == "200.00"  # 25 % of 2000 = 500, capped at 200
    assert found["money_cap"]["clause"] == "credit-cap"
    assert found["money_cap"]["uncapped_amount"] == "500.00"
    assert found["capped"] is True


def test_an_invoiced_fee_wins_over_the_price_and_an_explicit_fee_over_both(capsys, tmp_path):
    billing = tmp_path / "billing.csv"
    billing.write_text("service,month,amount,currency\nipfolio,2024-03,600.00,EUR\n", "utf-8")
    contract = _priced_contract(tmp_path)
    invoiced = _credits(capsys, contract, tmp_path, "--billing", str(billing))
    assert (invoiced["fee_source"], invoiced["credit_amount"]) == ("invoiced", "150.00")
    explicit = _credits(capsys, contract, tmp_path, "--billing", str(billing), "--fee", "100 EUR")
    assert (explicit["fee_source"], explicit["credit_amount"]) == ("command line", "25.00")


def test_the_demo_billing_file_of_every_contract_gives_this_contract_s_fee(capsys, tmp_path):
    billing = ROOT / "examples" / "data" / "billing.csv"  # the five seed contracts' fees
    found = _credits(capsys, IPFOLIO, tmp_path, "--billing", str(billing))
    assert (found["fee"], found["currency"], found["fee_source"]) == ("1000.00", "EUR", "invoiced")
    assert found["credit_amount"] == "250.00"  # 25 % of the 1000.00 EUR invoiced in March


def test_a_bad_row_of_another_contract_in_the_billing_file_still_refuses_it(capsys, tmp_path):
    billing = tmp_path / "billing.csv"
    billing.write_text(
        "contract,service,month,amount,currency\n"
        "ipfolio-support-policy,ipfolio,2024-03,600.00,EUR\n"
        "saas-annexes,,2024-03,-1,EUR\n",
        "utf-8",
    )
    outages = tmp_path / "outages.csv"
    outages.write_text(OUTAGES + MARCH, encoding="utf-8")
    code, _out, err = _sla(
        capsys, "credits", str(IPFOLIO), "--month", "2024-03", "--outages", str(outages),
        "--covers", "2024-03..2024-03", "--billing", str(billing),
    )  # fmt: skip
    assert code == 2
    assert "row 2: amount: expected an amount of zero or more, found '-1'" in err


def test_the_text_output_says_which_fee_was_used(capsys, tmp_path):
    outages = tmp_path / "outages.csv"
    outages.write_text(OUTAGES + MARCH, encoding="utf-8")
    code, out, _err = _sla(
        capsys, "credits", str(_priced_contract(tmp_path)), "--month", "2024-03",
        "--outages", str(outages), "--covers", "2024-03..2024-03",
    )  # fmt: skip
    assert code == 0
    assert "fee: 2000 EUR (contract price)" in out
    assert "capped by credit-cap" in out


def test_the_french_text_output_gives_the_fee_its_trace_and_the_cap_in_french(capsys, tmp_path):
    outages = tmp_path / "outages.csv"
    outages.write_text(OUTAGES + MARCH, encoding="utf-8")
    code, out, _err = _sla(
        capsys, "credits", str(_priced_contract(tmp_path)), "--month", "2024-03",
        "--outages", str(outages), "--covers", "2024-03..2024-03", "--lang", "fr",
    )  # fmt: skip
    assert code == 0
    assert "redevance\u00a0: 2\u202f000 EUR (prix du contrat)" in out  # grouped as Babel does
    assert "redevance\u00a0: prix de l'année 24\u202f000 / 12 pour le mois" in out
    assert "plafonné par credit-cap\u00a0: au plus 200\u00a0EUR par mois civil" in out
    assert not [w for w in ("contract price", "per year", "already owed") if w in out]


def test_import_fees_stores_a_billing_file_and_refuses_a_bad_one_whole(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert _sla(capsys, "db", "upgrade", "--db", url)[0] == 0
    code, _out, err = _sla(capsys, "contracts", "upload", str(IPFOLIO), "--db", url,
                            "--accept-lint-errors")  # fmt: skip
    assert code == 0, err
    good = tmp_path / "billing.csv"
    good.write_text(
        "contract,service,month,amount,currency\n"
        "ipfolio-support-policy,ipfolio,2024-03,1000.00,EUR\n"
        "ipfolio-support-policy,ipfolio,2024-04,1000.00,EUR\n",
        encoding="utf-8",
    )
    code, out, err = _sla(capsys, "contracts", "import-fees", "--db", url, str(good))
    assert code == 0, err
    assert "2 invoiced fees imported" in out
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "contract,service,month,amount,currency\n"
        "ipfolio-support-policy,ipfolio,2024-05,1000.00,EUR\n"
        "ipfolio-support-policy,mystery,2024-06,1000.00,EUR\n",
        encoding="utf-8",
    )
    code, _out, err = _sla(capsys, "contracts", "import-fees", "--db", url, str(bad))
    assert code == 2
    assert "bad.csv row 2: service: expected a service of ipfolio-support-policy" in err
    code, out, _err = _sla(capsys, "contracts", "fees", "ipfolio-support-policy", "--db", url)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["2024-03", "2024-04"]


def test_a_billing_row_in_an_unknown_currency_names_the_row_and_field(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    _sla(capsys, "db", "upgrade", "--db", url)
    bad = tmp_path / "bad.csv"
    bad.write_text("contract,service,month,amount,currency\nx,,2024-05,10,EURO\n", "utf-8")
    code, _out, err = _sla(capsys, "contracts", "import-fees", "--db", url, str(bad))
    assert code == 2
    assert "row 1: currency: expected an ISO 4217 currency code" in err


#: the fee's source, its trace and the cap that bit, in the statement's language
WORDS = {
    "fr": (
        "prix du contrat",
        "prix ipfolio-fee\u00a0: 24\u202f000\u00a0EUR par an à compter du 2022-05-01",
        "prix de l'année 24\u202f000 / 12 pour le mois",
        "plafonné par credit-cap\u00a0: au plus 200\u00a0EUR par mois civil\u00a0; 200\u00a0EUR"
        " moins 0 déjà dû laisse 200, et non 500,00\u00a0EUR",
    ),
    "en": (
        "contract price",
        "price ipfolio-fee: 24000 EUR per year from 2022-05-01",
        "year's price 24000 / 12 for the month",
        "capped by credit-cap: at most 200 EUR per calendar month; 200 EUR less 0 already owed"
        " leaves 200, not 500.00 EUR",
    ),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_statement_names_the_fee_s_source_and_the_cap_that_bit(capsys, tmp_path, lang):
    outages = tmp_path / "outages.csv"
    outages.write_text(OUTAGES + MARCH, encoding="utf-8")
    html = tmp_path / "statement.html"
    code, _out, err = _sla(
        capsys, "report", str(_priced_contract(tmp_path)), "--month", "2024-03",
        "--outages", str(outages), "--covers", "2024-03..2024-03", "--lang", lang,
        "--format", "html", "--output", str(html),
    )  # fmt: skip
    assert code == 0, err
    text = html.read_text(encoding="utf-8").replace("&#39;", "'")
    for words in WORDS[lang]:
        assert words in text
    assert "(credit-cap)" in text
    other = WORDS["en" if lang == "fr" else "fr"]
    assert not [words for words in other[1:] if words in text]


#: the issue's case: a credit in money that must be claimed before a deadline
CLAIMED = "    eligibility: [customer-reported]\n"
CLAIM_WINDOW = "    claim_window: {within: 1 month, after: period-end, calendar: utc-always}\n"


@pytest.mark.parametrize(
    ("lang", "amount", "deadline"),
    [
        ("fr", "= 500,00\u00a0€", "À réclamer avant le 1er mai 2024"),
        ("en", "= €500.00", "To claim before May 1, 2024"),
    ],
)
def test_a_statement_gives_the_credit_s_amount_and_claim_deadline_in_its_language(
    capsys, tmp_path, lang, amount, deadline
):
    contract = tmp_path / "000-claimed.yaml"
    text = IPFOLIO.read_text(encoding="utf-8")
    assert CLAIMED in text
    contract.write_text(text.replace(CLAIMED, CLAIMED + CLAIM_WINDOW), encoding="utf-8")
    outages = tmp_path / "outages.csv"
    outages.write_text(OUTAGES + MARCH, encoding="utf-8")
    html = tmp_path / "statement.html"
    code, _out, err = _sla(
        capsys, "report", str(contract), "--month", "2024-03", "--outages", str(outages),
        "--covers", "2024-03..2024-03", "--fee", "2000 EUR", "--lang", lang,
        "--format", "html", "--output", str(html),
    )  # fmt: skip
    assert code == 0, err
    shown = html.read_text(encoding="utf-8")
    assert amount in shown  # 25 % of 2000 EUR
    assert deadline in shown


def _valued_saas(tmp_path: Path) -> Path:
    """001 with days its tiers leave blank set to 2, invoiced, each worth 1/30 of the fee
    (001 itself carries its days to the term's end: never in money)."""
    text = (ROOT / "examples" / "contracts" / "001-saas-annexes.yaml").read_text("utf-8")
    assert text.count("        days: null\n") == 2
    text = text.replace("        days: null\n", "        days: 2\n").replace(
        "    settlement: carried-to-term-end\n",
        "    settlement: invoice-credit\n    day_value: {monthly_fee_divided_by: 30}\n",
    )
    path = tmp_path / "001-valued.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_days_of_credit_are_worth_the_fee_divided_as_the_clause_states(capsys, tmp_path):
    counts = ROOT / "examples" / "data" / "001-saas-annexes" / "counts.parquet"
    code, out, err = _sla(
        capsys, "credits", str(_valued_saas(tmp_path)), "--month", "2024-02",
        "--counts", str(counts), "--fee", "2400 EUR", "--json",
    )  # fmt: skip
    assert code == 0, err
    found = json.loads(out)
    assert (found["credit_days"], found["credit_amount"], found["currency"]) == (
        "2",
        "160.00",  # 2 days x 2400 / 30
        "EUR",
    )
    assert "each day of credit is worth the monthly fee divided by 30" in found["notes"]
    assert found["claim_deadline"] == "2024-04-01T00:00:00+02:00"

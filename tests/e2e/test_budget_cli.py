"""``sla budget`` end to end, on the example files, through click: the budget of the
target and of each credit tier, worked by hand in each test's comment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from slaledger.adapters.cli.main import cli
from slaledger.adapters.files.problems import InputError
from tests.conftest import ROOT
from tests.language_words import english_figures

CONTRACTS = ROOT / "examples" / "contracts"
SAAS_DATA = ROOT / "examples" / "data" / "001-saas-annexes"
SAAS = [
    str(CONTRACTS / "001-saas-annexes.yaml"),
    "--counts", str(SAAS_DATA / "counts.parquet"),
    "--outages", str(SAAS_DATA / "outages.csv"),
    "--maintenance", str(SAAS_DATA / "maintenance.csv"),
    "--covers", "2024-01..2024-12",
]  # fmt: skip
IPFOLIO = str(CONTRACTS / "000-ipfolio.yaml")
OUTAGES = "service,start,end,category,reported_at,reference,note\n"


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, ["budget", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def run(*args: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(invoke(*args, "--json"))
    return document


def lines(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {line["label"]: line for line in document["lines"]}


def test_the_saas_february_budget_on_the_fifth_is_mostly_spent() -> None:
    """February 2024 in Paris: 29 days = 41 760 min = 2 505 600 s, nothing removed.
    Target 99.95 %: 2 505 600 * 0.05 % = 1 252.8 s -> 1 252 s = 20.8667 min allowed.
    By 5 February 00:00 the counts show one interruption, 1 February 13:00-13:17: 17 min
    (1 020 s) consumed, 232 s = 3.8667 min left. Even spend: 4 days of 29, 1 252 * 4 / 29
    = 172.69 s = 2.8782 min: ahead of it. The tier (99.0 %, 99.89 %) is reached below
    99.89 %: 2 505 600 * 0.11 % = 2 756.16 s -> 2 756 s allowed, 1 736 s = 28.9333 min left."""
    found = run(*SAAS, "--at", "2024-02-05T00:00:00+01:00")
    assert found["month"] == "2024-02"
    assert found["minutes_denominator"] == 41_760
    assert found["minutes_consumed"] == 17
    target = lines(found)["99.95 %"]
    assert (target["kind"], target["clause"]) == ("target", "availability")
    assert target["minutes_allowed"] == 20.8667
    assert target["minutes_remaining"] == 3.8667
    assert not target["exceeded"]
    assert target["minutes_even_spend"] == 2.8782
    assert target["ahead_of_even_spend"]
    tier = lines(found)["(99.0 %, 99.89 %)"]
    assert (tier["kind"], tier["clause"]) == ("tier", "service-credits")
    assert tier["minutes_remaining"] == 28.9333


def test_the_saas_february_target_is_missed_by_the_tenth() -> None:
    """By 10 February 00:00: 17 min + 20 min (9 February 07:48-08:08) = 37 min = 2 220 s,
    over the 1 252 s allowed by 968 s = 16.1333 min; 536 s = 8.9333 min before the tier."""
    found = run(*SAAS, "--at", "2024-02-10T00:00:00+01:00")
    target = lines(found)["99.95 %"]
    assert target["exceeded"]
    assert target["minutes_remaining"] == 0
    assert target["minutes_over"] == 16.1333
    assert lines(found)["(99.0 %, 99.89 %)"]["minutes_remaining"] == 8.9333


def test_the_ipfolio_budget_puts_money_at_stake_per_tier(tmp_path: Path) -> None:
    """IPfolio, March 2024 in UTC: 44 640 min = 2 678 400 s, rated half-up to 2 decimals.
    500 min (30 000 s) reported down on 5 March. The 25 % tier (95 %-99.4 %) is reached
    once the exact figure is below 99.405 %: after 2 678 400 * 0.595 % = 15 936.48 s, so
    15 936 s allowed and 30 000 - 15 936 = 14 064 s = 234.4 min beyond it. The 50 % tier
    (50 %-94.9 %) is reached below 94.905 %: 2 678 400 * 5.095 % = 136 464.48 s ->
    136 464 s allowed, 106 464 s = 1 774.4 min left; 50 % of 1 250 EUR = 625.00 EUR."""
    outages = tmp_path / "outages.csv"
    outages.write_text(
        OUTAGES + "ipfolio,2024-03-05T10:00:00Z,2024-03-05T18:20:00Z,unplanned,"
        "2024-03-05T10:05:00Z,I-1,\n",
        encoding="utf-8",
    )
    args = [IPFOLIO, "--at", "2024-03-10T00:00:00Z", "--outages", str(outages)]
    args += ["--covers", "2024-03..2024-03", "--fee", "1250 EUR"]
    found = run(*args)
    quarter, half = lines(found)["[95 %, 99.4 %]"], lines(found)["[50 %, 94.9 %]"]
    assert quarter["exceeded"]
    assert quarter["minutes_over"] == 234.4
    assert (quarter["credit_percent"], quarter["money_at_stake"]) == ("25.00", "312.50")
    assert half["minutes_allowed"] == 2_274.4
    assert half["minutes_remaining"] == 1_774.4
    assert (half["money_at_stake"], half["currency"]) == ("625.00", "EUR")
    english = invoke(*args, "--lang", "en")
    assert "1,774.4 min left before the tier" in english
    assert "€625.00 at stake" in english
    french = invoke(*args, "--lang", "fr")
    assert "1\u202f774,4 min restantes avant le palier" in french
    assert "625,00\xa0€ en jeu" in french
    assert "palier de crédit [50\u00a0%, 94,9\u00a0%]" in french
    assert english_figures(french.splitlines()) == []


def test_an_unknown_language_is_refused_naming_the_option() -> None:
    result = CliRunner().invoke(
        cli, ["budget", *SAAS, "--at", "2024-02-05T00:00:00Z", "--lang", "de"]
    )
    assert isinstance(result.exception, InputError)
    assert "--lang" in str(result.exception)


def test_an_instant_without_offset_is_refused_naming_the_option() -> None:
    result = CliRunner().invoke(cli, ["budget", *SAAS, "--at", "2024-02-05T00:00:00"])
    assert isinstance(result.exception, InputError)
    assert "--at" in str(result.exception)


IMRI_DATA = ROOT / "examples" / "data" / "004-imri"
IMRI = [
    str(CONTRACTS / "004-imri.yaml"),
    "--outages", str(IMRI_DATA / "outages.csv"),
    "--maintenance", str(IMRI_DATA / "maintenance.csv"),
    "--obligation-events", str(IMRI_DATA / "obligation-events.csv"),
    "--covers", "2023-01..2025-12",
    "--opened", "2023-09-01",
    "--month", "2024-06",
]  # fmt: skip


def test_at_the_contract_year_end_the_budget_spends_what_sla_availability_counts() -> None:
    """IMRI's contract year from 1 September 2023, "a year" fixed at 365 days = 525 600
    min; 39 411 min removed (maintenance windows and the suspension from 5 August): a
    denominator of 486 189 min = 29 171 340 s; 0.5 % of it = 145 856.7 s -> 145 856 s =
    2 430.9333 min allowed; the 557 min down leave 1 873.9333 min."""
    result = CliRunner().invoke(cli, ["availability", *IMRI, "--json"], catch_exceptions=False)
    figure = json.loads(result.output)
    found = run(*IMRI, "--at", "2024-09-01T00:00:00+02:00")
    assert found["minutes_removed"] == figure["minutes_removed"] == 39_411
    assert found["minutes_consumed"] == figure["minutes_down"] == 557
    (target,) = found["lines"]
    assert target["clause"] == "hosted-availability"
    assert target["minutes_allowed"] == 2_430.9333
    assert target["minutes_remaining"] == 1_873.9333


def test_mid_year_only_the_time_removed_before_the_instant_shrinks_the_budget() -> None:
    found = run(*IMRI, "--at", "2024-06-15T00:00:00+02:00")
    assert found["minutes_removed"] == 194
    assert found["minutes_denominator"] == 525_600 - 194
    assert [note["key"] for note in found["notes"]] == ["removed-so-far"]

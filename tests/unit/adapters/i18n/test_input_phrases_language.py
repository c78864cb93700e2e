"""What a bad input expected, in the reader's language: real refusals of the log and
export readers, the mail reader, the source definitions, the CLI's options and the claim
rules hold no English stop word in French, and keep their English wording
(docs/i18n.md, ``input.ingest.*``, ``input.sync.*``, ``input.cli.*``, ``input.claims.*``)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from slaledger.adapters.cli.errors import LANG_VARIABLE, run_guarded
from slaledger.adapters.cli.main import cli
from slaledger.adapters.cli.values import day_value, fee_value, month_value
from slaledger.adapters.files.billing import read_billing
from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.i18n import english, render
from slaledger.adapters.ingest.logs import log_format_of
from slaledger.adapters.ingest.mail.mapping import mail_events
from slaledger.adapters.ingest.uptime_exports import read_export
from slaledger.adapters.sync.definitions import definition_source
from slaledger.domain.claims import ClaimRefusedError, check_decision
from slaledger.domain.credits import credit_for
from tests.conftest import EXAMPLE_CALENDARS, ROOT
from tests.language_words import foreign_sentences
from tests.unit.adapters.ingest.mail.messages import raw, rules

IPFOLIO = ROOT / "examples" / "contracts" / "000-ipfolio.yaml"


def _problems(refuse: Callable[[], object]) -> tuple[Problem, ...]:
    with pytest.raises(InputError) as refused:
        refuse()
    return refused.value.problems


def _billing(tmp_path: Path, row: str) -> object:
    path = tmp_path / "billing.csv"
    path.write_text("contract,service,month,amount,currency\n" + row + "\n", encoding="utf-8")
    return read_billing(path, contract="saas-annexes")


def _uptimerobot(tmp_path: Path) -> object:
    path = tmp_path / "uptimerobot.csv"
    path.write_text(
        "Event,Date-Time,Duration (in mins.),Monitor\nExploded,2024-03-05T10:00:00+01:00,12,web\n",
        encoding="utf-8",
    )
    return read_export("uptimerobot", path, service="web")


#: a refusal of each family, and its English wording (unchanged by the conversion)
CASES: dict[str, tuple[Callable[[Path], object], str]] = {
    "log name": (
        lambda _: log_format_of("requests.csv"),
        "requests.csv: expected a .log, .log.N, .txt, .jsonl, .ndjson or .parquet file "
        "(or a given format), found 'requests.csv'",
    ),
    "uptimerobot event": (
        _uptimerobot,
        "row 1: Event: expected Down, Up, Started or Paused, found 'Exploded'",
    ),
    "mail date": (
        lambda _: mail_events([raw(1, date="mardi 5 mars")], rules()),
        "Date: expected a date with its UTC offset (RFC 5322), "
        "e.g. 'Tue, 05 Mar 2024 10:30:00 +0100', found 'mardi 5 mars'",
    ),
    "source definition": (
        lambda _: definition_source(
            {"contract": "other", "kind": "prometheus"}, contract="001", kinds={"prometheus"}
        ),
        "contract: expected the contract of the address, '001' (or nothing), found 'other'",
    ),
    "month option": (
        lambda _: month_value("2024-13", "--month"),
        "command line: --month: expected a month YYYY-MM (01-12), found '2024-13'",
    ),
    "fee option": (
        lambda _: fee_value("1000"),
        "command line: --fee: expected an amount and its ISO 4217 currency, such as "
        "'1250.00 EUR', found '1000'",
    ),
    "absurd fee": (
        lambda _: fee_value("99999999999 EUR"),
        "command line: --fee: expected a monthly fee of at most 10,000,000,000, "
        "found '99999999999 EUR'",
    ),
    "billing contract": (
        lambda tmp: _billing(tmp, "imri-cgv,,2024-03,1250.00,EUR"),
        "row 1: contract: expected the contract saas-annexes (or nothing), found 'imri-cgv'",
    ),
    "billing decimals": (
        lambda tmp: _billing(tmp, ",,2024-03,10.001,EUR"),
        "row 1: amount: expected at most 2 decimals for EUR, found '10.001'",
    ),
    "billing currency": (
        lambda tmp: _billing(tmp, ",,2024-03,10,EURO"),
        "row 1: currency: expected an ISO 4217 currency code such as EUR or USD, found 'EURO'",
    ),
    "day option": (
        lambda _: day_value("tomorrow", "--opened"),
        "command line: --opened: expected a date YYYY-MM-DD, found 'tomorrow'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_refusal_keeps_its_english_wording_and_holds_no_english_in_french(case, tmp_path):
    refuse, wording = CASES[case]
    problem = _problems(lambda: refuse(tmp_path))[0]
    assert english(problem.message()).endswith(wording)
    assert not isinstance(problem.expected, str)  # a message, not an English text
    french = render(problem.message(), "fr")
    assert "attendu" in french
    assert foreign_sentences([render(problem.expected, "fr")], "fr") == []


def test_the_cli_tells_a_bad_option_in_slaledger_lang(capsys, monkeypatch):
    monkeypatch.setenv(LANG_VARIABLE, "fr")
    args = ["calendar", "add", f"{EXAMPLE_CALENDARS}#always", "--from", "2024-03-15T10:00:00+01:00"]
    assert run_guarded(cli, [*args, "--hours", "lots"]) != 0
    error = capsys.readouterr().err.strip()
    assert "attendu un nombre décimal d'heures entre -10 000 000 et 10 000 000" in error
    assert " ".join(error.replace("\u00a0", " ").split()).startswith(
        "erreur : ligne de commande : --hours : attendu"
    )
    assert foreign_sentences([error], "fr") == []
    monkeypatch.setenv(LANG_VARIABLE, "en")
    assert run_guarded(cli, [*args, "--hours", "lots"]) != 0
    assert capsys.readouterr().err.strip() == (
        "error: command line: --hours: expected a decimal number of hours between "
        "-10,000,000 and 10,000,000, e.g. 0.5, found 'lots'"
    )


def test_the_report_command_refuses_an_unknown_language_in_the_variables_language(
    capsys, monkeypatch
):
    monkeypatch.setenv(LANG_VARIABLE, "fr")
    code = run_guarded(cli, ["report", str(IPFOLIO), "--month", "2024-03", "--lang", "de"])
    assert code != 0
    error = capsys.readouterr().err
    assert "attendu une langue\u00a0: fr ou en, trouvé 'de'" in error


def test_a_refused_decision_on_a_claim_is_told_in_french():
    schedule = load_contract(IPFOLIO).contract.credits[0]
    credit = credit_for(schedule, Fraction("98.88"))
    with pytest.raises(ClaimRefusedError) as refused:
        check_decision(
            credit=credit, schedule=schedule, state=None, decision="grant", granted=Decimal(30)
        )
    expected = refused.value.problem.expected
    assert english(expected) == "at most the 25.00 percent of the fee the month earns"
    assert (
        render(expected, "fr") == "au plus les 25,00 pour cent de la redevance que le mois rapporte"
    )
    assert foreign_sentences([render(expected, "fr")], "fr") == []

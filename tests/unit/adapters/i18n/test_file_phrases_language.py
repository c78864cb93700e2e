"""What a bad input file expected and what it held, in the reader's language: the file
readers' phrases (``input.files.*``, ``input.found.*``, docs/i18n.md) hold no English stop
word in French, a bad events, counts, outages or contract file is refused in French by the
CLI run in French, and the English wording is the one the readers always wrote."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from slaledger.adapters.cli.errors import LANG_VARIABLE, run_guarded
from slaledger.adapters.cli.main import cli
from slaledger.adapters.files.problems import describe
from slaledger.adapters.i18n import english, render
from slaledger.adapters.i18n.render import catalog
from slaledger.domain.incidents.log import EVENTS
from tests.conftest import ROOT
from tests.language_words import foreign_sentences

IPFOLIO = ROOT / "examples" / "contracts" / "000-ipfolio.yaml"
FAMILIES = ("input.files.", "input.found.")


def _sentences(language: str) -> dict[str, str]:
    """The file phrases of the catalog, their ``{fields}`` left out (they are filled with
    the file's own words and identifiers)."""
    return {
        str(m.id): re.sub(r"\{\w+\}", " ", str(m.string))
        for m in catalog(language)
        if m.id and str(m.id).startswith(FAMILIES)
    }


def test_every_file_phrase_in_french_holds_no_english_and_in_english_no_french():
    french, english_ = _sentences("fr"), _sentences("en")
    assert len(french) > 200
    assert set(french) == set(english_)
    assert foreign_sentences(french.values(), "fr") == []
    assert foreign_sentences(english_.values(), "en") == []


def test_nothing_found_is_a_message_and_a_value_found_stays_the_value():
    assert render(describe(None), "fr") == "rien"
    assert english(describe(None)) == "nothing"
    assert describe("lots") == "'lots'"  # the user's own text, quoted, never translated


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _events(tmp_path: Path) -> list[str]:
    events = _write(
        tmp_path,
        "events.csv",
        "incident,at,event,value\n"
        ",2024-03-05T10:00:00+01:00,notified,\n"
        "INC-1,2024-03-05 10:00,exploded,\n",
    )
    return ["kpis", str(IPFOLIO), "--month", "2024-03", "--events", events]


def _counts(tmp_path: Path) -> list[str]:
    counts = _write(
        tmp_path,
        "counts.csv",
        "service,interval_start,interval_seconds,total,server_errors\n"
        "web,2024-03-05T10:00:00+01:00,0,10,12\n",
    )
    return ["kpis", str(IPFOLIO), "--month", "2024-03", "--counts", counts]


def _outages(tmp_path: Path) -> list[str]:
    outages = _write(
        tmp_path,
        "outages.csv",
        "service,start,end,category,colour\n"
        "web,2024-03-05T10:00:00+01:00,2024-03-05T09:00:00+01:00,unplanned,blue\n",
    )
    return ["kpis", str(IPFOLIO), "--month", "2024-03", "--outages", outages]


def _contract(tmp_path: Path) -> list[str]:
    text = IPFOLIO.read_text(encoding="utf-8") + "colour: blue\n"
    return ["kpis", _write(tmp_path, "contract.yaml", text), "--month", "2024-03"]


def _yaml(tmp_path: Path) -> list[str]:
    text = "format: slaledger/contract/v1\nid: x\nid: y\n"
    return ["kpis", _write(tmp_path, "twice.yaml", text), "--month", "2024-03"]


#: a bad file of each reader, and words of its English refusal (the wording of before)
CASES = {
    "events": (_events, ("expected an incident identifier, found nothing",)),
    "counts": (_counts, ("expected a whole number of at least 1, found '0'",)),
    "outages": (_outages, ("expected only the columns service, start, end, category",)),
    "contract": (_contract, ("colour: expected only known fields, found unknown field 'colour'",)),
    "yaml": (_yaml, ("id: expected each key once, found a second 'id'",)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_file_is_refused_in_french_by_the_cli_run_in_french(
    case, tmp_path, capsys, monkeypatch
):
    build, wording = CASES[case]
    args = build(tmp_path)
    monkeypatch.setenv(LANG_VARIABLE, "fr")
    assert run_guarded(cli, args) != 0
    french = capsys.readouterr().err
    assert "attendu" in french
    assert "expected" not in french
    shown = french.replace(str(tmp_path), "")
    # the event names and the column "at" are identifiers of the file's format
    assert foreign_sentences([shown], "fr", allowed=(*EVENTS, "at\u00a0:")) == []
    monkeypatch.setenv(LANG_VARIABLE, "en")
    assert run_guarded(cli, args) != 0
    said = capsys.readouterr().err
    for words in wording:
        assert words in said


def test_an_options_problem_names_the_command_line_in_words(capsys, monkeypatch):
    args = ["kpis", str(IPFOLIO), "--month", "2024-13"]
    monkeypatch.setenv(LANG_VARIABLE, "fr")
    assert run_guarded(cli, args) != 0
    assert capsys.readouterr().err.startswith(
        "erreur\u00a0: ligne de commande\u00a0: --month\u00a0:"
    )
    monkeypatch.setenv(LANG_VARIABLE, "en")
    assert run_guarded(cli, args) != 0
    assert capsys.readouterr().err.startswith("error: command line: --month:")

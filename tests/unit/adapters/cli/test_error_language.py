"""Bad-input errors of the CLI in the reader's language: the command's ``--lang``, else
``SLALEDGER_LANG``, else English (docs/i18n.md)."""

from __future__ import annotations

import click
import pytest

from slaledger.adapters.cli.errors import EXIT_INPUT, LANG_VARIABLE, run_guarded
from slaledger.adapters.files.problems import InputError, Problem


@click.command()
@click.option("--lang", default="fr")
def refuses(lang: str) -> None:
    raise InputError([Problem("outages.csv", "end", "an instant", "'soon'", row=3)])


def _error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert run_guarded(refuses, argv) == EXIT_INPUT
    return capsys.readouterr().err.strip()


def test_english_by_default(capsys, monkeypatch):
    monkeypatch.setenv(LANG_VARIABLE, "")
    assert _error(capsys, []) == "error: outages.csv row 3: end: expected an instant, found 'soon'"


def test_slaledger_lang_fr_tells_the_error_in_french(capsys, monkeypatch):
    monkeypatch.setenv(LANG_VARIABLE, "fr")
    assert _error(capsys, []) == (
        "erreur\u00a0: outages.csv, ligne 3\u00a0: end\u00a0: attendu an instant, trouvé 'soon'"
    )


def test_the_commands_own_lang_wins_over_the_variable(capsys, monkeypatch):
    monkeypatch.setenv(LANG_VARIABLE, "fr")
    assert _error(capsys, ["--lang", "en"]).startswith("error: outages.csv row 3: end:")
    monkeypatch.setenv(LANG_VARIABLE, "en")
    assert _error(capsys, ["--lang=fr"]).startswith("erreur\u00a0: outages.csv, ligne 3")

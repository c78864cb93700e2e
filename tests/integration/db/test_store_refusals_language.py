"""A store refusal on the command line in the command's language: ``SLALEDGER_LANG=fr``
tells it in French (click's "Error:" frame too), English by default as before."""

from __future__ import annotations

import pytest

from slaledger.adapters.cli.errors import LANG_VARIABLE, run_guarded
from slaledger.adapters.cli.main import cli
from tests.language_words import foreign_sentences


def _refused(capsys: pytest.CaptureFixture[str], url: str) -> str:
    assert run_guarded(cli, ["db", "upgrade", "--db", url]) == 0
    capsys.readouterr()
    code = run_guarded(cli, ["users", "add", "nobody", "--role", "provider-admin", "--db", url])
    assert code == 1
    return capsys.readouterr().err.strip()


def test_a_refused_user_is_told_in_french(capsys, monkeypatch, database_url: str) -> None:
    monkeypatch.setenv(LANG_VARIABLE, "fr")
    said = _refused(capsys, database_url)
    assert said == (
        "Erreur\u00a0: e-mail\u00a0: attendu une adresse comme ana@example.com, trouvé nobody"
    )
    assert foreign_sentences([said], "fr") == []


def test_a_refused_user_is_told_in_english_by_default(
    capsys, monkeypatch, database_url: str
) -> None:
    monkeypatch.delenv(LANG_VARIABLE, raising=False)
    assert _refused(capsys, database_url) == (
        "Error: e-mail: expected an address such as ana@example.com, found nobody"
    )

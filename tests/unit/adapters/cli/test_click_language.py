"""click's own usage errors in the command's language: French with ``--lang fr`` or
``SLALEDGER_LANG=fr``, click's default English otherwise (docs/i18n.md)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from slaledger.adapters.cli import click_language
from slaledger.adapters.cli.click_language import install, speaking, translations
from slaledger.adapters.cli.errors import LANG_VARIABLE, run_guarded
from slaledger.adapters.cli.main import cli
from tests.language_words import foreign_sentences

CLICK = Path(click.__file__).resolve().parent
CONTRACT = "tests/fixtures/contracts/invented-traps.yaml"


def _stderr(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    code = run_guarded(cli, argv)
    return code, capsys.readouterr().err


def test_a_missing_required_option_is_told_in_french_with_slaledger_lang(capsys, monkeypatch):
    monkeypatch.setenv(LANG_VARIABLE, "fr")
    code, err = _stderr(capsys, ["credits", CONTRACT])
    assert code == 2
    assert "Utilisation\u00a0: " in err
    assert "Erreur\u00a0: Option manquante '--month'." in err
    assert "Pour l'aide, essayez «\u00a0" in err
    assert foreign_sentences([err], "fr") == []


def test_sla_credits_lang_fr_answers_its_usage_error_in_french(capsys, monkeypatch):
    monkeypatch.delenv(LANG_VARIABLE, raising=False)
    # sla credits --lang fr without its required --month: click's refusal, in French
    code, err = _stderr(capsys, ["credits", "--lang", "fr", CONTRACT])
    assert code == 2
    assert "Erreur\u00a0: Option manquante '--month'." in err
    assert "Utilisation\u00a0: " in err
    assert foreign_sentences([err], "fr") == []


def test_english_stays_clicks_default_text(capsys, monkeypatch):
    monkeypatch.delenv(LANG_VARIABLE, raising=False)
    code, err = _stderr(capsys, ["credits", CONTRACT])
    assert code == 2
    assert "Usage: " in err
    assert "Error: Missing option '--month'." in err
    assert re.search(r"Try '.* credits --help' for help\.", err)


def test_the_french_help_frame_and_a_bad_value(capsys, monkeypatch):
    monkeypatch.setenv(LANG_VARIABLE, "fr")
    code, err = _stderr(capsys, ["lint", "--format", "yaml", CONTRACT])
    assert code == 2
    assert "Valeur invalide pour '--format'" in err
    assert "n'est pas l'une des valeurs" in err


def test_the_language_holds_only_inside_the_block():
    install()
    with speaking("fr"):
        assert click.formatting._("Usage:") == "Utilisation\u00a0:"  # type: ignore[attr-defined]
    assert click.formatting._("Usage:") == "Usage:"  # type: ignore[attr-defined]
    with speaking("en"):
        assert click.exceptions._("Missing option") == "Missing option"  # type: ignore[attr-defined]


def test_french_plural_forms_follow_the_count():
    french = translations("fr")
    one, many = (
        "Option {name!r} requires an argument.",
        "Option {name!r} requires {nargs} arguments.",
    )
    assert french.ngettext(one, many, 1) == "L'option {name!r} attend une valeur."
    assert french.ngettext(one, many, 2) == "L'option {name!r} attend {nargs} valeurs."


def test_every_click_module_that_imports_gettext_speaks_through_the_hook():
    importing = {
        f"click.{path.stem}"
        for path in CLICK.glob("*.py")
        if "from gettext import" in path.read_text(encoding="utf-8")
    } - {"click._winconsole"}  # loads only on Windows
    assert set(install()) == importing
    assert importing <= set(click_language.CLICK_MODULES)


def _click_po() -> dict[object, object]:
    with open(click_language.catalog_path("fr"), "rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale="fr") if m.id}


def test_click_po_translates_every_message_of_the_installed_click():
    strings = _click_po()
    found = {
        m if isinstance(m, str) else tuple(m)
        for _f, _l, m, _c, _x in extract_from_dir(
            str(CLICK), method_map=[("**.py", "python")], keywords={"_": None, "ngettext": (1, 2)}
        )
    }
    assert found - set(strings) == set()
    assert [i for i, s in strings.items() if not s or (isinstance(s, tuple) and not all(s))] == []


def test_the_french_of_click_holds_no_english_and_keeps_french_typography():
    texts: list[str] = []
    for string in _click_po().values():
        texts.extend(string if isinstance(string, tuple) else [str(string)])
    shown = [re.sub(r"\{[^}]*\}|%\([a-z]+\)s|DeprecationWarning", "x", t) for t in texts]
    assert foreign_sentences(shown, "fr") == []
    assert [t for t in texts if re.search(r"(?:[^\u00a0]|^)[:;!?](?:\s|$)", t)] == []


@click.command()
def gives_up() -> None:
    raise click.Abort()


def test_an_aborted_command_says_so_in_its_language(capsys, monkeypatch):
    monkeypatch.setenv(LANG_VARIABLE, "fr")
    assert run_guarded(gives_up, []) == 1
    assert capsys.readouterr().err.strip() == "abandon"
    monkeypatch.delenv(LANG_VARIABLE)
    assert run_guarded(gives_up, []) == 1
    assert capsys.readouterr().err.strip() == "aborted"

"""``sla lint``, ``sla incidents`` and ``sla maintenance check`` with ``--lang``: the text
a person reads is in the language asked, the JSON keeps its English keys, rule ids and
codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_calendar_cli import run
from tests.e2e.test_maintenance_cli import IMRI, REFUSED
from tests.e2e.test_maintenance_cli import run as maintenance
from tests.language_words import foreign_sentences

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "examples" / "contracts"
DATA = ROOT / "examples" / "data"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_lint_text_is_in_the_language_asked(capsys, language):
    code, out, _ = run(capsys, "lint", str(CONTRACTS / "001-saas-annexes.yaml"), "--lang", language)
    assert code == 1  # 001 has errors
    # the file's interpretations (indented lines) are its author's words, shown as written
    lines = [line for line in out.splitlines() if not line.startswith("    ")]
    assert foreign_sentences(lines, language) == []
    if language == "fr":
        assert "erreur blank-value [take-into-account]\u00a0: le texte laisse en blanc" in out
        assert out.splitlines()[-1].startswith("1 fichier\u00a0: ")


def test_lint_json_in_french_keeps_english_keys_and_rule_ids(capsys):
    code, out, _ = run(
        capsys, "lint", str(CONTRACTS / "001-saas-annexes.yaml"), "--lang", "fr", "--format", "json"
    )
    assert code == 1
    finding = next(f for f in json.loads(out) if f["rule"] == "blank-value")
    assert finding["message"].startswith("le texte laisse en blanc")
    assert finding["message_id"] == "lint.blank-value"
    assert finding["severity"] == "error"


def test_incidents_text_in_french_gives_statuses_and_reasons_in_french(capsys):
    code, out, err = run(
        capsys,
        "incidents",
        str(CONTRACTS / "002-maintenance-us.yaml"),
        "--events",
        str(DATA / "002-maintenance-us" / "events.csv"),
        "--at",
        "2024-04-01T00:00:00-04:00",
        "--lang",
        "fr",
    )
    assert code == 0, err
    assert "le contrat laisse cet objectif en blanc" in out
    assert "échéance" in out
    assert foreign_sentences(out.splitlines(), "fr") == []


def test_maintenance_check_in_french_gives_the_verdict_and_its_reasons_in_french(capsys):
    window = ["--kind", "exceptional", "--start", "2026-11-18T10:00:00+01:00"]
    window += ["--end", "2026-11-18T11:00:00+01:00", "--announced", "2026-11-10T09:00:00+01:00"]
    code, out, _ = maintenance(capsys, "check", IMRI, *window, "--lang", "fr")
    assert code == REFUSED
    assert out.startswith("REFUSÉE  exceptional")
    assert "ENFREINT" in out
    assert "sans accord préalable du client" in out
    assert foreign_sentences(out.splitlines(), "fr") == []
    code, english_out, _ = maintenance(capsys, "check", IMRI, *window)
    assert english_out.startswith("REFUSED  exceptional")
    assert "no prior agreement of the customer" in english_out

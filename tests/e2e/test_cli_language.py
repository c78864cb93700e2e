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
from tests.language_words import english_figures, foreign_sentences

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
    assert english_figures(out.splitlines()) == []  # "1 janv. 2024, 14:56", no "2:56 PM"


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


def _credits_text(tmp_path: Path, language: str, end: str) -> list[str]:
    from click.testing import CliRunner

    from slaledger.adapters.cli.availability_cmds import credits

    outages = tmp_path / "outages.csv"
    outages.write_text(
        "service,start,end,category,reported_at,reference,note\n"
        f"ipfolio,2024-03-05T10:00:00Z,{end},unplanned,2024-03-05T10:05:00Z,I-1,\n",
        encoding="utf-8",
    )
    args = [str(CONTRACTS / "000-ipfolio.yaml"), "--month", "2024-03", "--outages", str(outages),
            "--covers", "2024-03..2024-03", "--lang", language]  # fmt: skip
    result = CliRunner().invoke(credits, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


@pytest.mark.parametrize(
    "end",
    [
        "2024-03-05T18:20:00Z",  # 500 min: a tier
        "2024-03-05T14:05:00Z",  # 245 min: in no tier
    ],
)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_credits_text_gives_its_verdict_and_notes_in_the_language_asked(tmp_path, language, end):
    lines = _credits_text(tmp_path, language, end)
    # the trace's columns are codes (effect, category, [clause; source]): its reason only
    trace = [
        line.split(" min  ", 1)[1].split(maxsplit=2)[2].rsplit(" [", 1)[0]
        for line in lines
        if " min  " in line
    ]
    read = [line for line in lines if " min  " not in line] + trace
    assert foreign_sentences(read, language) == []
    if language == "fr":
        # figures the French way: "99,45 %", the tier "[95 %, 99,4 %]", "44 640"
        assert english_figures(lines) == []
        assert any("total 44\u202f640" in line for line in lines)
        assert any(
            line.startswith("  remarque\u00a0: disponibilité arrondie à 2") for line in lines
        )
        assert any(line.startswith("crédit\u00a0: ") for line in lines)
        if end == "2024-03-05T18:20:00Z":
            assert any("palier [95\u00a0%, 99,4\u00a0%]" in line for line in lines)


def test_credits_text_in_english_reads_as_before(tmp_path):
    lines = _credits_text(tmp_path, "en", "2024-03-05T14:05:00Z")
    assert "credit: undetermined (the availability falls in no credit tier: see the notes)" in lines
    assert "  note: availability rounded to 2 decimals (half-up): 99.45 %" in lines


@pytest.mark.parametrize(
    ("command", "stem", "french"),
    [
        ("credits", "003-previsoft", "aucun barème de crédit ne renvoie à 'availability'"),
        ("availability", "004-imri", "'hosted-availability' court par année contractuelle"),
    ],
)
def test_a_figure_refused_is_told_in_french(command, stem, french, monkeypatch):
    """An ``AvailabilityError`` (no credit schedule, a contract year without its opening
    date) is a message: told in the error language, English by default."""
    from click.testing import CliRunner

    from slaledger.adapters.cli.errors import LANG_VARIABLE
    from slaledger.adapters.cli.main import cli

    args = [command, str(CONTRACTS / f"{stem}.yaml"), "--month", "2024-03"]
    monkeypatch.setenv(LANG_VARIABLE, "fr")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert french in result.output
    assert foreign_sentences(result.output.splitlines(), "fr") == []
    monkeypatch.setenv(LANG_VARIABLE, "en")
    english = CliRunner().invoke(cli, args).output
    assert "no credit schedule refers to" in english or "runs by contract year" in english


def test_maintenance_next_in_french_gives_its_conditions_in_french(capsys):
    window = ["--kind", "exceptional", "--duration", "2h", "--after", "2024-12-02T10:00:00+01:00"]
    code, out, _ = maintenance(capsys, "next", IMRI, *window, "--lang", "fr")
    assert code == 0
    assert "condition  obtenir l'accord préalable du client" in out
    assert "année civile 2024 (date d'ouverture du service non donnée)\u00a0»" in out
    assert foreign_sentences(out.splitlines(), "fr") == []

"""``sla ingest mail`` from files end to end: an mbox or .eml files in, the events file out,
then ``sla incidents`` as on the hand-written events."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from slaledger.adapters.cli.main import main
from tests.conftest import ROOT
from tests.mail_history import CONTRACT, FIXTURES, HAND_WRITTEN, MBOX, RULES, SEED_MAIL


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def _incidents(capsys: pytest.CaptureFixture[str], events: Path) -> object:
    code, out, err = _run(capsys, "incidents", str(CONTRACT), "--events", str(events),
                          "--at", "2024-04-10T00:00:00+02:00", "--json")  # fmt: skip
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize(
    ("source", "location", "name"),
    [
        ("mbox", MBOX, "events.csv"),
        ("eml", SEED_MAIL, "events.jsonl"),  # a folder of .eml files, to JSON lines
    ],
)
def test_ingest_mail_writes_the_events_of_the_hand_written_file(
    source: str, location: Path, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / name
    code, out, err = _run(capsys, "ingest", "mail", "--source", source, str(location),
                          "--rules", str(RULES), "--contract", str(CONTRACT),
                          "--output", str(output))  # fmt: skip
    assert code == 0, err
    assert out.strip() == f"34 messages (1 duplicate), 7 incidents, 38 events -> {output}"
    assert err.count("left out: ") == 3
    assert _incidents(capsys, output) == _incidents(capsys, HAND_WRITTEN)


def test_the_written_csv_is_the_events_file_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "events.csv"
    code, _, err = _run(capsys, "ingest", "mail", "--source", "mbox", str(MBOX),
                        "--rules", str(RULES), "--output", str(output))  # fmt: skip
    assert code == 0, err
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "incident,at,event,value,service,kind,note"
    assert lines[1] == (
        "INC-2024-0101,2024-03-05T10:30:00+01:00,notified,,app,incident,<m01.0101@client.example>"
    )
    # the provider's server dated its reply in UTC: the offset is kept as written
    assert lines[3].startswith("INC-2024-0101,2024-03-05T10:05:00+00:00,acknowledged,")


def test_undated_messages_refuse_the_import_and_name_each_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "events.csv"
    code, out, err = _run(capsys, "ingest", "mail", "--source", "eml", str(FIXTURES / "bad"),
                          "--rules", str(RULES), "--output", str(output))  # fmt: skip
    assert code == 2
    assert out == ""
    assert not output.exists()
    errors = err.splitlines()
    assert len(errors) == 3
    assert errors[0] == (
        f"error: {FIXTURES / 'bad' / 'no-date.eml'} <no-date@client.example>: Date: expected a "
        "date with its UTC offset (RFC 5322), e.g. 'Tue, 05 Mar 2024 10:30:00 +0100', found "
        "no Date header"
    )


def test_a_rules_class_the_contract_does_not_know_is_named_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "customer_domains: [client.example]\n"
        "priorities:\n"
        "  - {class: critical, keywords: [critique]}\n"
        "  - {class: blocker, keywords: [bloquant]}\n",
        encoding="utf-8",
    )
    code, _, err = _run(capsys, "ingest", "mail", "--source", "mbox", str(MBOX),
                        "--rules", str(rules), "--contract", str(CONTRACT),
                        "--output", str(tmp_path / "events.csv"))  # fmt: skip
    assert code == 2
    assert err.startswith(f"error: {rules}:4:")
    assert "priorities[1].class: expected a class of" in err
    assert "found 'blocker'" in err


def test_an_imap_source_warns_when_it_would_go_in_clear(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SLALEDGER_IMAP_USER", raising=False)
    monkeypatch.delenv("SLALEDGER_IMAP_PASSWORD", raising=False)
    code, _, err = _run(capsys, "ingest", "mail", "--source", "imap", "127.0.0.1",
                        "--security", "plain", "--rules", str(RULES),
                        "--output", str(tmp_path / "events.csv"))  # fmt: skip
    assert code == 2  # the credentials are missing: nothing is sent
    assert "warning: the IMAP password and messages travel in clear" in err


# ----------------------------------------------------------------- the docs, kept honest
DOC = ROOT / "docs" / "mail.md"


def _documented_commands() -> list[tuple[str, str]]:
    """Each ``$ sla ...`` line of the console blocks of docs/mail.md, and its output."""
    text = DOC.read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        for command, output in re.findall(r"^\$ (sla .*)\n((?:(?!\$ ).*\n)*)", block, re.M):
            examples.append((command, output.strip()))
    return examples


def test_the_worked_example_prints_what_the_docs_say(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commands run in order in a folder of their own (the first writes the events
    file the second reads); standard error comes first, as in a terminal."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    examples = _documented_commands()
    assert [command.split()[1] for command, _ in examples] == ["ingest", "incidents"]
    for command, output in examples:
        code, out, err = _run(capsys, *shlex.split(command)[1:])
        assert code == 0, err
        assert (err + out).strip() == output
    written = (tmp_path / "mail-events.csv").read_text(encoding="utf-8").splitlines()
    csv_block = re.search(r"```csv\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert csv_block is not None
    shown = csv_block.group(1).strip().splitlines()
    assert len(shown) == 7
    assert all(line in written for line in shown)


def test_the_bad_input_messages_in_the_docs_are_the_real_ones(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    code, _, err = _run(capsys, "ingest", "mail", "--source", "eml", "tests/fixtures/mail/bad",
                        "--rules", str(RULES), "--output", str(tmp_path / "e.csv"))  # fmt: skip
    assert code == 2
    text = DOC.read_text(encoding="utf-8")
    for line in err.strip().splitlines():
        assert line in text


def _mapping_with_mail(tmp_path: Path, rules_text: str) -> Path:
    nested = "".join(f"  {line}\n" if line.strip() else "\n" for line in rules_text.splitlines())
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "format: slaledger/helpdesk-mapping/v1\nsource: mail\ncontract: saas-annexes\n"
        f"mail:\n{nested}",
        encoding="utf-8",
    )
    return path


def test_the_rules_as_the_mail_section_of_a_mapping_file_give_the_same_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = _mapping_with_mail(tmp_path, RULES.read_text(encoding="utf-8"))
    standalone, nested = tmp_path / "standalone.csv", tmp_path / "nested.csv"
    for rules, output in ((RULES, standalone), (mapping, nested)):
        code, _, err = _run(capsys, "ingest", "mail", "--source", "mbox", str(MBOX),
                            "--rules", str(rules), "--contract", str(CONTRACT),
                            "--output", str(output))  # fmt: skip
        assert code == 0, err
    assert nested.read_text(encoding="utf-8") == standalone.read_text(encoding="utf-8")
    code, out, err = _run(capsys, "ingest", "check-mapping", str(mapping),
                          "--contract", str(CONTRACT))  # fmt: skip
    assert code == 0, err
    assert "mail rules (4 priorities" in out


def test_check_mapping_names_the_line_of_a_mail_class_the_contract_does_not_know(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = RULES.read_text(encoding="utf-8").replace("{class: urgent,", "{class: pressing,")
    mapping = _mapping_with_mail(tmp_path, text)
    line = 4 + next(i for i, t in enumerate(text.splitlines(), 1) if "pressing" in t)
    code, _, err = _run(capsys, "ingest", "check-mapping", str(mapping),
                        "--contract", str(CONTRACT))  # fmt: skip
    assert code == 2
    assert err.startswith(f"error: {mapping}:{line}:")
    assert "mail.priorities[1].class" in err or "pressing" in err


def test_a_bad_mail_section_is_refused_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = _mapping_with_mail(tmp_path, "customer_domains: []\n")
    code, _, err = _run(capsys, "ingest", "check-mapping", str(mapping))
    assert code == 2
    assert err.startswith(f"error: {mapping}:5:")
    assert "customer_domains" in err

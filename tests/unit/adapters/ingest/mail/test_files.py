"""Messages from .eml files, folders of them, and mbox files."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import english
from slaledger.adapters.ingest.mail import load_mail_rules, mail_events, read_eml, read_mbox
from tests.mail_history import FIXTURES, MBOX, RULES, SEED_MAIL


def test_a_folder_stands_for_its_eml_files_by_name() -> None:
    raws = read_eml([SEED_MAIL])
    assert [Path(r.source).name for r in raws][:3] == [
        "01-panne.eml", "02-prise-en-compte.eml", "03-diagnostic.eml",
    ]  # fmt: skip
    assert raws[0].origin == str(SEED_MAIL / "01-panne.eml")  # a file names itself


def test_missing_files_and_empty_folders_are_named_together(tmp_path: Path) -> None:
    with pytest.raises(InputError) as refused:
        read_eml([tmp_path / "none.eml", tmp_path])
    assert [(p.file, english(p.found)) for p in refused.value.problems] == [
        (str(tmp_path / "none.eml"), "no such file"),
        (str(tmp_path), "none"),
    ]


def test_mbox_messages_are_numbered_from_one_in_their_file() -> None:
    raws = read_mbox([MBOX])
    assert len(raws) == 34
    assert raws[0].origin == f"{MBOX} message 1"
    assert b"Message-ID: <m02.0101@provider.example>" in raws[0].data


def test_a_file_that_is_no_mbox_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("just some notes\n")
    with pytest.raises(InputError, match="an mbox file"):
        read_mbox([text])
    with pytest.raises(InputError, match="no such file"):
        read_mbox([tmp_path / "none.mbox"])


def test_the_mbox_and_the_eml_folder_give_the_same_events() -> None:
    rules = load_mail_rules(RULES)
    from_mbox = mail_events(read_mbox([MBOX]), rules)
    from_files = mail_events(read_eml([SEED_MAIL]), rules)
    key = [(e.incident, e.at, e.event, e.value, e.message_id) for e in from_mbox.events]
    assert key == [(e.incident, e.at, e.event, e.value, e.message_id) for e in from_files.events]
    assert len(key) == 38


def test_an_mbox_written_by_the_standard_library_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "box.mbox"
    box = mailbox.mbox(path)
    for eml in sorted((FIXTURES / "encodings").glob("*.eml")):
        box.add(eml.read_bytes())
    box.close()
    assert [r.number for r in read_mbox([path])] == [1, 2, 3, 4, 5, 6]

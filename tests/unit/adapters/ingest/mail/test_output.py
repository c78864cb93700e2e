"""The events of a mail import: the events file, and the IncidentTable of the use cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from slaledger.adapters.files.events import read_events
from slaledger.adapters.ingest.mail import (
    incident_table,
    load_mail_rules,
    mail_events,
    read_mbox,
    write_events,
)
from tests.mail_history import MBOX, RULES, history


@pytest.mark.parametrize("name", ["events.csv", "events.jsonl"])
def test_the_events_file_reads_back_as_the_same_incident_table(tmp_path: Path, name: str) -> None:
    result = mail_events(read_mbox([MBOX]), load_mail_rules(RULES))
    path = write_events(result, tmp_path / name)
    table, written = incident_table(result), read_events(path)
    assert history(written) == history(table)
    assert written.service == table.service == ("app",) * 7
    assert written.kind == table.kind == ("incident",) * 7
    assert not list(tmp_path.glob("*.part"))  # written beside, then moved into place


def test_each_event_keeps_the_message_id_as_its_note() -> None:
    table = incident_table(mail_events(read_mbox([MBOX]), load_mail_rules(RULES)))
    assert len(table.notes) == table.log.at.size == 38
    assert set(table.notes.values()) >= {"<m01.0101@client.example>", "<m30.0107@provider.example>"}

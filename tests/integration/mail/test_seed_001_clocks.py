"""Done when: the clocks of seed 001 computed from its support mailbox — an mbox file, a
folder of .eml files, a real IMAP server — equal those of the same history written by
hand as an events file."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from slaledger.adapters.files.events import read_events
from slaledger.adapters.i18n import english
from slaledger.adapters.ingest.mail import (
    RawMail,
    imap_credentials,
    incident_table,
    load_mail_rules,
    mail_events,
    read_eml,
    read_imap,
    read_mbox,
)
from slaledger.domain.incidents.table import IncidentTable
from tests.integration.mail.conftest import ImapServer
from tests.mail_history import HAND_WRITTEN, MBOX, RULES, SEED_MAIL, clocks, history


def _from_mail(raws: list[RawMail]) -> IncidentTable:
    return incident_table(mail_events(raws, load_mail_rules(RULES)))


def _by_hand() -> IncidentTable:
    return read_events(HAND_WRITTEN)


def test_the_clocks_from_an_imap_mailbox_equal_those_of_the_hand_written_events(
    imap_server: ImapServer,
) -> None:
    user, password = imap_credentials(
        {"SLALEDGER_IMAP_USER": imap_server.user, "SLALEDGER_IMAP_PASSWORD": imap_server.password}
    )
    raws = read_imap(imap_server.source(), user=user, password=password)
    from_mail, by_hand = _from_mail(raws), _by_hand()
    assert len(raws) == 34  # the 33 messages and the second delivery of the first
    assert history(from_mail) == history(by_hand)
    views = clocks(from_mail)
    assert [v.incident for v in views] == [f"INC-2024-010{n}" for n in range(1, 8)]
    assert views == clocks(by_hand)


@pytest.mark.parametrize(
    "read",
    [
        pytest.param(lambda: read_mbox([MBOX]), id="mbox"),
        pytest.param(lambda: read_eml([SEED_MAIL]), id="eml-folder"),
    ],
)
def test_the_clocks_from_mail_files_equal_those_of_the_hand_written_events(
    read: Callable[[], list[RawMail]],
) -> None:
    from_mail, by_hand = _from_mail(read()), _by_hand()
    assert history(from_mail) == history(by_hand)
    assert clocks(from_mail) == clocks(by_hand)


def test_the_mailbox_clocks_count_the_contract_calendar() -> None:
    """Spot checks that the comparison above compares real figures."""
    views = {v.incident: v for v in clocks(_from_mail(read_mbox([MBOX])))}
    by_name = {c.name: c for c in views["INC-2024-0106"].clocks}
    # Fri 29 Mar 17:30 -> Tue 2 Apr 10:20: 30 min on Friday, Easter Monday closed, the
    # clocks changed on Sunday, 20 min on Tuesday
    assert by_name["take-into-account"].elapsed_seconds == 50 * 60
    assert by_name["take-into-account"].status == "met"
    paused = {c.name: c for c in views["INC-2024-0103"].clocks}["take-into-account"]
    # 10 working hours from Mon 16:40, pushed back by the 40 min paused on Monday
    assert paused.deadline is not None
    assert paused.original_deadline is not None
    assert paused.deadline - paused.original_deadline == 40 * 60
    assert views["INC-2024-0104"].priority == "urgent"  # reclassified by the provider
    exempt = {c.name: c for c in views["INC-2024-0107"].clocks}["diagnosis"]
    assert exempt.status == "no-target"
    assert "not-reproducible" in english(exempt.reason)

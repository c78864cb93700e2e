"""The alerts of a contract that stores settings of its own (seed contract 001, in-memory
store): its recipients and languages instead of the environment's, the webhooks kept,
its risk share, the kinds it sends; the environment's for all it leaves unset."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.events import read_events
from slaledger.adapters.notify.channels import ContractChannels
from slaledger.adapters.notify.fakes import InMemoryAlertStore, RecordingNotifier
from slaledger.adapters.notify.mail import SmtpSettings
from slaledger.bootstrap import contract_calendars
from slaledger.domain.alert_settings import ContractAlertSettings
from slaledger.domain.alerts import Transition
from slaledger.domain.contract.contract import Contract
from slaledger.services.alerts import run_once

ROOT = Path(__file__).resolve().parents[3]
PARIS = ZoneInfo("Europe/Paris")
#: Saturday 16 March 10:00 Paris, Critical: take-into-account 6 h round the clock
SATURDAY = [
    "INC-1,2024-03-16T10:00:00+01:00,notified,",
    "INC-1,2024-03-16T10:05:00+01:00,classified,critical",
]
ENVIRONMENT = "oncall@provider.test"


@pytest.fixture(scope="module")
def contract() -> Contract:
    return load_contract(ROOT / "examples/contracts/001-saas-annexes.yaml").contract


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 3, day, hour, minute, tzinfo=PARIS)


class Mailboxes:
    """An e-mail factory for ``ContractChannels``: one recording notifier per address,
    with the languages each was asked to write in."""

    def __init__(self) -> None:
        self.boxes: dict[str, RecordingNotifier] = {}
        self.languages: dict[str, tuple[str, ...]] = {}

    def __call__(self, address: str, languages: tuple[str, ...]) -> RecordingNotifier:
        self.languages[address] = languages
        return self.boxes.setdefault(address, RecordingNotifier(f"email:{address}"))

    def received(self, address: str) -> list[tuple[Transition, datetime]]:
        box = self.boxes.get(address)
        return [
            (n.alert.transition, n.happened_at.astimezone(PARIS))
            for n in (box.sent if box else [])
            if n.alert.clock == "take-into-account"
        ]


def _store(
    contract: Contract, tmp_path: Path, settings: ContractAlertSettings | None
) -> InMemoryAlertStore:
    path = tmp_path / "events.csv"
    path.write_text("incident,at,event,value\n" + "\n".join(SATURDAY) + "\n", encoding="utf-8")
    store = InMemoryAlertStore(
        contracts=[(contract, read_events(path), contract_calendars(contract))]
    )
    if settings is not None:
        store.settings[contract.id] = settings
    return store


def _channels(mail: Mailboxes, webhook: RecordingNotifier) -> ContractChannels:
    return ContractChannels(
        webhooks=[webhook],
        recipients=(ENVIRONMENT,),
        languages=("fr", "en"),
        smtp=SmtpSettings(host="mail.provider.test"),
        email=mail,
    )


def test_the_contracts_own_recipients_get_its_alerts_in_its_languages(contract, tmp_path) -> None:
    mail, webhook = Mailboxes(), RecordingNotifier("webhook:https://hooks.test/")
    own = ContractAlertSettings(alert_recipients=("boss@provider.test",), languages=("en",))
    store = _store(contract, tmp_path, own)
    run_once(store=store, channels=_channels(mail, webhook), now=paris(16, 14, 31))
    assert mail.received("boss@provider.test") == [(Transition.AT_RISK, paris(16, 14, 30))]
    assert mail.received(ENVIRONMENT) == []  # the contract's recipients replace these
    assert mail.languages["boss@provider.test"] == ("en",)
    assert [n.alert.clock for n in webhook.sent].count("take-into-account") == 1  # kept
    assert ("take-into-account", "email:boss@provider.test") in {
        (key[2], key[4]) for key in store.deliveries
    }


def test_without_settings_of_its_own_a_contract_uses_the_environments(contract, tmp_path) -> None:
    mail, webhook = Mailboxes(), RecordingNotifier("webhook:https://hooks.test/")
    store = _store(contract, tmp_path, None)
    run_once(store=store, channels=_channels(mail, webhook), now=paris(16, 14, 31))
    assert mail.received(ENVIRONMENT) == [(Transition.AT_RISK, paris(16, 14, 30))]
    assert mail.languages[ENVIRONMENT] == ("fr", "en")


def test_settings_without_recipients_keep_the_environments_recipients(contract, tmp_path) -> None:
    mail, webhook = Mailboxes(), RecordingNotifier("webhook:https://hooks.test/")
    store = _store(contract, tmp_path, ContractAlertSettings(languages=("en",)))
    run_once(store=store, channels=_channels(mail, webhook), now=paris(16, 14, 31))
    assert mail.received(ENVIRONMENT) == [(Transition.AT_RISK, paris(16, 14, 30))]
    assert mail.languages[ENVIRONMENT] == ("en",)


def test_the_contracts_risk_share_moves_its_at_risk_instant(contract, tmp_path) -> None:
    mail, webhook = Mailboxes(), RecordingNotifier("webhook:https://hooks.test/")
    store = _store(contract, tmp_path, ContractAlertSettings(risk_share=Decimal("0.5")))
    channels = _channels(mail, webhook)
    early = run_once(store=store, channels=channels, now=paris(16, 12), risk_share=0.75)
    assert mail.received(ENVIRONMENT) == []
    assert early.next_wakeup == paris(16, 13)  # half of 6 h from 10:00, not 14:30
    run_once(store=store, channels=channels, now=paris(16, 13))
    assert mail.received(ENVIRONMENT) == [(Transition.AT_RISK, paris(16, 13))]


def test_a_kind_switched_off_is_not_sent_and_none_on_sends_nothing(contract, tmp_path) -> None:
    mail, webhook = Mailboxes(), RecordingNotifier("webhook:https://hooks.test/")
    breaches = ContractAlertSettings(kinds=frozenset({Transition.BREACHED}))
    store = _store(contract, tmp_path, breaches)
    channels = _channels(mail, webhook)
    report = run_once(store=store, channels=channels, now=paris(16, 15))
    assert mail.received(ENVIRONMENT) == []
    assert report.next_wakeup == paris(16, 16)  # the breach; the at-risk is not waited for
    run_once(store=store, channels=channels, now=paris(16, 16, 1))
    assert mail.received(ENVIRONMENT) == [(Transition.BREACHED, paris(16, 16))]

    silent = _store(contract, tmp_path, ContractAlertSettings(kinds=frozenset()))
    quiet = run_once(store=silent, channels=_channels(mail, webhook), now=paris(17, 9))
    assert quiet.sent == []
    assert quiet.next_wakeup is None
    assert silent.deliveries == {}


def test_without_an_smtp_server_stored_recipients_get_nothing_and_webhooks_still_do(
    contract, tmp_path
) -> None:
    webhook = RecordingNotifier("webhook:https://hooks.test/")
    channels = ContractChannels(webhooks=[webhook], recipients=(), languages=("fr",), smtp=None)
    own = ContractAlertSettings(alert_recipients=("boss@provider.test",))
    assert [n.channel for n in channels.for_contract(own)] == ["webhook:https://hooks.test/"]
    store = _store(contract, tmp_path, own)
    run_once(store=store, channels=channels, now=paris(16, 14, 31))
    assert {key[4] for key in store.deliveries} == {"webhook:https://hooks.test/"}

"""Burn-rate alerts replayed over a generated outage burst on the SaaS contract (001,
target 99.95 %, Paris): the fast burn pages once, the slow burn tickets once, and a
restart in the middle (a new run with only the recorded deliveries) resends nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.coverage import covers_option
from slaledger.adapters.files.source import FileObservations
from slaledger.adapters.notify import burn_message
from slaledger.adapters.notify.fakes import RecordingNotifier
from slaledger.bootstrap import contract_calendars
from slaledger.domain.burn import PAGE, TICKET
from slaledger.domain.contract.contract import Contract
from slaledger.services.alerts import FixedChannels
from slaledger.services.burn_alerts import BurnWatched, burn_status, run_burn_alerts
from slaledger.services.burn_notice import BurnNotice
from tests.conftest import ROOT

SAAS = ROOT / "examples" / "contracts" / "001-saas-annexes.yaml"
BURST = datetime(2024, 3, 12, 9, 0, tzinfo=UTC)


def burst_file(folder: Path) -> Path:
    """Five outages of 3 min, 10 min apart from 09:00 UTC on 12 March: 15 min down, 67 %
    of the month's budget: March 2024 in Paris is 743 h (the clocks go forward) =
    2 674 800 s, 0.05 % of it 1 337.4 s -> 1 337 s = 22.28 min allowed."""
    rows = ["service,start,end,category,reported_at,reference,note"]
    for i in range(5):
        start = BURST + timedelta(minutes=10 * i)
        end = start + timedelta(minutes=3)
        rows.append(
            f"solution,{start:%Y-%m-%dT%H:%M:%SZ},{end:%Y-%m-%dT%H:%M:%SZ},unplanned,,B{i},"
        )
    path = folder / "outages.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@dataclass
class Deliveries:
    """The persisted state: the deliveries (what a restart keeps)."""

    rows: dict[tuple[str, str, str, int, str], datetime] = field(default_factory=dict)


@dataclass
class Store:
    contract: Contract
    source: FileObservations
    kept: Deliveries

    def burn_watched(self, *, now: datetime) -> list[BurnWatched]:
        return [
            BurnWatched(
                contract=self.contract,
                observations=self.source.observations(self.contract),
                calendars=contract_calendars(self.contract),
                delivered=frozenset(k[1:] for k in self.kept.rows if k[0] == self.contract.id),
            )
        ]

    def record_burn_alert(self, contract: str, *, clause: str, severity: str,
                          episode: datetime, channel: str, sent_at: datetime) -> bool:  # fmt: skip
        key = (contract, clause, severity, int(episode.timestamp()), channel)
        if key in self.kept.rows:
            return False
        self.kept.rows[key] = sent_at
        return True


def test_a_burst_pages_once_and_tickets_once_across_a_restart(tmp_path: Path) -> None:
    contract = load_contract(SAAS).contract
    source = FileObservations(
        outages=burst_file(tmp_path),
        covers=covers_option(["2024-01..2024-12"], ZoneInfo("Europe/Paris")),
    )
    kept = Deliveries()
    notifier = RecordingNotifier("webhook:test")
    channels = FixedChannels([notifier])
    now = BURST - timedelta(hours=1)
    restart_at = BURST + timedelta(hours=2)
    store = Store(contract, source, kept)
    while now <= BURST + timedelta(days=4):
        if now == restart_at:
            store = Store(contract, source, kept)  # a restart: only the deliveries remain
            notifier = RecordingNotifier("webhook:test")  # the same channel, nothing in memory
            channels = FixedChannels([notifier])
            before_restart = len(kept.rows)
            assert before_restart == 2  # both episodes were announced before the restart
        run_burn_alerts(store=store, channels=channels, now=now)
        now += timedelta(minutes=30)
    assert notifier.sent == []  # nothing resent after the restart
    severities = sorted(k[2] for k in kept.rows)
    assert severities == [PAGE, TICKET]
    page = next(k for k in kept.rows if k[2] == PAGE)
    # the first 3-minute outage is 9 % of the budget: the page fires at its first minute
    assert page[3] == int((BURST + timedelta(minutes=1)).timestamp())


def test_the_notice_says_it_in_both_languages(tmp_path: Path) -> None:
    contract = load_contract(SAAS).contract
    source = FileObservations(
        outages=burst_file(tmp_path),
        covers=covers_option(["2024-01..2024-12"], ZoneInfo("Europe/Paris")),
    )
    notifier = RecordingNotifier()
    run_burn_alerts(store=Store(contract, source, Deliveries()), channels=FixedChannels([notifier]),
                    now=BURST + timedelta(minutes=45))  # fmt: skip
    notices = [n for n in notifier.sent if isinstance(n, BurnNotice)]
    page = next(n for n in notices if n.severity == PAGE)
    assert burn_message.subject(page, "fr") == (
        "Budget d'erreur en combustion rapide\u00a0: solution (saas-annexes)"
    )
    assert "Error budget burning fast" in burn_message.subject(page, "en")
    body = burn_message.body(page, "en")
    assert "since March 12, 2024 at 10:01" in body  # Paris time
    assert "Consumed: 15 min of 22.2 min allowed; 7.2 min left." in body
    assert "Consommé\u00a0: 15 min sur 22,2 min permises" in burn_message.body(page, "fr")
    assert burn_message.payload(page)["type"] == "slaledger.burn.page"


def test_late_data_that_moves_an_episode_s_start_does_not_resend_it(tmp_path: Path) -> None:
    """The page is announced at 09:30 from a file that knows the 09:10 outage only; the
    09:00 one arrives late: the episode now starts at 09:01, not 09:11, and is the same
    episode."""
    contract = load_contract(SAAS).contract
    zone = ZoneInfo("Europe/Paris")
    covers = covers_option(["2024-01..2024-12"], zone)
    full = burst_file(tmp_path)
    lines = full.read_text(encoding="utf-8").splitlines()
    partial = tmp_path / "partial.csv"
    partial.write_text("\n".join([lines[0], *lines[2:]]) + "\n", encoding="utf-8")
    kept = Deliveries()
    notifier = RecordingNotifier()
    channels = FixedChannels([notifier])
    early = Store(contract, FileObservations(outages=partial, covers=covers), kept)
    run_burn_alerts(store=early, channels=channels, now=BURST + timedelta(minutes=30))
    pages = [k for k in kept.rows if k[2] == PAGE]
    assert [p[3] for p in pages] == [int((BURST + timedelta(minutes=11)).timestamp())]
    late = Store(contract, FileObservations(outages=full, covers=covers), kept)
    report = run_burn_alerts(store=late, channels=channels, now=BURST + timedelta(minutes=60))
    assert [k for k in report.sent if k[1] == PAGE] == []
    assert len([k for k in kept.rows if k[2] == PAGE]) == 1


def test_a_failed_send_is_retried_and_an_old_episode_is_not_announced(tmp_path: Path) -> None:
    contract = load_contract(SAAS).contract
    covers = covers_option(["2024-01..2024-12"], ZoneInfo("Europe/Paris"))
    store = Store(contract, FileObservations(outages=burst_file(tmp_path), covers=covers),
                  Deliveries())  # fmt: skip
    failing = RecordingNotifier("webhook:flaky", failures=2)
    first = run_burn_alerts(store=store, channels=FixedChannels([failing]),
                            now=BURST + timedelta(hours=1))  # fmt: skip
    assert (len(first.failed), first.sent) == (2, [])  # the page and the ticket
    second = run_burn_alerts(store=store, channels=FixedChannels([failing]),
                             now=BURST + timedelta(hours=2))  # fmt: skip
    assert sorted(k[1] for k in second.sent) == [PAGE, TICKET]
    fresh = Store(contract, store.source, Deliveries())
    late = run_burn_alerts(store=fresh, channels=FixedChannels([RecordingNotifier()]),
                           now=BURST + timedelta(days=8))  # fmt: skip
    assert late.sent == []  # both started more than the 7-day look-back before


def test_an_excluded_burst_burns_nothing(tmp_path: Path) -> None:
    """The same burst caused by a third party (excluded by 001's annex): no downtime
    counts, so no episode; the unplanned one gives both."""
    contract = load_contract(SAAS).contract
    covers = covers_option(["2024-01..2024-12"], ZoneInfo("Europe/Paris"))
    unplanned = burst_file(tmp_path)
    excused = tmp_path / "third-party.csv"
    excused.write_text(unplanned.read_text().replace(",unplanned,", ",third-party,"))
    at = int((BURST + timedelta(days=1)).timestamp())
    found = {}
    for name, path in (("unplanned", unplanned), ("third-party", excused)):
        source = FileObservations(outages=path, covers=covers)
        status = burn_status(contract=contract, at=at, observations=source.observations(contract),
                             calendars=contract_calendars(contract))  # fmt: skip
        assert status.report is not None
        found[name] = [e.severity for e in status.report.episodes]
    assert found == {"unplanned": [PAGE, TICKET], "third-party": []}

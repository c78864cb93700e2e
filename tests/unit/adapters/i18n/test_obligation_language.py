"""Every obligation reads French in French and English in English: the calendars of the
five seeds and of the invented contract, each event of the contract given once, rendered
in each language (the messages, ``sla obligations`` text and the iCalendar feed), hold no
stop word of the other one outside quotes, identifiers and the contract's own words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from slaledger.adapters.cli.obligation_cmds import schedule_text
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.holidays import HolidaysPackage
from slaledger.adapters.i18n import english, render
from slaledger.adapters.reports.ics import schedule_to_ics
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.contract.contract import Contract
from slaledger.domain.message import Text
from slaledger.domain.obligations import (
    MAINTENANCE_EVENT,
    ObligationError,
    Schedule,
    Trigger,
    build_schedule,
    known_events,
)
from slaledger.domain.obligations.words import owed_by, trigger_label
from tests.language_words import contract_words, foreign_sentences
from tests.unit.adapters.files.contract_file.paths import EXAMPLES, FIXTURES, SEED_FILES

FILES = [EXAMPLES / name for name in sorted(SEED_FILES)] + [FIXTURES / "invented-clean.yaml"]


def _triggers(contract: Contract) -> list[Trigger]:
    """Each event of the contract on 15 March of its first year (a maintenance window per
    kind in June)."""
    zone = ZoneInfo(contract.timezone)
    year = max(2024, contract.effective_from.year if contract.effective_from else 2024)
    at = datetime(year, 3, 15, tzinfo=zone)
    found = [
        Trigger(event, at, whole_day=True, ref="F-12")
        for event in sorted(known_events(contract) - {MAINTENANCE_EVENT})
    ]
    for kind in contract.maintenance:
        start = datetime(year, 6, 12, 22, tzinfo=zone)
        found.append(
            Trigger(MAINTENANCE_EVENT, start, end=start + timedelta(hours=2), clause=kind.clause.id)
        )
    return found


def _schedules() -> list[tuple[str, Schedule, list[str]]]:
    provider = HolidaysPackage()
    found = []
    for path in FILES:
        contract = load_contract(str(path)).contract
        calendars = {n: BusinessCalendar(s, provider) for n, s in contract.calendars.items()}
        zone = ZoneInfo(contract.timezone)
        allowed = contract_words(contract, minimum=8)
        for trigger in [None, *_triggers(contract)]:
            try:
                schedule = build_schedule(
                    contract,
                    triggers=() if trigger is None else (trigger,),
                    calendars=calendars,
                    start=datetime(2024, 1, 1, tzinfo=zone),
                    end=datetime(2028, 1, 1, tzinfo=zone),
                )
            except ObligationError:
                continue  # a clause that cannot give a date (the linter reports it)
            found.append((path.name, schedule, allowed))
    return found


SCHEDULES = _schedules()


def _messages(schedule: Schedule) -> list[Text]:
    texts: list[Text] = []
    for item in schedule.items:
        texts += [item.summary, item.rule]
        if item.trigger is not None:
            texts.append(trigger_label(item.trigger))
        texts.append(owed_by(item.owed_by))
    texts += [w.summary for w in schedule.windows]
    texts += [t for s in schedule.recurring for t in (s.summary, s.rule)]
    texts += list(schedule.notes)
    return texts


def test_the_calendars_give_every_kind_of_obligation_text():
    ids = {m.id for _, s, _ in SCHEDULES for m in _messages(s) if not isinstance(m, str)}
    wanted = {
        "obligation.rule.within-in",
        "obligation.rule.before-in",
        "obligation.rule.late-payment",
        "obligation.rule.claim",
        "obligation.rule.licence",
        "obligation.rule.term",
        "obligation.rule.recurring-offset",
        "obligation.renews-tacitly",
        "obligation.termination-notice-form",
        "obligation.announce-maintenance",
        "obligation.maintenance-window",
        "obligation.no-start-event",
        "obligation.notify-prices",
        "obligation.prices-may-be-revised",
    }
    assert wanted - ids == set()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_obligation_is_written_in_the_language_asked(language: str) -> None:
    foreign = sorted(
        {
            (name, word, sentence)
            for name, schedule, allowed in SCHEDULES
            for word, sentence in foreign_sentences(
                [render(t, language) for t in _messages(schedule)], language, allowed
            )
        }
    )
    assert foreign == [], "\n".join(f"{n}: [{w}] {s}" for n, w, s in foreign)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_text_and_the_feed_are_written_in_the_language_asked(language: str) -> None:
    foreign = set()
    for name, schedule, allowed in SCHEDULES:
        feed = schedule_to_ics(schedule, generated_at=datetime(2024, 3, 1, tzinfo=UTC),
                               language=language).decode()  # fmt: skip
        unfolded = feed.replace("\r\n ", "").replace("\\n", "\n").replace("\\,", ",")
        shown = [
            line.split(":", 1)[1]
            for line in unfolded.splitlines()
            if line.startswith(("SUMMARY", "DESCRIPTION", "NAME", "X-WR-CALNAME"))
        ]
        shown = [line for text in shown for line in text.split("\n")]
        shown = [line for line in shown if not line.startswith(("period_", "tacit_"))]
        texts = [schedule_text(schedule, language), *shown]
        foreign |= {(name, w, s) for w, s in foreign_sentences(texts, language, allowed)}
    assert sorted(foreign) == [], "\n".join(f"{n}: [{w}] {s}" for n, w, s in sorted(foreign))


def test_english_reads_as_the_obligations_always_read():
    texts = {english(t) for _, s, _ in SCHEDULES for t in _messages(s)}
    assert "invoice F-12 is due" in texts
    assert "provider may terminate if invoice F-12 is still unpaid" in texts
    assert any(t.startswith("within ") and " after " in t for t in texts)

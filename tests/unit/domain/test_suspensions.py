"""IMRI 3.3 and 3.6: while the customer refuses a tool or the patch windows, « la
disponibilité du service ne serait plus garantie »: spans opened and closed by events,
and the verdict of a period partly or wholly inside them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.i18n import english
from slaledger.domain.availability import (
    NOT_GUARANTEED,
    Spans,
    calendar_month,
    measure,
)
from slaledger.domain.contract.availability import Period
from slaledger.domain.periods import Month
from slaledger.domain.suspensions import (
    OPEN_END,
    Event,
    SuspensionError,
    guarantee_verdict,
    not_guaranteed_spans,
    suspended_spans,
)
from tests.conftest import ROOT
from tests.language_words import contract_words, foreign_sentences

PARIS = ZoneInfo("Europe/Paris")
IMRI = load_contract(ROOT / "examples" / "contracts" / "004-imri.yaml").contract
MONITORING = IMRI.suspensions[0]
#: 004's availability clause measured by calendar month, to judge one month
MONTHLY = replace(IMRI.availability[0], period=Period.CALENDAR_MONTH)


def at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=PARIS).timestamp())


def event(name: str, when: str, ref: str | None = None) -> Event:
    return Event(name, at(when), ref, f"{name} at {when}")


def outage(start: str, end: str) -> Spans:
    return Spans(
        np.asarray([at(start)], dtype=np.int64),
        np.asarray([at(end)], dtype=np.int64),
        ("unplanned",),
        ("outage",),
        ("hosted-availability",),
        ("test",),
        np.ones(1, dtype=np.bool_),
    )


def test_a_refusal_opens_a_span_and_the_restoration_closes_it():
    spans = suspended_spans(
        MONITORING,
        [
            event("monitoring-restored", "2024-09-02T00:00"),
            event("service-opened", "2024-01-15T00:00"),  # another event: ignored
            event("monitoring-refused", "2024-08-05T00:00"),
        ],
    )
    [span] = spans
    assert (span.start, span.end) == (at("2024-08-05T00:00"), at("2024-09-02T00:00"))
    assert (span.clause, span.article) == ("monitoring-refused", "cgv Article VII, 3.3")
    assert "not guaranteed (cgv Article VII, 3.3)" in english(span.reason())


def test_several_spans_each_ref_its_own_and_one_still_open():
    spans = suspended_spans(
        MONITORING,
        [
            event("monitoring-refused", "2024-03-01T00:00", "AV"),
            event("monitoring-refused", "2024-03-10T00:00", "BACKUP"),
            event("monitoring-restored", "2024-03-20T00:00", "AV"),
            event("monitoring-refused", "2024-05-01T00:00", "AV"),
            event("monitoring-refused", "2024-05-02T00:00", "AV"),  # refused again: same span
            event("monitoring-restored", "2024-05-15T00:00", "AV"),
        ],
    )
    assert [(s.start, s.end) for s in spans] == [
        (at("2024-03-01T00:00"), at("2024-03-20T00:00")),
        (at("2024-03-10T00:00"), None),  # the backup was never restored
        (at("2024-05-01T00:00"), at("2024-05-15T00:00")),
    ]
    rows = not_guaranteed_spans(spans, "hosted-availability")
    assert rows.category == (NOT_GUARANTEED,) * 3
    assert int(rows.end[1]) == OPEN_END
    assert len(not_guaranteed_spans(spans, "another-availability")) == 0


def test_a_restoration_with_no_refusal_before_it_is_refused():
    with pytest.raises(SuspensionError, match=r"an earlier 'monitoring-refused'.*found none"):
        suspended_spans(
            MONITORING,
            [
                event("monitoring-restored", "2024-03-01T00:00"),
                event("monitoring-refused", "2024-03-02T00:00"),
            ],
        )


def _march(spans: Spans):
    window = calendar_month(Month(2024, 3), "Europe/Paris")
    figure = measure(MONTHLY, service="hosted", window=window, spans=spans)
    return guarantee_verdict(figure)


def test_a_month_partly_not_guaranteed_is_judged_on_the_rest():
    """10 days of March lifted: the 3 hours down in them do not count, the month's
    reference loses the 10 days, the 1 hour down outside them does."""
    lifted = suspended_spans(
        MONITORING,
        [
            event("monitoring-refused", "2024-03-05T00:00"),
            event("monitoring-restored", "2024-03-15T00:00"),
        ],
    )
    figure = _march(
        Spans.concat(
            [
                outage("2024-03-06T10:00", "2024-03-06T13:00"),
                outage("2024-03-20T10:00", "2024-03-20T11:00"),
                not_guaranteed_spans(lifted, "hosted-availability"),
            ]
        )
    )
    ten_days = 10 * 86_400
    assert figure.not_guaranteed_seconds == ten_days
    assert figure.down_seconds == 3600
    assert figure.reference_seconds - figure.removed_seconds == figure.window.seconds - ten_days
    assert figure.guaranteed is True
    assert figure.met is True  # 60 min of 30,180: 99.80 %
    unlifted = _march(
        Spans.concat(
            [
                outage("2024-03-06T10:00", "2024-03-06T13:00"),
                outage("2024-03-20T10:00", "2024-03-20T11:00"),
            ]
        )
    )
    assert unlifted.met is False  # 240 min of 44,580: 99.46 %, missed without the clause


def test_a_month_wholly_not_guaranteed_has_no_verdict():
    lifted = suspended_spans(MONITORING, [event("monitoring-refused", "2024-02-20T00:00")])
    figure = _march(
        Spans.concat(
            [
                outage("2024-03-06T10:00", "2024-03-08T13:00"),
                not_guaranteed_spans(lifted, "hosted-availability"),
            ]
        )
    )
    assert (figure.guaranteed, figure.met, figure.down_seconds) == (False, None, 0)
    assert figure.not_guaranteed_seconds == figure.window.seconds
    [entry] = [t for t in figure.trace if t.category == NOT_GUARANTEED]
    assert (entry.start, entry.end, entry.effect) == (
        figure.window.start,
        figure.window.end,
        "removed",
    )


def test_the_events_that_open_and_close_a_span_are_told_in_the_readers_language():
    from slaledger.adapters.i18n import render
    from slaledger.domain.obligations.model import Trigger
    from slaledger.services.suspensions import contract_spans

    triggers = [
        Trigger("monitoring-refused", datetime(2024, 8, 5, tzinfo=PARIS), True, ref="T-12"),
        Trigger("monitoring-restored", datetime(2024, 9, 2, tzinfo=PARIS), True, ref="T-12"),
    ]
    [span] = [s for s in contract_spans(IMRI, triggers) if s.clause == MONITORING.clause.id]
    assert span.opened_by == "monitoring-refused T-12 at 2024-08-05"  # the source, as before
    assert english(span.reason()).endswith(
        "opened by monitoring-refused T-12 at 2024-08-05,"
        " closed by monitoring-restored T-12 at 2024-09-02"
    )
    french = render(span.reason(), "fr")
    assert "monitoring-refused T-12 le 2024-08-05" in french
    assert "monitoring-restored T-12 le 2024-09-02" in french
    assert foreign_sentences([french], "fr", contract_words(IMRI, minimum=8)) == []

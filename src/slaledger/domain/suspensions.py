"""When a guarantee does not hold: the spans a suspension clause opens and closes.

IMRI 3.3 and 3.6: while a tool of the VM is neutralised at the customer's request, or the
customer refuses the recurring patch windows, « la disponibilité du service ne serait
plus garantie ». Each such span is time the availability commitment does not cover: it
leaves the figure like removed time (neither downtime nor reference time), and the rest
of the period is judged as usual. A period wholly inside such spans has no verdict, met or
missed: it is *not guaranteed*, and earns no credit.

Events arrive in time order or not; each ``ref`` (one tool, one request) opens and closes
its own span, and the guarantee is suspended while any span is open. A span still open
runs on past every period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from slaledger.domain.availability import NOT_GUARANTEED, Measure, Spans
from slaledger.domain.contract.suspensions import Suspension
from slaledger.domain.message import Message, Text, msg

#: the end of a span never closed: later than any period measured
OPEN_END = 2**62


class SuspensionError(ValueError):
    """The events do not make spans: a close with no open span before it."""


@dataclass(frozen=True)
class Event:
    """One event of the contract's events: its name, instant, and the user's reference."""

    name: str
    at: int
    ref: str | None = None
    label: str = ""
    #: ``label`` for people (a message), when the event has one
    shown: Text = ""


@dataclass(frozen=True)
class SuspendedSpan:
    """``[start, end)`` during which ``clause`` lifts the guarantees of ``suspends``;
    ``end`` is None while the span is open."""

    clause: str
    article: Text
    suspends: tuple[str, ...]
    start: int
    end: int | None
    opened_by: str
    closed_by: str | None
    description: str | None = None
    #: the opening and closing events for people (``opened_by`` when empty)
    opened_text: Text = ""
    closed_text: Text | None = None

    def reason(self) -> Message:
        """Why the span is out of the guarantee, for the trace (docs/i18n.md)."""
        closing = self.closed_text or self.closed_by
        closed = (
            msg("suspension.closed-by", event=closing) if closing else msg("suspension.still-open")
        )
        opened = self.opened_text or self.opened_by
        if self.description:
            return msg(
                "suspension.reason-described",
                article=self.article,
                description=self.description,
                opened=opened,
                closed=closed,
            )
        return msg("suspension.reason", article=self.article, opened=opened, closed=closed)


def suspended_spans(suspension: Suspension, events: Sequence[Event]) -> list[SuspendedSpan]:
    """The spans ``suspension`` opens and closes among ``events`` (other events ignored)."""
    mine = sorted(
        (e for e in events if e.name in (suspension.opens, suspension.closes)),
        key=lambda e: (e.at, e.name == suspension.opens),  # a close before an open at one instant
    )
    open_by_ref: dict[str | None, Event] = {}
    spans: list[SuspendedSpan] = []
    for event in mine:
        if event.name == suspension.opens:
            open_by_ref.setdefault(event.ref, event)  # opened twice: still the first span
            continue
        opened = open_by_ref.pop(event.ref, None)
        if opened is None:
            ref = f" (ref {event.ref})" if event.ref else ""
            raise SuspensionError(
                f"'{suspension.closes}'{ref} at {event.label or event.at}: an earlier "
                f"'{suspension.opens}'{ref} it closes (clause {suspension.clause.id}), "
                "found none"
            )
        spans.append(_span(suspension, opened, event))
    spans += [_span(suspension, opened, None) for opened in open_by_ref.values()]
    return sorted(spans, key=lambda s: (s.start, s.end or OPEN_END))


def _span(suspension: Suspension, opened: Event, closed: Event | None) -> SuspendedSpan:
    return SuspendedSpan(
        clause=suspension.clause.id,
        article=suspension.clause.cited,
        suspends=suspension.suspends,
        start=opened.at,
        end=None if closed is None else closed.at,
        opened_by=opened.label or opened.name,
        closed_by=None if closed is None else (closed.label or closed.name),
        description=suspension.description,
        opened_text=opened.shown,
        closed_text=None if closed is None else closed.shown,
    )


def not_guaranteed_spans(spans: Sequence[SuspendedSpan], availability: str) -> Spans:
    """The spans lifting ``availability`` (a clause id) as rows the measure removes."""
    chosen = [s for s in spans if availability in s.suspends]
    return Spans(
        np.asarray([s.start for s in chosen], dtype=np.int64),
        np.asarray([OPEN_END if s.end is None else s.end for s in chosen], dtype=np.int64),
        tuple(NOT_GUARANTEED for _ in chosen),
        tuple(s.reason() for s in chosen),
        tuple(s.clause for s in chosen),
        tuple(s.opened_by for s in chosen),
        np.ones(len(chosen), dtype=np.bool_),
    )


def guarantee_verdict(figure: Measure) -> Measure:
    """The verdict once suspended time is out: a period wholly not guaranteed has no
    figure (nothing is left to measure) and no verdict."""
    if figure.not_guaranteed_seconds < figure.window.seconds:
        return figure
    return replace(figure, met=None, guaranteed=False, availability=None)

"""Tickets to incident events, in bulk, by the rules of a mapping.

For each ticket in the mapping's scope: ``notified`` at its creation (or at the instant
of the mapping's notified field); ``classified`` with the class of its first priority
then at each priority change (the contract's clocks then apply the new class's target
from the original start); the events of its first status, then of each status it
enters; ``paused`` when it enters a paused status ("Waiting for customer") and
``resumed`` when it leaves it; the events that other fields' values and instants mean.

The history is flattened into columns once and mapped with array operations (a merge
per rule table), so 200,000 history entries cost a fraction of a second. Refused, with
every case listed: a status or priority no rule maps (the ticket and the mapping line
to add), a history entry dated before the ticket's creation or before the entry
delivered before it (history going back in time), a ticket without the notified field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from slaledger.domain.helpdesk.mapping import PAUSED, MappingRules, key
from slaledger.domain.helpdesk.tickets import Change, Ticket
from slaledger.domain.incidents.log import CODE, EventLog
from slaledger.domain.incidents.table import IncidentTable

I64 = NDArray[np.int64]
_STATUS, _PRIORITY = -1, -2
_NONE = -3
_WORD = {"statuses": "status", "priorities": "priority"}
#: sequence of the first history entry's events (notified 0, first class 1, first status 2-3)
_CHANGES = 10


@dataclass(frozen=True)
class MappingGap:
    """A status or priority value no rule of the mapping maps."""

    ticket: str  # the first ticket (by key) that has it
    section: str  # statuses or priorities
    value: str
    tickets: int  # how many tickets have it
    line: int | None

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "the file"
        others = f" (and {self.tickets - 1} other tickets)" if self.tickets > 1 else ""
        example = f'"{self.value}": []' if self.section == "statuses" else f'"{self.value}": CLASS'
        return (
            f"ticket {self.ticket}{others}: {_WORD[self.section]} "
            f"'{self.value}' is mapped by no rule: add it under {self.section} ({where}), "
            f"e.g. {example}"
        )


@dataclass(frozen=True)
class HistoryProblem:
    ticket: str
    history_id: str
    message: str

    def __str__(self) -> str:
        entry = f" history entry {self.history_id}" if self.history_id else ""
        return f"ticket {self.ticket}{entry}: {self.message}"


class TranslationError(ValueError):
    def __init__(self, gaps: list[MappingGap], problems: list[HistoryProblem]) -> None:
        self.gaps = gaps
        self.problems = problems
        super().__init__("; ".join(str(p) for p in [*gaps, *problems]))


@dataclass(frozen=True)
class Translated:
    table: IncidentTable
    tickets: tuple[Ticket, ...]  # the tickets in scope, in the table's order


def translate(tickets: Sequence[Ticket], rules: MappingRules) -> Translated:
    """The incident table of the tickets in the mapping's scope (TranslationError if any
    ticket cannot be translated: nothing is half-translated)."""
    chosen = sorted((t for t in tickets if rules.in_scope(t.fields)), key=lambda t: t.key)
    count = len(chosen)
    flat = _Flat.of(chosen, rules)
    problems = _history_problems(chosen, flat)
    start, missing = _starts(chosen, rules)
    problems += missing
    gaps: list[MappingGap] = []
    parts = [_notified(count, start)]
    parts += _statuses(chosen, flat, rules, start, gaps)
    parts += _priorities(chosen, flat, rules, start, gaps)
    parts += _values(flat, rules)
    parts += _instants(chosen, rules)
    if gaps or problems:
        raise TranslationError(sorted(gaps, key=lambda g: (g.section, g.value)), problems)
    events = pd.concat([p for p in parts if len(p)], ignore_index=True)
    events["at"] = np.maximum(events["at"].to_numpy(np.int64), start[events["ticket"].to_numpy()])
    events = events.sort_values(["ticket", "seq"], kind="stable", ignore_index=True)
    rows = np.arange(1, len(events) + 1, dtype=np.int64)
    log = EventLog(
        incident=events["ticket"].to_numpy(np.int64),
        at=events["at"].to_numpy(np.int64),
        kind=events["code"].to_numpy(np.int8),
        value=events["value"].to_numpy(object),
        row=rows,
        names=tuple(t.key for t in chosen),
    ).ordered()
    log.check()
    note_index = events["note"].to_numpy(np.int64)
    has_note = note_index >= 0
    notes = dict(zip(rows[has_note].tolist(), flat.notes(note_index[has_note]), strict=True))
    table = IncidentTable(
        log,
        tuple(_service(t, rules) for t in chosen),
        (rules.kind,) * count,
        (0,) * count,
        notes,
    )
    return Translated(table, tuple(chosen))


# --------------------------------------------------------------------- columns
@dataclass(frozen=True)
class _Flat:
    """Every history entry of the chosen tickets, as columns in delivery order."""

    ticket: I64
    at: I64
    role: I64  # _STATUS, _PRIORITY, a value rule's index, or _NONE
    before: NDArray[np.object_]
    after: NDArray[np.object_]
    changes: list[Change]
    keys: list[str]

    @classmethod
    def of(cls, tickets: Sequence[Ticket], rules: MappingRules) -> _Flat:
        roles: dict[str, int] = {rule.field: index for index, rule in enumerate(rules.value_rules)}
        roles[rules.status_field] = _STATUS
        roles[rules.priority_field] = _PRIORITY
        changes = [c for t in tickets for c in t.changes]
        counts = np.fromiter((len(t.changes) for t in tickets), np.int64, len(tickets))
        role = np.fromiter(
            (
                roles.get(c.field, roles.get(c.field_id, _NONE) if c.field_id else _NONE)
                for c in changes
            ),
            np.int64,
            len(changes),
        )
        return cls(
            ticket=np.repeat(np.arange(len(tickets), dtype=np.int64), counts),
            at=np.fromiter((c.at for c in changes), np.int64, len(changes)),
            role=role,
            before=np.asarray([c.before for c in changes], dtype=object),
            after=np.asarray([c.after for c in changes], dtype=object),
            changes=changes,
            keys=[t.key for t in tickets],
        )

    def notes(self, positions: NDArray[np.int64]) -> list[str]:
        out = []
        for position in positions.tolist():
            c = self.changes[position]
            out.append(
                f"{self.keys[int(self.ticket[position])]} history {c.history_id}: "
                f"{c.field} {c.before or '-'} -> {c.after or '-'}"
            )
        return out


def _frame(
    ticket: I64, at: I64, code: int | I64, value: object, seq: I64, note: I64
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ticket": ticket,
            "at": at,
            "code": np.broadcast_to(np.asarray(code, dtype=np.int8), ticket.shape),
            "value": value
            if isinstance(value, np.ndarray)
            else np.full(len(ticket), value, object),
            "seq": seq,
            "note": note,
        }
    )


def _starts(tickets: Sequence[Ticket], rules: MappingRules) -> tuple[I64, list[HistoryProblem]]:
    if rules.notified_field is None:
        return np.fromiter((t.created for t in tickets), np.int64, len(tickets)), []
    name = rules.notified_field
    problems = [
        HistoryProblem(t.key, "", f"no instant in the field '{name}', the mapping's notified")
        for t in tickets
        if name not in t.instants
    ]
    return np.fromiter(
        (t.instants.get(name, t.created) for t in tickets), np.int64, len(tickets)
    ), problems


def _history_problems(tickets: Sequence[Ticket], flat: _Flat) -> list[HistoryProblem]:
    created = np.fromiter((t.created for t in tickets), np.int64, len(tickets))
    problems: list[HistoryProblem] = []
    early = flat.at < created[flat.ticket] if len(flat.at) else np.zeros(0, bool)
    same = np.concatenate(([False], flat.ticket[1:] == flat.ticket[:-1])) if len(flat.at) else early
    backwards = (
        same & np.concatenate(([False], flat.at[1:] < flat.at[:-1])) if len(flat.at) else early
    )
    for position in np.flatnonzero(early)[:50].tolist():
        c = flat.changes[position]
        problems.append(
            HistoryProblem(
                flat.keys[int(flat.ticket[position])],
                c.history_id,
                f"dated {_iso(c.at)}, before the ticket's creation "
                f"{_iso(int(created[flat.ticket[position]]))}: the history goes back in time",
            )
        )
    for position in np.flatnonzero(backwards)[:50].tolist():
        c, previous = flat.changes[position], flat.changes[position - 1]
        problems.append(
            HistoryProblem(
                flat.keys[int(flat.ticket[position])],
                c.history_id,
                f"dated {_iso(c.at)}, before entry {previous.history_id} delivered before it "
                f"({_iso(previous.at)}): the history goes back in time",
            )
        )
    return problems


def _notified(count: int, start: I64) -> pd.DataFrame:
    index = np.arange(count, dtype=np.int64)
    return _frame(
        index, start, CODE["notified"], None, np.zeros(count, np.int64), np.full(count, -1)
    )


def _firsts(flat: _Flat, mask: NDArray[np.bool_], count: int) -> I64:
    """Position of each ticket's first entry in ``mask`` (-1 when none)."""
    first = np.full(count, -1, dtype=np.int64)
    positions = np.flatnonzero(mask)
    tickets = flat.ticket[positions]
    # reversed so that the first write per ticket is the earliest position
    first[tickets[::-1]] = positions[::-1]
    return first


def _initial(
    tickets: Sequence[Ticket], flat: _Flat, mask: NDArray[np.bool_], name: str
) -> NDArray[np.object_]:
    """Each ticket's value before its first change (its current value when unchanged)."""
    first = _firsts(flat, mask, len(tickets))
    current = np.asarray([t.fields.get(name) for t in tickets], dtype=object)
    if not len(flat.before):
        return current
    return np.where(
        first >= 0, flat.before[np.maximum(first, 0)] if len(flat.before) else current, current
    )


def _keys(values: NDArray[np.object_]) -> NDArray[np.object_]:
    """key() of each value, computed once per distinct value."""
    items = values.tolist()
    compared = {v: key(v) for v in set(items) if v is not None}
    return np.asarray([compared.get(v) if v is not None else None for v in items], dtype=object)


def _gaps(
    values: NDArray[np.object_],
    keys: NDArray[np.object_],
    tickets: I64,
    known: set[str],
    names: Sequence[str],
    section: str,
    rules: MappingRules,
    gaps: list[MappingGap],
) -> None:
    present = keys != None  # noqa: E711 - elementwise
    unknown = present & ~np.isin(keys, list(known))
    if not unknown.any():
        return
    frame = pd.DataFrame(
        {"key": keys[unknown], "value": values[unknown], "ticket": tickets[unknown]}
    )
    for _, group in frame.groupby("key", sort=True):
        first = int(group["ticket"].min())
        gaps.append(
            MappingGap(
                names[first],
                section,
                str(group["value"].iloc[0]).strip(),
                int(group["ticket"].nunique()),
                rules.line(section),
            )
        )


def _rule_table(rules: MappingRules) -> pd.DataFrame:
    rows = [
        (status, CODE[spec.event], spec.value)
        for status, specs in rules.statuses.items()
        for spec in specs
        if spec.event != PAUSED
    ]
    return pd.DataFrame(rows, columns=["key", "code", "value"]).astype({"code": np.int8})


def _statuses(
    tickets: Sequence[Ticket], flat: _Flat, rules: MappingRules, start: I64, gaps: list[MappingGap]
) -> list[pd.DataFrame]:
    count = len(tickets)
    mask = flat.role == _STATUS
    initial = _initial(tickets, flat, mask, rules.status_field)
    initial_keys = _keys(initial)
    positions = np.flatnonzero(mask)
    ticket = flat.ticket[positions]
    after = flat.after[positions]
    after_keys = _keys(after)
    # the status each change leaves: the one before it in the ticket's sequence
    previous = np.empty(len(positions), dtype=object)
    if len(positions):
        previous[1:] = after_keys[:-1]
        starts_ticket = np.concatenate(([True], ticket[1:] != ticket[:-1]))
        previous[starts_ticket] = initial_keys[ticket[starts_ticket]]
    known = set(rules.statuses)
    names = [t.key for t in tickets]
    _gaps(
        np.concatenate((initial, after)),
        np.concatenate((initial_keys, after_keys)),
        np.concatenate((np.arange(count), ticket)),
        known,
        names,
        "statuses",
        rules,
        gaps,
    )
    if gaps:
        return []
    table = _rule_table(rules)
    paused = list(rules.paused_statuses)
    seq = _CHANGES + 4 * positions  # in delivery order, after the start's events
    out: list[pd.DataFrame] = []
    # the first status, at the start
    entering = pd.DataFrame({"key": initial_keys, "ticket": np.arange(count), "at": start})
    merged = entering.merge(table, on="key")
    out.append(_frame_of(merged, seq=np.full(len(merged), 2), note=np.full(len(merged), -1)))
    first_paused = np.isin(initial_keys, paused)
    index = np.flatnonzero(first_paused)
    out.append(
        _frame(
            index,
            start[index],
            CODE[PAUSED],
            _spelled(initial_keys[index], rules),
            np.full(len(index), 3),
            np.full(len(index), -1),
        )
    )
    # each status entered
    was_paused = np.isin(previous, paused)
    is_paused = np.isin(after_keys, paused)
    leave = np.flatnonzero(was_paused & ~is_paused)
    out.append(
        _frame(
            ticket[leave],
            flat.at[positions[leave]],
            CODE["resumed"],
            None,
            seq[leave],
            positions[leave],
        )
    )
    changed = pd.DataFrame(
        {
            "key": after_keys,
            "ticket": ticket,
            "at": flat.at[positions],
            "seq": seq + 1,
            "note": positions,
        }
    )
    merged = changed.merge(table, on="key")
    out.append(_frame_of(merged, seq=merged["seq"].to_numpy(), note=merged["note"].to_numpy()))
    enter = np.flatnonzero(is_paused & ~was_paused)
    out.append(
        _frame(
            ticket[enter],
            flat.at[positions[enter]],
            CODE[PAUSED],
            _spelled(after_keys[enter], rules),
            seq[enter] + 2,
            positions[enter],
        )
    )
    return out


def _frame_of(
    merged: pd.DataFrame, *, seq: NDArray[np.int64], note: NDArray[np.int64]
) -> pd.DataFrame:
    return _frame(
        merged["ticket"].to_numpy(np.int64),
        merged["at"].to_numpy(np.int64),
        merged["code"].to_numpy(np.int8),
        merged["value"].to_numpy(object),
        np.asarray(seq, dtype=np.int64),
        np.asarray(note, dtype=np.int64),
    )


def _spelled(keys: NDArray[np.object_], rules: MappingRules) -> NDArray[np.object_]:
    """The reason of each pause: the rule's value ({paused: waiting-customer}), else the
    status as the mapping spells it."""
    reasons = {
        status: next((s.value for s in specs if s.event == PAUSED and s.value), None)
        for status, specs in rules.statuses.items()
    }
    return np.asarray(
        [reasons.get(k) or rules.spelled.get(k, k) for k in keys.tolist()], dtype=object
    )


def _priorities(
    tickets: Sequence[Ticket], flat: _Flat, rules: MappingRules, start: I64, gaps: list[MappingGap]
) -> list[pd.DataFrame]:
    count = len(tickets)
    mask = flat.role == _PRIORITY
    initial_keys = _keys(_initial(tickets, flat, mask, rules.priority_field))
    positions = np.flatnonzero(mask)
    after_keys = _keys(flat.after[positions])
    before = len(gaps)
    _gaps(
        np.concatenate(
            (_initial(tickets, flat, mask, rules.priority_field), flat.after[positions])
        ),
        np.concatenate((initial_keys, after_keys)),
        np.concatenate((np.arange(count), flat.ticket[positions])),
        set(rules.priorities),
        [t.key for t in tickets],
        "priorities",
        rules,
        gaps,
    )
    if len(gaps) > before:
        return []
    classes = pd.Series(rules.priorities, dtype=object)
    first = np.flatnonzero(initial_keys != None)  # noqa: E711 - elementwise
    later = np.flatnonzero(after_keys != None)  # noqa: E711 - elementwise
    return [
        _frame(
            first,
            start[first],
            CODE["classified"],
            classes.reindex(initial_keys[first]).to_numpy(object),
            np.ones(len(first), np.int64),
            np.full(len(first), -1),
        ),
        _frame(
            flat.ticket[positions[later]],
            flat.at[positions[later]],
            CODE["classified"],
            classes.reindex(after_keys[later]).to_numpy(object),
            _CHANGES + 4 * positions[later] + 1,
            positions[later],
        ),
    ]


def _values(flat: _Flat, rules: MappingRules) -> list[pd.DataFrame]:
    out = []
    for index, rule in enumerate(rules.value_rules):
        positions = np.flatnonzero(flat.role == index)
        if not len(positions):
            continue
        table = pd.DataFrame(
            [
                (value, CODE[s.event], s.value)
                for value, specs in rule.values.items()
                for s in specs
            ],
            columns=["key", "code", "value"],
        )
        changed = pd.DataFrame(
            {
                "key": _keys(flat.after[positions]),
                "ticket": flat.ticket[positions],
                "at": flat.at[positions],
                "seq": _CHANGES + 4 * positions + 1,
                "note": positions,
            }
        )
        merged = changed.merge(table, on="key")
        out.append(_frame_of(merged, seq=merged["seq"].to_numpy(), note=merged["note"].to_numpy()))
    return out


def _instants(tickets: Sequence[Ticket], rules: MappingRules) -> list[pd.DataFrame]:
    out = []
    big = np.int64(2**62)
    for rule in rules.instant_rules:
        found = [
            (i, t.instants[rule.field]) for i, t in enumerate(tickets) if rule.field in t.instants
        ]
        if not found:
            continue
        index = np.asarray([f[0] for f in found], dtype=np.int64)
        at = np.asarray([f[1] for f in found], dtype=np.int64)
        # after the history's events at the same instant
        out.append(
            _frame(
                index, at, CODE[rule.event], None, np.full(len(index), big), np.full(len(index), -1)
            )
        )
    return out


def _service(ticket: Ticket, rules: MappingRules) -> str | None:
    if rules.service_field:
        return ticket.fields.get(rules.service_field) or rules.service
    return rules.service


def _iso(epoch: int) -> str:
    return str(np.datetime64(epoch, "s")) + "Z"

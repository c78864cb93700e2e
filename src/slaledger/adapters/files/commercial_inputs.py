"""CSV inputs of the obligations and commercial computations.

Six files, each a CSV with a header row (formats in docs/obligations.md):

- index series: ``period,value[,published]`` (``2024-10,101.5[,2024-10-05]``);
- invoices: ``invoice,issued,amount[,paid][,due][,quote_date]``;
- legal rates: ``period,value``: the rate in percent a year in force from ``period``
  (a day ``2024-07-01`` or a month ``2024-07``) until the next row;
- backup log: ``at,status`` with ``status`` ``ok`` or ``failed``;
- volumes: ``month,volume``: the volume observed in each month (``2024-03,612``);
- obligation events: ``event,at[,end][,ref][,clause][,note]``, ``at`` an ISO 8601
  instant with its offset or a date (the whole day, in the contract's time zone).

Every row is checked before anything is returned (all or nothing). Problems name the
file, the row (1 = the first data row) and its line, the field, what was expected and
what was found.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.domain.commercial.indexes import IndexPoint, IndexSeries
from slaledger.domain.commercial.payments import Invoice, LegalRate, LegalRates
from slaledger.domain.commercial.quantities import QuantityCount
from slaledger.domain.message import Text, msg
from slaledger.domain.obligations.model import Trigger
from slaledger.domain.obligations.triggered import MAINTENANCE_EVENT
from slaledger.domain.periods import Month

T = TypeVar("T")

DATE_EXPECTED = msg("input.files.date")
INSTANT_EXPECTED = msg("problem.expected.instant-with-offset")
_OFFSET = re.compile(r"(?:Z|z|[+-]\d{2}(?::?\d{2})?)$")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


class _FieldError(ValueError):
    """A field's value is wrong: ``expected`` says what it should have been."""

    def __init__(self, expected: Text) -> None:
        super().__init__(expected)
        self.expected = expected


@dataclass(frozen=True)
class Row:
    number: int  # 1 = first data row
    line: int
    values: dict[str, str]


class _Table:
    """A CSV file's rows, and the problems found in it."""

    def __init__(self, path: str | Path, required: Sequence[str], optional: Sequence[str]):
        self.file = str(path)
        self.problems: list[Problem] = []
        self.rows = _read_rows(Path(path), required, optional)

    def problem(self, row: Row | None, field: str, expected: Text, found: Text) -> None:
        self.problems.append(
            Problem(
                file=self.file,
                field=field,
                expected=expected,
                found=found,
                row=row.number if row else None,
                line=row.line if row else None,
            )
        )

    def field(self, row: Row, name: str, parse: Callable[[str], T]) -> T | None:
        """The parsed value of a field, or None after recording the problem."""
        text = row.values.get(name, "")
        try:
            return parse(text)
        except _FieldError as exc:
            self.problem(row, name, exc.expected, describe(text or None))
            return None

    def optional(self, row: Row, name: str, parse: Callable[[str], T]) -> T | None:
        if not row.values.get(name, ""):
            return None
        return self.field(row, name, parse)

    def finish(self) -> None:
        if self.problems:
            raise InputError(self.problems)


def _read_rows(path: Path, required: Sequence[str], optional: Sequence[str]) -> list[Row]:
    source = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in required if c not in header]
            unknown = [c for c in header if c not in required and c not in optional]
            if missing or unknown:
                allowed = ",".join(required) + "".join(f"[,{c}]" for c in optional)
                raise InputError(
                    [
                        Problem(
                            file=source,
                            field=", ".join(missing or unknown),
                            line=1,
                            expected=msg("input.files.header-row", columns=allowed),
                            found=(
                                msg("input.found.columns", names=",".join(header))
                                if header
                                else msg("input.found.columns-none")
                            ),
                        )
                    ]
                )
            reader.fieldnames = header
            rows = []
            for number, record in enumerate(reader, start=1):
                values = {k: (v or "").strip() for k, v in record.items() if k is not None}
                if None in record:
                    raise InputError(
                        [
                            Problem(
                                file=source,
                                field="",
                                row=number,
                                line=reader.line_num,
                                expected=msg("input.found.fields", n=len(header)),
                                found=msg("input.found.fields", n=len(header) + len(record[None])),
                            )
                        ]
                    )
                if any(values.values()):
                    rows.append(Row(number, reader.line_num, values))
            return rows
    except FileNotFoundError:
        raise InputError(
            [
                Problem(
                    file=source,
                    field="",
                    expected=msg("input.files.existing-file"),
                    found=msg("input.found.no-such-file"),
                )
            ]
        ) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(
            [Problem(file=source, field="", expected=msg("input.files.utf8-csv"), found=str(exc))]
        ) from None


# --- field parsers ---------------------------------------------------------------------


def parse_date(text: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise _FieldError(DATE_EXPECTED)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _FieldError(msg("input.files.date-exists")) from None


def parse_month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        raise _FieldError(msg("input.files.month")) from None


def parse_decimal(text: str) -> Decimal:
    if re.fullmatch(r"[+-]?\d+,\d+", text):
        raise _FieldError(msg("input.files.decimal-point", example="101.5"))
    if not _NUMBER.match(text):
        raise _FieldError(msg("input.files.number-such-as", example="101.5"))
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise _FieldError(msg("input.files.number-such-as", example="101.5")) from None


def _positive(text: str) -> Decimal:
    value = parse_decimal(text)
    if value <= 0:
        raise _FieldError(msg("input.files.above-zero"))
    return value


def _not_negative(text: str) -> Decimal:
    value = parse_decimal(text)
    if value < 0:
        raise _FieldError(msg("input.files.zero-or-more"))
    return value


def parse_instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise _FieldError(INSTANT_EXPECTED) from None
    if value.tzinfo is None or not _OFFSET.search(text):
        raise _FieldError(INSTANT_EXPECTED)
    return value


def _rate_start(text: str) -> date:
    if re.fullmatch(r"\d{4}-\d{2}", text):
        month = parse_month(text)
        return date(month.year, month.month, 1)
    try:
        return parse_date(text)
    except _FieldError:
        raise _FieldError(msg("input.files.day-or-month")) from None


# --- readers ---------------------------------------------------------------------------


def read_index_series(path: str | Path, name: str = "index") -> IndexSeries:
    """``period,value[,published]``: one value per month, above zero."""
    table = _Table(path, ("period", "value"), ("published",))
    points: list[IndexPoint] = []
    seen: dict[Month, int] = {}
    dated = [bool(row.values.get("published")) for row in table.rows]
    for row in table.rows:
        period = table.field(row, "period", parse_month)
        value = table.field(row, "value", _positive)
        published = table.optional(row, "published", parse_date)
        if any(dated) and not row.values.get("published"):
            table.problem(row, "published", msg("input.files.published-every-row"), describe(None))
        if period is not None and period in seen:
            table.problem(
                row,
                "period",
                msg("input.files.month-once-on-row", month=str(period), row=seen[period]),
                str(period),
            )
        if period is not None:
            seen.setdefault(period, row.number)
        if period is not None and value is not None:
            points.append(IndexPoint(period, value, published))
    if not table.rows:
        table.problem(None, "", msg("input.files.at-least-one-row"), msg("input.found.none"))
    table.finish()
    return IndexSeries.of(name, points)


def read_invoices(path: str | Path) -> tuple[Invoice, ...]:
    """``invoice,issued,amount[,paid][,due][,quote_date]``: ids unique, paid and due not
    before issue, the quote (devis) not after it."""
    table = _Table(path, ("invoice", "issued", "amount"), ("paid", "due", "quote_date"))
    invoices: list[Invoice] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        ident = row.values.get("invoice", "")
        if not ident:
            table.problem(row, "invoice", msg("input.files.invoice-id"), describe(None))
        elif ident in seen:
            table.problem(
                row,
                "invoice",
                msg("input.files.invoice-once", row=seen[ident]),
                describe(ident),
            )
        seen.setdefault(ident, row.number)
        issued = table.field(row, "issued", parse_date)
        amount = table.field(row, "amount", _not_negative)
        paid = table.optional(row, "paid", parse_date)
        due = table.optional(row, "due", parse_date)
        quoted = table.optional(row, "quote_date", parse_date)
        for label, value in (("paid", paid), ("due", due)):
            if issued is not None and value is not None and value < issued:
                table.problem(
                    row,
                    label,
                    msg("input.files.date-from-issue", issued=str(issued)),
                    value.isoformat(),
                )
        if issued is not None and quoted is not None and quoted > issued:
            table.problem(
                row,
                "quote_date",
                msg("input.files.date-until-issue", issued=str(issued)),
                str(quoted),
            )
        if ident and issued is not None and amount is not None:
            invoices.append(Invoice(ident, issued, amount, paid, due, quoted))
    table.finish()
    return tuple(invoices)


def read_legal_rates(path: str | Path) -> LegalRates:
    """``period,value``: the legal rate (percent a year) in force from each period."""
    table = _Table(path, ("period", "value"), ())
    rates: list[LegalRate] = []
    seen: dict[date, int] = {}
    for row in table.rows:
        start = table.field(row, "period", _rate_start)
        value = table.field(row, "value", _not_negative)
        if start is not None and start in seen:
            table.problem(
                row,
                "period",
                msg("input.files.start-once", row=seen[start]),
                start.isoformat(),
            )
        if start is not None:
            seen.setdefault(start, row.number)
        if start is not None and value is not None:
            rates.append(LegalRate(start, value))
    if not table.rows:
        table.problem(None, "", msg("input.files.at-least-one-row"), msg("input.found.none"))
    table.finish()
    return LegalRates.of(rates)


def read_volumes(path: str | Path) -> tuple[tuple[Month, Decimal], ...]:
    """``month,volume``: one row per month, a volume of zero or more."""
    table = _Table(path, ("month", "volume"), ())
    volumes: list[tuple[Month, Decimal]] = []
    seen: dict[Month, int] = {}
    for row in table.rows:
        month = table.field(row, "month", parse_month)
        value = table.field(row, "volume", _not_negative)
        if month is not None and month in seen:
            table.problem(row, "month", msg("input.files.month-once", row=seen[month]), str(month))
        if month is not None:
            seen.setdefault(month, row.number)
        if month is not None and value is not None:
            volumes.append((month, value))
    if not table.rows:
        table.problem(None, "", msg("input.files.at-least-one-row"), msg("input.found.none"))
    table.finish()
    return tuple(volumes)


_QUANTITY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _whole_count(text: str) -> int:
    if not re.fullmatch(r"\d+", text.strip()):
        raise _FieldError(msg("input.files.whole-zero-or-more"))
    return int(text)


def _quantity(text: str) -> str:
    if not _QUANTITY.fullmatch(text):
        raise _FieldError(msg("input.files.quantity-name"))
    return text


def read_quantities(path: str | Path) -> tuple[QuantityCount, ...]:
    """``on,quantity,count[,note]``: how many of a quantity (seats, nomad-vpn) there were
    on a day; each quantity once a day."""
    table = _Table(path, ("on", "quantity", "count"), ("note",))
    counts: list[QuantityCount] = []
    seen: dict[tuple[date, str], int] = {}
    for row in table.rows:
        day = table.field(row, "on", parse_date)
        name = table.field(row, "quantity", _quantity)
        count = table.field(row, "count", _whole_count)
        if day is None or name is None:
            continue
        if (day, name) in seen:
            table.problem(
                row,
                "quantity",
                msg("input.files.quantity-once", row=seen[day, name]),
                name,
            )
        seen.setdefault((day, name), row.number)
        if count is not None:
            counts.append(QuantityCount(day, name, count, f"{table.file} row {row.number}"))
    if not table.rows:
        table.problem(None, "", msg("input.files.at-least-one-row"), msg("input.found.none"))
    table.finish()
    return tuple(counts)


@dataclass(frozen=True)
class BackupLog:
    at: NDArray[np.int64]
    ok: NDArray[np.bool_]

    @property
    def successes(self) -> NDArray[np.int64]:
        result: NDArray[np.int64] = self.at[self.ok]
        return result


_STATUSES = {"ok": True, "success": True, "failed": False, "error": False}


def read_backup_log(path: str | Path) -> BackupLog:
    """``at,status``: each backup's instant and whether it succeeded."""
    table = _Table(path, ("at", "status"), ("note",))
    at: list[int] = []
    ok: list[bool] = []
    for row in table.rows:
        instant = table.field(row, "at", parse_instant)
        status = row.values.get("status", "").lower()
        if status not in _STATUSES:
            table.problem(
                row, "status", msg("input.files.ok-or-failed"), describe(row.values.get("status"))
            )
        elif instant is not None:
            at.append(int(instant.timestamp()))
            ok.append(_STATUSES[status])
    table.finish()
    return BackupLog(np.asarray(at, dtype=np.int64), np.asarray(ok, dtype=np.bool_))


def read_obligation_events(
    path: str | Path,
    *,
    zone: str,
    known: Collection[str] | None = None,
    clauses: Collection[str] | None = None,
) -> tuple[Trigger, ...]:
    """``event,at[,end][,ref][,clause][,note]``; ``known`` lists the event names the
    contract uses, ``clauses`` its clause ids."""
    table = _Table(path, ("event", "at"), ("end", "ref", "clause", "note"))
    local = ZoneInfo(zone)
    triggers: list[Trigger] = []
    for row in table.rows:
        event = row.values.get("event", "")
        if not event:
            table.problem(row, "event", msg("input.files.event-name"), describe(None))
        elif known is not None and event not in known:
            table.problem(
                row,
                "event",
                msg("input.files.contract-event", events=", ".join(sorted(known))),
                describe(event),
            )
        moment = table.field(row, "at", lambda text: _moment(text, local))
        end = table.optional(row, "end", parse_instant)
        clause = row.values.get("clause") or None
        if clause is not None and clauses is not None and clause not in clauses:
            table.problem(row, "clause", msg("input.files.clause-id"), describe(clause))
        if event == MAINTENANCE_EVENT and clause is None:
            table.problem(row, "clause", msg("input.files.maintenance-clause"), describe(None))
        if end is not None and moment is not None and end <= moment[0]:
            table.problem(
                row,
                "end",
                msg("input.files.instant-after", start=moment[0].isoformat()),
                end.isoformat(),
            )
        if event and moment is not None:
            triggers.append(
                Trigger(
                    event,
                    moment[0],
                    whole_day=moment[1],
                    end=end,
                    ref=row.values.get("ref") or None,
                    clause=clause,
                    note=row.values.get("note") or None,
                )
            )
    table.finish()
    return tuple(triggers)


def _moment(text: str, zone: ZoneInfo) -> tuple[datetime, bool]:
    """An instant with its offset, or a date meaning the whole day in ``zone``."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = parse_date(text)
        return datetime.combine(day, time(0), tzinfo=zone), True
    try:
        return parse_instant(text), False
    except _FieldError:
        raise _FieldError(msg("input.files.date-or-instant")) from None

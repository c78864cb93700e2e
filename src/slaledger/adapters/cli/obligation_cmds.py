"""``sla obligations``, ``sla price``, ``sla penalties``: translate arguments and output.

Amounts in JSON are strings of decimals ("10200.00"), so that no binary float ever
rounds them; instants are ISO 8601 with their offset, days are YYYY-MM-DD.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

import click

from slaledger.adapters.files.commercial_inputs import (
    read_backup_log,
    read_index_series,
    read_invoices,
    read_legal_rates,
    read_obligation_events,
)
from slaledger.adapters.files.contract_file.loader import load_contract
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.reports.ics import schedule_to_ics
from slaledger.bootstrap import holiday_provider
from slaledger.domain.calendar.engine import BusinessCalendar
from slaledger.domain.commercial.indexes import MissingIndexError
from slaledger.domain.commercial.money import ROUNDING_RULE
from slaledger.domain.commercial.payments import LatePayment, MissingQuoteDateError
from slaledger.domain.commercial.revision import RevisedPrice, revise_price, revision_day_for
from slaledger.domain.contract.clause import HasClause, in_force
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.obligations.dates import start_of_day
from slaledger.domain.obligations.model import Item, ObligationError, Trigger
from slaledger.domain.obligations.schedule import Schedule, build_schedule, known_events
from slaledger.services.payments import InvoiceRateError, LatePaymentClauseError, late_payments

COMMAND_LINE = "command line"


# --- shared ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Opened:
    loaded: LoadedContract

    @property
    def contract(self) -> Contract:
        return self.loaded.contract

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.contract.timezone)

    def calendars(self) -> dict[str, BusinessCalendar]:
        provider = holiday_provider()
        return {
            name: BusinessCalendar(spec, provider) for name, spec in self.contract.calendars.items()
        }

    def clause_problem(self, error: ObligationError) -> InputError:
        where = error.where or ""
        return InputError(
            [
                Problem(
                    file=self.loaded.file,
                    field=f"{where} (clause {error.clause_id})" if where else "",
                    line=self.loaded.lines.get(where) if where else None,
                    expected="a clause that gives this date",
                    found=error.message,
                )
            ]
        )


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            [
                Problem(
                    file=COMMAND_LINE,
                    field=option,
                    expected="a date YYYY-MM-DD",
                    found=describe(text),
                )
            ]
        ) from None


def _decimal(text: str, option: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InputError(
            [
                Problem(
                    file=COMMAND_LINE,
                    field=option,
                    expected="a number such as 10000",
                    found=describe(text),
                )
            ]
        )
    return value


def _today(zone: ZoneInfo) -> date:
    """The one place this module reads the clock: for defaults the user did not give."""
    return datetime.now(zone).date()


def _print_json(data: Mapping[str, Any]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _pick(
    clauses: tuple[HasClause, ...], on: date, what: str, clause_id: str | None, file: str
) -> Any:
    """The one clause of a kind that applies on ``on`` (``--clause`` when several do)."""
    chosen = in_force(clauses, on)
    if clause_id is not None:
        chosen = [c for c in chosen if c.clause.id == clause_id]
    if len(chosen) == 1:
        return chosen[0]
    ids = ", ".join(sorted(c.clause.id for c in in_force(clauses, on))) or "none"
    raise InputError(
        [
            Problem(
                file=file if not chosen and clause_id is None else COMMAND_LINE,
                field="--clause" if chosen or clause_id else what,
                expected=f"one {what} clause in force on {on.isoformat()} (clauses: {ids})",
                found=clause_id or ("none" if not chosen else f"{len(chosen)} clauses"),
            )
        ]
    )


# --- sla obligations -------------------------------------------------------------------


@click.command("obligations")
@click.argument("contract", type=click.Path(dir_okay=False))
@click.option("--events", "events_file", type=click.Path(dir_okay=False), help="CSV of events")
@click.option(
    "--backups", "backups_file", type=click.Path(dir_okay=False), help="CSV backup log to check"
)
@click.option("--from", "first", help="first day YYYY-MM-DD (default: today)")
@click.option("--to", "last", help="last day YYYY-MM-DD, included (default: a year after --from)")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", show_default=True
)
def obligations(
    contract: str,
    events_file: str | None,
    backups_file: str | None,
    first: str | None,
    last: str | None,
    fmt: str,
) -> None:
    """Every obligation and deadline of CONTRACT in a range, each with its clause."""
    opened = _Opened(load_contract(contract))
    zone = opened.zone
    first_day = _day(first, "--from") if first else _today(zone)
    last_day = (
        _day(last, "--to")
        if last
        else first_day.replace(year=first_day.year + 1) - timedelta(days=1)
    )
    if last_day < first_day:
        raise InputError(
            [
                Problem(
                    file=COMMAND_LINE,
                    field="--to",
                    expected=f"a day on or after {first_day}",
                    found=last_day.isoformat(),
                )
            ]
        )
    triggers: tuple[Trigger, ...] = ()
    if events_file:
        triggers = read_obligation_events(
            events_file,
            zone=opened.contract.timezone,
            known=known_events(opened.contract),
            clauses=opened.contract.clause_ids(),
        )
    backups = read_backup_log(backups_file).successes if backups_file else None
    try:
        schedule = build_schedule(
            opened.contract,
            triggers=triggers,
            calendars=opened.calendars(),
            start=start_of_day(first_day, zone),
            end=start_of_day(last_day + timedelta(days=1), zone),
            backup_successes=backups,
        )
    except ObligationError as exc:
        raise opened.clause_problem(exc) from None
    if fmt == "ics":
        click.echo(schedule_to_ics(schedule, generated_at=datetime.now(UTC)).decode(), nl=False)
    elif fmt == "json":
        _print_json(schedule_json(schedule))
    else:
        click.echo(schedule_text(schedule), nl=False)


def _item_json(item: Item) -> dict[str, Any]:
    trigger = item.trigger
    return {
        "kind": item.kind.value,
        "category": item.category.value,
        "clause": item.clause_id,
        "article": item.article,
        "summary": item.summary,
        "rule": item.rule,
        "due": item.due.isoformat(),
        "last_day": item.last_day.isoformat(),
        "end_of_day": item.end_of_day,
        "opens": item.opens,
        "notice": item.is_notice,
        "act_by": item.act_by.isoformat() if item.act_by else None,
        "owed_by": [p.value for p in item.owed_by],
        "calendar": item.calendar,
        "trigger": None
        if trigger is None
        else {
            "event": trigger.event,
            "at": trigger.at.date().isoformat() if trigger.whole_day else trigger.at.isoformat(),
            "ref": trigger.ref,
        },
        "details": dict(item.details),
    }


def schedule_json(schedule: Schedule) -> dict[str, Any]:
    return {
        "contract": schedule.contract_id,
        "title": schedule.title,
        "timezone": schedule.zone,
        "from": schedule.start.isoformat(),
        "to": schedule.end.isoformat(),
        "items": [_item_json(i) for i in schedule.items],
        "windows": [
            {
                "clause": w.clause_id,
                "summary": w.summary,
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
            }
            for w in schedule.windows
        ],
        "recurring": [
            {
                "clause": s.clause_id,
                "summary": s.summary,
                "rule": s.rule,
                "ics_rule": s.ics_rule,
                "occurrences": [
                    {"start": w.start.isoformat(), "end": w.end.isoformat()} for w in s.occurrences
                ],
            }
            for s in schedule.recurring
        ],
        "backups": [
            {
                "clause": b.clause_id,
                "frequency": b.frequency.value,
                "from": b.first.isoformat(),
                "to": b.last.isoformat(),
                "periods": b.periods,
                "missed": [d.isoformat() for d in b.missed],
                "compliant": b.compliant,
            }
            for b in schedule.backups
        ],
        "notes": list(schedule.notes),
    }


def _when(item: Item) -> str:
    local = item.due
    if item.end_of_day:
        day = local.date() if item.opens else item.last_day
        return f"{day.isoformat()}      "
    return local.strftime("%Y-%m-%d %H:%M")


def schedule_text(schedule: Schedule) -> str:
    end_day = (schedule.end - timedelta(seconds=1)).date()
    lines = [
        f"{schedule.title} ({schedule.contract_id})",
        f"{schedule.start.date()} to {end_day}, {schedule.zone}",
        "",
    ]
    if not schedule.items:
        lines.append("no dated obligation in this range")
    for item in schedule.items:
        verb = "from" if item.opens else "by"
        owed = ", ".join(p.value for p in item.owed_by) or "either party"
        lines.append(
            f"{verb:4} {_when(item)}  {item.kind.value:<19} [{item.clause_id}] {item.summary}"
        )
        extra = f"      {item.rule}; {owed}; {item.article}"
        if item.trigger is not None:
            extra += (
                f"; after {item.trigger.label}"
                if not item.is_notice
                else f"; for {item.trigger.label}"
            )
        lines.append(extra)
        if item.act_by is not None:
            lines.append(
                f"      {item.last_day:%A}: the deadline does not move; act by {item.act_by}"
            )
    for window in schedule.windows:
        lines.append(
            f"window {window.start:%Y-%m-%d %H:%M}-{window.end:%H:%M} "
            f"[{window.clause_id}] {window.summary}"
        )
    for series in schedule.recurring:
        lines += ["", f"recurring [{series.clause_id}] {series.summary}: {series.rule}"]
        lines += [f"  {w.start:%Y-%m-%d %a %H:%M}-{w.end:%H:%M}" for w in series.occurrences]
    for check in schedule.backups:
        state = "compliant" if check.compliant else f"{len(check.missed)} missed"
        lines += [
            "",
            f"backups [{check.clause_id}] {check.frequency.value}: "
            f"{check.periods} periods, {state}",
        ]
        lines += [f"  missed {d.isoformat()}" for d in check.missed]
    if schedule.notes:
        lines.append("")
        lines += [f"note: {n}" for n in schedule.notes]
    return "\n".join(lines) + "\n"


# --- sla price -------------------------------------------------------------------------


@click.command("price")
@click.argument("contract", type=click.Path(dir_okay=False))
@click.option("--year", type=int, required=True, help="the year the revised price applies to")
@click.option("--base-price", "base", required=True, help="the price of the year before")
@click.option(
    "--index", "index_file", type=click.Path(dir_okay=False), required=True, help="CSV period,value"
)
@click.option(
    "--clause", "clause_id", help="the price revision clause, when the contract has several"
)
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def price(
    contract: str, year: int, base: str, index_file: str, clause_id: str | None, as_json: bool
) -> None:
    """The price of YEAR revised by the contract's index clause."""
    opened = _Opened(load_contract(contract))
    base_price = _decimal(base, "--base-price")
    clauses = opened.contract.commercial.price_revisions
    first_on = clauses[0].on if clauses else None
    on = revision_day_for(first_on, year) if first_on else date(year, 1, 1)
    revision = _pick(clauses, on, "price revision", clause_id, opened.loaded.file)
    series = read_index_series(index_file, name=revision.index)
    try:
        revised = revise_price(revision, year=year, base_price=base_price, series=series)
    except MissingIndexError as exc:
        raise InputError(
            [
                Problem(
                    file=index_file,
                    field="period",
                    expected=f"a row with the {exc.needed}",
                    found="none",
                )
            ]
        ) from None
    if as_json:
        _print_json(price_json(opened.contract.id, revised))
    else:
        click.echo(price_text(revised))


def _point(point: Any) -> dict[str, Any]:
    return {
        "period": str(point.period),
        "value": str(point.value),
        "published": point.published.isoformat() if point.published else None,
    }


def price_json(contract_id: str, revised: RevisedPrice) -> dict[str, Any]:
    return {
        "contract": contract_id,
        "clause": revised.clause_id,
        "article": revised.article,
        "year": revised.year,
        "revision_day": revised.revision_day.isoformat(),
        "base_price": str(revised.base_price),
        "price": str(revised.price),
        "formula": revised.formula,
        "by_formula": str(revised.by_formula),
        "index": revised.index,
        "index_new": _point(revised.index_new),
        "index_old": _point(revised.index_old),
        "index_change_percent": str(revised.change_percent),
        "floor_percent": None if revised.floor_percent is None else str(revised.floor_percent),
        "floor_applied": revised.floor_applied,
        "upward_only_applied": revised.upward_only_applied,
        "rounding": ROUNDING_RULE,
    }


def price_text(r: RevisedPrice) -> str:
    lines = [
        f"{r.price}  price for {r.year} [{r.clause_id}, {r.article}]",
        f"  formula: {r.formula} = {r.base_price} x {r.index_new.value} / "
        f"{r.index_old.value} = {r.by_formula.quantize(Decimal('0.000001')).normalize():f}",
        f"  {r.index} new: {r.index_new.period} = {r.index_new.value} "
        f"(revision of {r.revision_day})",
        f"  {r.index} old: {r.index_old.period} = {r.index_old.value}",
        f"  index change: {r.change_percent:.4f} %",
    ]
    if r.floor_applied:
        lines.append(
            f"  floor: the index rose less than {r.floor_percent} %, "
            f"so the price rises by {r.floor_percent} %"
        )
    if r.upward_only_applied:
        lines.append("  upward only: the index fell, the price stays")
    lines.append(f"  {ROUNDING_RULE}")
    return "\n".join(lines)


# --- sla penalties ---------------------------------------------------------------------


@click.command("penalties")
@click.argument("contract", type=click.Path(dir_okay=False))
@click.option(
    "--invoices",
    "invoices_file",
    type=click.Path(dir_okay=False),
    required=True,
    help="CSV invoices",
)
@click.option(
    "--rates", "rates_file", type=click.Path(dir_okay=False), required=True, help="CSV legal rates"
)
@click.option("--at", "at", help="day of the computation YYYY-MM-DD (default: today)")
@click.option(
    "--rate-date",
    "rate_date",
    help="read the legal rate on this day for every invoice, whatever the clause says "
    "(default: the clause's legal_rate_on)",
)
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def penalties(
    contract: str,
    invoices_file: str,
    rates_file: str,
    at: str | None,
    rate_date: str | None,
    as_json: bool,
) -> None:
    """Due dates and late-payment penalties of the invoices, on AT."""
    opened = _Opened(load_contract(contract))
    on = _day(at, "--at") if at else _today(opened.zone)
    fixed = _day(rate_date, "--rate-date") if rate_date else None
    invoices = read_invoices(invoices_file)
    rates = read_legal_rates(rates_file)
    try:
        results = late_payments(
            contract=opened.contract, invoices=invoices, rates=rates, at=on, rate_fixed_on=fixed
        )
    except LatePaymentClauseError as exc:
        raise InputError(
            [
                Problem(
                    file=opened.loaded.file,
                    field="late payment",
                    expected=str(exc),
                    found="none" if not exc.clauses else f"{len(exc.clauses)} clauses",
                )
            ]
        ) from None
    except MissingQuoteDateError as exc:
        raise InputError(
            [
                Problem(
                    file=opened.loaded.file,
                    field="commercial.quote_date",
                    expected=f"the quote's date, which clause {exc.clause_id} reads the "
                    f"legal rate on (or a quote_date column in {invoices_file}, or "
                    "--rate-date)",
                    found=f"none for invoice {exc.invoice}",
                )
            ]
        ) from None
    except InvoiceRateError as exc:
        first = rates.rates[0].start.isoformat()
        raise InputError(
            [
                Problem(
                    file=rates_file,
                    field="period",
                    expected=f"a legal rate in force on {exc.day} (invoice {exc.invoice})",
                    found=f"a series that starts on {first}",
                )
            ]
        ) from None
    if as_json:
        _print_json(penalties_json(opened.contract.id, on, results))
    else:
        click.echo(penalties_text(on, results))


def penalties_json(contract_id: str, on: date, results: list[LatePayment]) -> dict[str, Any]:
    return {
        "contract": contract_id,
        "at": on.isoformat(),
        "rounding": ROUNDING_RULE,
        "invoices": [
            {
                "invoice": r.invoice.id,
                "clause": r.clause_id,
                "article": r.article,
                "issued": r.invoice.issued.isoformat(),
                "amount": str(r.invoice.amount),
                "due": r.due.isoformat(),
                "paid": r.invoice.paid.isoformat() if r.invoice.paid else None,
                "days_late": r.days_late,
                "rate_rule": r.rate_rule,
                "rate_fixed_on": r.rate_fixed_on.isoformat() if r.rate_fixed_on else None,
                "rate_day_source": r.rate_day_source,
                "pieces": [
                    {
                        "from": p.first.isoformat(),
                        "to": p.last.isoformat(),
                        "days": p.days,
                        "legal_rate": str(p.legal_rate),
                        "annual_rate": str(p.annual_rate),
                    }
                    for p in r.pieces
                ],
                "interest": str(r.interest),
                "fixed_fee": str(r.fixed_fee),
                "total": str(r.total),
                "termination_right_from": r.termination_right_from.isoformat()
                if r.termination_right_from
                else None,
                "may_terminate": _may_terminate(r, on),
            }
            for r in results
        ],
        "total": str(sum((r.total for r in results), Decimal(0))),
    }


_RATE_DAY = {
    "invoice-quote-date": "the invoice's quote date",
    "contract-quote-date": "the quote date",
    "given": "--rate-date",
}


def _may_terminate(r: LatePayment, on: date) -> bool:
    return r.termination_right_from is not None and not r.paid and on >= r.termination_right_from


def penalties_text(on: date, results: list[LatePayment]) -> str:
    lines = [f"late-payment penalties on {on.isoformat()}", ""]
    for r in results:
        paid = f"paid {r.invoice.paid}" if r.invoice.paid else "unpaid"
        lines.append(
            f"{r.invoice.id}: {r.invoice.amount} issued {r.invoice.issued}, due {r.due}, {paid}: "
            f"{r.days_late} days late, interest {r.interest} + fee {r.fixed_fee} "
            f"= {r.total} [{r.clause_id}]"
        )
        on_day = (
            ""
            if r.rate_fixed_on is None
            else f" in force on {r.rate_fixed_on}, {_RATE_DAY[r.rate_day_source]}"
        )
        for p in r.pieces:
            lines.append(
                f"  {p.first} to {p.last}: {p.days} days at {p.annual_rate} % "
                f"({r.rate_rule}, legal rate {p.legal_rate} %{on_day})"
            )
        if _may_terminate(r, on):
            lines.append(
                f"  the provider may terminate (more than the allowed delay since {r.due})"
            )
    total = sum((r.total for r in results), Decimal(0))
    lines += ["", f"total {total} ({ROUNDING_RULE})"]
    return "\n".join(lines)

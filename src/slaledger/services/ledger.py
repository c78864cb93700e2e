"""The ledger of a contract: for each clause id, every figure the commands computed for it.

It is read off what the commands produce — the monthly statements (availability,
credits, clocks, KPIs, maintenance verdicts) and the obligations calendar (deadlines,
rights, notices, price revisions) — so a clause is in the ledger exactly when some
command computes it. Clauses that only shape another clause's figure are listed with
that use: a classification or service hours through the clocks that read them, a
support clause through its clocks. ``uncovered`` names the clauses no command reaches
and that the file does not mark ``text_only`` with a reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from slaledger.domain.commercial.prices import PriceError, fee_for_month
from slaledger.domain.commercial.quantities import LimitCheck
from slaledger.domain.contract.contract import Contract
from slaledger.domain.message import Text
from slaledger.domain.obligations.schedule import Schedule
from slaledger.domain.periods import Month
from slaledger.services.statement_model import Statement

Ledger = dict[str, list[str]]


def clause_ledger(
    contract: Contract,
    statements: Iterable[Statement],
    schedule: Schedule | None = None,
    *,
    say: Callable[[Text], str] | None = None,
) -> Ledger:
    """Clause id -> the figures computed for it, in a stable order; ``say`` renders the
    schedule's messages (the ledger is English: ``english`` from the adapter)."""
    entries: defaultdict[str, list[str]] = defaultdict(list)
    months = []
    for statement in statements:
        _statement_entries(statement, entries, say)
        months.append(Month.parse(statement.period.month))
    _price_entries(contract, months, entries)
    if schedule is not None:
        if say is None:
            raise ValueError("a schedule's ledger needs a renderer (say) for its messages")
        for item in schedule.items:
            opens = "opens" if item.opens else "due"
            entries[item.clause_id].append(
                f"{item.kind.value} {opens} {item.due.isoformat()}: {say(item.summary)}"
            )
        for window in schedule.windows:
            entries[window.clause_id].append(
                f"window {window.start.isoformat()} - {window.end.isoformat()}"
            )
        for series in schedule.recurring:
            entries[series.clause_id].append(f"recurring {say(series.rule)}")
    _uses(contract, entries)
    return {key: values for key, values in sorted(entries.items())}


def _price_entries(
    contract: Contract, months: Iterable[Month], entries: defaultdict[str, list[str]]
) -> None:
    """Each price clause's share of each month of the statements (docs/billing.md)."""
    prices = contract.commercial.prices
    services = sorted({p.service for p in prices if p.service is not None})
    for month in months:
        for service in (*services, None):
            try:
                fee = fee_for_month(
                    prices, contract.commercial.price_revisions, service=service,
                    month=month, indexes={},
                )  # fmt: skip
            except PriceError as exc:
                entries[prices[0].clause.id].append(f"{month}: {exc}")
                continue
            for item in () if fee is None else fee.items:
                if service is not None and item.service is None:
                    continue  # the contract's price, listed once under no service
                whose = item.service or "the contract"
                entries[item.clause_id].append(
                    f"{month} {whose}: {item.share} for the month ({item.price} per {item.per})"
                )


def _statement_entries(
    statement: Statement, entries: defaultdict[str, list[str]], say: Callable[[Text], str] | None
) -> None:
    month = statement.period.month
    for section in statement.availability:
        shown = "no figure" if section.availability is None else f"{section.availability} %"
        verdict = {True: "met", False: "missed", None: "no target"}[section.met]
        if section.no_data is not None and section.coverage is not None:
            what = "no data" if section.coverage.state == "none" else "insufficient data"
            shown = f"{what} ({section.coverage.percent} % observed)"
            verdict = "no verdict"
        entries[section.clause].append(
            f"{month} {section.service}: {shown} ({verdict}), down {section.down_seconds // 60}"
            f" min, excluded {(section.removed_seconds + section.excused_seconds) // 60} min"
        )
    for credit in statement.credits:
        owed = credit.percent if credit.percent is not None else credit.days
        entries[credit.schedule].append(
            f"{month} {credit.service}: {credit.outcome} {credit.tier_range or '-'}, "
            f"{owed if owed is not None else '-'} {credit.unit}, amount {credit.amount}"
        )
        if credit.cap_clause is not None and credit.cap_note is not None:
            if say is None:
                raise ValueError("a capped credit's ledger needs a renderer (say) for its note")
            entries[credit.cap_clause].append(f"{month} {credit.service}: {say(credit.cap_note)}")
    clocks: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    for incident in statement.incidents:
        for clock in incident.clocks:
            clocks[clock.clock][clock.status] += 1  # ``clause`` is the article
    for clause, statuses in clocks.items():
        counted = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
        entries[clause].append(f"{month}: {counted}")
    for kpi in statement.kpis:
        verdict = {True: "met", False: "missed", None: "-"}[kpi.met]
        value = "no value" if kpi.value is None else f"{kpi.value} {kpi.unit}"
        entries[kpi.kpi].append(
            f"{month}: {value} ({verdict}, target {kpi.target}) over {kpi.count} item(s)"
        )
    for cap in statement.liability:
        entries[cap.clause].append(
            f"{month}: cap {cap.cap} on {statement.liability_on} ({cap.basis}, "
            f"{cap.first} to {cap.last}, {len(cap.invoices)} invoice(s))"
        )
    balance = statement.credit_balance
    if balance is not None:
        known = "" if balance.complete else "at least "
        entries[balance.schedule].append(
            f"{month}: {known}{balance.days} credit days carried ({balance.settlement})"
        )
    for window in statement.maintenance:
        if window.clause is None:
            continue
        verdict = "within the rules" if window.compliant else "outside the rules"
        notes = f", {len(window.notes)} note(s)" if window.notes else ""
        entries[window.clause].append(
            f"{month} {window.kind} {window.start.isoformat()}: {verdict}{notes}"
        )


def _uses(contract: Contract, entries: defaultdict[str, list[str]]) -> None:
    """Clauses computed only through another: what they shape, once each."""
    computed = set(entries)
    hours = {h.calendar: h.clause.id for h in contract.service_hours}
    hours_ids = {h.clause.id for h in contract.service_hours}
    classes = {c.clause.id for c in contract.classifications}
    for clock in contract.clocks:
        if clock.id not in computed:
            continue
        if clock.classification in classes:
            entries[clock.classification].append(f"classifies the tickets of clock {clock.id}")
        named = clock.service_hours if clock.service_hours in hours_ids else None
        calendars = {clock.calendar, *(t.calendar for t in clock.targets)} - {None}
        used = {named} | {hours[c] for c in calendars if c in hours}
        for clause in sorted(u for u in used if u is not None):
            entries[clause].append(f"the hours clock {clock.id} counts in")
    for support in contract.support:
        reached = sorted(c for c in support.clocks if c in computed)
        if reached:
            entries[support.clause.id].append(f"its clocks: {', '.join(reached)}")


def uncovered(contract: Contract, ledger: Ledger) -> list[str]:
    """Clause ids no command computed and not marked ``text_only`` (with a reason)."""
    text_only = {item.clause.id for item in contract.clauses() if item.clause.text_only}
    return sorted(contract.clause_ids() - set(ledger) - text_only)


def merge_ledgers(*ledgers: Ledger) -> Ledger:
    """One ledger: each clause's figures from every ledger, in the order given."""
    merged: defaultdict[str, list[str]] = defaultdict(list)
    for ledger in ledgers:
        for clause, values in ledger.items():
            merged[clause].extend(values)
    return {key: values for key, values in sorted(merged.items())}


def suspension_entries(statements: Iterable[Statement]) -> Ledger:
    """Each suspension clause (IMRI 3.3, 3.6): the spans it lifted the guarantee from,
    listed in each month they touch, and the months wholly not guaranteed."""
    entries: defaultdict[str, list[str]] = defaultdict(list)
    for statement in statements:
        month = statement.period
        for section in statement.availability:
            for line in section.not_guaranteed:
                if line.start < month.end and line.end > month.start:
                    entries[line.clause].append(
                        f"{month.month} {section.service}: not guaranteed "
                        f"{line.start.isoformat()} - {line.end.isoformat()}"
                        f" ({line.seconds // 60} min of the period)"
                        + ("" if section.guaranteed else ", the whole period: no verdict")
                    )
    return dict(entries)


def limit_entries(checks: Iterable[LimitCheck]) -> Ledger:
    """Each quantity limit (IMRI 3.4): every count checked against it."""
    entries: defaultdict[str, list[str]] = defaultdict(list)
    for c in checks:
        verdict = "allowed" if c.within else f"over the limit by {c.over_by}"
        entries[c.clause_id].append(
            f"{c.on}: {c.count} {c.counted} for {c.base_count} {c.base}, at most {c.allowed}"
            f" ({c.at_most_percent} %): {verdict}"
        )
    return dict(entries)

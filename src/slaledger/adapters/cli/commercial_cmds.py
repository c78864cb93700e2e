"""``sla liability``, ``sla surcharge``, ``sla fees``, ``sla volumes``, ``sla limits``,
``sla credit-balance``: translate arguments and output (JSON from
``slaledger.adapters.reports.commercial``, the same as the API's)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import click

from slaledger.adapters.cli.errors import told
from slaledger.adapters.cli.people import when
from slaledger.adapters.cli.values import (
    amount_value,
    covers_flag,
    date_value,
    declared_outages,
    month_value,
)
from slaledger.adapters.files.commercial_inputs import (
    read_invoices,
    read_quantities,
    read_volumes,
)
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.observations import (
    read_counts,
    read_maintenance,
    read_outages,
    read_samples,
)
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.reports.commercial import (
    CARRIED_RULE,
    balance_json,
    fees_json,
    liability_json,
    limits_json,
    surcharge_json,
    volumes_json,
)
from slaledger.bootstrap import contract_calendars, min_coverage
from slaledger.domain.commercial.quantities import QuantityCount
from slaledger.domain.contract.contract import Contract
from slaledger.domain.message import Text, msg
from slaledger.services.availability import AvailabilityError, Observations
from slaledger.services.commercial import (
    CommercialError,
    credit_balance,
    day_fees,
    liability_caps,
    quantity_limits,
    surcharges,
    volume_variation,
)

COMMAND_LINE = "command line"


def _print_json(data: Mapping[str, Any]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _today(contract: Contract) -> date:
    """The one place this module reads the clock: for a day the user did not give."""
    return datetime.now(ZoneInfo(contract.timezone)).date()


def _day(text: str | None, option: str, contract: Contract) -> date:
    return date_value(text, option) or _today(contract)


def _refused(option: str, expected: Text, found: Text) -> InputError:
    return InputError([Problem(COMMAND_LINE, option, expected, found)])


# --- sla liability ---------------------------------------------------------------------


@click.command("liability")
@click.argument("contract", type=click.Path(dir_okay=False))
@click.option(
    "--invoices", "invoices_file", type=click.Path(dir_okay=False), required=True, help="CSV"
)
@click.option("--at", "at", help="the day of the breach YYYY-MM-DD (default: today)")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def liability(contract: str, invoices_file: str, at: str | None, as_json: bool) -> None:
    """The liability caps on AT, from the invoices (what was paid or invoiced)."""
    terms = load_contract(contract).contract
    breach = _day(at, "--at", terms)
    caps = liability_caps(contract=terms, invoices=read_invoices(invoices_file), breach=breach)
    if as_json:
        _print_json(liability_json(terms.id, breach, caps))
        return
    click.echo(f"liability caps for a breach on {breach}")
    if not caps:
        click.echo("the contract states no liability cap")
    for cap in caps:
        invoices = ", ".join(cap.invoices) or "none"
        click.echo(
            f"{cap.cap}  [{cap.clause_id}, {cap.article}] {cap.basis.value}: "
            f"{cap.first} to {cap.last}, invoices {invoices}"
        )


# --- sla surcharge ---------------------------------------------------------------------


@click.command("surcharge")
@click.argument("contract", type=click.Path(dir_okay=False))
@click.option("--in-service", "in_service", required=True, help="YYYY-MM-DD")
@click.option("--on", "on", help="the day of the service YYYY-MM-DD (default: today)")
@click.option("--price", "price", help="the price the surcharge adds to")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def surcharge(
    contract: str, in_service: str, on: str | None, price: str | None, as_json: bool
) -> None:
    """The equipment-age surcharge on ON for equipment in service since IN-SERVICE."""
    terms = load_contract(contract).contract
    since = date_value(in_service, "--in-service")
    assert since is not None
    day = _day(on, "--on", terms)
    amount = amount_value(price, "--price")
    try:
        results = surcharges(contract=terms, in_service=since, on=day, price=amount)
    except CommercialError as exc:
        raise _refused("--on" if day < since else "CONTRACT", str(exc), day.isoformat()) from None
    if as_json:
        _print_json(surcharge_json(terms.id, since, day, results))
        return
    for r in results:
        where = f"[{r.clause_id}, {r.article}]"
        age = f"{r.age_years.quantize(Decimal('0.01'))} years"
        if not r.in_a_bracket:
            click.echo(f"no surcharge {where}: {age} is in no bracket of the clause")
            continue
        money = "" if r.amount is None else f" = {r.amount}"
        click.echo(f"{r.percent} %{money} {where}: {age}, bracket {r.bracket.range}")  # type: ignore[union-attr]


# --- sla fees --------------------------------------------------------------------------


@click.command("fees")
@click.argument("contract", type=click.Path(dir_okay=False))
@click.option("--engineer-days", "engineer_days", required=True, help="days x engineers")
@click.option("--on", "on", help="the day of the work YYYY-MM-DD (default: today)")
@click.option("--clause", "clause_id", help="the fee clause, when the contract has several")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def fees(
    contract: str, engineer_days: str, on: str | None, clause_id: str | None, as_json: bool
) -> None:
    """A fee billed by the engineer-day, in whole billing blocks."""
    terms = load_contract(contract).contract
    days = amount_value(engineer_days, "--engineer-days")
    assert days is not None
    try:
        results = day_fees(
            contract=terms, engineer_days=days, on=_day(on, "--on", terms), clause_id=clause_id
        )
    except CommercialError as exc:
        raise _refused("--clause", str(exc), clause_id or msg("input.found.none")) from None
    if as_json:
        _print_json(fees_json(terms.id, results))
        return
    for r in results:
        click.echo(
            f"{r.amount} {r.currency}  [{r.clause_id}, {r.article}] {r.engineer_days} "
            f"engineer-days billed as {r.billed_days} at {r.rate}"
        )


# --- sla volumes -----------------------------------------------------------------------


@click.command("volumes")
@click.argument("contract", type=click.Path(dir_okay=False))
@click.option(
    "--volumes", "volumes_file", type=click.Path(dir_okay=False), required=True, help="CSV"
)
@click.option("--contracted", required=True, help="the volume of the commercial proposal")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def volumes(contract: str, volumes_file: str, contracted: str, as_json: bool) -> None:
    """The runs of months whose volumes call for the volume-variation clause's effect."""
    terms = load_contract(contract).contract
    base = amount_value(contracted, "--contracted")
    assert base is not None
    observed = read_volumes(volumes_file)
    try:
        results = volume_variation(contract=terms, contracted=base, observed=observed)
    except CommercialError as exc:
        raise _refused("--contracted", str(exc), contracted) from None
    if as_json:
        _print_json(volumes_json(terms.id, base, results))
        return
    for clause, findings in results:
        where = f"[{clause.clause.id}, {clause.clause.article}]"
        if not findings:
            click.echo(f"no change {where}: no run of months calls for one")
        for f in findings:
            click.echo(
                f"{f.effect} {where}: {f.months} months from {f.first_month} in "
                f"{f.bracket.range} (reached in {f.reached_in}, peak "
                f"{f.peak_percent.quantize(Decimal('0.01'))} %)"
            )


# --- sla limits ------------------------------------------------------------------------


@click.command("limits")
@click.argument("contract", type=click.Path(dir_okay=False))
@click.option(
    "--quantities",
    "quantities_file",
    type=click.Path(dir_okay=False),
    help="counts by day (CSV on,quantity,count)",
)
@click.option(
    "--count",
    "given",
    multiple=True,
    help="a count on --on, NAME=N, repeated (--count seats=25 --count nomad-vpn=6)",
)
@click.option("--on", "on", help="the day of the --count counts YYYY-MM-DD (default: today)")
@click.option("--clause", "clause_id", help="the limit clause, when the contract has several")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def limits(
    contract: str,
    quantities_file: str | None,
    given: tuple[str, ...],
    on: str | None,
    clause_id: str | None,
    as_json: bool,
) -> None:
    """Each count of a limited quantity against its limit (IMRI 3.4: nomad VPNs at most
    20 % of the seats under contract): allowed, or over the limit by how many."""
    terms = load_contract(contract).contract
    if quantities_file is None and not given:
        raise _refused("--quantities", msg("input.cli.counts"), "neither")
    counts = list(read_quantities(quantities_file)) if quantities_file else []
    day = _day(on, "--on", terms)
    counts += [_count(text, day) for text in given]
    try:
        checks = quantity_limits(contract=terms, counts=counts, clause_id=clause_id)
    except CommercialError as exc:
        no_limit = "(limits:" in str(exc)
        field = ("--clause" if clause_id else "CONTRACT") if no_limit else "--quantities"
        raise _refused(
            field, str(exc), clause_id or ", ".join(given) or msg("input.found.none")
        ) from None
    if as_json:
        _print_json(limits_json(terms.id, checks))
        return
    if not checks:
        click.echo("no count of a limited quantity")
    for c in checks:
        verdict = "allowed" if c.within else f"OVER THE LIMIT by {c.over_by}"
        click.echo(
            f"{c.on}  {verdict}  [{c.clause_id}, {c.article}] {c.count} {c.counted} for "
            f"{c.base_count} {c.base}: at most {c.allowed} ({c.at_most_percent} %)"
        )


def _count(text: str, day: date) -> QuantityCount:
    name, _, number = text.partition("=")
    if not (name and number.isdigit()):
        raise _refused("--count", msg("input.cli.count"), text)
    return QuantityCount(day, name.strip(), int(number), "command line --count")


# --- sla credit-balance ----------------------------------------------------------------


@click.command("credit-balance")
@click.argument("contract", type=click.Path(dir_okay=False))
@click.option("--from", "first", required=True, help="the first month YYYY-MM")
@click.option("--to", "last", required=True, help="the last month YYYY-MM, included")
@click.option("--service", help="the service (default: the availability clause's)")
@click.option("--outages", "outages_file", help="outage records (CSV, JSONL, Parquet)")
@click.option("--samples", "samples_file", help="probe samples")
@click.option("--counts", "counts_file", help="request counts per interval")
@click.option("--maintenance", "maintenance_file", help="maintenance windows")
@click.option("--opened", "opened", help="service opening date YYYY-MM-DD (contract years)")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@covers_flag
def credit_balance_cmd(
    contract: str,
    first: str,
    last: str,
    service: str | None,
    outages_file: str | None,
    samples_file: str | None,
    counts_file: str | None,
    maintenance_file: str | None,
    opened: str | None,
    as_json: bool,
    covers_texts: tuple[str, ...],
) -> None:
    """The credit days carried to the end of the contract, month by month (never cash)."""
    terms = load_contract(contract).contract
    start, end = month_value(first, "--from"), month_value(last, "--to")
    outages = read_outages(outages_file) if outages_file else None
    observations = Observations(
        outages=declared_outages(outages, covers_texts, terms.timezone),
        min_coverage=min_coverage(),
        samples=read_samples(samples_file) if samples_file else None,
        counts=read_counts(counts_file) if counts_file else None,
        maintenance=read_maintenance(maintenance_file) if maintenance_file else None,
    )
    try:
        balance = credit_balance(
            contract=terms,
            first=start,
            last=end,
            observations=observations,
            calendars=contract_calendars(terms),
            service=service,
            opened=date_value(opened, "--opened"),
        )
    except AvailabilityError as exc:
        raise click.ClickException(told(exc.message)) from None
    except CommercialError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        _print_json(balance_json(terms.id, balance))
        return
    zone = ZoneInfo(terms.timezone)
    click.echo(f"credit days [{balance.schedule}] {balance.first} to {balance.last}")
    for m in balance.months:
        days = "undetermined (the contract leaves it blank)" if m.days is None else f"{m.days}"
        capped = " (capped)" if m.capped else ""
        claim = (
            ""
            if m.claim_deadline is None
            else f"; claim before {when(m.claim_deadline.astimezone(zone).isoformat())}"
        )
        click.echo(f"  {m.month}: {days}{capped}, balance {m.balance}{claim}")
    total = f"{balance.days} days" if balance.complete else f"at least {balance.days} days"
    click.echo(f"balance {total}, {CARRIED_RULE}")

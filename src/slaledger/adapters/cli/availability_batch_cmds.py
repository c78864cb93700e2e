"""``sla availability batch``: every contract's availability for a month, from the
request counts of all their services, with DuckDB or Apache Spark."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import click

from slaledger.adapters.batch.count_runs import Reduced, reduce_duckdb, reduce_spark
from slaledger.adapters.batch.output import write_batch
from slaledger.adapters.cli.people import LANGUAGE
from slaledger.adapters.cli.values import engine_output, month_value
from slaledger.adapters.files.contract_file import load_contract
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.i18n import english
from slaledger.adapters.readable import availability_full
from slaledger.bootstrap import contract_calendars, min_coverage
from slaledger.domain.message import msg
from slaledger.services.availability_batch import (
    BatchRow,
    CountClause,
    CountRun,
    availability_batch,
)


@click.command("batch")
@click.option("--contracts", "contracts_dir", required=True, help="a folder of contract files")
@click.option("--month", "month_text", required=True, help="the month, YYYY-MM")
@click.option("--counts", required=True, help="request counts of every service (Parquet, or a URL)")
@click.option("--output", required=True, help="the figures to write (Parquet)")
@click.option(
    "--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True
)
@click.option("--master", help="the Spark master URL (default: local[*], or spark-submit's)")
def batch(
    contracts_dir: str, month_text: str, counts: str, output: str, engine: str, master: str | None
) -> None:
    """One row per contract and service: the figure ``sla availability CONTRACT --month M
    --counts PATH`` gives, for every contract of the folder at once."""
    month = month_value(month_text)
    output = engine_output(output, engine)
    folder = Path(contracts_dir)
    files = (
        sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
        if folder.is_dir()
        else []
    )
    if not files:
        raise InputError(
            [
                Problem(
                    contracts_dir,
                    "",
                    msg("input.cli.contract-folder"),
                    msg("input.found.none-of-them"),
                )
            ]
        )
    contracts = [(path.name, load_contract(path).contract) for path in files]
    spark = None
    if engine == "spark":
        from slaledger.adapters.spark_session import spark_session

        spark = spark_session(master=master)

    def reduce(clauses: list[CountClause]) -> list[CountRun]:
        found = (
            reduce_duckdb(counts, clauses)
            if spark is None
            else reduce_spark(spark, counts, clauses)
        )
        return _checked(found)

    rows = availability_batch(
        contracts=contracts,
        month=month,
        counts_source=counts,
        reduce=reduce,
        calendars=contract_calendars,
        min_coverage=min_coverage(),
    )
    written = write_batch(rows, output, spark)
    figures = sum(1 for r in rows if r.availability_exact is not None)
    click.echo(
        f"{engine}: {len(rows)} clauses, {figures} figures, "
        f"{len(rows) - figures} without -> {written}"
    )
    for row in rows:
        figure = "no figure" if row.availability_exact is None else batch_figure(row)
        why = english(row.error) if row.error else ""
        if not why and row.availability_exact is None:
            why = f"coverage {row.coverage}"
        line = f"  {row.contract_file}  {row.service}  {figure}"
        click.echo(line + (f"  ({why})" if why else ""))


def batch_figure(row: BatchRow) -> str:
    """The row's figure rounded for people (its exact 28 digits stay in the output file)."""
    assert row.availability_exact is not None
    target = None if row.target is None else Decimal(row.target)
    return availability_full(Decimal(row.availability_exact), target, LANGUAGE)


def _checked(found: Reduced) -> list[CountRun]:
    """All or nothing, as the counts reader: bad rows fail the batch, the first listed."""
    if found.bad_count:
        problems = list(found.bad)
        if found.bad_count > len(problems):
            more = f"{found.bad_count - len(problems)} more, not listed"
            problems.append(Problem(problems[0].file, "", msg("input.cli.no-more-bad-rows"), more))
        raise InputError(problems)
    return found.runs

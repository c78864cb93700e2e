"""``sla schema`` and ``sla lint``: contract files in, JSON Schema or findings out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

import click

from slaledger.adapters.files.contract_file import contract_json_schema, load_contract
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.reports.sarif import sarif_log
from slaledger.domain.lint import RULES, Finding, Severity, lint_contract

#: the rule a file that does not load is reported under
INVALID_FILE = ("invalid-file", Severity.ERROR, "the contract file does not load")


class ErrorsFound(click.ClickException):
    """Exit code 1 for a lint with errors; the findings are already printed."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__("the contract files have errors")

    def show(self, file: object = None) -> None:
        """Nothing more to say: stdout holds the findings, in the format asked for."""


@click.command("schema")
def schema() -> None:
    """Print the JSON Schema of contract files (for editors and CI)."""
    click.echo(json.dumps(contract_json_schema(), indent=2, ensure_ascii=False))


@click.command("lint")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, sarif for code-scanning in CI",
)
def lint(files: Sequence[str], output: str) -> None:
    """Check contract FILES for gaps, contradictions and ambiguities.

    Exits with 1 when any finding is an error (a file that does not load is one).
    """
    results = [(file, lint_file(file)) for file in files]
    if output == "json":
        payload = [f.as_dict(file) for file, findings in results for f in findings]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    elif output == "sarif":
        rules = [(r.id, r.severity, r.summary) for r in RULES] + [INVALID_FILE]
        log = sarif_log(results, rules, version=_version())
        click.echo(json.dumps(log, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(results), nl=False)
    if any(f.severity is Severity.ERROR for _, findings in results for f in findings):
        raise ErrorsFound()


def lint_file(file: str) -> list[Finding]:
    """The findings of one file; a file that does not load gives one finding per problem."""
    try:
        loaded = load_contract(file)
    except InputError as exc:
        return [
            Finding(
                rule=INVALID_FILE[0],
                severity=Severity.ERROR,
                clause="",
                message=f"{p.field + ': ' if p.field else ''}expected {p.expected}, "
                f"found {p.found}",
                interpretation=None,
                path=p.field,
                line=p.line,
            )
            for p in exc.problems
        ]
    return lint_contract(loaded.contract, loaded.lines)


def render_text(results: Sequence[tuple[str, Sequence[Finding]]]) -> str:
    lines: list[str] = []
    counts = dict.fromkeys(Severity, 0)
    for file, findings in results:
        for f in findings:
            counts[f.severity] += 1
            where = f"{file}:{f.line}" if f.line else file
            clause = f" [{f.clause}]" if f.clause else ""
            lines.append(f"{where}: {f.severity.value} {f.rule}{clause}: {f.message}")
            if f.interpretation:
                lines.append(f"    interpretation: {' '.join(f.interpretation.split())}")
    summary = ", ".join(
        f"{n} {s.value}{'s' if n != 1 and s is not Severity.INFO else ''}"
        for s, n in counts.items()
    )
    lines.append(f"{len(results)} file{'s' if len(results) != 1 else ''}: {summary}")
    return "\n".join(lines) + "\n"


def _version() -> str:
    try:
        return version("slaledger")
    except PackageNotFoundError:  # pragma: no cover - always installed in practice
        return "0"

"""``sla schema`` and ``sla lint``: contract files in, JSON Schema or findings out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

import click

from slaledger.adapters.cli.values import language_option
from slaledger.adapters.files.contract_file import contract_json_schema, load_contract
from slaledger.adapters.files.problems import InputError
from slaledger.adapters.i18n import renderer
from slaledger.adapters.reports.sarif import sarif_log
from slaledger.domain.lint import RULES, Finding, Severity, lint_contract
from slaledger.domain.message import Items, Message, msg

#: the rule a file that does not load is reported under
INVALID_FILE = ("invalid-file", Severity.ERROR, msg("lint.rule.invalid-file"))


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
@language_option("the language of the findings' messages (JSON keeps English keys and rule ids)")
def lint(files: Sequence[str], output: str, language: str) -> None:
    """Check contract FILES for gaps, contradictions and ambiguities.

    Exits with 1 when any finding is an error (a file that does not load is one).
    """
    results = [(file, lint_file(file)) for file in files]
    if output == "json":
        say = renderer(language)
        payload = [f.as_dict(file, say(f.message)) for file, findings in results for f in findings]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    elif output == "sarif":
        rules = [(r.id, r.severity, r.summary) for r in RULES] + [INVALID_FILE]
        log = sarif_log(results, rules, version=_version(), language=language)
        click.echo(json.dumps(log, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(results, language), nl=False)
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
                message=msg(
                    "lint.invalid-file-field", field=p.field, expected=p.expected, found=p.found
                )
                if p.field
                else msg("lint.invalid-file", expected=p.expected, found=p.found),
                interpretation=None,
                path=p.field,
                line=p.line,
            )
            for p in exc.problems
        ]
    return lint_contract(loaded.contract, loaded.lines)


def render_text(results: Sequence[tuple[str, Sequence[Finding]]], language: str = "en") -> str:
    say = renderer(language)
    lines: list[str] = []
    counts = dict.fromkeys(Severity, 0)
    for file, findings in results:
        for f in findings:
            counts[f.severity] += 1
            where = f"{file}:{f.line}" if f.line else file
            clause = f" [{f.clause}]" if f.clause else ""
            severity = say(SEVERITY[f.severity])
            lines.append(
                say(
                    msg(
                        "cli.lint-line",
                        where=where,
                        severity=severity,
                        rule=f.rule,
                        clause=clause,
                        message=f.message,
                    )
                )
            )
            if f.interpretation:
                text = " ".join(f.interpretation.split())
                lines.append(say(msg("cli.lint-interpretation", text=text)))
    summary = Items(tuple(_count(s, n) for s, n in counts.items()), "comma")
    files = (
        msg("cli.lint-file", n=1) if len(results) == 1 else msg("cli.lint-files", n=len(results))
    )
    lines.append(say(msg("cli.lint-summary", files=files, counts=summary)))
    return "\n".join(lines) + "\n"


SEVERITY = {
    Severity.ERROR: msg("severity.error"),
    Severity.WARNING: msg("severity.warning"),
    Severity.INFO: msg("severity.info"),
}


def _count(severity: Severity, n: int) -> Message:
    if severity is Severity.ERROR:
        return msg("cli.lint-errors", n=n) if n != 1 else msg("cli.lint-error", n=n)
    if severity is Severity.WARNING:
        return msg("cli.lint-warnings", n=n) if n != 1 else msg("cli.lint-warning", n=n)
    return msg("cli.lint-infos", n=n)


def _version() -> str:
    try:
        return version("slaledger")
    except PackageNotFoundError:  # pragma: no cover - always installed in practice
        return "0"

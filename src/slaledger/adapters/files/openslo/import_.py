"""OpenSLO v1 ``SLO`` documents as the skeleton of a new contract file: each SLO
becomes an availability clause (its service, ``targetPercent`` or ``target``, its window
as the clause's period, time slices of an error rate as an error-rate measurement), in a
file that ``sla lint`` reads. What OpenSLO does not say — the parties, the clause's words,
exclusions, credit tiers, the interval rules — is left blank (``null``) or written as
a ``# TO FILL`` comment, and listed by ``blanks`` for the person writing the contract.

The documents are checked all or nothing: any problem names the file, the document,
the field, what was expected and what was found, and nothing is produced."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from slaledger.adapters.files.openslo.export import ANNOTATION, API_VERSION, dns_name
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.domain.message import msg

#: the clause's period for each window OpenSLO can state that a contract can
PERIODS = {("1M", False): "calendar-month", ("12M", True): "rolling-12-months",
           ("1Y", False): "contract-year"}  # fmt: skip
ALWAYS = "always"
#: the calendar start ``export`` writes for a contract without ``effective_from``
NO_START = "1970-01-01"


@dataclass(frozen=True)
class ImportedClause:
    id: str
    service: str
    target: Decimal
    period: str
    measurement: str
    interval: str | None
    error_rate_above: Decimal | None
    quote: str
    zone: str | None
    start: str | None


@dataclass(frozen=True)
class Skeleton:
    text: str  # the contract file
    blanks: tuple[str, ...]  # what is left to fill, for the person


def read_slos(path: str | Path) -> list[ImportedClause]:
    """The SLO documents of the file (other kinds are skipped); InputError otherwise."""
    file = str(path)
    try:
        documents = [d for d in yaml.safe_load_all(Path(path).read_text(encoding="utf-8"))]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(file, "file", msg("input.files.utf8-yaml"), str(exc))]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        raise InputError(
            [Problem(file, "document", msg("input.files.yaml"), str(exc), line=line)]
        ) from None
    problems: list[Problem] = []
    clauses = []
    for index, document in enumerate(documents, start=1):
        where = f"document {index}"
        if document is None:
            continue
        if not isinstance(document, dict):
            problems.append(Problem(file, where, msg("input.files.mapping"), describe(document)))
            continue
        if document.get("apiVersion") != API_VERSION:
            problems.append(Problem(file, f"{where}: apiVersion", API_VERSION,
                                    describe(document.get("apiVersion"))))  # fmt: skip
            continue
        if document.get("kind") != "SLO":
            continue  # DataSource, SLI, AlertPolicy...: nothing for the contract's clauses
        found = _clause(document, file, where, problems)
        if found is not None:
            clauses.append(found)
    if not clauses and not problems:
        problems.append(
            Problem(file, "documents", msg("input.files.one-slo"), msg("input.found.none-of-them"))
        )
    if problems:
        raise InputError(problems)
    return clauses


def _clause(
    document: dict[str, Any], file: str, where: str, problems: list[Problem]
) -> ImportedClause | None:
    before = len(problems)
    metadata = _mapping(document.get("metadata"))
    spec = document.get("spec")
    if not isinstance(spec, dict):
        problems.append(Problem(file, f"{where}: spec", msg("input.files.mapping"), describe(spec)))
        return None
    annotations = _mapping(metadata.get("annotations"))
    name = annotations.get(f"{ANNOTATION}/clause") or metadata.get("name")
    if not isinstance(name, str) or not name:
        problems.append(
            Problem(file, f"{where}: metadata.name", msg("input.files.name"), describe(name))
        )
    service = spec.get("service")
    if not isinstance(service, str) or not service:
        problems.append(
            Problem(
                file, f"{where}: spec.service", msg("input.files.service-name"), describe(service)
            )
        )
    objectives = spec.get("objectives")
    target = None
    if (
        not isinstance(objectives, list)
        or len(objectives) != 1
        or not isinstance(objectives[0], dict)
    ):
        problems.append(Problem(file, f"{where}: spec.objectives",
                                msg("input.files.one-objective"),
                                describe(objectives)))  # fmt: skip
        objective: dict[str, Any] = {}
    else:
        objective = objectives[0]
        target = _target(objective, file, where, problems)
    windows = spec.get("timeWindow")
    period, zone, start = None, None, None
    if not isinstance(windows, list) or len(windows) != 1 or not isinstance(windows[0], dict):
        problems.append(Problem(file, f"{where}: spec.timeWindow", msg("input.files.one-window"),
                                describe(windows)))  # fmt: skip
    else:
        window = windows[0]
        calendar = window.get("calendar") if isinstance(window.get("calendar"), dict) else None
        rolling = bool(window.get("isRolling", calendar is None))
        period = PERIODS.get((str(window.get("duration")), rolling))
        if period is None:
            shown = f"{window.get('duration')} {'rolling' if rolling else 'calendar-aligned'}"
            problems.append(Problem(file, f"{where}: spec.timeWindow[0]",
                                    msg("input.files.openslo-window"),
                                    shown))  # fmt: skip
        if calendar is not None:
            zone = calendar.get("timeZone") if isinstance(calendar.get("timeZone"), str) else None
            start = str(calendar.get("startTime", "")).split(" ")[0] or None
            if start == NO_START:  # what ``export`` writes when the contract gives no date
                start = None
    method = spec.get("budgetingMethod")
    if method not in ("Occurrences", "Timeslices"):
        problems.append(Problem(file, f"{where}: spec.budgetingMethod",
                                msg("input.files.budgeting"), describe(method)))  # fmt: skip
    measurement, interval, rate = "outage-records", None, None
    if method == "Timeslices":
        measurement = "error-rate"
        interval = str(objective.get("timeSliceWindow") or "") or None
        slice_target = objective.get("timeSliceTarget")
        try:
            rate = (100 * (1 - Decimal(str(slice_target)))).normalize()
        except (InvalidOperation, TypeError):
            problems.append(Problem(file, f"{where}: spec.objectives[0].timeSliceTarget",
                                    msg("input.files.slice-target"),
                                    describe(slice_target)))  # fmt: skip
    if len(problems) > before:
        return None
    assert isinstance(name, str)
    assert isinstance(service, str)
    assert target is not None
    assert period is not None
    description = spec.get("description")
    return ImportedClause(
        id=dns_name(name), service=dns_name(service), target=target, period=period,
        measurement=measurement, interval=_interval(interval), error_rate_above=rate,
        quote=description if isinstance(description, str) else "", zone=zone, start=start,
    )  # fmt: skip


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _target(
    objective: dict[str, Any], file: str, where: str, problems: list[Problem]
) -> Decimal | None:
    field = f"{where}: spec.objectives[0]"
    try:
        if "targetPercent" in objective:
            value = Decimal(str(objective["targetPercent"]))
        elif "target" in objective:
            value = Decimal(str(objective["target"])) * 100
        else:
            raise InvalidOperation
    except InvalidOperation:
        expected = msg("input.files.openslo-target", percent="targetPercent", fraction="target")
        problems.append(Problem(file, field, expected, describe(objective)))
        return None
    if not 0 <= value < 100:
        problems.append(
            Problem(file, f"{field}.targetPercent", msg("input.files.target-percent"), str(value))
        )
        return None
    return value.normalize()


def _interval(shorthand: str | None) -> str | None:
    """OpenSLO's ``1m`` as the contract format's ``1min``."""
    if shorthand is None:
        return None
    if shorthand.isdigit():  # "a number: minutes"
        return f"{shorthand}min"
    units = {"m": "min", "h": "h", "d": "d"}
    return f"{shorthand[:-1]}{units[shorthand[-1]]}" if shorthand[-1:] in units else shorthand


def skeleton(clauses: Sequence[ImportedClause], *, contract_id: str) -> Skeleton:
    """A contract file with one availability clause per SLO, and what is left to fill."""
    zone = next((c.zone for c in clauses if c.zone), None) or "UTC"
    start = next((c.start for c in clauses if c.start), None)
    services = sorted({c.service for c in clauses})
    blanks = [
        "title, language and the parties (provider, customer): OpenSLO names none",
        "each clause's source (the contract's article and its words)",
        "the exclusions of each clause (maintenance, force majeure, customer causes...)",
        "credit tiers, claim windows, caps: OpenSLO has no credits",
        "how an interval without data counts (empty_intervals, monitoring_gaps)",
    ]
    if start is None:
        blanks.append("effective_from: no window gave a start date")
    lines = [
        "# A starting point made by `sla openslo import` from OpenSLO SLO documents.",
        "# TO FILL: every `null` and every line marked TO FILL (docs/openslo.md).",
        "format: slaledger/contract/v1",
        f"id: {contract_id}",
        "title: TO FILL the contract's title",
        "language: en  # TO FILL the language of the contract's text",
        f"timezone: {zone}",
        f"effective_from: {start or 'null'}",
        "parties:",
        "  provider: {name: TO FILL provider}",
        "  customer: {name: TO FILL customer}",
        "services:",
        *(f"  - {{id: {s}, name: {s}}}" for s in services),
        "calendars:",
        f'  {ALWAYS}: {{timezone: {zone}, hours: "24/7"}}',
        "availability:",
    ]
    for clause in clauses:
        lines += [
            f"  - id: {clause.id}",
            f"    service: {clause.service}",
            f"    target: {clause.target}",
            f"    period: {clause.period}",
            f"    calendar: {ALWAYS}",
            '    formula: {expression: "(period - downtime) / period", unit: percent}',
        ]
        if clause.period == "contract-year":
            lines.append(
                "    period_start: service-opened  # TO FILL the event the year starts from"
            )
            blanks.append(f"{clause.id}: the event its contract year starts from")
        if clause.measurement == "error-rate":
            lines += [
                "    interruption:",
                "      measurement: error-rate",
                f"      error_rate_above: {clause.error_rate_above}",
                f"      interval: {clause.interval or 'null'}",
            ]
        else:
            lines += [
                "    interruption: {measurement: outage-records}"
                "  # TO FILL: outage-records, probe-samples or error-rate",
            ]
        quote = _yaml_text(clause.quote or "TO FILL the clause as the contract words it")
        lines += ["    exclusions: []  # TO FILL", "    source:", f"      quote: {{en: {quote}}}"]
    return Skeleton("\n".join(lines) + "\n", tuple(blanks))


def _yaml_text(text: str) -> str:
    """A double-quoted YAML scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)

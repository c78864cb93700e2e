"""Loading a contract file: every problem found, located, or a domain Contract.

Structural errors (types, unknown fields, bad durations, references to undefined
calendars or classes) come from one validation pass, so a file with several mistakes
reports them all. Checks that need the whole model (unique clause ids, the languages
of quotes and language versions, classes of a clock's classification) run after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from slaledger.adapters.files.calendar_file import problems_from_validation
from slaledger.adapters.files.contract_file.clause_model import ClauseModel
from slaledger.adapters.files.contract_file.root import ContractFileModel
from slaledger.adapters.files.problems import InputError, Problem, describe
from slaledger.adapters.files.pydantic_errors import said
from slaledger.adapters.files.yaml_source import YamlDocument, dotted, load_yaml, load_yaml_text
from slaledger.domain.calendar.spec import CalendarSpec
from slaledger.domain.contract.loaded import LoadedContract
from slaledger.domain.message import msg

_NOT_VARIABLE = {
    "id",
    "source",
    "interpretation",
    "text_only",
    "effective_from",
    "amendment",
    "language_versions",
}


def load_contract(path: str | Path) -> LoadedContract:
    """Read a contract file; raises InputError listing every problem in it."""
    return contract_from_document(load_yaml(path))


def load_contract_text(text: str, file: str = "<text>") -> LoadedContract:
    return contract_from_document(load_yaml_text(text, file))


def contract_from_document(doc: YamlDocument) -> LoadedContract:
    if not isinstance(doc.data, dict):
        raise InputError([doc.problem((), msg("input.files.contract-mapping"), doc.data)])
    context = reference_context(doc.data)
    try:
        model = ContractFileModel.model_validate(doc.data, context=context)
    except ValidationError as exc:
        raise InputError(_ordered(problems_from_validation(doc, exc))) from None
    problems = _cross_checks(model, doc) + _variant_problems(model, doc, context)
    calendars: dict[str, CalendarSpec] = {}
    for name, calendar in model.calendars.items():
        try:
            calendars[name] = calendar.to_spec(name)
        except ValueError as exc:
            problems.append(
                doc.problem(("calendars", name, "hours"), msg("input.files.shifts-apart"), str(exc))
            )
    if problems:
        raise InputError(_ordered(problems))
    return LoadedContract(doc.file, model.to_domain(calendars), line_index(doc))


#: domain field names that a file spells with other keys (a tier's ``amount`` is its
#: ``days`` or ``percent``; a deadline's ``duration`` its ``within``...)
_DOMAIN_NAMES = {
    "days": ("amount",),
    "percent": ("amount",),
    "within": ("duration",),
    "opens": ("duration",),
    "at_least": ("duration", "percent"),
    "at_most": ("duration", "percent"),
}


def line_index(doc: YamlDocument) -> dict[str, int]:
    """Path -> line for every value of the file, under the domain's names too."""
    lines: dict[str, int] = {}
    for path, (line, _) in doc.positions.items():
        lines[dotted(path)] = line
        if path and path[-1] in _DOMAIN_NAMES:
            for name in _DOMAIN_NAMES[path[-1]]:
                lines.setdefault(dotted((*path[:-1], name)), line)
    return lines


def reference_context(data: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    """The names a file defines, read leniently from its raw data, for reference checks."""

    def ids(items: Any, key: str = "id") -> frozenset[str]:
        if not isinstance(items, list):
            return frozenset()
        return frozenset(str(i[key]) for i in items if isinstance(i, dict) and key in i)

    classifications = data.get("classifications")
    classes: set[str] = set()
    if isinstance(classifications, list):
        for item in classifications:
            if isinstance(item, dict):
                classes |= ids(item.get("classes"))
    calendars = data.get("calendars")
    languages = data.get("languages") or [data.get("language")]
    return {
        "calendars": frozenset(map(str, calendars)) if isinstance(calendars, dict) else frozenset(),
        "classes": frozenset(classes),
        "classifications": ids(classifications),
        "clocks": ids(data.get("clocks")),
        "availability": ids(data.get("availability")),
        "maintenance": ids(data.get("maintenance")),
        "services": ids(data.get("services")),
        "documents": ids(data.get("documents")),
        "amendments": ids(data.get("amendments")),
        "languages": frozenset(map(str, languages)) if isinstance(languages, list) else frozenset(),
    }


def _cross_checks(model: ContractFileModel, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    languages = model.all_languages()
    if model.language not in languages:
        problems.append(
            doc.problem(
                ("languages",), msg("input.files.includes", language=model.language), languages
            )
        )
    for index, language in enumerate(model.informational_languages):
        if language not in languages:
            problems.append(
                doc.problem(
                    ("informational_languages", index),
                    msg("input.files.contract-language", languages=", ".join(languages)),
                    language,
                )
            )
    if languages and set(languages) <= set(model.informational_languages):
        problems.append(
            doc.problem(
                ("informational_languages",),
                msg("input.files.binding-language"),
                model.informational_languages,
            )
        )
    ctx = model.conversion_context()
    seen: dict[str, tuple[str, object]] = {}
    for section, clauses in model.clause_sections():
        for index, clause in enumerate(clauses):
            path = (*section, index)
            start = clause.effective_date(ctx)
            first = seen.get(clause.id)
            if first is not None and (first[0] != dotted(section) or first[1] == start):
                problems.append(
                    doc.problem(
                        (*path, "id"),
                        msg("input.files.clause-id-once"),
                        clause.id,
                    )
                )
            seen.setdefault(clause.id, (dotted(section), start))
            for s_index, source in enumerate(clause.source):
                if isinstance(source.quote, dict):
                    for language in source.quote:
                        if language not in languages:
                            problems.append(
                                doc.problem(
                                    (*path, "source", s_index, "quote", language),
                                    msg(
                                        "input.files.contract-language",
                                        languages=", ".join(languages),
                                    ),
                                    language,
                                )
                            )
    problems += _class_checks(model, doc)
    return problems


def _class_checks(model: ContractFileModel, doc: YamlDocument) -> list[Problem]:
    by_id = {c.id: {k.id for k in c.classes} for c in model.classifications}
    problems: list[Problem] = []
    for index, clock in enumerate(model.clocks):
        if clock.classification is None:
            continue
        allowed = by_id.get(clock.classification, set())
        for row_index, row in enumerate(clock.targets):
            if row.class_ not in allowed:
                problems.append(
                    doc.problem(
                        ("clocks", index, "targets", row_index, "class"),
                        msg(
                            "input.files.class-of",
                            classification=clock.classification,
                            classes=", ".join(sorted(allowed)),
                        ),
                        row.class_,
                    )
                )
    return problems


def _variant_problems(
    model: ContractFileModel, doc: YamlDocument, context: dict[str, frozenset[str]]
) -> list[Problem]:
    """Each language version must name a field of its clause and give it a valid value."""
    problems: list[Problem] = []
    languages = model.all_languages()
    for section, clauses in model.clause_sections():
        raw_items = _raw(doc.data, section)
        for index, clause in enumerate(clauses):
            raw = raw_items[index] if index < len(raw_items) else {}
            for language, overrides in clause.language_versions.items():
                base = (*section, index, "language_versions", language)
                if language not in languages or language == model.language:
                    problems.append(
                        doc.problem(
                            base,
                            msg("input.files.other-language", languages=", ".join(languages)),
                            language,
                        )
                    )
                    continue
                for name, value in overrides.items():
                    problems += _variant(
                        type(clause), raw, name, value, (*base, name), doc, context
                    )
    return problems


def _variant(
    cls: type[ClauseModel],
    raw: dict[str, Any],
    name: str,
    value: Any,
    path: tuple[Any, ...],
    doc: YamlDocument,
    context: dict[str, frozenset[str]],
) -> list[Problem]:
    fields = {f.alias or n for n, f in cls.model_fields.items()} - _NOT_VARIABLE
    if name not in fields:
        expected = msg("input.files.clause-field", fields=", ".join(sorted(fields)))
        return [doc.problem(path, expected, name)]
    try:
        cls.model_validate({**raw, name: value}, context=context)
    except ValidationError as exc:
        return _relocated(doc, exc, name, path)
    return []


def _relocated(
    doc: YamlDocument, exc: ValidationError, name: str, path: tuple[Any, ...]
) -> list[Problem]:
    """The errors about the overridden field, located at the language version."""
    out = []
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        if not loc or loc[0] != name:
            continue
        full = (*path, *loc[1:])
        ctx = error.get("ctx") or {}
        expected, found = (
            said(error["msg"], ctx)
            if "found" in ctx
            else (error["msg"], describe(error.get("input")))
        )
        line, column = doc.position(full)
        out.append(
            Problem(
                file=doc.file,
                field=dotted(full),
                expected=expected,
                found=found,
                line=line,
                column=column,
            )
        )
    return out


def _raw(data: Any, section: tuple[str, ...]) -> list[dict[str, Any]]:
    for key in section:
        data = data.get(key) if isinstance(data, dict) else None
    return (
        [item if isinstance(item, dict) else {} for item in data] if isinstance(data, list) else []
    )


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))

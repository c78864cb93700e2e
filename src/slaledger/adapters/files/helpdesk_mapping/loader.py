"""Loading a mapping file: every problem located by line, or the domain's MappingRules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from slaledger.adapters.files.calendar_file import problems_from_validation
from slaledger.adapters.files.helpdesk_mapping.model import VALUED, MappingFileModel
from slaledger.adapters.files.problems import InputError, Problem
from slaledger.adapters.files.yaml_source import KEY, YamlDocument, load_yaml, load_yaml_text
from slaledger.domain.contract.contract import Contract
from slaledger.domain.helpdesk.mapping import (
    EventSpec,
    InstantRule,
    MappingRules,
    ValueRule,
    key,
)
from slaledger.domain.message import msg
from slaledger.services.incidents import classify

SCHEMA_ID = "https://slaledger.example/schemas/helpdesk-mapping/v1.json"


@dataclass(frozen=True)
class LoadedMapping:
    rules: MappingRules
    model: MappingFileModel
    document: YamlDocument

    @property
    def file(self) -> str:
        return self.document.file

    def line(self, *path: Any) -> int | None:
        return self.document.position(path)[0]


def mapping_json_schema() -> dict[str, Any]:
    schema = MappingFileModel.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def load_mapping(path: str | Path) -> LoadedMapping:
    return _from_document(load_yaml(path))


def load_mapping_text(text: str, file: str = "<text>") -> LoadedMapping:
    return _from_document(load_yaml_text(text, file))


def _from_document(doc: YamlDocument) -> LoadedMapping:
    if not isinstance(doc.data, dict):
        raise InputError([doc.problem((), msg("input.files.mapping-fields"), doc.data)])
    try:
        model = MappingFileModel.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(doc, exc)) from None
    problems: list[Problem] = []
    statuses = _by_key(model.statuses, "statuses", doc, problems)
    priorities = _by_key(model.priorities, "priorities", doc, problems)
    problems += _missing_values(model, doc)
    if problems:
        raise InputError(problems)
    value_rules = tuple(
        ValueRule(
            name,
            {key(v): tuple(_spec(e) for e in events) for v, events in (rule.values or {}).items()},
            doc.position(("fields", name))[0],
        )
        for name, rule in model.fields.items()
        if rule.values is not None
    )
    instant_rules = tuple(
        InstantRule(name, rule.instant, doc.position(("fields", name))[0])
        for name, rule in model.fields.items()
        if rule.instant is not None
    )
    where = {
        name: (accepted,) if isinstance(accepted, str) else tuple(accepted)
        for name, accepted in model.tickets.where.items()
    }
    lines = {
        part: line
        for part in ("statuses", "priorities", "fields", "sla", "incident")
        if (line := doc.key_positions.get((part,), (None,))[0]) is not None
    }
    notified = model.incident.notified
    rules = MappingRules(
        file=doc.file,
        source=model.source,
        statuses={k: tuple(_spec(e) for e in events) for k, events in statuses.items()},
        priorities={k: v.strip() for k, v in priorities.items()},
        status_field=model.status_field,
        priority_field=model.priority_field,
        notified_field=None if notified == "created" else notified,
        value_rules=value_rules,
        instant_rules=instant_rules,
        scope=where,
        service=model.incident.service,
        service_field=model.incident.service_field,
        kind=model.incident.kind,
        sla=dict(model.sla),
        lines=lines,
        spelled={key(name): name.strip() for name in [*model.statuses, *model.priorities]},
    )
    return LoadedMapping(rules, model, doc)


def _by_key(
    entries: dict[str, Any], section: str, doc: YamlDocument, problems: list[Problem]
) -> dict[str, Any]:
    """Entries by their compared form; two spellings of one name are an error."""
    out: dict[str, Any] = {}
    first: dict[str, str] = {}
    for name, value in entries.items():
        compared = key(name)
        if compared in first:
            line, column = doc.position((section, name, KEY))
            once = {
                "statuses": msg("input.files.status-once"),
                "priorities": msg("input.files.priority-once"),
            }[section]
            problems.append(
                Problem(
                    doc.file,
                    f"{section}.{name}",
                    once,
                    msg("input.found.both-names", first=name, second=first[compared]),
                    line,
                    column,
                )
            )
            continue
        first[compared] = name
        out[compared] = value
    return out


def _missing_values(model: MappingFileModel, doc: YamlDocument) -> list[Problem]:
    """An event that needs a value written bare (``attributed`` instead of
    ``{attributed: customer}``); 'paused' takes the status name as its reason."""
    problems = []
    lists = [("statuses", name, events) for name, events in model.statuses.items()]
    for field_name, rule in model.fields.items():
        for value, events in (rule.values or {}).items():
            lists.append(("fields", f"{field_name}.values.{value}", events))
    for section, name, events in lists:
        for index, event in enumerate(events):
            if isinstance(event, str) and event in VALUED and event != "paused":
                path = (section, *name.split(".")) if section == "fields" else (section, name)
                problems.append(
                    doc.problem(
                        (*path, index),
                        msg(
                            "input.files.event-with-value",
                            event=event,
                            value=VALUED[event],
                            example=f"{{{event}: ...}}",
                        ),
                        event,
                    )
                )
    return problems


def _spec(item: str | dict[str, str]) -> EventSpec:
    if isinstance(item, str):
        return EventSpec(item)
    ((event, value),) = item.items()
    return EventSpec(event, value)


def check_against_contract(loaded: LoadedMapping, contract: Contract) -> list[Problem]:
    """The mapping's classes and clocks must be the contract's (a typo would leave every
    ticket unclassified, or a helpdesk timer beside no clock)."""
    problems: list[Problem] = []
    doc = loaded.document
    if loaded.model.contract and loaded.model.contract != contract.id:
        problems.append(
            doc.problem(
                ("contract",),
                msg("input.files.contract-own-id", id=contract.id),
                loaded.model.contract,
            )
        )
    if contract.classifications:
        names = sorted({c.id for s in contract.classifications for c in s.classes})
        for priority, cls in loaded.model.priorities.items():
            values = np.asarray([cls], dtype=object)
            if all(classify(values, scheme)[0] is None for scheme in contract.classifications):
                problems.append(
                    doc.problem(
                        ("priorities", priority),
                        msg("input.files.contract-class", classes=", ".join(names)),
                        cls,
                    )
                )
    clocks = {clock.clause.id for clock in contract.clocks}
    for timer, clock in loaded.model.sla.items():
        if clock not in clocks:
            problems.append(
                doc.problem(
                    ("sla", timer),
                    msg("input.files.contract-clock", clocks=", ".join(sorted(clocks))),
                    clock,
                )
            )
    return problems

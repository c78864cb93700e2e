"""The e-mail rules checked against a contract: each priority names one of its classes."""

from __future__ import annotations

import numpy as np

from slaledger.adapters.files.problems import Problem
from slaledger.adapters.files.yaml_source import YamlDocument
from slaledger.adapters.ingest.mail.rules import MailRules
from slaledger.domain.contract.contract import Contract
from slaledger.services.incidents import classify


def unknown_priority_classes(
    doc: YamlDocument, rules: MailRules, contract: Contract, prefix: tuple[str, ...] = ()
) -> list[Problem]:
    """A problem, at its line, for each priority whose class no classification knows."""
    if not contract.classifications:
        return []
    names = sorted({c.id for scheme in contract.classifications for c in scheme.classes})
    expected = f"a class of {contract.id} ({', '.join(names)}) or its name"
    problems = []
    for index, rule in enumerate(rules.priorities):
        value = np.asarray([rule.class_], dtype=object)
        if all(classify(value, scheme)[0] is None for scheme in contract.classifications):
            problems.append(
                doc.problem((*prefix, "priorities", index, "class"), expected, rule.class_)
            )
    return problems

"""Rules on values: blanks, language versions that disagree, quotes missing a language,
a legal rate read on a quote date the file does not give."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from slaledger.domain.contract.clause import Plain
from slaledger.domain.contract.clocks import ClockTarget
from slaledger.domain.contract.commercial import LegalRateDate
from slaledger.domain.contract.contract import Contract
from slaledger.domain.contract.credits import CreditTier
from slaledger.domain.contract.kpis import KpiTarget
from slaledger.domain.contract.obligations import Deadline
from slaledger.domain.contract.support import Channel
from slaledger.domain.lint.coverage import describe
from slaledger.domain.lint.finding import Draft
from slaledger.domain.lint.walk import blanks


def _label(owner: Any, name: str) -> str:
    if isinstance(owner, ClockTarget):
        when = "" if owner.when.value == "any" else f" {owner.when.value}"
        return f"the target for '{owner.class_id}'{when}"
    if isinstance(owner, CreditTier):
        return f"the credit for {describe(owner.availability)}"
    if isinstance(owner, Channel | Deadline | KpiTarget):
        return f"the {owner.describe()}"
    if name == "matrix":
        return "a cell of the priority matrix"
    return f"the {name.replace('_', ' ')}"


def blank_values(contract: Contract) -> Iterator[Draft]:
    for clause in contract.clauses():
        found = list(blanks(clause, clause.clause.where))
        if not found:
            continue
        labels = [_label(owner, name) for owner, name, _ in found]
        yield Draft(
            clause.clause,
            f"the text leaves blank {_join(labels)}: no figure can be computed from it "
            f"until the parties fill it in",
            found[0][2],
        )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def language_mismatches(contract: Contract) -> Iterator[Draft]:
    for clause in contract.clauses():
        for variant in clause.clause.variants:
            if variant.applied == variant.stated:
                continue
            difference = _difference(variant.applied, variant.stated)
            if difference:
                said = f"the '{variant.language}' version's {variant.path} {difference}"
            else:
                said = (
                    f"the '{variant.language}' version states {variant.path} = "
                    f"{_show(variant.stated)}, the file applies {_show(variant.applied)}"
                )
            follows = f"the file follows the '{contract.language}' version"
            if variant.language in contract.informational_languages:
                follows += f"; the '{variant.language}' version is for information only"
            yield Draft(clause.clause, f"{said} ({follows})", variant.where)


def _difference(applied: Plain, stated: Plain) -> str:
    if not isinstance(applied, tuple) or not isinstance(stated, tuple):
        return ""
    extra = [x for x in stated if x not in applied]
    missing = [x for x in applied if x not in stated]
    parts = []
    if extra:
        parts.append(f"adds {_join([_show(x) for x in extra])}")
    if missing:
        parts.append(f"omits {_join([_show(x) for x in missing])}")
    return " and ".join(parts)


def _show(value: Plain) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def missing_languages(contract: Contract) -> Iterator[Draft]:
    """A clause of a multilingual contract lacks its quote in a binding version; a version
    marked informational (``informational_languages``) owes no quote."""
    if not contract.is_multilingual:
        return
    for clause in contract.clauses():
        sources = clause.clause.sources
        missing = [
            lang for lang in contract.binding_languages if any(lang not in s.quote for s in sources)
        ]
        if missing:
            yield Draft(
                clause.clause,
                f"the contract exists in {', '.join(contract.languages)}{_informational(contract)}"
                f" but this clause's quotes lack {', '.join(missing)}: the versions cannot be "
                "compared",
                f"{clause.clause.where}.source",
            )


def _informational(contract: Contract) -> str:
    """How the finding names the versions that need no quote (for information only)."""
    if not contract.informational_languages:
        return ""
    return f" ({', '.join(contract.informational_languages)} for information only)"


def missing_quote_dates(contract: Contract) -> Iterator[Draft]:
    """A late-payment clause reads the legal rate on the quote's date (003 7.4: « en
    vigueur à la date d'émission du devis ») and the file gives no ``quote_date``."""
    if contract.commercial.quote_date is not None:
        return
    for penalty in contract.commercial.late_payment:
        if penalty.legal_rate_on is LegalRateDate.QUOTE_DATE:
            yield Draft(
                penalty.clause,
                "the clause reads the legal rate on the quote's date and the file gives no "
                "commercial.quote_date: late-payment interest needs a quote_date per invoice",
                f"{penalty.clause.where}.legal_rate_on",
            )

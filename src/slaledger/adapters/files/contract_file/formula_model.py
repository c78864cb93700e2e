"""Formula fields: ``{expression: "100% - availability", unit: percent}``.

Each context has its own model so that the expression is checked against the names that
context knows (see ``slaledger.domain.contract.formula.VOCABULARIES``).
"""

from __future__ import annotations

from typing import ClassVar, Literal, Self

from pydantic import Field, model_validator

from slaledger.adapters.files.contract_file.fields import StrictModel, fail
from slaledger.domain.contract.formula import (
    UNITS,
    VOCABULARIES,
    Formula,
    FormulaContext,
    FormulaError,
    parse_formula,
)
from slaledger.domain.message import msg

UnitName = Literal["ratio", "percent", "time", "currency", "index", "count"]


class FormulaModel(StrictModel):
    context: ClassVar[FormulaContext] = FormulaContext.KPI

    expression: str = Field(description="the formula as the text writes it, in + - * / ( )")
    unit: UnitName = Field(description="the unit the text claims for the result")

    @model_validator(mode="after")
    def _parse(self) -> Self:
        try:
            self.to_domain()
        except FormulaError as exc:
            names = ", ".join(sorted(VOCABULARIES[self.context]))
            raise fail(
                "formula", msg("input.files.formula", error=str(exc), names=names), self.expression
            ) from None
        return self

    def to_domain(self, context: FormulaContext | None = None) -> Formula:
        return parse_formula(self.expression, context or self.context, UNITS[self.unit])


class AvailabilityFormula(FormulaModel):
    context: ClassVar[FormulaContext] = FormulaContext.AVAILABILITY


class CreditFormula(FormulaModel):
    context: ClassVar[FormulaContext] = FormulaContext.CREDIT


class PriceFormula(FormulaModel):
    context: ClassVar[FormulaContext] = FormulaContext.PRICE

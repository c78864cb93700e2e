"""Suspensions of an availability guarantee, opened and closed by events (IMRI 3.3, 3.6)."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from slaledger.adapters.files.contract_file.clause_model import ClauseModel, ConversionContext
from slaledger.adapters.files.contract_file.fields import AvailabilityRef, TriggerName, fail
from slaledger.domain.contract.suspensions import Suspension
from slaledger.domain.message import msg


class SuspensionModel(ClauseModel):
    suspends: list[AvailabilityRef] = Field(
        min_length=1, description="the availability clauses that guarantee nothing meanwhile"
    )
    opens: TriggerName = Field(description="the event that suspends the guarantee")
    closes: TriggerName = Field(description="the event that restores it")
    description: str | None = None

    @model_validator(mode="after")
    def _two_events(self) -> Self:
        if self.opens == self.closes:
            raise fail("closes", msg("input.files.other-event", opens=self.opens), self.closes)
        return self

    def to_domain(self, where: str, ctx: ConversionContext) -> Suspension:
        return Suspension(
            clause=self.clause_info(where, ctx),
            suspends=tuple(self.suspends),
            opens=self.opens,
            closes=self.closes,
            description=self.description,
        )

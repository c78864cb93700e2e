"""Parties, services, documents, amendments, service hours and classifications."""

from __future__ import annotations

import datetime
from typing import Self

from pydantic import Field, model_validator

from slaledger.adapters.files.contract_file.clause_model import (
    ClauseModel,
    ConversionContext,
    Quote,
)
from slaledger.adapters.files.contract_file.fields import (
    CalendarRef,
    Id,
    StrictModel,
    fail,
)
from slaledger.domain.contract.classification import Classification, IncidentClass
from slaledger.domain.contract.hours import ServiceHours
from slaledger.domain.contract.parties import Amendment, Document, Party, PartyInfo, Service
from slaledger.domain.contract.values import BLANK
from slaledger.domain.message import msg


class PartyModel(StrictModel):
    name: str
    details: str | None = None

    def to_domain(self, role: Party) -> PartyInfo:
        return PartyInfo(role=role, name=self.name, details=self.details)


class PartiesModel(StrictModel):
    provider: PartyModel
    customer: PartyModel

    def to_domain(self) -> tuple[PartyInfo, ...]:
        return (self.provider.to_domain(Party.PROVIDER), self.customer.to_domain(Party.CUSTOMER))


class ServiceModel(StrictModel):
    id: Id
    name: str
    description: str | None = None

    def to_domain(self, where: str) -> Service:
        return Service(self.id, self.name, self.description, where=where)


class DocumentModel(StrictModel):
    id: Id
    title: Quote
    date: datetime.date | None = Field(default=None, description="the date the document bears")
    interpretation: str | None = Field(default=None, description="how the file reads its date")

    def to_domain(self, where: str, language: str) -> Document:
        title = {language: self.title} if isinstance(self.title, str) else dict(self.title)
        return Document(self.id, title, self.date, where=where)


class AmendmentModel(StrictModel):
    id: Id
    date: datetime.date
    title: str

    def to_domain(self, where: str) -> Amendment:
        return Amendment(self.id, self.date, self.title, where=where)


class ServiceHoursModel(ClauseModel):
    """The clause that defines a calendar's hours; the calendar itself is under calendars:."""

    name: str
    calendar: CalendarRef
    stated_timezone: str | None = Field(
        default=None,
        description="the zone as the text writes it (EST, GMT, CET...), when not an IANA name",
    )

    def to_domain(self, where: str, ctx: ConversionContext) -> ServiceHours:
        return ServiceHours(
            clause=self.clause_info(where, ctx),
            calendar=self.calendar,
            name=self.name,
            stated_timezone=self.stated_timezone,
        )


class ClassModel(StrictModel):
    id: Id
    name: str
    definition: str | None = None

    def to_domain(self, where: str) -> IncidentClass:
        return IncidentClass(self.id, self.name, self.definition, where=where)


class ClassificationModel(ClauseModel):
    """Named classes; or severities x criticalities mapped to the classes by ``matrix``."""

    name: str
    assessed_by: Party | None = None
    classes: list[ClassModel] = Field(min_length=1)
    severities: list[ClassModel] = Field(default_factory=list)
    criticalities: list[ClassModel] = Field(default_factory=list)
    matrix: dict[str, dict[str, str | None]] = Field(
        default_factory=dict,
        description="criticality -> severity -> class id (null: the text leaves it blank)",
    )

    @model_validator(mode="after")
    def _check_matrix(self) -> Self:
        if not self.matrix:
            return self
        classes = {c.id for c in self.classes}
        severities = {s.id for s in self.severities}
        criticalities = {c.id for c in self.criticalities}
        for criticality, row in self.matrix.items():
            if criticality not in criticalities:
                raise fail("matrix", msg("input.files.matrix-rows"), criticality)
            for severity, priority in row.items():
                if severity not in severities:
                    raise fail("matrix", msg("input.files.matrix-columns"), severity)
                if priority is not None and priority not in classes:
                    raise fail("matrix", msg("input.files.matrix-cells"), priority)
        return self

    def to_domain(self, where: str, ctx: ConversionContext) -> Classification:
        return Classification(
            clause=self.clause_info(where, ctx),
            name=self.name,
            classes=tuple(c.to_domain(f"{where}.classes[{i}]") for i, c in enumerate(self.classes)),
            severities=tuple(
                s.to_domain(f"{where}.severities[{i}]") for i, s in enumerate(self.severities)
            ),
            criticalities=tuple(
                c.to_domain(f"{where}.criticalities[{i}]") for i, c in enumerate(self.criticalities)
            ),
            matrix={
                (criticality, severity): BLANK if priority is None else priority
                for criticality, row in self.matrix.items()
                for severity, priority in row.items()
            },
            assessed_by=self.assessed_by,
        )
